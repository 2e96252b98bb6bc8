"""Writes of 细则第七条第一项、第八条第二项: a matter or task put before a leader (阅批), the
leader's instruction naming who acts (批办、交办), the report-back and the leader's closing.

Putting a record before a leader creates it; every later step is a ``Step`` over the
``INSTRUCTION`` table machine (put_before → instructed → reported → closed; a report sent back
returns it to instructed with a new due date). Receptions and field visits are in
``leaders_receptions``, case ownership in ``leaders_ownership``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.models import Accusation
from xinfang.access.policy import RoutingRefused, assert_may_act_in, assert_routable
from xinfang.audit.services import audit_record
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, OrganRole
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import positions_of_person_on
from xinfang.petitions.matters.models import Matter
from xinfang.refusals import Refused
from xinfang.rules.basis import rules
from xinfang.workflow import Act, Outcome, Step, run
from xinfang.workflow.table import RecordMachine, Transition

from ..models.leaders import Instruction, InstructionState
from ..selectors.settings import duty_setting

TEXT_MAX = 20000
T = TypeVar("T")


class Action(StrEnum):
    """The steps on an instruction."""

    INSTRUCT = "instruct"
    REPORT = "report"
    CLOSE = "close"
    RETURN = "return"


def may_act_for(actor: Any, organ: Organ, *, action: str) -> None:
    """A user acts only for an organ they serve in (``assert_may_act_in``); the system's own
    actors (``"system:demo"``, a command) act for any."""
    if isinstance(actor, str):
        return
    assert_may_act_in(actor, organ, action=action)


def error(field: str, message: str, code: str) -> ValidationError:
    """A validation error on one field."""
    return ValidationError({field: [ValidationError(message, code=code)]})


def required_text(value: str, field: str, *, limit: int = TEXT_MAX) -> str:
    """The stripped text, or a ``ValidationError`` on ``field`` when empty or too long."""
    text = (value or "").strip()
    if not text:
        raise error(field, _("请填写此项。"), "required")
    if len(text) > limit:
        raise error(field, _("内容过长。"), "max_length")
    return text


def day_not_future(value: dt.date | None, on: dt.date, field: str) -> dt.date:
    """``value`` (``on`` when empty), refused when after ``on``."""
    day = value or on
    if day > on:
        raise error(field, _("日期不能晚于今天。"), "future")
    return day


def is_leader_on(person: Person, organ: Organ, day: dt.date) -> bool:
    """Whether ``person`` is on ``organ``'s leadership team on ``day``."""
    return any(
        p.organ_id == organ.pk and p.kind in LEADERSHIP_POSITION_KINDS
        for p in positions_of_person_on(person, day)
    )


class Checks:
    """Checks of a write's fields, collected and raised together (``ValidationError`` by
    field)."""

    def __init__(self) -> None:
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def value(self, check: Callable[[], T], default: T) -> T:
        """What ``check`` returns, or ``default`` with its errors kept."""
        try:
            return check()
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.errors.setdefault(field, []).extend(errors)
            return default

    def leader(self, leader: Person, organ: Organ, day: dt.date) -> None:
        """The leader must be on ``organ``'s leadership team on ``day`` (细则第七条)."""
        if not is_leader_on(leader, organ, day):
            self.add("leader", _("该人员当日不是该机关领导班子成员。"), "not_leader")

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def refuse_if_accused(matter: Matter | None, organ: Organ, person: Person | None = None) -> None:
    """Never put a matter before, nor give it to, the unit or the person it accuses
    (细则第十一条第一款第八项)."""
    if matter is None:
        return
    try:
        assert_routable(matter, organ)
    except RoutingRefused:
        raise Refused(
            _("该信访事项检举控告该机关（或其上级机关），不得交其办理或呈其领导阅批。"),
            code="routing_to_accused_unit",
            basis=(rules(11, None, 8),),
        ) from None
    if (
        person is not None
        and Accusation.objects.filter(
            content_type=ContentType.objects.get_for_model(Matter),
            object_id=matter.pk,
            accused_person_id=person.pk,
        ).exists()
    ):
        raise Refused(
            _("该信访事项检举控告该人员，不得交其办理。"),
            code="routing_to_accused_person",
            basis=(rules(11, None, 8),),
        )


