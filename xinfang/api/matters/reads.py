"""Reads: the matters a user may see, one matter in full, and routing suggestions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query

from xinfang.access.policy import accused_organ_ids
from xinfang.api.paging import page_out
from xinfang.api.responses import READ_ERRORS
from xinfang.petitions.matters import routing
from xinfang.petitions.matters.filters import MatterFilter, matter_filter, sorted_matters

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

#: The API's names of the filter's parameters that differ from the page's (ids end in ``_id``).
FILTER_NAMES = {
    "organ_id": "organ",
    "handling_organ_id": "handling_organ",
    "category_id": "category",
    "petitioner_id": "petitioner",
}


def filter_data(filters: s.MatterFilter) -> QueryDict:
    """The API's filters as the page's URL parameters (``MatterFilter``'s): booleans as 1/0,
    dates ISO, lists repeated."""
    data = QueryDict(mutable=True)
    values = filters.model_dump(exclude={"page", "page_size", "sort"}, exclude_none=True)
    if not values.get("subtree"):
        values.pop("subtree", None)
    for name, value in values.items():
        name = FILTER_NAMES.get(name, name)
        if isinstance(value, bool):
            data[name] = "1" if value else "0"
        elif isinstance(value, list) and name == "petitioner":
            data[name] = ",".join(str(item) for item in value)
        elif isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


def filter_errors(filterset: MatterFilter) -> MatterInputInvalid:
    """The filter's refusals as a 422, each under the API's name of its parameter."""
    error = ValidationError(dict(filterset.form.errors.as_data()))
    renames = {page: api for api, page in FILTER_NAMES.items()}
    return MatterInputInvalid(error, renames=renames)


@router.get("", response={200: s.MatterPageOut, **READ_ERRORS}, operation_id="matter_list")
def matter_list(request: HttpRequest, filters: Query[s.MatterFilter]) -> Any:
    """The matters the user may see (scope and exclusion applied), filtered by the parameters
    of the page of all matters (docs/lists.md) and sorted by ``sort`` (newest received first).
    A value the filter refuses (an organ the user may not read, a category that does not
    exist) answers 422 with the field named."""
    if "organ" in request.GET:
        # Renamed to ``organ_id`` like every other organ filter: never ignored in silence.
        renamed = ValidationError({"organ": ValidationError(_("该参数已改名为 organ_id。"))})
        raise MatterInputInvalid(renamed, renames={"organ": "organ"})
    today = timezone.localdate()
    filterset = matter_filter(filter_data(filters), user=request.user, today=today)
    if not filterset.is_valid():
        raise filter_errors(filterset)
    qs = filterset.qs.select_related(
        "registering_organ", "current_organ", "handling_organ", "category"
    )
    return page_out(
        sorted_matters(qs, filters.sort),
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
