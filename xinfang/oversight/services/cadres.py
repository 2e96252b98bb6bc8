"""Writes of 细则第十条第二款: the organization department asks the petition office of its level
for its opinion on a leader in cadre evaluation, and the office answers.

``cadre_request_create`` records the request (validated and audited in one transaction); every
step on it is a ``xinfang.workflow.Step`` over ``CADRE_REQUEST``, decided by the table below:

    requested ──draft──▶ drafted ──draft (again), edit──▶ drafted ──sign (a leader)──▶ answered
        │                   │
        └──────refuse───────┴──▶ refused

``draft`` takes the figures from the system (``cadre_figures``) and writes a draft text the
office then edits; only a leader of the office signs, and the signed opinion is delivered to
the requesting department. The office may decline with its reason (the person is not a leader
of that level, say). ``cadre_request_mark_read`` records that the department read the answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.policy import assert_may_act_in
from xinfang.audit.services import actor_label, audit_record
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import person_of_user
from xinfang.refusals import Refused
from xinfang.rules.basis import rules
from xinfang.workflow import Act, Outcome, Step, act_time, run
from xinfang.workflow.table import NoInput, ReasonInput, RecordMachine, Transition

from ..models.cadres import (
    OPEN_STATES,
    CadreOpinionRequest,
    CadreOpinionState,
    CadrePurpose,
)
from ..selectors.cadres import (
    is_leader_of_level,
    is_office_leader,
    is_organization_department,
    petition_office_of_level,
)
from ..selectors.cadres_figures import cadre_figures, default_period
from ..selectors.cadres_text import opinion_draft

TEXT_MAX = 20000
NOTE_MAX = 200
#: The longest time the office may be given to answer (days).
DUE_MAX_DAYS = 90


class Action(StrEnum):
    """The steps on a cadre opinion request."""

    DRAFT = "draft"
    EDIT = "edit"
    SIGN = "sign"
    REFUSE = "refuse"


def may_act(actor: Any, organ: Organ, *, action: str) -> None:
    """A user acts only for an organ where they hold a position (本单位); a command (an actor
    named by text) is the system's own code."""
    if isinstance(actor, str):
        return
    assert_may_act_in(actor, organ, action=action)


_OPEN = frozenset(OPEN_STATES)
_DRAFTED = frozenset({CadreOpinionState.DRAFTED})
_NOT_OPEN = gettext_lazy("该征求意见已答复或已不予出具。")

CADRE_REQUEST_STEPS = (
    Transition(
        Action.DRAFT,
        sources=_OPEN,
        target=CadreOpinionState.DRAFTED,
        refusal=_NOT_OPEN,
        code="cadre_request_closed",
        entry="oversight.cadre_request.drafted",
    ),
    Transition(
        Action.EDIT,
        sources=_DRAFTED,
        target=CadreOpinionState.DRAFTED,
        refusal=gettext_lazy("只能修改已起草、未签发的意见。"),
        code="cadre_request_not_drafted",
        entry="oversight.cadre_request.edited",
    ),
    Transition(
        Action.SIGN,
        sources=_DRAFTED,
        target=CadreOpinionState.ANSWERED,
        refusal=gettext_lazy("只能签发已起草、未签发的意见。"),
        code="cadre_request_not_drafted",
        entry="oversight.cadre_request.signed",
    ),
    Transition(
        Action.REFUSE,
        sources=_OPEN,
        target=CadreOpinionState.REFUSED,
        refusal=_NOT_OPEN,
        code="cadre_request_closed",
        entry="oversight.cadre_request.refused",
    ),
)

CADRE_REQUEST = RecordMachine(
    "oversight.cadre_request",
    CadreOpinionRequest,
    CADRE_REQUEST_STEPS,
    related=("requester", "office", "person"),
    may_act=may_act,
)


def steps_open_to(row: CadreOpinionRequest, organ_ids: Any, *, leader: bool) -> list[str]:
    """The steps the table allows now for a user of ``organ_ids``: the office's users draft,
    edit and refuse; a leader of the office signs."""
    if row.office_id not in set(organ_ids):
        return []
    return [a for a in CADRE_REQUEST.allowed(row) if a != Action.SIGN or leader]


def _add(errors: dict[str, list[ValidationError]], field: str, message: str, code: str) -> None:
    errors.setdefault(field, []).append(ValidationError(message, code=code))


