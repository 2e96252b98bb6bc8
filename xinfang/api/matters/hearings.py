"""Hearings (听证): started and ended, with the matter's clock as it then stands."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from xinfang.api.responses import WRITE_ERRORS
from xinfang.petitions.matters import services
from xinfang.petitions.matters.models import Hearing, Matter

from . import schemas as s
from .routers import access_matter, router
from .support import (
    acting_organ,
    hearing_out,
    service_input,
)


def _hearing_step_out(hearing: Hearing, matter: Matter) -> dict[str, Any]:
    return {
        **hearing_out(hearing),
        "matter_state": matter.state,
        "action_period": matter.action_period,
        "action_due": matter.action_due,
        "action_paused": matter.action_paused,
    }


@router.post(
    "/{matter_id}/hearings",
    response={201: s.HearingStepOut, **WRITE_ERRORS},
    operation_id="hearing_start",
)
def hearing_start(request: HttpRequest, matter_id: int, payload: s.HearingStartIn) -> Any:
    """Record a hearing that began on ``started_on`` (举行听证). The re-review organ holds one
    while it re-reviews (信访条例(2005)第三十五条第二款, 信访工作条例(2022)第三十六条第二款): the
    re-review clock is paused until the hearing ends; the handling organ may hold one while it
    handles the matter (its period runs on). 409 ``hearing_running``, ``hearing_in_future``,
    ``hearing_after_expiry``, ``actor_not_allowed``, ``not_allowed_from_state``."""
    matter = access_matter(request, matter_id, "matter.hearing")
    with service_input():
        hearing = services.matter_hearing_start(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            started_on=payload.started_on,
            place=payload.place,
            note=payload.note,
            actor=request.user,
        )
    return Status(201, _hearing_step_out(hearing, matter))


@router.post(
    "/{matter_id}/hearings/{hearing_id}/end",
    response={200: s.HearingStepOut, **WRITE_ERRORS},
    operation_id="hearing_end",
)
def hearing_end(
    request: HttpRequest, matter_id: int, hearing_id: int, payload: s.HearingEndIn
) -> Any:
    """Record the hearing's last day. For a re-review hearing the re-review due date is counted
    again without the hearing's days (calendar days, first and last included) and the clock
    runs on. 409 ``hearing_not_running``, ``hearing_in_future``, ``actor_not_allowed``; 422
    for an end before the start."""
    matter = access_matter(request, matter_id, "matter.hearing")
    hearing = Hearing.objects.filter(pk=hearing_id, matter_id=matter.pk).first()
    if hearing is None:
        raise Http404(_("未找到。"))
    hearing.matter = matter
    with service_input():
        services.matter_hearing_end(
            hearing=hearing,
            organ=acting_organ(request.user, matter, payload.organ_id),
            ended_on=payload.ended_on,
            note=payload.note,
            actor=request.user,
        )
    return _hearing_step_out(hearing, matter)
