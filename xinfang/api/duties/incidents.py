"""Endpoints of 细则第七条第三项、第八条第三、四项: incidents, their reports, handling and
escalation, and staff reports to leaders.

Thin: each endpoint reads through a chokepoint of ``xinfang.duties.selectors.incidents`` (a
logged 404 otherwise; an extreme incident answers 404 to whoever does not need it), calls one
service and renders. A step the state does not allow is a 409 with its code.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from xinfang.access.policy import access_organ_by_id, access_organ_records_by_id
from xinfang.api.paging import PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.duties.models.incidents import Incident, StaffReport
from xinfang.duties.selectors import incidents as selectors
from xinfang.duties.services import incidents as services
from xinfang.duties.services import incidents_staff as staff_services
from xinfang.orgs.models import Organ, Person
from xinfang.rules.basis import basis_strings

from .incidents_schemas import (
    AcknowledgeIn,
    IncidentActionIn,
    IncidentCloseIn,
    IncidentEscalateIn,
    IncidentFilter,
    IncidentIn,
    IncidentOut,
    IncidentReportIn,
    StaffReportFilter,
    StaffReportIn,
    StaffReportOut,
)

router = Router(tags=["duties"])


def _person(person_id: int | None, field: str) -> Person | None:
    if person_id is None:
        return None
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise ValidationError({field: [ValidationError(_("人员不存在。"), code="unknown")]})
    return person


def _organ(organ_id: int | None, field: str) -> Organ | None:
    if organ_id is None:
        return None
    organ = Organ.objects.filter(pk=organ_id).first()
    if organ is None:
        raise ValidationError({field: [ValidationError(_("机关不存在。"), code="unknown")]})
    return organ


def incident_out(incident: Incident) -> dict[str, Any]:
    actions = list(incident.actions.all())
    return {
        "id": incident.pk,
        "kind": incident.kind,
        "kind_label": str(incident.get_kind_display()),
        "state": incident.state,
        "title": incident.title,
        "description": incident.description,
        "organ_id": incident.organ_id,
        "organ_name": incident.organ.name,
        "recording_organ_id": incident.recording_organ_id,
        "occurred_at": incident.occurred_at,
        "place": incident.place,
        "place_organ_id": incident.place_organ_id,
        "people_count": incident.people_count,
        "known_at": incident.known_at,
        "known_by_id": incident.known_by_id,
        "matter_ids": sorted(incident.matters.values_list("pk", flat=True)),
        "report_clocks": [
            {
                "report": clock.name,
                "due": clock.due,
                "reported_at": clock.done_at,
                "late": clock.late,
                "overdue": clock.overdue,
                "setting": clock.setting.name,
                "hours": clock.setting.value,
                "policy": clock.setting.policy,
                "basis": basis_strings(clock.setting.basis),
            }
            for clock in selectors.report_clocks(incident)
        ],
        "reports": [
            {
                "id": r.pk,
                "made_at": r.made_at,
                "channel": r.channel,
                "to_organ_id": r.to_organ_id,
                "to_organ_name": r.to_organ.name,
                "to_person_id": r.to_person_id,
                "to_person_name": r.to_person.name if r.to_person else "",
                "content": r.content,
            }
            for r in incident.reports.select_related("to_organ", "to_person")
        ],
        "actions": [
            {"id": a.pk, "at": a.at, "what": a.what, "by_person_id": a.by_person_id}
            for a in actions
        ],
        "escalations": [
            {
                "id": e.pk,
                "at": e.at,
                "growth": e.growth,
                "what": e.what,
                "people_before": e.people_before,
                "people_after": e.people_after,
                "slow_handling": selectors.escalation_reading(
                    incident, e.at, [a.at for a in actions]
                ),
            }
            for e in incident.escalations.all()
        ],
        "allowed_steps": [str(step) for step in services.INCIDENT.allowed(incident)],
        "closed_at": incident.closed_at,
        "closing_note": incident.closing_note,
    }


def staff_report_out(report: StaffReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "organ_id": report.organ_id,
        "from_person_id": report.from_person_id,
        "from_person_name": report.from_person.name,
        "to_person_id": report.to_person_id,
        "to_person_name": report.to_person.name,
        "to_organ_id": report.to_organ_id,
        "kind": report.kind,
        "content": report.content,
        "matter_ids": sorted(report.matters.values_list("pk", flat=True)),
        "submitted_at": report.submitted_at,
        "state": report.state,
        "acknowledged_at": report.acknowledged_at,
        "acknowledgement": report.acknowledgement,
    }


# --- incidents ------------------------------------------------------------------------------


@router.get("", response={200: PageOut[IncidentOut], **READ_ERRORS}, operation_id="incident_list")
def incident_list(request: HttpRequest, filters: Query[IncidentFilter]) -> Any:
    """The incidents the user may read (an extreme incident only for those who need it)."""
    rows = selectors.incidents_visible_to(request.user)
    if filters.organ_id is not None:
        rows = rows.filter(organ_id=access_organ_records_by_id(request.user, filters.organ_id).pk)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    return page_out(rows, page=filters.page, page_size=filters.page_size, render=incident_out)


@router.post("", response={201: IncidentOut, **WRITE_ERRORS}, operation_id="incident_create")
def incident_create(request: HttpRequest, payload: IncidentIn) -> Any:
    """Record an incident (细则第七条第三项、第八条第三项); its report clocks start at
    ``known_at``."""
    organ = access_organ_records_by_id(request.user, payload.organ_id)
    recording = access_organ_by_id(request.user, payload.recording_organ_id)
    place = _organ(payload.place_organ_id, "place_organ_id")
    incident = services.incident_record(
        organ=organ,
        recording_organ=recording,
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        occurred_at=payload.occurred_at,
        place=payload.place,
        place_organ=place,
        people_count=payload.people_count,
        known_at=payload.known_at,
        known_by=_person(payload.known_by_id, "known_by_id"),
        matters=selectors.readable_matters(request.user, payload.matter_ids),
        actor=request.user,
    )
    return Status(201, incident_out(incident))


@router.get(
    "/{int:incident_id}", response={200: IncidentOut, **READ_ERRORS}, operation_id="incident_detail"
)
def incident_detail(request: HttpRequest, incident_id: int) -> Any:
    return incident_out(selectors.access_incident_by_id(request.user, incident_id))


def _acting(request: HttpRequest, incident_id: int, action: str) -> tuple[Incident, Organ]:
    incident = selectors.access_incident_by_id(request.user, incident_id, action=action)
    return incident, selectors.acting_organ(request.user, incident) or incident.organ


@router.post(
    "/{int:incident_id}/reports",
    response={201: IncidentOut, **WRITE_ERRORS},
    operation_id="incident_report",
)
def incident_report(request: HttpRequest, incident_id: int, payload: IncidentReportIn) -> Any:
    """Record a report made on the incident (细则第八条第三项: 及时处理并报告)."""
    incident, organ = _acting(request, incident_id, "duties.incident.report")
    incident = services.incident_report(
        incident=incident,
        organ=organ,
        made_at=payload.made_at,
        channel=payload.channel,
        content=payload.content,
        to_organ=_organ(payload.to_organ_id, "to_organ_id"),
        to_person=_person(payload.to_person_id, "to_person_id"),
        actor=request.user,
    )
    return Status(201, incident_out(incident))


@router.post(
    "/{int:incident_id}/actions",
    response={201: IncidentOut, **WRITE_ERRORS},
    operation_id="incident_action",
)
def incident_action(request: HttpRequest, incident_id: int, payload: IncidentActionIn) -> Any:
    """Record a handling step (细则第七条第三项: 及时妥善处置)."""
    incident, organ = _acting(request, incident_id, "duties.incident.act")
    incident = services.incident_act(
        incident=incident, organ=organ, at=payload.at, what=payload.what, actor=request.user
    )
    return Status(201, incident_out(incident))


@router.post(
    "/{int:incident_id}/escalations",
    response={201: IncidentOut, **WRITE_ERRORS},
    operation_id="incident_escalate",
)
def incident_escalate(request: HttpRequest, incident_id: int, payload: IncidentEscalateIn) -> Any:
    """Record that the incident grew (细则第十一条第一款第四项: 导致事态扩大)."""
    incident, organ = _acting(request, incident_id, "duties.incident.escalate")
    incident = services.incident_escalate(
        incident=incident,
        organ=organ,
        at=payload.at,
        growth=payload.growth,
        what=payload.what,
        people_after=payload.people_after,
        actor=request.user,
    )
    return Status(201, incident_out(incident))


@router.post(
    "/{int:incident_id}/close",
    response={200: IncidentOut, **WRITE_ERRORS},
    operation_id="incident_close",
)
def incident_close(request: HttpRequest, incident_id: int, payload: IncidentCloseIn) -> Any:
    """End the handling, saying how it ended (only once a handling step is recorded)."""
    incident, organ = _acting(request, incident_id, "duties.incident.close")
    return incident_out(
        services.incident_close(
            incident=incident, organ=organ, note=payload.note, actor=request.user
        )
    )


# --- staff reports (第八条第四项) --------------------------------------------------------------


@router.get(
    "/staff-reports",
    response={200: PageOut[StaffReportOut], **READ_ERRORS},
    operation_id="staff_report_list",
)
def staff_report_list(request: HttpRequest, filters: Query[StaffReportFilter]) -> Any:
    """Staff reports the user made, received, or leads the author's organ."""
    rows = selectors.staff_reports_visible_to(request.user)
    if filters.state:
        rows = rows.filter(state=filters.state)
    return page_out(rows, page=filters.page, page_size=filters.page_size, render=staff_report_out)


