"""After and over the handling: follow-up visits (回访) and supervision orders (督办)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from xinfang.api.responses import WRITE_ERRORS
from xinfang.petitions.matters import services
from xinfang.petitions.matters.models import SupervisionOrder

from . import schemas as s
from .routers import access_matter, router
from .support import (
    acting_organ,
    field_error,
    organ_by_id,
    service_input,
    supervision_out,
)
from .support import follow_up_out as _follow_up_out


@router.post(
    "/{matter_id}/follow-up",
    response={201: s.FollowUpOut, **WRITE_ERRORS},
    operation_id="matter_follow_up",
)
def matter_follow_up(request: HttpRequest, matter_id: int, payload: s.FollowUpIn) -> Any:
    """Record a follow-up visit (回访) after the opinion."""
    matter = access_matter(request, matter_id, "matter.follow_up")
    with service_input():
        follow_up = services.matter_follow_up(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            method=payload.method,
            notes=payload.notes,
            satisfaction=payload.satisfaction or "",
            actor=request.user,
        )
    return Status(201, _follow_up_out(follow_up))


@router.post(
    "/{matter_id}/supervision-orders",
    response={201: s.SupervisionOrderOut, **WRITE_ERRORS},
    operation_id="supervision_order_issue",
)
def supervision_order_issue(
    request: HttpRequest, matter_id: int, payload: s.SupervisionOrderIn
) -> Any:
    """Issue a supervision order (督办) with its reply deadline, on a rung of the ladder
    (催办 → 督办 → 通报) and on the handling or on carrying out a supporting opinion; by a
    petition office, or by a vertically managed department on its system; never to an accused
    unit."""
    matter = access_matter(request, matter_id, "matter.supervise")
    to_organ = organ_by_id(payload.to_organ_id, field="to_organ_id")
    with service_input():
        order = services.supervision_order_issue(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            to_organ=to_organ,
            instructions=payload.instructions,
            actor=request.user,
            level=payload.level,
            subject=payload.subject,
            circulation_scope=payload.circulation_scope,
            escalation_reason=payload.escalation_reason,
        )
    return Status(201, supervision_out(order))


@router.post(
    "/{matter_id}/supervision-orders/{order_id}/reply",
    response={200: s.SupervisionOrderOut, **WRITE_ERRORS},
    operation_id="supervision_order_reply",
)
def supervision_order_reply(
    request: HttpRequest, matter_id: int, order_id: int, payload: s.SupervisionReplyIn
) -> Any:
    """The supervised organ's written reply to a supervision order."""
    matter = access_matter(request, matter_id, "matter.supervision_reply")
    order = SupervisionOrder.objects.filter(pk=order_id, matter_id=matter.pk).first()
    if order is None:
        raise field_error("order_id", _("未找到。"), "not_found")
    organ = (
        organ_by_id(payload.organ_id, field="organ_id")
        if payload.organ_id is not None
        else order.to_organ
    )
    with service_input():
        services.supervision_order_reply(
            order=order, organ=organ, reply=payload.reply, actor=request.user
        )
    return supervision_out(order)
