"""Writes of 细则第四条: agenda items and their follow-up, dispute screening, and an organ's own
duty norms (``OrganDutySettings``). Major decisions and their risk assessment are in
``agenda_decisions``.

Each create is one transaction writing its own audit entry; the follow-up of an agenda item is
a step (``AGENDA_ITEM`` machine: ``open`` → ``done``) run by ``xinfang.workflow.run``.
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

from xinfang.access.policy import assert_may_act_in
from xinfang.audit.services import audit_record
from xinfang.orgs.choices import OrganLevel, OrganRole
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import person_of_user
from xinfang.rules.basis import rules
from xinfang.workflow import Step, run
from xinfang.workflow.core import Act, Outcome
from xinfang.workflow.table import RecordMachine, Transition

from ..models.agenda import AgendaItem, AgendaKind, DisputeScreening, FollowUpState
from ..models.settings import ORGAN_SETTINGS, OrganDutySettings

#: The largest yearly norm an organ may set (once a day).
NORM_MAX = 366
Errors = dict[str, list[ValidationError]]


def may_act_for(actor: Any, organ: Organ, *, action: str) -> None:
    """A user acts for an organ only where they serve (``assert_may_act_in``); a system actor
    (the demo loader, a command: a string such as ``system:demo``) acts for any organ."""
    if isinstance(actor, str):
        return
    assert_may_act_in(actor, organ, action=action)


def add_error(errors: Errors, field: str, message: str, code: str) -> None:
    errors.setdefault(field, []).append(ValidationError(message, code=code))


def check_day(errors: Errors, field: str, day: dt.date | None, today: dt.date) -> None:
    """A date is required and not after today."""
    if day is None:
        add_error(errors, field, _("请填写日期。"), "required")
    elif day > today:
        add_error(errors, field, _("日期不能晚于今天。"), "future")


def check_text(errors: Errors, field: str, value: str, *, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        add_error(errors, field, _("请填写此项。"), "required")
    elif len(text) > limit:
        add_error(errors, field, _("不能超过 %(n)s 字。") % {"n": limit}, "max_length")
    return text


# --- agenda items (细则第四条第一款) ------------------------------------------------------------


def agenda_item_record(
    *,
    organ: Organ,
    kind: str,
    held_on: dt.date | None,
    meeting: str,
    decisions: str,
    actor: Any,
    attendees: Iterable[Person] = (),
    minutes_ref: str = "",
    follow_up_owner: Person | None = None,
    follow_up_due: dt.date | None = None,
) -> AgendaItem:
    """Record a meeting at which the leadership team took up petition work; with a follow-up
    owner and due date its decisions wait to be carried out (``open``)."""
    may_act_for(actor, organ, action="duties.agenda.record")
    today = timezone.localdate()
    errors: Errors = {}
    if kind not in AgendaKind.values:
        add_error(errors, "kind", _("请选择议题类别。"), "invalid_choice")
    check_day(errors, "held_on", held_on, today)
    meeting_text = check_text(errors, "meeting", meeting, limit=200)
    decisions_text = check_text(errors, "decisions", decisions, limit=5000)
    minutes = check_text(errors, "minutes_ref", minutes_ref, limit=200, required=False)
    if follow_up_owner is not None and follow_up_due is None:
        add_error(errors, "follow_up_due", _("指定了落实责任人，请填写落实期限。"), "required")
    if follow_up_owner is None and follow_up_due is not None:
        add_error(errors, "follow_up_owner", _("填写了落实期限，请指定落实责任人。"), "required")
    if follow_up_due is not None and held_on is not None and follow_up_due < held_on:
        add_error(errors, "follow_up_due", _("落实期限不能早于会议日期。"), "before_meeting")
    if errors:
        raise ValidationError(errors)
    assert held_on is not None
    people = list(attendees)
    with transaction.atomic():
        item = AgendaItem.objects.create(
            organ=organ,
            kind=kind,
            held_on=held_on,
            meeting=meeting_text,
            decisions=decisions_text,
            minutes_ref=minutes,
            follow_up_owner=follow_up_owner,
            follow_up_due=follow_up_due,
            state=FollowUpState.OPEN if follow_up_owner is not None else FollowUpState.NONE,
        )
        item.attendees.set(people)
        audit_record(
            actor=actor,
            action="duties.agenda.recorded",
            target=item,
            details={
                "organ": organ.pk,
                "kind": kind,
                "held_on": str(held_on),
                "attendees": [p.pk for p in people],
                "follow_up_owner": follow_up_owner.pk if follow_up_owner else None,
                "follow_up_due": str(follow_up_due) if follow_up_due else None,
            },
        )
    return item


class Action(StrEnum):
    """The steps on an agenda item."""

    COMPLETE_FOLLOW_UP = "complete_follow_up"


AGENDA_STEPS = (
    Transition(
        Action.COMPLETE_FOLLOW_UP,
        sources=frozenset({FollowUpState.OPEN}),
        target=FollowUpState.DONE,
        refusal=gettext_lazy("该议定事项不在待落实状态。"),
        code="follow_up_not_open",
        basis=(rules(4, 1),),
        entry="duties.agenda.follow_up_done",
    ),
)

#: An agenda item's follow-up (细则第四条第一款: 研究解决工作中的重要问题).
AGENDA_ITEM = RecordMachine(
    "agenda_item", AgendaItem, AGENDA_STEPS, related=("organ",), may_act=may_act_for
)


@dataclass(frozen=True)
class FollowUpInput:
    """How the meeting's decisions were carried out: required."""

    note: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        errors: Errors = {}
        text = check_text(errors, "note", self.note, limit=5000)
        if errors:
            raise ValidationError(errors)
        return {"note": text}


