"""Writes of 细则第八条第四项: a staff member reports an important matter or a prominent problem
to a leader, or makes a suggestion on improving petition work; the leader acknowledges it (a
step over the ``STAFF_REPORT`` table machine)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.choices import DenialReason
from xinfang.access.policy import assert_may_act_in, log_denial
from xinfang.audit.services import audit_record
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import held_on, organ_ancestors, person_of_user
from xinfang.petitions.matters.models import Matter
from xinfang.workflow import Act, Outcome, Step, run
from xinfang.workflow.table import RecordMachine, Transition

from ..models.incidents import StaffReport, StaffReportKind, StaffReportState
from .incidents_inputs import Errors, NoteInput, choice, raise_errors, required

ACKNOWLEDGE_ACTION = "acknowledge"

STAFF_REPORT_STEPS = (
    Transition(
        ACKNOWLEDGE_ACTION,
        sources=frozenset({StaffReportState.SUBMITTED}),
        target=StaffReportState.ACKNOWLEDGED,
        refusal=gettext_lazy("该汇报已阅知。"),
        code="staff_report_acknowledged",
        entry="duties.staff_report.acknowledged",
    ),
)
STAFF_REPORT: RecordMachine[StaffReport] = RecordMachine(
    "staff_report", StaffReport, STAFF_REPORT_STEPS
)


def leaders_to_report_to(organ: Organ, day: dt.date) -> list[tuple[Person, Organ]]:
    """The leaders a staff member of ``organ`` reports to, with the organ where each serves:
    the leadership teams of the organ and of the organs above it on ``day``, nearest first."""
    chain = [organ, *reversed(organ_ancestors(organ))]
    rank = {o.pk: i for i, o in enumerate(chain)}
    positions = sorted(
        Position.objects.filter(
            held_on(day), organ_id__in=list(rank), kind__in=LEADERSHIP_POSITION_KINDS
        ).select_related("person", "organ"),
        key=lambda p: (rank[p.organ_id], LEADERSHIP_POSITION_KINDS.index(p.kind), p.pk),
    )
    found: dict[int, tuple[Person, Organ]] = {}
    for position in positions:
        found.setdefault(position.person_id, (position.person, position.organ))
    return list(found.values())


def staff_report_submit(
    *,
    organ: Organ,
    to_person: Person | None,
    kind: str,
    content: str,
    actor: Any,
    matters: Sequence[Matter] = (),
    at: dt.datetime | None = None,
) -> StaffReport:
    """A staff member of ``organ`` reports an important matter or a prominent problem to a
    leader, or makes a suggestion on improving petition work (细则第八条第四项)."""
    assert_may_act_in(actor, organ, action="duties.staff_report.submit")
    moment = at or timezone.now()
    day = timezone.localdate(moment)
    errors: Errors = {}
    choice(errors, "kind", kind, StaffReportKind.values)
    content = required(errors, "content", content)
    person = person_of_user(actor)
    to_organ: Organ | None = None
    if to_person is None:
        errors["to_person"] = [ValidationError(_("必填。"), code="required")]
    else:
        leaders = {p.pk: o for p, o in leaders_to_report_to(organ, day)}
        to_organ = leaders.get(to_person.pk)
        if to_organ is None:
            errors["to_person"] = [
                ValidationError(
                    _("只能向本单位或上级机关的领导班子成员汇报。"), code="not_a_leader"
                )
            ]
        elif person is not None and to_person.pk == person.pk:
            errors["to_person"] = [ValidationError(_("不能向本人汇报。"), code="self")]
    if person is None:
        errors["__all__"] = [ValidationError(_("该账号未关联人员，不能汇报。"), code="no_person")]
    raise_errors(errors)
    assert to_person is not None and to_organ is not None and person is not None
    with transaction.atomic():
        report = StaffReport.objects.create(
            organ=organ,
            from_person=person,
            to_person=to_person,
            to_organ=to_organ,
            kind=kind,
            content=content,
            submitted_at=moment,
        )
        report.matters.set(matters)
        audit_record(
            actor=actor,
            action="duties.staff_report.submitted",
            target=report,
            details={
                "organ": organ.pk,
                "to_person": to_person.pk,
                "to_organ": to_organ.pk,
                "kind": kind,
                "matters": sorted(m.pk for m in matters),
            },
        )
    return report


def _only_the_leader(actor: Any, report: StaffReport, organ: Any, data: NoteInput) -> None:
    """Only the leader the report was made to acknowledges it."""
    person = person_of_user(actor)
    if person is not None and person.pk == report.to_person_id:
        return
    log_denial(
        actor,
        object_type="duties.staffreport",
        object_id=report.pk,
        reason=DenialReason.OUT_OF_SCOPE,
        action="duties.staff_report.acknowledge",
    )
    raise PermissionDenied(_("只有被汇报的领导可以阅知。"))


def _acknowledge_effect(act: Act[StaffReport, NoteInput], transition: Transition) -> Outcome:
    act.subject.acknowledged_at = act.at
    act.subject.acknowledgement = act.values["note"]
    return Outcome(options={"fields": ["acknowledged_at", "acknowledgement"]})


ACKNOWLEDGE = Step(
    STAFF_REPORT,
    ACKNOWLEDGE_ACTION,
    NoteInput,
    effect=_acknowledge_effect,
    access=_only_the_leader,
)


def staff_report_acknowledge(
    *, report: StaffReport, note: str, actor: Any, at: dt.datetime | None = None
) -> StaffReport:
    """The leader reads the report and notes an opinion on it."""
    return run(ACKNOWLEDGE, report, organ=report.to_organ, actor=actor, data=NoteInput(note), at=at)
