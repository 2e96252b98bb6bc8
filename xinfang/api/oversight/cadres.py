"""Endpoints of the oversight part ``cadres`` (细则第十条第二款、第十八条), under
``/api/oversight/cadres``.

Thin: each endpoint reads through a chokepoint (a request: only the requesting organization
department and the answering petition office; a person's record:
``access_accountability_record``), calls one service and renders. A refusal is a 409 with its
basis, bad input a 422 by field, acting outside one's own organ a 403, anything out of reach a
404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from xinfang.accountability.selectors import access_accountability_record
from xinfang.api.paging import PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import organs_of_user
from xinfang.oversight.models.cadres import CadreOpinionRequest
from xinfang.oversight.selectors import cadres as selectors
from xinfang.oversight.selectors import cadres_record as records
from xinfang.oversight.selectors.cadres_figures import accountability_rows, measure_labels
from xinfang.oversight.selectors.cadres_text import figure_sections, outcome_label
from xinfang.oversight.services import cadres as services
from xinfang.rules.basis import basis_strings, rules

from .cadres_schemas import (
    CadreOpinionIn,
    CadreRequestFilter,
    CadreRequestIn,
    CadreRequestOut,
    LeaderFilter,
    LeaderOut,
    PersonRecordOut,
    RecordFilter,
    RefuseIn,
)

router = Router(tags=["oversight"])


def _ref(thing: Organ | Person) -> dict[str, Any]:
    return {"id": thing.pk, "name": thing.name}


def request_out(request: HttpRequest, row: CadreOpinionRequest) -> dict[str, Any]:
    today = timezone.localdate()
    leader = selectors.is_office_leader(request.user, row.office, today)
    ids = {organ.pk for organ in organs_of_user(request.user)}
    return {
        "id": row.pk,
        "requester": _ref(row.requester),
        "office": _ref(row.office),
        "person": _ref(row.person),
        "purpose": row.purpose,
        "purpose_label": str(row.get_purpose_display()),
        "purpose_note": row.purpose_note,
        "period_start": row.period_start,
        "period_end": row.period_end,
        "requested_on": row.requested_on,
        "due": row.due,
        "overdue": row.is_overdue(today),
        "state": row.state,
        "state_label": str(row.get_state_display()),
        "basis": basis_strings((rules(10, 2),)),
        "figures": row.figures,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "basis": s.basis,
                "lines": [(str(label), str(value)) for label, value in s.lines],
                "empty": s.empty,
            }
            for s in (figure_sections(row.figures) if row.figures else [])
        ],
        "generated_at": row.generated_at,
        "opinion": row.opinion,
        "signed_by": _ref(row.signed_by) if row.signed_by else None,
        "signed_at": row.signed_at,
        "refusal_reason": row.refusal_reason,
        "refused_on": row.refused_on,
        "read_at": row.read_at,
        "steps": services.steps_open_to(row, ids, leader=leader),
    }


def _department(request: HttpRequest, department_id: int) -> Organ:
    """One of the user's organization departments, or 422."""
    for organ in selectors.departments_of_user(request.user):
        if organ.pk == department_id:
            return organ
    raise ValidationError(
        {"department_id": [ValidationError(_("不是您所在的组织部门。"), code="not_own_department")]}
    )


@router.get(
    "/requests",
    response={200: PageOut[CadreRequestOut], **READ_ERRORS},
    operation_id="cadre_request_list",
)
def request_list(request: HttpRequest, filters: Query[CadreRequestFilter]) -> Any:
    """The requests the user may read (those of the user's organization department or petition
    office, never one about the user), newest first."""
    rows = selectors.cadre_requests_for(request.user)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.side:
        ids = [organ.pk for organ in organs_of_user(request.user)]
        field = "office_id__in" if filters.side == "incoming" else "requester_id__in"
        rows = rows.filter(**{field: ids})
    return page_out(
        rows,
        page=filters.page,
        page_size=filters.page_size,
        render=lambda row: request_out(request, row),
    )


@router.post(
    "/requests",
    response={201: CadreRequestOut, **WRITE_ERRORS},
    operation_id="cadre_request_create",
)
def request_create(request: HttpRequest, payload: CadreRequestIn) -> Any:
    """The organization department asks the petition office of its level about a leader
    (细则第十条第二款)."""
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError({"person_id": [ValidationError(_("人员不存在。"), code="unknown")]})
    row = services.cadre_request_create(
        requester=_department(request, payload.department_id),
        person=person,
        purpose=payload.purpose,
        purpose_note=payload.purpose_note,
        due=payload.due,
        period_start=payload.period_start,
        period_end=payload.period_end,
        actor=request.user,
    )
    return Status(201, request_out(request, row))


