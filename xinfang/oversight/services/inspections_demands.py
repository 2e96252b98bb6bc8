"""Writes of an inspection's follow-up (细则第九条): rectification demands and the circulated
notice (在适当范围内通报督查情况).

A demand moves on the table machine ``DEMAND``::

    open ──answer (the addressed organ)──▶ answered ──accept (the inspecting side)──▶ accepted
      ▲                                        │
      └────────return (the inspecting side)────┘

An open demand past its due date is overdue (read from ``due``, never stored) and becomes an
accountability lead (``xinfang.oversight.detection.inspections``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.audit.services import actor_label, audit_record
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import person_of_user
from xinfang.refusals import Refused
from xinfang.rules.basis import rules
from xinfang.workflow import Act, Outcome, Step, act_time, run
from xinfang.workflow.table import ReasonInput, RecordMachine, Transition

from ..models.inspections import (
    ChecklistItem,
    Inspection,
    InspectionNotice,
    InspectionState,
    NoticeDelivery,
    RectificationDemand,
    RectificationDemandState,
)
from ..selectors.inspections import may_manage_plan, member_organ_ids
from .inspections import (
    TEXT_MAX,
    TITLE_MAX,
    assert_manages,
    field_error,
    manager_organ,
    may_act,
    required_text,
)


def person_label(actor: Any) -> str:
    """Who acted, as the pages show it: the person's name for a user with one, else the
    actor's label (a command, a job)."""
    person = None if isinstance(actor, str) else person_of_user(actor)
    return person.name if person is not None else actor_label(actor)


#: The states in which an inspection's findings may be followed up.
FOLLOWED_UP = frozenset({InspectionState.FINDINGS_RECORDED, InspectionState.FINISHED})


class Action(StrEnum):
    """The steps on a rectification demand."""

    ANSWER = "answer"
    ACCEPT = "accept"
    RETURN = "return"


DEMAND_STEPS = (
    Transition(
        Action.ANSWER,
        sources=frozenset({RectificationDemandState.OPEN}),
        target=RectificationDemandState.ANSWERED,
        refusal=gettext_lazy("该整改要求已反馈或已验收。"),
        code="demand_not_open",
        entry="oversight.rectification_demand.answered",
    ),
    Transition(
        Action.ACCEPT,
        sources=frozenset({RectificationDemandState.ANSWERED}),
        target=RectificationDemandState.ACCEPTED,
        refusal=gettext_lazy("只能验收已反馈的整改要求。"),
        code="demand_not_answered",
        entry="oversight.rectification_demand.accepted",
    ),
    Transition(
        Action.RETURN,
        sources=frozenset({RectificationDemandState.ANSWERED}),
        target=RectificationDemandState.OPEN,
        refusal=gettext_lazy("只能退回已反馈的整改要求。"),
        code="demand_not_answered",
        entry="oversight.rectification_demand.returned",
    ),
)

DEMAND = RecordMachine(
    "oversight.rectification_demand",
    RectificationDemand,
    DEMAND_STEPS,
    related=("organ", "inspection__plan"),
    may_act=may_act,
)


def demand_steps_open_to(user: Any, demand: RectificationDemand) -> list[str]:
    """The steps the table allows now that the user takes: the addressed organ answers, the
    inspecting side accepts or returns."""
    allowed = DEMAND.allowed(demand)
    steps = []
    if Action.ANSWER in allowed and demand.organ_id in member_organ_ids(user):
        steps.append(Action.ANSWER.value)
    if may_manage_plan(user, demand.inspection.plan):
        steps += [a for a in allowed if a != Action.ANSWER]
    return steps


def rectification_demand_issue(
    *,
    inspection: Inspection,
    organ: Organ,
    content: str,
    due: dt.date | None,
    actor: Any,
    item: ChecklistItem | None = None,
    at: dt.datetime | None = None,
) -> RectificationDemand:
    """The inspecting side demands that an inspected organ rectify what was found, by
    ``due``; once the findings are recorded."""
    moment, today = act_time(at)
    assert_manages(actor, inspection.plan, action="oversight.rectification_demand.issued")
    errors: dict[str, list[ValidationError]] = {}
    text = required_text(errors, "content", content, TEXT_MAX)
    if due is None:
        errors["due"] = [ValidationError(_("此项为必填项。"), code="required")]
    elif due < today:
        errors["due"] = [ValidationError(_("整改期限不得早于今天。"), code="past")]
    if not inspection.inspected.filter(pk=organ.pk).exists():
        errors["organ"] = [
            ValidationError(_("整改要求只能向被督查单位提出。"), code="not_inspected")
        ]
    if item is not None and (item.inspection_id != inspection.pk or item.organ_id != organ.pk):
        errors["item"] = [ValidationError(_("督查项目与整改单位不符。"), code="item")]
    if errors:
        raise ValidationError(errors)
    assert due is not None
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if locked.state not in FOLLOWED_UP:
            raise Refused(
                _("形成督查意见后才能提出整改要求。"),
                code="inspection_findings_not_recorded",
                basis=[rules(9)],
            )
        demand = RectificationDemand(
            inspection=inspection,
            item=item,
            organ=organ,
            content=text,
            issued_on=today,
            due=due,
            created_by=actor_label(actor),
        )
        demand.full_clean()
        demand.save()
        audit_record(
            actor=actor,
            action="oversight.rectification_demand.issued",
            target=demand,
            details={
                "inspection": inspection.pk,
                "organ": organ.pk,
                "item": item.pk if item is not None else None,
                "due": due.isoformat(),
                "at": moment.isoformat(),
            },
        )
    return demand


