"""Endpoints of 细则第六条 (supervision, coordination) and 第五条第二款 (vertical systems).

Issuing and replying to a supervision order are steps on the matter
(``POST /api/matters/{id}/supervision-orders``, ``…/{order_id}/reply``); here the orders are
listed across matters, and coordinations of important problems recorded and their tasks done.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from xinfang.access.policy import access_organ_by_id, visible, visible_organs
from xinfang.api.matters.support import supervision_out
from xinfang.api.paging import PageIn, PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.duties.models import Coordination, CoordinationAssignment
from xinfang.duties.selectors import supervision as selectors
from xinfang.duties.services import supervision as services
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import Matter, SupervisionOrder
from xinfang.rules.basis import basis_strings, rules

from .supervision_schemas import (
    CoordinationIn,
    CoordinationOut,
    DoneIn,
    SupervisionOrderFilter,
    SupervisionOrderRowOut,
)

router = Router(tags=["duties"])


def _organ(organ: Organ) -> dict[str, Any]:
    return {"id": organ.pk, "name": organ.name}


def order_out(order: SupervisionOrder, today: dt.date) -> dict[str, Any]:
    return {
        **supervision_out(order),
        "matter_summary": order.matter.summary,
        "overdue": order.replied_at is None and order.reply_due < today,
    }


def assignment_out(task: CoordinationAssignment, today: dt.date) -> dict[str, Any]:
    return {
        "id": task.pk,
        "organ": _organ(task.organ),
        "task": task.task,
        "due": task.due,
        "done_at": task.done_at,
        "done_note": task.done_note,
        "overdue": task.done_at is None and task.due < today,
        "steps": services.ASSIGNMENT.allowed(task),
    }


def coordination_out(c: Coordination) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "id": c.pk,
        "convening_organ": _organ(c.convening_organ),
        "held_on": c.held_on,
        "meeting": c.meeting,
        "issue": c.issue,
        "outcome": c.outcome,
        "organs": [_organ(o) for o in c.organs.order_by("path")],
        "matter_ids": sorted(c.matters.values_list("pk", flat=True)),
        "assignments": [
            assignment_out(a, today) for a in c.assignments.select_related("organ").order_by("id")
        ],
        "basis": basis_strings([rules(6)]),
    }


@router.get(
    "/orders",
    response={200: PageOut[SupervisionOrderRowOut], **READ_ERRORS},
    operation_id="supervision_order_list",
)
def supervision_order_list(request: HttpRequest, filters: Query[SupervisionOrderFilter]) -> Any:
    """Supervision orders the user may read (its organ's, its territory's, its vertical
    system's), newest first; never one on a matter that accuses the user."""
    organ = (
        access_organ_by_id(request.user, filters.organ_id) if filters.organ_id is not None else None
    )
    orders = selectors.supervision_orders(request.user, organ=organ, open_only=bool(filters.open))
    if filters.level:
        orders = orders.filter(level=filters.level)
    if filters.subject:
        orders = orders.filter(subject=filters.subject)
    today = timezone.localdate()
    return page_out(
        orders,
        page=filters.page,
        page_size=filters.page_size,
        render=lambda o: order_out(o, today),
    )


@router.get(
    "/coordinations",
    response={200: PageOut[CoordinationOut], **READ_ERRORS},
    operation_id="coordination_list",
)
def coordination_list(request: HttpRequest, paging: Query[PageIn]) -> Any:
    """Coordinations of important problems the user may read (convened by or taking part)."""
    return page_out(
        selectors.coordinations(request.user),
        page=paging.page,
        page_size=paging.page_size,
        render=coordination_out,
    )


def _named(rows: Any, ids: list[int], field: str) -> list[Any]:
    """The rows of ``ids`` among ``rows`` (the user's to name), or a 422 on ``field``."""
    found = list(rows.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({field: [ValidationError(_("未找到。"), code="not_found")]})
    return found


@router.post(
    "/coordinations",
    response={201: CoordinationOut, **WRITE_ERRORS},
    operation_id="coordination_record",
)
def coordination_record(request: HttpRequest, payload: CoordinationIn) -> Any:
    """Record a coordination convened by the user's petition office (细则第六条: 协调处理重要
    信访问题): organs taking part, matters, what was agreed, and tasks with due dates."""
    convening = access_organ_by_id(request.user, payload.organ_id)
    organs = _named(visible_organs(request.user), payload.organ_ids, "organ_ids")
    matters = _named(visible(request.user, Matter.objects.all()), payload.matter_ids, "matter_ids")
    by_id = {o.pk: o for o in organs}
    coordination = services.coordination_record(
        convening_organ=convening,
        held_on=payload.held_on,
        meeting=payload.meeting,
        issue=payload.issue,
        outcome=payload.outcome,
        organs=organs,
        matters=matters,
        assignments=[
            services.AssignmentInput(organ=by_id.get(a.organ_id), task=a.task, due=a.due)
            for a in payload.assignments
        ],
        actor=request.user,
    )
    return Status(201, coordination_out(coordination))


@router.get(
    "/coordinations/{coordination_id}",
    response={200: CoordinationOut, **READ_ERRORS},
    operation_id="coordination_detail",
)
def coordination_detail(request: HttpRequest, coordination_id: int) -> Any:
    return coordination_out(selectors.access_coordination_by_id(request.user, coordination_id))


@router.post(
    "/assignments/{assignment_id}/done",
    response={200: CoordinationOut, **WRITE_ERRORS},
    operation_id="coordination_assignment_done",
)
def coordination_assignment_done(request: HttpRequest, assignment_id: int, payload: DoneIn) -> Any:
    """The organ given a task records it done (its own staff only; once)."""
    task = selectors.access_assignment_by_id(request.user, assignment_id)
    services.coordination_assignment_done(assignment=task, note=payload.note, actor=request.user)
    return coordination_out(Coordination.objects.get(pk=task.coordination_id))