# --- the request -----------------------------------------------------------------------------


def _check_period(
    errors: dict[str, list[ValidationError]], start: dt.date, end: dt.date, today: dt.date
) -> None:
    if end > today:
        _add(errors, "period_end", _("日期不能晚于今天。"), "future")
    if start > end:
        _add(errors, "period_start", _("起始日期不得晚于截止日期。"), "order")


def cadre_request_create(
    *,
    requester: Organ,
    person: Person,
    purpose: str,
    due: dt.date | None,
    actor: Any,
    purpose_note: str = "",
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    at: dt.datetime | None = None,
) -> CadreOpinionRequest:
    """The organization department ``requester`` asks the petition office of its level for
    its opinion on ``person`` (细则第十条第二款), to be answered by ``due``.

    Only an organization department asks (``not_organization_department``), of the petition
    office of its level (``no_petition_office``), about a leader of its level (a leadership
    position at an organ managed by an authority it serves), one open request per person at a
    time (``cadre_request_open``). The period asked about defaults to the last three years or
    the leader's tenure.
    """
    moment, today = act_time(at)
    if not is_organization_department(requester):
        raise Refused(
            _("干部考察征求信访部门意见由组织部门提出。"),
            code="not_organization_department",
            basis=[rules(10, 2)],
        )
    may_act(actor, requester, action="oversight.cadre_request.requested")
    office = petition_office_of_level(requester)
    if office is None:
        raise Refused(
            _("本级没有信访部门，无法征求意见。"), code="no_petition_office", basis=[rules(10, 2)]
        )
    errors: dict[str, list[ValidationError]] = {}
    if purpose not in CadrePurpose.values:
        _add(errors, "purpose", _("请选择考察事由。"), "invalid_choice")
    note = (purpose_note or "").strip()
    if purpose == CadrePurpose.OTHER and not note:
        _add(errors, "purpose_note", _("请说明事由。"), "required")
    if len(note) > NOTE_MAX:
        _add(errors, "purpose_note", _("内容过长。"), "max_length")
    if due is None:
        _add(errors, "due", _("此项为必填项。"), "required")
    elif due < today:
        _add(errors, "due", _("答复期限不得早于今天。"), "past")
    elif due > today + dt.timedelta(days=DUE_MAX_DAYS):
        _add(
            errors,
            "due",
            _("答复期限不得超过 %(days)s 日。") % {"days": DUE_MAX_DAYS},
            "too_far",
        )
    if not is_leader_of_level(requester, person, today):
        _add(errors, "person", _("考察对象不是本级管理的领导干部。"), "not_leader_of_level")
    default_start, default_end = default_period(person, today)
    start = period_start or default_start
    end = period_end or default_end
    _check_period(errors, start, end, today)
    if errors:
        raise ValidationError(errors)
    assert due is not None
    with transaction.atomic():
        if CadreOpinionRequest.objects.filter(
            requester_id=requester.pk, person_id=person.pk, state__in=OPEN_STATES
        ).exists():
            raise Refused(
                _("已就该干部征求意见，尚未答复。"), code="cadre_request_open", basis=[rules(10, 2)]
            )
        row = CadreOpinionRequest(
            requester=requester,
            office=office,
            person=person,
            purpose=purpose,
            purpose_note=note,
            period_start=start,
            period_end=end,
            requested_on=today,
            due=due,
            created_at=moment,
            created_by=actor_label(actor),
        )
        row.full_clean()
        row.save()
        audit_record(
            actor=actor,
            action="oversight.cadre_request.requested",
            target=row,
            details={
                "requester": requester.pk,
                "office": office.pk,
                "person": person.pk,
                "purpose": purpose,
                "period": [start.isoformat(), end.isoformat()],
                "due": due.isoformat(),
                "basis": [str(rules(10, 2))],
            },
        )
    return row


# --- the office's steps ----------------------------------------------------------------------


def _draft_effect(act: Act[CadreOpinionRequest, NoInput], transition: Transition) -> Outcome:
    row = act.subject
    row.figures = cadre_figures(row.person, row.period_start, row.period_end, today=act.on)
    row.generated_at = act.at
    row.opinion = opinion_draft(row.figures)
    return Outcome(
        details={"generated_at": act.at.isoformat()},
        options={"fields": ["figures", "generated_at", "opinion"]},
    )


DRAFT = Step(CADRE_REQUEST, Action.DRAFT, NoInput, effect=_draft_effect)


