"""Writes of 细则第七条第三项、第八条第三项: incidents, their handling and their reports (staff
reports, 第八条第四项, are ``incidents_staff``).

Recording an incident creates a record (validate, one transaction, audit). Every step on one —
a report made, a handling action, the incident growing, closing it — is a
``xinfang.workflow.Step`` over the table machine ``INCIDENT``, run by ``xinfang.workflow.run``.

An incident's steps are taken for the organ responsible for it or for the organ that recorded
it (the petition office of its territory): ``acting_organs``. A report and an escalation leave
the state as it is or move it on: the machine has no state field of its own
(``state_field=None``) and each effect sets the state its transition names (``""``: stays).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.policy import assert_may_act_in
from xinfang.accountability.selectors import territorial_petition_office
from xinfang.audit.services import actor_label, audit_record
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, OrganRole
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import (
    person_of_user,
    positions_of_person_on,
)
from xinfang.petitions.matters.models import Matter
from xinfang.rules.basis import rules
from xinfang.workflow import Act, Outcome, Step, run
from xinfang.workflow.table import RecordMachine, Transition

from ..models.incidents import (
    WRITTEN_CHANNELS,
    GrowthKind,
    Incident,
    IncidentAction,
    IncidentEscalation,
    IncidentKind,
    IncidentReport,
    IncidentState,
    ReportChannel,
)
from ..selectors.settings import duty_setting
from .incidents_inputs import Errors, NoteInput, choice, moment, raise_errors, required


class Action(StrEnum):
    """The steps on an incident."""

    REPORT = "report"
    ACT = "act"
    ESCALATE = "escalate"
    CLOSE = "close"


_ALL = frozenset(IncidentState.values)
_OPEN = frozenset({IncidentState.REPORTED, IncidentState.HANDLING})

INCIDENT_STEPS = (
    # A report may be made in any state (a written report after the incident is over
    # included); it leaves the state as it is.
    Transition(
        Action.REPORT,
        sources=_ALL,
        target="",
        refusal=gettext_lazy("不能报告该事件。"),
        code="incident_not_reportable",
        entry="duties.incident.report_made",
        basis=(rules(8, None, 3),),
    ),
    Transition(
        Action.ACT,
        sources=_OPEN,
        target=IncidentState.HANDLING,
        refusal=gettext_lazy("事件已处置完毕，不能再记录处置措施。"),
        code="incident_closed",
        entry="duties.incident.action_recorded",
        basis=(rules(7, None, 3),),
    ),
    Transition(
        Action.ESCALATE,
        sources=_OPEN,
        target=IncidentState.HANDLING,
        refusal=gettext_lazy("事件已处置完毕；事态再次扩大的，请登记新的事件。"),
        code="incident_closed",
        entry="duties.incident.escalated",
    ),
    Transition(
        Action.CLOSE,
        sources=frozenset({IncidentState.HANDLING}),
        target=IncidentState.CLOSED,
        refusal=gettext_lazy("尚未记录处置措施，或事件已处置完毕，不能结束处置。"),
        code="incident_not_handling",
        entry="duties.incident.closed",
        basis=(rules(7, None, 3),),
    ),
)
INCIDENT: RecordMachine[Incident] = RecordMachine(
    "incident",
    Incident,
    INCIDENT_STEPS,
    related=("organ", "recording_organ"),
    state_field=None,
    may_act=assert_may_act_in,
)


def _not_before_known(incident: Incident, field: str, at: dt.datetime) -> None:
    if at < incident.known_at:
        raise ValidationError(
            {field: [ValidationError(_("不能早于知悉时间。"), code="before_known")]}
        )


def _holds_post_on(person: Person, organs: Iterable[Organ], day: dt.date) -> bool:
    wanted = {organ.pk for organ in organs}
    return any(p.organ_id in wanted for p in positions_of_person_on(person, day))


# --- recording an incident --------------------------------------------------------------------


def _may_record_for(recording_organ: Organ, organ: Organ) -> bool:
    """The responsible organ records its own incidents; a petition office records those of the
    organs of its territory (细则第六条)."""
    if recording_organ.pk == organ.pk:
        return True
    if not recording_organ.has_role(OrganRole.PETITION_OFFICE):
        return False
    territory = recording_organ.parent or recording_organ
    return organ.path.startswith(territory.path)


def report_due(organ: Organ, known_at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The first and the written report deadlines of an incident known at ``known_at``: the
    duty settings in force that day (policy values, 细则第十九条), counted in hours."""
    day = timezone.localdate(known_at)
    first = duty_setting("incident_first_report_hours", on=day, organ=organ).value
    written = duty_setting("incident_written_report_hours", on=day, organ=organ).value
    return known_at + dt.timedelta(hours=first), known_at + dt.timedelta(hours=written)