@router.get(
    "/requests/{int:request_id}",
    response={200: CadreRequestOut, **READ_ERRORS},
    operation_id="cadre_request_detail",
)
def request_detail(request: HttpRequest, request_id: int) -> Any:
    """One request; the requesting department's reading of an answer is recorded."""
    row = selectors.access_cadre_request_by_id(request.user, request_id)
    if row.requester_id in {organ.pk for organ in organs_of_user(request.user)}:
        row = services.cadre_request_mark_read(request=row, actor=request.user)
    return request_out(request, row)


@router.post(
    "/requests/{int:request_id}/draft",
    response={200: CadreRequestOut, **WRITE_ERRORS},
    operation_id="cadre_request_draft",
)
def request_draft(request: HttpRequest, request_id: int) -> Any:
    """The office drafts the opinion from the system's records (again, while unsigned)."""
    row = selectors.access_cadre_request_by_id(request.user, request_id, action="draft")
    return request_out(request, services.cadre_request_draft(request=row, actor=request.user))


@router.put(
    "/requests/{int:request_id}/opinion",
    response={200: CadreRequestOut, **WRITE_ERRORS},
    operation_id="cadre_request_edit",
)
def request_edit(request: HttpRequest, request_id: int, payload: CadreOpinionIn) -> Any:
    """The text of the drafted opinion."""
    row = selectors.access_cadre_request_by_id(request.user, request_id, action="edit")
    row = services.cadre_request_edit(request=row, opinion=payload.opinion, actor=request.user)
    return request_out(request, row)


@router.post(
    "/requests/{int:request_id}/sign",
    response={200: CadreRequestOut, **WRITE_ERRORS},
    operation_id="cadre_request_sign",
)
def request_sign(request: HttpRequest, request_id: int) -> Any:
    """A leader of the office signs; the opinion is delivered to the department."""
    row = selectors.access_cadre_request_by_id(request.user, request_id, action="sign")
    return request_out(request, services.cadre_request_sign(request=row, actor=request.user))


@router.post(
    "/requests/{int:request_id}/refuse",
    response={200: CadreRequestOut, **WRITE_ERRORS},
    operation_id="cadre_request_refuse",
)
def request_refuse(request: HttpRequest, request_id: int, payload: RefuseIn) -> Any:
    """The office declines to give an opinion, saying why."""
    row = selectors.access_cadre_request_by_id(request.user, request_id, action="refuse")
    row = services.cadre_request_refuse(request=row, reason=payload.reason, actor=request.user)
    return request_out(request, row)


@router.get(
    "/leaders",
    response={200: PageOut[LeaderOut], **READ_ERRORS},
    operation_id="cadre_leader_search",
)
def leader_search(request: HttpRequest, filters: Query[LeaderFilter]) -> Any:
    """The leaders the user's organization department may ask about, by name or organ."""
    department = _department(request, filters.department_id)
    positions = selectors.leaders_named(department, timezone.localdate(), filters.q)
    return page_out(
        positions,
        page=filters.page,
        page_size=filters.page_size,
        render=lambda p: {
            "person": _ref(p.person),
            "organ": _ref(p.organ),
            "kind": p.kind,
            "title": p.title,
        },
    )


# --- 细则第十八条 ------------------------------------------------------------------------------


def _record_out(request: HttpRequest, person: Person, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "person": _ref(person),
        "decisions": [
            {
                **row,
                "measure_labels": measure_labels(row),
                "rectification": {
                    **row["rectification"],
                    "outcome_label": outcome_label(row["rectification"]["outcome"]),
                },
            }
            for row in rows
        ],
        "notices": [
            {"to_organ": _ref(n.to_organ), "role": n.role, "created_at": n.created_at}
            for n in records.person_notices(request.user, person)
        ],
    }


@router.get(
    "/records",
    response={200: PageOut[PersonRecordOut], **READ_ERRORS},
    operation_id="cadre_record_list",
)
def record_list(request: HttpRequest, filters: Query[RecordFilter]) -> Any:
    """被追究信访工作责任人员: the persons whose record the user's organization or personnel
    department may read, with their decided measures (of ``year``, of ``measure``)."""
    persons = records.record_persons(
        request.user, timezone.localdate(), year=filters.year, measure=filters.measure or ""
    )
    return page_out(
        persons,
        page=filters.page,
        page_size=filters.page_size,
        render=lambda p: _record_out(request, p.person, p.rows),
    )


@router.get(
    "/records/{int:person_id}",
    response={200: PersonRecordOut, **READ_ERRORS},
    operation_id="cadre_person_record",
)
def person_record(request: HttpRequest, person_id: int) -> Any:
    """One person's accountability record with the rectification outcomes (细则第十八条)."""
    person = access_accountability_record(request.user, person_id)
    return _record_out(request, person, accountability_rows(person, timezone.localdate()))
