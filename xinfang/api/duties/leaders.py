"""Endpoints of 细则第七条、第八条第二项: instructions (阅批、批办交办), receptions and field visits
(接访下访) with each leader's count against the norm, case ownership (包案).

Thin: each endpoint reads through a chokepoint (a logged 404 otherwise), calls one service and
renders; ``allowed`` lists the steps the record's state allows now.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from xinfang.access.policy import access_organ_records_by_id
from xinfang.api.paging import PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.duties.models.leaders import CaseOwnership, Instruction, Reception
from xinfang.duties.selectors import SettingValue
from xinfang.duties.selectors import leaders as selectors
from xinfang.duties.services import leaders as instructions
from xinfang.duties.services import leaders_ownership as ownerships
from xinfang.duties.services import leaders_receptions as receptions
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.selectors import access_matter_by_id
from xinfang.rules.basis import basis_strings

from .leaders_schemas import (
    HeldIn,
    InstructIn,
    InstructionCloseIn,
    InstructionFilter,
    InstructionIn,
    InstructionOut,
    InstructionReportIn,
    LeaderNormFilter,
    LeaderNormOut,
    MilestoneDoneIn,
    MilestoneIn,
    NoteIn,
    NotHeldIn,
    OwnershipFilter,
    OwnershipIn,
    OwnershipOut,
    ReceptionFilter,
    ReceptionIn,
    ReceptionOut,
    ResolveIn,
    ReturnIn,
)

router = Router(tags=["duties"])


def _known(model: type[Any], pk: int | None, field: str) -> Any:
    """The row of ``pk`` (None for None), or a 422 naming ``field``."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [ValidationError(_("不存在。"), code="unknown")]})
    return found


def _matters(request: HttpRequest, ids: list[int]) -> list[Matter]:
    return [access_matter_by_id(request.user, pk) for pk in ids]


def setting_out(setting: SettingValue) -> dict[str, Any]:
    return {
        "name": setting.name,
        "value": setting.value,
        "origin": setting.origin,
        "label": str(setting.label),
        "basis": basis_strings(setting.basis),
    }


# --- instructions ---------------------------------------------------------------------------


def instruction_out(r: Instruction) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "id": r.pk,
        "organ_id": r.organ_id,
        "organ_name": r.organ.name,
        "by_organ_id": r.by_organ_id,
        "leader_id": r.leader_id,
        "leader_name": r.leader.name,
        "matter_id": r.matter_id,
        "title": r.title,
        "put_before_on": r.put_before_on,
        "state": r.state,
        "state_label": str(r.get_state_display()),
        "text": r.text,
        "instructed_on": r.instructed_on,
        "to_organ_id": r.to_organ_id,
        "to_person_id": r.to_person_id,
        "report_due": r.report_due,
        "due_from_setting": r.due_from_setting,
        "report_overdue": r.report_overdue(today),
        "report": r.report,
        "reported_on": r.reported_on,
        "closing_note": r.closing_note,
        "closed_on": r.closed_on,
        "allowed": instructions.INSTRUCTION.allowed(r),
    }


@router.get(
    "/instructions",
    response={200: PageOut[InstructionOut], **READ_ERRORS},
    operation_id="instruction_list",
)
def instruction_list(request: HttpRequest, filters: Query[InstructionFilter]) -> Any:
    """Instructions the user may read (the leader's organ's and the instructed organ's)."""
    rows = selectors.instructions_for(request.user)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.organ_id:
        rows = rows.filter(Q(organ_id=filters.organ_id) | Q(to_organ_id=filters.organ_id))
    return page_out(rows, page=filters.page, page_size=filters.page_size, render=instruction_out)