# --- the machine ----------------------------------------------------------------------------

INSTRUCTION_STEPS = (
    Transition(
        Action.INSTRUCT,
        sources=frozenset({InstructionState.PUT_BEFORE}),
        target=InstructionState.INSTRUCTED,
        refusal=gettext_lazy("该事项已批示。"),
        code="already_instructed",
        entry="duties.instruction.instructed",
    ),
    Transition(
        Action.REPORT,
        sources=frozenset({InstructionState.INSTRUCTED}),
        target=InstructionState.REPORTED,
        refusal=gettext_lazy("只能对已批示、待报告的事项报告办理情况。"),
        code="not_awaiting_report",
        entry="duties.instruction.reported",
    ),
    Transition(
        Action.CLOSE,
        sources=frozenset({InstructionState.REPORTED}),
        target=InstructionState.CLOSED,
        refusal=gettext_lazy("只能在报告办理情况后办结。"),
        code="not_reported",
        entry="duties.instruction.closed",
    ),
    Transition(
        Action.RETURN,
        sources=frozenset({InstructionState.REPORTED}),
        target=InstructionState.INSTRUCTED,
        refusal=gettext_lazy("只能对已报告的办理情况提出继续办理要求。"),
        code="not_reported",
        entry="duties.instruction.returned",
    ),
)

INSTRUCTION: RecordMachine[Instruction] = RecordMachine(
    "instruction",
    Instruction,
    INSTRUCTION_STEPS,
    related=("organ", "to_organ", "matter"),
    may_act=may_act_for,
)


# --- putting before a leader ----------------------------------------------------------------


def instruction_put_before(
    *,
    organ: Organ,
    leader: Person,
    title: str,
    actor: Any,
    matter: Matter | None = None,
    put_before_on: dt.date | None = None,
    by_organ: Organ | None = None,
) -> Instruction:
    """Put a letter or online petition (``matter``), or a general task, before ``leader`` of
    ``organ`` for instruction (细则第七条第一项 阅批群众来信和网上信访). ``by_organ`` puts it
    before the leader: the leader's own organ (the default) or a petition office of the same
    region, which holds the letter and follows it."""
    today = timezone.localdate()
    by = by_organ or organ
    may_act_for(actor, by, action="duties.instruction.put_before")
    checks = Checks()
    if by.pk != organ.pk and not (
        by.has_role(OrganRole.PETITION_OFFICE) and by.region_code == organ.region_code
    ):
        checks.add("by_organ", _("只能由领导所在机关或同级信访部门呈批。"), "not_petition_office")
    text = checks.value(lambda: required_text(title, "title", limit=200), "")
    day = checks.value(lambda: day_not_future(put_before_on, today, "put_before_on"), today)
    checks.leader(leader, organ, day)
    checks.done()
    refuse_if_accused(matter, organ)
    with transaction.atomic():
        instruction = Instruction(
            organ=organ, by_organ=by, leader=leader, matter=matter, title=text, put_before_on=day
        )
        instruction.full_clean()
        instruction.save()
        audit_record(
            actor=actor,
            action="duties.instruction.put_before",
            target=instruction,
            details={
                "organ": organ.pk,
                "by_organ": by.pk,
                "leader": leader.pk,
                "matter": matter.pk if matter else None,
                "title": text,
                "put_before_on": day.isoformat(),
            },
        )
    return instruction


# --- steps ----------------------------------------------------------------------------------