def _follow_up_access(actor: Any, item: AgendaItem, organ: Organ, data: FollowUpInput) -> None:
    """The follow-up owner reports it done, wherever they serve; or someone acting for the
    organ."""
    person = None if isinstance(actor, str) else person_of_user(actor)
    if person is not None and person.pk == item.follow_up_owner_id:
        return
    may_act_for(actor, organ, action="duties.agenda.follow_up_done")


def _follow_up_effect(act: Act[AgendaItem, FollowUpInput], transition: Transition) -> Outcome:
    act.subject.done_note = act.values["note"]
    act.subject.done_at = act.at
    return Outcome(options={"fields": ["done_note", "done_at"]})


FOLLOW_UP_DONE = Step(
    AGENDA_ITEM,
    Action.COMPLETE_FOLLOW_UP,
    FollowUpInput,
    effect=_follow_up_effect,
    access=_follow_up_access,
)


def agenda_follow_up_done(
    *, item: AgendaItem, note: str, actor: Any, at: dt.datetime | None = None
) -> AgendaItem:
    """Record that the meeting's decisions were carried out."""
    return run(FOLLOW_UP_DONE, item, organ=item.organ, actor=actor, data=FollowUpInput(note), at=at)


# --- dispute screening (细则第四条第二款) -------------------------------------------------------


def is_region_organ(organ: Organ) -> bool:
    """A party committee or government of a district, county or township: the organs with the
    main responsibility for their region (细则第四条第二款: 各级党委和政府…负有主体责任)."""
    regional = organ.level in (OrganLevel.DISTRICT, OrganLevel.TOWNSHIP)
    roles = organ.has_role(OrganRole.PARTY_COMMITTEE) or organ.has_role(OrganRole.GOVERNMENT)
    return regional and roles


def dispute_screening_record(
    *,
    organ: Organ,
    held_on: dt.date | None,
    period: str,
    disputes_found: int | None,
    disputes_resolved: int | None,
    actor: Any,
    notes: str = "",
) -> DisputeScreening:
    """Record one round of dispute screening by a region's party committee or government."""
    may_act_for(actor, organ, action="duties.screening.record")
    errors: Errors = {}
    if not is_region_organ(organ):
        add_error(
            errors,
            "organ",
            _("矛盾纠纷排查由区县、乡镇（街道）党委和政府记录。"),
            "not_region_organ",
        )
    check_day(errors, "held_on", held_on, timezone.localdate())
    period_text = check_text(errors, "period", period, limit=100)
    notes_text = check_text(errors, "notes", notes, limit=5000, required=False)
    for field, value in (
        ("disputes_found", disputes_found),
        ("disputes_resolved", disputes_resolved),
    ):
        if value is None or value < 0:
            add_error(errors, field, _("请填写不小于零的整数。"), "invalid")
    if (
        disputes_found is not None
        and disputes_resolved is not None
        and disputes_resolved > disputes_found
    ):
        add_error(errors, "disputes_resolved", _("已化解数不能多于排查出的数量。"), "above_found")
    if errors:
        raise ValidationError(errors)
    assert held_on is not None and disputes_found is not None
    assert disputes_resolved is not None
    with transaction.atomic():
        screening = DisputeScreening.objects.create(
            organ=organ,
            held_on=held_on,
            period=period_text,
            disputes_found=disputes_found,
            disputes_resolved=disputes_resolved,
            notes=notes_text,
        )
        audit_record(
            actor=actor,
            action="duties.screening.recorded",
            target=screening,
            details={
                "organ": organ.pk,
                "held_on": str(held_on),
                "found": disputes_found,
                "resolved": disputes_resolved,
            },
        )
    return screening


# --- an organ's own norms -------------------------------------------------------------------


def organ_duty_settings_set(
    *,
    organ: Organ,
    actor: Any,
    decided_by: str = "",
    **norms: int | None,
) -> OrganDutySettings:
    """Set the organ's own norms for its team (``ORGAN_SETTINGS``: an empty value falls back
    to the profile's policy value); which document or meeting decided them is required once
    any is set. Audited with the values before and after."""
    may_act_for(actor, organ, action="duties.settings.set")
    errors: Errors = {}
    unknown = sorted(set(norms) - set(ORGAN_SETTINGS))
    if unknown:
        raise TypeError(f"not an organ setting: {', '.join(unknown)}")
    values = {name: norms.get(name) for name in ORGAN_SETTINGS}
    for name, value in values.items():
        if value is not None and not 1 <= value <= NORM_MAX:
            add_error(errors, name, _("请填写 1 至 %(n)s 之间的整数。") % {"n": NORM_MAX}, "range")
    source = check_text(errors, "decided_by", decided_by, limit=200, required=False)
    if any(v is not None for v in values.values()) and not source:
        add_error(errors, "decided_by", _("请写明确定依据（文件或会议）。"), "required")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = OrganDutySettings.objects.select_for_update().filter(organ_id=organ.pk).first()
        before = {name: getattr(current, name, None) for name in ORGAN_SETTINGS}
        settings, _created = OrganDutySettings.objects.update_or_create(
            organ=organ, defaults={**values, "decided_by": source, "updated_at": timezone.now()}
        )
        audit_record(
            actor=actor,
            action="duties.settings.set",
            target=settings,
            details={"organ": organ.pk, "before": before, "after": values, "decided_by": source},
        )
    return settings