@router.post(
    "/instructions",
    response={201: InstructionOut, **WRITE_ERRORS},
    operation_id="instruction_put_before",
)
def instruction_put_before(request: HttpRequest, payload: InstructionIn) -> Any:
    """Put a letter, an online petition or a task before a leader (阅批)."""
    organ = _known(Organ, payload.organ_id, "organ_id")
    by = access_organ_records_by_id(request.user, payload.by_organ_id or payload.organ_id)
    matter = access_matter_by_id(request.user, payload.matter_id) if payload.matter_id else None
    record = instructions.instruction_put_before(
        organ=organ,
        by_organ=by,
        leader=_known(Person, payload.leader_id, "leader_id"),
        title=payload.title,
        matter=matter,
        put_before_on=payload.put_before_on,
        actor=request.user,
    )
    return Status(201, instruction_out(record))


@router.get(
    "/instructions/{record_id}",
    response={200: InstructionOut, **READ_ERRORS},
    operation_id="instruction_detail",
)
def instruction_detail(request: HttpRequest, record_id: int) -> Any:
    return instruction_out(selectors.access_instruction_by_id(request.user, record_id))


@router.post(
    "/instructions/{record_id}/instruct",
    response={200: InstructionOut, **WRITE_ERRORS},
    operation_id="instruction_instruct",
)
def instruction_instruct(request: HttpRequest, record_id: int, payload: InstructIn) -> Any:
    """The leader's instruction: who acts (an organ, or a staff member) and by when the report
    is due (细则第七条第一项、第八条第二项)."""
    record = selectors.access_instruction_by_id(request.user, record_id, action="instruct")
    done = instructions.instruction_instruct(
        instruction=record,
        text=payload.text,
        to_organ=_known(Organ, payload.to_organ_id, "to_organ_id"),
        to_person=_known(Person, payload.to_person_id, "to_person_id"),
        instructed_on=payload.instructed_on,
        report_due=payload.report_due,
        actor=request.user,
    )
    return instruction_out(done)


@router.post(
    "/instructions/{record_id}/report",
    response={200: InstructionOut, **WRITE_ERRORS},
    operation_id="instruction_report",
)
def instruction_report(request: HttpRequest, record_id: int, payload: InstructionReportIn) -> Any:
    record = selectors.access_instruction_by_id(request.user, record_id, action="report")
    done = instructions.instruction_report(
        instruction=record,
        report=payload.report,
        reported_on=payload.reported_on,
        actor=request.user,
    )
    return instruction_out(done)


@router.post(
    "/instructions/{record_id}/close",
    response={200: InstructionOut, **WRITE_ERRORS},
    operation_id="instruction_close",
)
def instruction_close(request: HttpRequest, record_id: int, payload: InstructionCloseIn) -> Any:
    record = selectors.access_instruction_by_id(request.user, record_id, action="close")
    done = instructions.instruction_close(instruction=record, note=payload.note, actor=request.user)
    return instruction_out(done)


@router.post(
    "/instructions/{record_id}/return",
    response={200: InstructionOut, **WRITE_ERRORS},
    operation_id="instruction_return",
)
def instruction_return(request: HttpRequest, record_id: int, payload: ReturnIn) -> Any:
    record = selectors.access_instruction_by_id(request.user, record_id, action="return")
    done = instructions.instruction_return(
        instruction=record, reason=payload.reason, report_due=payload.report_due, actor=request.user
    )
    return instruction_out(done)


# --- receptions -----------------------------------------------------------------------------


def reception_out(r: Reception) -> dict[str, Any]:
    return {
        "id": r.pk,
        "organ_id": r.organ_id,
        "leader_id": r.leader_id,
        "leader_name": r.leader.name,
        "kind": r.kind,
        "scheduled_on": r.scheduled_on,
        "place": r.place,
        "topic": r.topic,
        "state": r.state,
        "visitors": r.visitors,
        "note": r.note,
        "matter_ids": sorted(r.matters.values_list("pk", flat=True)),
        "allowed": receptions.RECEPTION.allowed(r),
    }


@router.get(
    "/receptions",
    response={200: PageOut[ReceptionOut], **READ_ERRORS},
    operation_id="reception_list",
)
def reception_list(request: HttpRequest, filters: Query[ReceptionFilter]) -> Any:
    """Published receptions and field visits, by date (信访工作条例(2022)第十八条)."""
    rows = selectors.receptions_for(request.user)
    if filters.organ_id:
        rows = rows.filter(organ_id=filters.organ_id)
    if filters.year:
        rows = rows.filter(scheduled_on__year=filters.year)
    return page_out(rows, page=filters.page, page_size=filters.page_size, render=reception_out)


