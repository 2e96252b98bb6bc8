"""Reads: the matters a user may see, one matter in full, and routing suggestions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query

from xinfang.access.policy import accused_organ_ids
from xinfang.api.paging import page_out
from xinfang.api.responses import READ_ERRORS
from xinfang.petitions.matters import routing
from xinfang.petitions.matters import selectors as matter_selectors

from . import schemas as s
from .routers import access_matter, router, routing_router
from .support import (
    MatterInputInvalid,
    category_by_id,
    field_error,
    matter_detail_out,
    matter_out,
    organs_by_ids,
    suggestion_out,
)


@router.get("", response={200: s.MatterPageOut, **READ_ERRORS}, operation_id="matter_list")
def matter_list(request: HttpRequest, filters: Query[s.MatterFilter]) -> Any:
    """The matters the user may see (scope and exclusion applied), newest first."""
    if "organ" in request.GET:
        # Renamed to ``organ_id`` like every other organ filter: never ignored in silence.
        renamed = ValidationError({"organ": ValidationError(_("该参数已改名为 organ_id。"))})
        raise MatterInputInvalid(renamed, renames={"organ": "organ"})
    today = timezone.localdate()
    qs = matter_selectors.matter_list(user=request.user).select_related(
        "registering_organ", "current_organ", "handling_organ", "category"
    )
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.overdue is True:
        qs = qs.filter(action_due__lt=today, action_paused=False)
    elif filters.overdue is False:
        # A clock a hearing pauses is not overdue (听证所需时间不计算在期限内).
        qs = qs.filter(
            Q(action_due__isnull=True) | Q(action_due__gte=today) | Q(action_paused=True)
        )
    if filters.organ_id is not None:
        qs = qs.filter(current_organ_id=filters.organ_id)
    return page_out(
        qs.order_by("-registered_at", "-id"),
        page=filters.page,
        page_size=filters.page_size,
        render=lambda m: matter_out(m, today),
    )


@router.get(
    "/{matter_id}", response={200: s.MatterDetailOut, **READ_ERRORS}, operation_id="matter_detail"
)
def matter_detail(request: HttpRequest, matter_id: int) -> Any:
    """One matter: content, petitioner masked, clocks with due dates, the timeline of events."""
    return matter_detail_out(access_matter(request, matter_id, "read"), user=request.user)


# ---------------------------------------------------------------------------------------------
# Routing suggestions (细则第三条)


@routing_router.get(
    "/suggest", response={200: list[s.SuggestionOut], **READ_ERRORS}, operation_id="routing_suggest"
)
def routing_suggest(request: HttpRequest, filters: Query[s.SuggestFilter]) -> Any:
    """Organs for a matter from its region and subject, lowest level first, with reasons.

    With ``matter_id`` the matter's region, category and accused units are used (an accused
    unit and the organs under it are never suggested).
    """
    if filters.matter_id is not None:
        matter = access_matter(request, filters.matter_id, "read")
        accused = organs_by_ids(sorted(accused_organ_ids(matter)), field="matter_id")
        suggestions = routing.suggest_organs(
            region_code=matter.region_code,
            category=matter.category,
            accused=accused,
            other_organ=matter.other_organ,
            accusation=matter.is_accusation,
            limit=filters.limit,
        )
        return suggestion_out(suggestions)
    if not filters.region_code:
        raise field_error("region_code", _("此项不能为空。"), "required")
    suggestions = routing.suggest_organs(
        region_code=filters.region_code,
        category=category_by_id(filters.category_id),
        other_organ=filters.other_organ or "",
        accusation=filters.accusation,
        limit=filters.limit,
    )
    return suggestion_out(suggestions)