def incident_record(
    *,
    organ: Organ,
    recording_organ: Organ,
    kind: str,
    title: str,
    description: str,
    occurred_at: dt.datetime | None,
    place: str,
    place_organ: Organ | None,
    people_count: int | None,
    known_at: dt.datetime | None,
    known_by: Person | None,
    actor: Any,
    matters: Sequence[Matter] = (),
) -> Incident:
    """Record an incident the organ must handle and report (细则第七条第三项、第八条第三项).

    Its report deadlines run from ``known_at``. The recorder acts for ``recording_organ``: the
    responsible organ itself, or the petition office of its territory.
    """
    assert_may_act_in(actor, recording_organ, action="duties.incident.record")
    errors: Errors = {}
    choice(errors, "kind", kind, IncidentKind.values)
    title = required(errors, "title", title, 200)
    description = required(errors, "description", description)
    place = required(errors, "place", place, 200)
    occurred_at = moment(errors, "occurred_at", occurred_at)
    known_at = moment(errors, "known_at", known_at)
    if place_organ is None:
        errors["place_organ"] = [ValidationError(_("必填。"), code="required")]
    if people_count is None or people_count < 1:
        errors["people_count"] = [ValidationError(_("涉及人数至少为 1。"), code="min_value")]
    if not _may_record_for(recording_organ, organ):
        errors["organ"] = [
            ValidationError(
                _("只能登记本单位或本信访部门辖区内机关负责处置的事件。"), code="out_of_territory"
            )
        ]
    if known_by is None:
        errors["known_by"] = [ValidationError(_("必填。"), code="required")]
    elif known_at is not None and not _holds_post_on(
        known_by, (organ, recording_organ), timezone.localdate(known_at)
    ):
        errors["known_by"] = [
            ValidationError(
                _("知悉人在知悉之日未在负责处置的机关或登记机关任职。"), code="not_in_position"
            )
        ]
    raise_errors(errors)
    assert occurred_at is not None and known_at is not None and people_count is not None
    assert place_organ is not None and known_by is not None
    first_due, written_due = report_due(organ, known_at)
    with transaction.atomic():
        incident = Incident.objects.create(
            organ=organ,
            kind=kind,
            title=title,
            description=description,
            occurred_at=occurred_at,
            place=place,
            place_organ=place_organ,
            people_count=people_count,
            known_at=known_at,
            known_by=known_by,
            recording_organ=recording_organ,
            recorded_by=person_of_user(actor),
            territory_office=territorial_petition_office(organ),
            first_report_due=first_due,
            written_report_due=written_due,
            created_by=actor_label(actor),
        )
        incident.matters.set(matters)
        audit_record(
            actor=actor,
            action="duties.incident.recorded",
            target=incident,
            details={
                "organ": organ.pk,
                "recording_organ": recording_organ.pk,
                "kind": kind,
                "known_at": known_at.isoformat(),
                "known_by": incident.known_by_id,
                "people_count": people_count,
                "first_report_due": first_due.isoformat(),
                "written_report_due": written_due.isoformat(),
                "matters": sorted(m.pk for m in matters),
            },
        )
    return incident


def acting_organs(incident: Incident) -> list[Organ]:
    """The organs a step on the incident may be taken for: the responsible organ and the
    organ that recorded it."""
    organs = [incident.organ]
    if incident.recording_organ_id != incident.organ_id:
        organs.append(incident.recording_organ)
    return organs


def _check_organ(incident: Incident, organ: Organ) -> None:
    if organ.pk not in {o.pk for o in acting_organs(incident)}:
        raise ValidationError(
            {"organ": [ValidationError(_("只能以负责处置或登记该事件的机关办理。"), code="organ")]}
        )