@router.post(
    "/receptions", response={201: ReceptionOut, **WRITE_ERRORS}, operation_id="reception_schedule"
)
def reception_schedule(request: HttpRequest, payload: ReceptionIn) -> Any:
    organ = access_organ_records_by_id(request.user, payload.organ_id)
    record = receptions.reception_schedule(
        organ=organ,
        leader=_known(Person, payload.leader_id, "leader_id"),
        kind=payload.kind,
        scheduled_on=payload.scheduled_on,
        place=payload.place,
        topic=payload.topic,
        actor=request.user,
    )
    return Status(201, reception_out(record))


@router.get(
    "/receptions/{record_id}",
    response={200: ReceptionOut, **READ_ERRORS},
    operation_id="reception_detail",
)
def reception_detail(request: HttpRequest, record_id: int) -> Any:
    return reception_out(selectors.access_reception_by_id(request.user, record_id))


@router.post(
    "/receptions/{record_id}/held",
    response={200: ReceptionOut, **WRITE_ERRORS},
    operation_id="reception_record_held",
)
def reception_record_held(request: HttpRequest, record_id: int, payload: HeldIn) -> Any:
    record = selectors.access_reception_by_id(request.user, record_id, action="hold")
    done = receptions.reception_record_held(
        reception=record,
        visitors=payload.visitors,
        note=payload.note,
        matters=_matters(request, payload.matter_ids),
        actor=request.user,
    )
    return reception_out(done)


@router.post(
    "/receptions/{record_id}/not-held",
    response={200: ReceptionOut, **WRITE_ERRORS},
    operation_id="reception_record_not_held",
)
def reception_record_not_held(request: HttpRequest, record_id: int, payload: NotHeldIn) -> Any:
    record = selectors.access_reception_by_id(request.user, record_id, action="cancel")
    done = receptions.reception_record_not_held(
        reception=record, reason=payload.reason, actor=request.user
    )
    return reception_out(done)


@router.get(
    "/norms", response={200: PageOut[LeaderNormOut], **READ_ERRORS}, operation_id="leader_norm_list"
)
def leader_norm_list(request: HttpRequest, filters: Query[LeaderNormFilter]) -> Any:
    """Each leader of the organ: sessions held in the year against the norm (细则第七条第一项)."""
    organ = access_organ_records_by_id(request.user, filters.organ_id)
    today = timezone.localdate()
    norms = selectors.leader_norms(organ, filters.year or today.year, today)

    def render(n: selectors.LeaderNorm) -> dict[str, Any]:
        return {
            "person_id": n.person.pk,
            "name": n.person.name,
            "kind": n.kind,
            "held": n.held,
            "expected": n.expected,
            "below": n.below,
            "setting": setting_out(n.setting),
        }

    return page_out(norms, page=filters.page, page_size=filters.page_size, render=render)


# --- case ownership -------------------------------------------------------------------------


def ownership_out(o: CaseOwnership, today: dt.date | None = None) -> dict[str, Any]:
    day = today or timezone.localdate()
    return {
        "id": o.pk,
        "organ_id": o.organ_id,
        "leader_id": o.leader_id,
        "leader_name": o.leader.name,
        "title": o.title,
        "description": o.description,
        "plan": o.plan,
        "matter_ids": sorted(o.matters.values_list("pk", flat=True)),
        "assigned_by_id": o.assigned_by_id,
        "assigned_on": o.assigned_on,
        "state": o.state,
        "last_progress_on": o.last_progress_on,
        "stalled": selectors.is_stalled(o, day),
        "resolution": o.resolution,
        "resolved_on": o.resolved_on,
        "milestones": [
            {"id": m.pk, "title": m.title, "due": m.due, "done_on": m.done_on}
            for m in o.milestones.all()
        ],
        "notes": [{"id": n.pk, "on": n.on, "text": n.text} for n in o.notes.all()],
        "allowed": ownerships.OWNERSHIP.allowed(o),
    }