def report_due_for(
    instruction: Instruction, start: dt.date, given: dt.date | None
) -> tuple[dt.date, bool]:
    """The report's due date: the one given, else ``instruction_report_days`` from ``start``
    (a policy value); and whether it came from the setting."""
    if given is not None:
        return given, False
    setting = duty_setting("instruction_report_days", on=start, organ=instruction.organ)
    return start + dt.timedelta(days=setting.value), True


@dataclass(frozen=True)
class InstructInput:
    """The leader's instruction: its text and date, who acts (an organ, or a staff member and
    through them their organ), and when the report is due (the policy value when empty)."""

    text: str
    to_organ: Organ | None = None
    to_person: Person | None = None
    instructed_on: dt.date | None = None
    report_due: dt.date | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        errors: dict[str, list[ValidationError]] = {}
        for check in (
            lambda: required_text(self.text, "text"),
            lambda: day_not_future(self.instructed_on, on, "instructed_on"),
        ):
            try:
                check()
            except ValidationError as exc:
                errors.update(exc.error_dict)
        if self.to_organ is None and self.to_person is None:
            errors["to_organ"] = [ValidationError(_("请指定承办机关或承办人员。"), code="required")]
        day = self.instructed_on or on
        if self.report_due is not None and self.report_due < day:
            errors["report_due"] = [
                ValidationError(_("报告期限不能早于批示日期。"), code="before_instruction")
            ]
        if errors:
            raise ValidationError(errors)
        return {
            "text": self.text.strip(),
            "instructed_on": day.isoformat(),
            "to_organ": self.to_organ.pk if self.to_organ else None,
            "to_person": self.to_person.pk if self.to_person else None,
        }


def _organ_of_person(person: Person, wanted: Organ | None, day: dt.date) -> Organ:
    """The organ the instructed person serves in on ``day`` (``wanted`` when given)."""
    organs = [p.organ for p in positions_of_person_on(person, day)]
    if wanted is not None:
        if any(o.pk == wanted.pk for o in organs):
            return wanted
        raise error("to_person", _("该人员当日不在承办机关任职。"), "not_in_organ")
    if not organs:
        raise error("to_person", _("该人员当日未在任何机关任职。"), "no_position")
    return organs[0]


def _instruct_effect(act: Act[Instruction, InstructInput], decision: Transition) -> Outcome:
    record, data = act.subject, act.data
    day = dt.date.fromisoformat(act.values["instructed_on"])
    to_organ = data.to_organ
    if data.to_person is not None:
        to_organ = _organ_of_person(data.to_person, data.to_organ, day)
    assert to_organ is not None
    refuse_if_accused(record.matter, to_organ, data.to_person)
    due, from_setting = report_due_for(record, day, data.report_due)
    record.text = act.values["text"]
    record.instructed_on = day
    record.to_organ = to_organ
    record.to_person = data.to_person
    record.report_due = due
    record.due_from_setting = from_setting
    fields = ["text", "instructed_on", "to_organ", "to_person", "report_due", "due_from_setting"]
    return Outcome(
        details={
            "to_organ": to_organ.pk,
            "report_due": due.isoformat(),
            "due_from_setting": from_setting,
        },
        options={"fields": fields},
    )


INSTRUCT = Step(INSTRUCTION, Action.INSTRUCT, InstructInput, effect=_instruct_effect)


def instruction_instruct(
    *,
    instruction: Instruction,
    text: str,
    actor: Any,
    to_organ: Organ | None = None,
    to_person: Person | None = None,
    instructed_on: dt.date | None = None,
    report_due: dt.date | None = None,
) -> Instruction:
    """Record the leader's instruction (批示): who acts and by when the report is due
    (细则第七条第一项; 第八条第二项 when a staff member is named)."""
    data = InstructInput(
        text=text,
        to_organ=to_organ,
        to_person=to_person,
        instructed_on=instructed_on,
        report_due=report_due,
    )
    return run(INSTRUCT, instruction, organ=instruction.organ, actor=actor, data=data)