def _move(act: Act[Incident, Any], transition: Transition) -> list[str]:
    """Set the state the transition names (none: the state stays); the fields changed."""
    if not transition.target:
        return []
    act.subject.state = transition.target
    return ["state"]


# --- reports ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportInput:
    """A report made: when, to which organ and/or person, how, what it said."""

    made_at: dt.datetime | None
    channel: str
    content: str
    to_organ: Organ | None = None
    to_person: Person | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        errors: Errors = {}
        made_at = moment(errors, "made_at", self.made_at)
        choice(errors, "channel", self.channel, ReportChannel.values)
        content = required(errors, "content", self.content)
        if self.to_organ is None and self.to_person is None:
            errors["to_organ"] = [ValidationError(_("请选择报告的机关或领导。"), code="required")]
        raise_errors(errors)
        assert made_at is not None
        return {
            "made_at": made_at.isoformat(),
            "channel": self.channel,
            "content": content,
            "to_organ": self.to_organ.pk if self.to_organ else None,
            "to_person": self.to_person.pk if self.to_person else None,
        }


def _person_organ(person: Person, day: dt.date) -> Organ:
    """The organ the person serves in on ``day`` (a leadership post first)."""
    positions = positions_of_person_on(person, day)
    leading = [p for p in positions if p.kind in LEADERSHIP_POSITION_KINDS]
    chosen = (leading or positions)[:1]
    if not chosen:
        raise ValidationError(
            {"to_person": [ValidationError(_("该人员当日未在任何机关任职。"), code="no_post")]}
        )
    return chosen[0].organ


def _report_effect(act: Act[Incident, ReportInput], transition: Transition) -> Outcome:
    incident, data = act.subject, act.data
    _check_organ(incident, act.organ)
    assert data.made_at is not None
    _not_before_known(incident, "made_at", data.made_at)
    to_organ = data.to_organ
    if to_organ is None:
        assert data.to_person is not None
        to_organ = _person_organ(data.to_person, timezone.localdate(data.made_at))
    report = IncidentReport.objects.create(
        incident=incident,
        made_at=data.made_at,
        to_organ=to_organ,
        to_person=data.to_person,
        channel=data.channel,
        content=act.values["content"],
        made_by=person_of_user(act.actor),
        recorded_at=act.at,
        recorded_by=actor_label(act.actor),
    )
    if incident.first_reported_at is None or data.made_at < incident.first_reported_at:
        incident.first_reported_at = data.made_at
    if data.channel in WRITTEN_CHANNELS and (
        incident.written_reported_at is None or data.made_at < incident.written_reported_at
    ):
        incident.written_reported_at = data.made_at
    return Outcome(
        details={"report": report.pk, "to_organ": to_organ.pk},
        options={"fields": [*_move(act, transition), "first_reported_at", "written_reported_at"]},
        made=report,
    )


REPORT = Step(INCIDENT, Action.REPORT, ReportInput, effect=_report_effect)


def incident_report(
    *,
    incident: Incident,
    organ: Organ,
    made_at: dt.datetime | None,
    channel: str,
    content: str,
    actor: Any,
    to_organ: Organ | None = None,
    to_person: Person | None = None,
    at: dt.datetime | None = None,
) -> Incident:
    """Record a report made on the incident (细则第八条第三项: 及时处理并报告)."""
    data = ReportInput(
        made_at=made_at, channel=channel, content=content, to_organ=to_organ, to_person=to_person
    )
    return run(REPORT, incident, organ=organ, actor=actor, data=data, at=at)


# --- handling, escalation, closing -----------------------------------------------------------


@dataclass(frozen=True)
class ActionInput:
    """A handling step: when, what was done, by whom (a person of the registry, or the
    recorder)."""

    at: dt.datetime | None
    what: str
    by_person: Person | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        errors: Errors = {}
        at = moment(errors, "at", self.at)
        what = required(errors, "what", self.what)
        raise_errors(errors)
        assert at is not None
        return {
            "at": at.isoformat(),
            "what": what,
            "by_person": self.by_person.pk if self.by_person else None,
        }