@dataclass(frozen=True)
class AnswerInput:
    """What the addressed organ did to rectify, required."""

    answer: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        errors: dict[str, list[ValidationError]] = {}
        text = required_text(errors, "answer", self.answer, TEXT_MAX)
        if errors:
            raise ValidationError(errors)
        return {"answer": text}


def _answer_effect(act: Act[RectificationDemand, AnswerInput], t: Transition) -> Outcome:
    demand = act.subject
    demand.answer = act.values["answer"]
    demand.answered_on = act.on
    demand.answered_by = person_label(act.actor)
    return Outcome(
        details={"answered_on": act.on.isoformat(), "on_time": act.on <= demand.due},
        options={"fields": ["answer", "answered_on", "answered_by"]},
    )


ANSWER = Step(DEMAND, Action.ANSWER, AnswerInput, effect=_answer_effect)


@dataclass(frozen=True)
class NoteInput:
    """An optional note on acceptance."""

    note: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        note = (self.note or "").strip()
        if len(note) > TEXT_MAX:
            raise field_error("note", _("内容过长。"), "max_length")
        return {"note": note}


def _accept_effect(act: Act[RectificationDemand, NoteInput], t: Transition) -> Outcome:
    act.subject.review_note = act.values["note"]
    return Outcome(options={"fields": ["review_note"]})


def _return_effect(act: Act[RectificationDemand, ReasonInput], t: Transition) -> Outcome:
    act.subject.review_note = act.values["reason"]
    return Outcome(options={"fields": ["review_note"]})


ACCEPT = Step(DEMAND, Action.ACCEPT, NoteInput, effect=_accept_effect)
RETURN = Step(DEMAND, Action.RETURN, ReasonInput, effect=_return_effect)


def rectification_demand_answer(
    *, demand: RectificationDemand, answer: str, actor: Any, at: dt.datetime | None = None
) -> RectificationDemand:
    """The addressed organ reports how it rectified, acting for itself."""
    return run(ANSWER, demand, organ=demand.organ, actor=actor, data=AnswerInput(answer), at=at)


def rectification_demand_accept(
    *, demand: RectificationDemand, actor: Any, note: str = "", at: dt.datetime | None = None
) -> RectificationDemand:
    """The inspecting side accepts the rectification reported."""
    organ = manager_organ(actor, demand.inspection.plan)
    return run(ACCEPT, demand, organ=organ, actor=actor, data=NoteInput(note), at=at)


def rectification_demand_return(
    *, demand: RectificationDemand, reason: str, actor: Any, at: dt.datetime | None = None
) -> RectificationDemand:
    """The inspecting side finds the rectification insufficient: the demand is open again."""
    organ = manager_organ(actor, demand.inspection.plan)
    return run(RETURN, demand, organ=organ, actor=actor, data=ReasonInput(reason), at=at)


# --- the circulated notice -------------------------------------------------------------------


def inspection_notice_circulate(
    *,
    inspection: Inspection,
    title: str,
    text: str,
    audience: Iterable[Organ],
    actor: Any,
    at: dt.datetime | None = None,
) -> InspectionNotice:
    """Circulate the inspection's findings to the organs chosen (细则第九条: 在适当范围内通报
    督查情况), once its report is issued; each delivery is recorded."""
    moment, today = act_time(at)
    assert_manages(actor, inspection.plan, action="oversight.inspection_notice.circulated")
    errors: dict[str, list[ValidationError]] = {}
    clean_title = required_text(errors, "title", title, TITLE_MAX)
    body = required_text(errors, "text", text, TEXT_MAX)
    organs = list(dict.fromkeys(audience))
    if not organs:
        errors["audience"] = [ValidationError(_("请选择通报范围。"), code="required")]
    if errors:
        raise ValidationError(errors)
    if inspection.state != InspectionState.FINISHED:
        raise Refused(
            _("出具督查报告后才能通报督查情况。"),
            code="inspection_not_finished",
            basis=[rules(9)],
        )
    with transaction.atomic():
        notice = InspectionNotice.objects.create(
            inspection=inspection,
            title=clean_title,
            text=body,
            issued_on=today,
            created_by=actor_label(actor),
        )
        NoticeDelivery.objects.bulk_create(
            NoticeDelivery(notice=notice, organ=organ, delivered_at=moment) for organ in organs
        )
        audit_record(
            actor=actor,
            action="oversight.inspection_notice.circulated",
            target=notice,
            details={"inspection": inspection.pk, "audience": [organ.pk for organ in organs]},
        )
    return notice


def inspection_notice_mark_read(
    *, notice: InspectionNotice, organ: Organ, actor: Any, at: dt.datetime | None = None
) -> NoticeDelivery:
    """The organ has read the notice delivered to it (the first reader is recorded)."""
    moment = at or timezone.now()
    may_act(actor, organ, action="oversight.inspection_notice.read")
    with transaction.atomic():
        delivery = (
            NoticeDelivery.objects.select_for_update().filter(notice=notice, organ=organ).first()
        )
        if delivery is None:
            raise field_error("organ", _("该通报未送达该单位。"), "not_delivered")
        if delivery.read_at is not None:
            return delivery
        delivery.read_at = moment
        delivery.read_by = person_label(actor)
        delivery.save(update_fields=["read_at", "read_by"])
        audit_record(
            actor=actor,
            action="oversight.inspection_notice.read",
            target=notice,
            details={"organ": organ.pk},
        )
    return delivery