@dataclass(frozen=True)
class ReportInput:
    """The instructed organ's or person's report of how the matter was handled."""

    report: str
    reported_on: dt.date | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        text = required_text(self.report, "report")
        day = day_not_future(self.reported_on, on, "reported_on")
        return {"report": text, "reported_on": day.isoformat()}


def _report_effect(act: Act[Instruction, ReportInput], decision: Transition) -> Outcome:
    record = act.subject
    day = dt.date.fromisoformat(act.values["reported_on"])
    if record.instructed_on is not None and day < record.instructed_on:
        raise error("reported_on", _("报告日期不能早于批示日期。"), "before_instruction")
    record.report = act.values["report"]
    record.reported_on = day
    late = record.report_due is not None and day > record.report_due
    due = record.report_due.isoformat() if record.report_due else None
    return Outcome(
        details={"report_due": due, "late": late},
        options={"fields": ["report", "reported_on"]},
    )


REPORT = Step(INSTRUCTION, Action.REPORT, ReportInput, effect=_report_effect)


def instruction_report(
    *, instruction: Instruction, report: str, actor: Any, reported_on: dt.date | None = None
) -> Instruction:
    """Report how the instruction was carried out (细则第八条第二项 按规定上报办理情况), for the
    instructed organ."""
    # Before the instruction there is no instructed organ: the table refuses the step.
    organ = instruction.to_organ or instruction.organ
    data = ReportInput(report=report, reported_on=reported_on)
    return run(REPORT, instruction, organ=organ, actor=actor, data=data)


@dataclass(frozen=True)
class CloseInput:
    """The leader's note on closing (optional)."""

    note: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        note = (self.note or "").strip()
        if len(note) > TEXT_MAX:
            raise error("note", _("内容过长。"), "max_length")
        return {"note": note}


def _close_effect(act: Act[Instruction, CloseInput], decision: Transition) -> Outcome:
    act.subject.closing_note = act.values["note"]
    act.subject.closed_on = act.on
    return Outcome(options={"fields": ["closing_note", "closed_on"]})


CLOSE = Step(INSTRUCTION, Action.CLOSE, CloseInput, effect=_close_effect)


def instruction_close(*, instruction: Instruction, actor: Any, note: str = "") -> Instruction:
    """The leader is satisfied with the report: the instruction is done (跟踪督促办理)."""
    return run(CLOSE, instruction, organ=instruction.organ, actor=actor, data=CloseInput(note))


@dataclass(frozen=True)
class ReturnInput:
    """Why the report does not suffice, and the new due date (the policy value when empty)."""

    reason: str
    report_due: dt.date | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        text = required_text(self.reason, "reason")
        if self.report_due is not None and self.report_due < on:
            raise error("report_due", _("报告期限不能早于今天。"), "past")
        return {"reason": text}


def _return_effect(act: Act[Instruction, ReturnInput], decision: Transition) -> Outcome:
    record = act.subject
    due, from_setting = report_due_for(record, act.on, act.data.report_due)
    previous = {
        "report": record.report,
        "reported_on": record.reported_on.isoformat() if record.reported_on else None,
    }
    record.report = ""
    record.reported_on = None
    record.report_due = due
    record.due_from_setting = from_setting
    return Outcome(
        details={
            "previous": previous,
            "report_due": due.isoformat(),
            "due_from_setting": from_setting,
        },
        options={"fields": ["report", "reported_on", "report_due", "due_from_setting"]},
    )


RETURN = Step(INSTRUCTION, Action.RETURN, ReturnInput, effect=_return_effect)


def instruction_return(
    *, instruction: Instruction, reason: str, actor: Any, report_due: dt.date | None = None
) -> Instruction:
    """Send the report back for more work, with a new report due date."""
    data = ReturnInput(reason=reason, report_due=report_due)
    return run(RETURN, instruction, organ=instruction.organ, actor=actor, data=data)