def _act_effect(act: Act[Incident, ActionInput], transition: Transition) -> Outcome:
    incident, data = act.subject, act.data
    _check_organ(incident, act.organ)
    assert data.at is not None
    _not_before_known(incident, "at", data.at)
    action = IncidentAction.objects.create(
        incident=incident,
        at=data.at,
        what=act.values["what"],
        by_person=data.by_person or person_of_user(act.actor),
        recorded_at=act.at,
        recorded_by=actor_label(act.actor),
    )
    return Outcome(
        details={"action": action.pk}, options={"fields": _move(act, transition)}, made=action
    )


ACT = Step(INCIDENT, Action.ACT, ActionInput, effect=_act_effect)


def incident_act(
    *,
    incident: Incident,
    organ: Organ,
    at: dt.datetime | None,
    what: str,
    actor: Any,
    by_person: Person | None = None,
) -> Incident:
    """Record a handling step (细则第七条第三项: 及时妥善处置)."""
    return run(
        ACT,
        incident,
        organ=organ,
        actor=actor,
        data=ActionInput(at=at, what=what, by_person=by_person),
    )


@dataclass(frozen=True)
class EscalateInput:
    """The incident grew: when, how, what happened, how many people afterwards."""

    at: dt.datetime | None
    growth: str
    what: str
    people_after: int | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        errors: Errors = {}
        at = moment(errors, "at", self.at)
        choice(errors, "growth", self.growth, GrowthKind.values)
        what = required(errors, "what", self.what)
        if self.people_after is not None and self.people_after < 1:
            errors["people_after"] = [ValidationError(_("涉及人数至少为 1。"), code="min_value")]
        if self.growth == GrowthKind.MORE_PEOPLE and self.people_after is None:
            errors["people_after"] = [
                ValidationError(_("人数增加的，请填写扩大后涉及人数。"), code="required")
            ]
        raise_errors(errors)
        assert at is not None
        return {
            "at": at.isoformat(),
            "growth": self.growth,
            "what": what,
            "people_after": self.people_after,
        }


def _escalate_effect(act: Act[Incident, EscalateInput], transition: Transition) -> Outcome:
    incident, data = act.subject, act.data
    _check_organ(incident, act.organ)
    assert data.at is not None
    _not_before_known(incident, "at", data.at)
    before = incident.people_count
    if data.growth == GrowthKind.MORE_PEOPLE and (data.people_after or 0) <= before:
        raise ValidationError(
            {
                "people_after": [
                    ValidationError(
                        _("扩大后涉及人数应多于此前的 %(n)s 人。") % {"n": before},
                        code="not_more",
                    )
                ]
            }
        )
    escalation = IncidentEscalation.objects.create(
        incident=incident,
        at=data.at,
        growth=data.growth,
        what=act.values["what"],
        people_before=before,
        people_after=data.people_after,
        recorded_at=act.at,
        recorded_by=actor_label(act.actor),
    )
    incident.people_count = max(before, data.people_after or 0)
    return Outcome(
        details={"escalation": escalation.pk, "people_before": before},
        options={"fields": [*_move(act, transition), "people_count"]},
        made=escalation,
    )


ESCALATE = Step(INCIDENT, Action.ESCALATE, EscalateInput, effect=_escalate_effect)


def incident_escalate(
    *,
    incident: Incident,
    organ: Organ,
    at: dt.datetime | None,
    growth: str,
    what: str,
    actor: Any,
    people_after: int | None = None,
) -> Incident:
    """Record that the incident grew (细则第十一条第一款第四项: 导致事态扩大)."""
    data = EscalateInput(at=at, growth=growth, what=what, people_after=people_after)
    return run(ESCALATE, incident, organ=organ, actor=actor, data=data)


def _close_effect(act: Act[Incident, NoteInput], transition: Transition) -> Outcome:
    _check_organ(act.subject, act.organ)
    act.subject.closed_at = act.at
    act.subject.closing_note = act.values["note"]
    return Outcome(options={"fields": [*_move(act, transition), "closed_at", "closing_note"]})


CLOSE = Step(INCIDENT, Action.CLOSE, NoteInput, effect=_close_effect)


def incident_close(
    *, incident: Incident, organ: Organ, note: str, actor: Any, at: dt.datetime | None = None
) -> Incident:
    """End the handling of the incident, saying how it ended."""
    return run(CLOSE, incident, organ=organ, actor=actor, data=NoteInput(note), at=at)