def cadre_request_draft(
    *, request: CadreOpinionRequest, actor: Any, at: dt.datetime | None = None
) -> CadreOpinionRequest:
    """The office drafts the opinion from the system's records (again: the figures and the
    draft text are taken afresh, the text edited so far is replaced)."""
    return run(DRAFT, request, organ=request.office, actor=actor, data=NoInput(), at=at)


@dataclass(frozen=True)
class OpinionInput:
    """The opinion's text, required."""

    opinion: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        text = (self.opinion or "").strip()
        if not text:
            raise ValidationError(
                {"opinion": [ValidationError(_("此项为必填项。"), code="required")]}
            )
        if len(text) > TEXT_MAX:
            raise ValidationError(
                {"opinion": [ValidationError(_("内容过长。"), code="max_length")]}
            )
        return {"opinion": text}


def _edit_effect(act: Act[CadreOpinionRequest, OpinionInput], transition: Transition) -> Outcome:
    act.subject.opinion = act.values["opinion"]
    return Outcome(options={"fields": ["opinion"]})


EDIT = Step(CADRE_REQUEST, Action.EDIT, OpinionInput, effect=_edit_effect)


def cadre_request_edit(
    *, request: CadreOpinionRequest, opinion: str, actor: Any, at: dt.datetime | None = None
) -> CadreOpinionRequest:
    """The office edits the drafted opinion's text."""
    return run(
        EDIT, request, organ=request.office, actor=actor, data=OpinionInput(opinion=opinion), at=at
    )


def _sign_effect(act: Act[CadreOpinionRequest, NoInput], transition: Transition) -> Outcome:
    row = act.subject
    signer = person_of_user(act.actor)
    if signer is None or not is_office_leader(act.actor, row.office, act.on):
        raise Refused(
            _("意见由信访部门负责人签发。"), code="signer_not_office_leader", basis=[rules(10, 2)]
        )
    if not row.opinion.strip():
        raise Refused(_("意见尚未填写，不能签发。"), code="opinion_empty", basis=[rules(10, 2)])
    row.signed_by = signer
    row.signed_at = act.at
    return Outcome(
        details={"signed_by": signer.pk, "on_time": act.on <= row.due},
        options={"fields": ["signed_by", "signed_at"]},
    )


SIGN = Step(CADRE_REQUEST, Action.SIGN, NoInput, effect=_sign_effect)


def cadre_request_sign(
    *, request: CadreOpinionRequest, actor: Any, at: dt.datetime | None = None
) -> CadreOpinionRequest:
    """A leader of the office signs the opinion; it is delivered to the requesting department."""
    return run(SIGN, request, organ=request.office, actor=actor, data=NoInput(), at=at)


def _refuse_effect(act: Act[CadreOpinionRequest, ReasonInput], transition: Transition) -> Outcome:
    act.subject.refusal_reason = act.values["reason"]
    act.subject.refused_on = act.on
    return Outcome(options={"fields": ["refusal_reason", "refused_on"]})


REFUSE = Step(CADRE_REQUEST, Action.REFUSE, ReasonInput, effect=_refuse_effect)


def cadre_request_refuse(
    *, request: CadreOpinionRequest, reason: str, actor: Any, at: dt.datetime | None = None
) -> CadreOpinionRequest:
    """The office declines to give an opinion, saying why (the person is not a leader of
    that level, the office holds no record of him …)."""
    return run(
        REFUSE, request, organ=request.office, actor=actor, data=ReasonInput(reason=reason), at=at
    )


# --- the department reads the answer ---------------------------------------------------------


def cadre_request_mark_read(
    *, request: CadreOpinionRequest, actor: Any, at: dt.datetime | None = None
) -> CadreOpinionRequest:
    """A user of the requesting department read the answer (signed or declined): the first
    reading is recorded, later ones change nothing."""
    moment, _today = act_time(at)
    if request.state not in (CadreOpinionState.ANSWERED, CadreOpinionState.REFUSED):
        return request
    may_act(actor, request.requester, action="oversight.cadre_request.read")
    with transaction.atomic():
        locked = CadreOpinionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.read_at is not None:
            return locked
        locked.read_at = moment
        locked.save(update_fields=["read_at"])
        audit_record(actor=actor, action="oversight.cadre_request.read", target=locked)
    request.read_at = moment
    return request