@router.get(
    "/ownerships",
    response={200: PageOut[OwnershipOut], **READ_ERRORS},
    operation_id="ownership_list",
)
def ownership_list(request: HttpRequest, filters: Query[OwnershipFilter]) -> Any:
    """Case ownerships (包案) the user may read; ``stalled`` those with the principal leader."""
    today = timezone.localdate()
    rows = selectors.ownerships_for(request.user)
    if filters.organ_id:
        rows = rows.filter(organ_id=filters.organ_id)
    if filters.stalled is not None:
        stalled = selectors.stalled(rows, today).values("pk")
        rows = rows.filter(pk__in=stalled) if filters.stalled else rows.exclude(pk__in=stalled)
    return page_out(rows, page=filters.page, page_size=filters.page_size, render=ownership_out)


@router.post(
    "/ownerships", response={201: OwnershipOut, **WRITE_ERRORS}, operation_id="ownership_assign"
)
def ownership_assign(request: HttpRequest, payload: OwnershipIn) -> Any:
    organ = access_organ_records_by_id(request.user, payload.organ_id)
    record = ownerships.ownership_assign(
        organ=organ,
        leader=_known(Person, payload.leader_id, "leader_id"),
        title=payload.title,
        description=payload.description,
        plan=payload.plan,
        matters=_matters(request, payload.matter_ids),
        assigned_by=_known(Person, payload.assigned_by_id, "assigned_by_id"),
        assigned_on=payload.assigned_on,
        actor=request.user,
    )
    return Status(201, ownership_out(record))


@router.get(
    "/ownerships/{record_id}",
    response={200: OwnershipOut, **READ_ERRORS},
    operation_id="ownership_detail",
)
def ownership_detail(request: HttpRequest, record_id: int) -> Any:
    return ownership_out(selectors.access_ownership_by_id(request.user, record_id))


@router.post(
    "/ownerships/{record_id}/notes",
    response={200: OwnershipOut, **WRITE_ERRORS},
    operation_id="ownership_note",
)
def ownership_note(request: HttpRequest, record_id: int, payload: NoteIn) -> Any:
    record = selectors.access_ownership_by_id(request.user, record_id, action="note")
    done = ownerships.ownership_note(
        ownership=record, text=payload.text, on=payload.on, actor=request.user
    )
    return ownership_out(done)


@router.post(
    "/ownerships/{record_id}/milestones",
    response={200: OwnershipOut, **WRITE_ERRORS},
    operation_id="ownership_milestone_add",
)
def ownership_milestone_add(request: HttpRequest, record_id: int, payload: MilestoneIn) -> Any:
    record = selectors.access_ownership_by_id(request.user, record_id, action="milestone")
    done = ownerships.ownership_add_milestone(
        ownership=record, title=payload.title, due=payload.due, actor=request.user
    )
    return ownership_out(done)


@router.post(
    "/ownerships/{record_id}/milestones/{milestone_id}/done",
    response={200: OwnershipOut, **WRITE_ERRORS},
    operation_id="ownership_milestone_done",
)
def ownership_milestone_done(
    request: HttpRequest, record_id: int, milestone_id: int, payload: MilestoneDoneIn
) -> Any:
    record = selectors.access_ownership_by_id(request.user, record_id, action="milestone_done")
    done = ownerships.ownership_milestone_done(
        ownership=record, milestone_id=milestone_id, done_on=payload.done_on, actor=request.user
    )
    return ownership_out(done)


@router.post(
    "/ownerships/{record_id}/resolve",
    response={200: OwnershipOut, **WRITE_ERRORS},
    operation_id="ownership_resolve",
)
def ownership_resolve(request: HttpRequest, record_id: int, payload: ResolveIn) -> Any:
    record = selectors.access_ownership_by_id(request.user, record_id, action="resolve")
    done = ownerships.ownership_resolve(
        ownership=record, resolution=payload.resolution, actor=request.user
    )
    return ownership_out(done)