@router.post(
    "/staff-reports",
    response={201: StaffReportOut, **WRITE_ERRORS},
    operation_id="staff_report_create",
)
def staff_report_create(request: HttpRequest, payload: StaffReportIn) -> Any:
    """Report an important matter or a prominent problem to a leader, or make a suggestion
    (细则第八条第四项)."""
    organ = access_organ_by_id(request.user, payload.organ_id)
    report = staff_services.staff_report_submit(
        organ=organ,
        to_person=_person(payload.to_person_id, "to_person_id"),
        kind=payload.kind,
        content=payload.content,
        matters=selectors.readable_matters(request.user, payload.matter_ids),
        actor=request.user,
        at=timezone.now(),
    )
    return Status(201, staff_report_out(report))


@router.get(
    "/staff-reports/{int:report_id}",
    response={200: StaffReportOut, **READ_ERRORS},
    operation_id="staff_report_detail",
)
def staff_report_detail(request: HttpRequest, report_id: int) -> Any:
    return staff_report_out(selectors.access_staff_report_by_id(request.user, report_id))


@router.post(
    "/staff-reports/{int:report_id}/acknowledge",
    response={200: StaffReportOut, **WRITE_ERRORS},
    operation_id="staff_report_acknowledge",
)
def staff_report_acknowledge(request: HttpRequest, report_id: int, payload: AcknowledgeIn) -> Any:
    """The leader the report was made to reads it and notes an opinion."""
    report = selectors.access_staff_report_by_id(request.user, report_id, action="acknowledge")
    return staff_report_out(
        staff_services.staff_report_acknowledge(
            report=report, note=payload.note, actor=request.user
        )
    )
