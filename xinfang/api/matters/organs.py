"""A department's side of matters: its work queue, its counts and its handling list (第五条).

The organ is read through ``access_organ_records_by_id``: only an organ whose records the
user's scope covers (本单位, subtree, territory) shows its work, and any other answers 404,
logged; an organ reached only as managed (its cadres' managing authority) shows its registry
entry (``GET /api/organs/{id}``), not its queue, counts or handling list. The rows of the
queue and the counts go through ``visible`` as well, so an account excluded from a matter
(accused, recused) neither lists nor counts it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from xinfang.access.policy import access_organ_records_by_id
from xinfang.api.paging import PageIn, PageOut, page_out, page_window
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.orgs.models import Organ
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters import services
from xinfang.petitions.matters.categories import category_outline
from xinfang.petitions.matters.choices import MatterState
from xinfang.petitions.matters.models import HandlingListEntry
from xinfang.petitions.matters.selectors import due_flags, organ_counts

from . import schemas as s
from .support import (
    active_categories,
    category_by_id,
    handling_entry_out,
    label,
    organ_by_id,
    organ_ref,
    service_input,
)

organ_router = Router(tags=["organs"])
handling_router = Router(tags=["handling lists"])
category_router = Router(tags=["matters"])


@organ_router.get(
    "/{organ_id}/queue", response={200: s.QueueOut, **READ_ERRORS}, operation_id="organ_queue"
)
def organ_queue(request: HttpRequest, organ_id: int, paging: Query[PageIn]) -> Any:
    """The organ's work queue: every matter waiting for the organ's step (clock or none),
    overdue first, then by due date, then those without one (``action_due`` null: a duty or a
    suggestion, a direct receipt whose petitioner is unclear); ``count`` is the queue's total
    (its open matters, as ``/counts`` counts them)."""
    organ = access_organ_records_by_id(request.user, organ_id)
    today = timezone.localdate()
    count = organ_counts(user=request.user, organ=organ, today=today)["open"]
    page, offset = page_window(count, page=paging.page, page_size=paging.page_size)
    rows = matter_selectors.department_queue_rows(
        organ=organ,
        limit=paging.page_size,
        offset=offset,
        user=request.user,
        fields=matter_selectors.QUEUE_ROW_FIELDS,
    )
    return {
        "organ": organ_ref(organ),
        "today": today,
        "count": count,
        "page": page,
        "page_size": paging.page_size,
        "items": [
            {
                "id": pk,
                "summary": summary,
                "state": state,
                "state_label": label(MatterState, state),
                "channel": channel,
                "action_period": period,
                "action_due": due,
                "received_at": received_at,
                "action_paused": paused,
                **due_flags(due, today, paused=paused),
            }
            for pk, summary, state, channel, period, due, received_at, paused in rows
        ],
    }


@organ_router.get(
    "/{organ_id}/counts", response={200: s.CountsOut, **READ_ERRORS}, operation_id="organ_counts"
)
def organ_counts_endpoint(request: HttpRequest, organ_id: int) -> Any:
    """Matters at the organ by state, with open (the queue's total), overdue and due-soon
    totals; a matter without a due date is open but neither overdue nor due soon."""
    organ = access_organ_records_by_id(request.user, organ_id)
    today = timezone.localdate()
    return {
        "organ": organ_ref(organ),
        "today": today,
        **organ_counts(user=request.user, organ=organ, today=today),
    }


# ---------------------------------------------------------------------------------------------
# Classified handling lists (依法分类处理清单, 细则第五条)


def handling_entries(organ: Organ) -> list[HandlingListEntry]:
    return list(
        HandlingListEntry.objects.filter(department_id=organ.pk)
        .select_related("department", "responsible_unit")
        .order_by("category__code", "request_type", "id")
    )


@organ_router.get(
    "/{organ_id}/handling-list",
    response={200: PageOut[s.HandlingEntryOut], **READ_ERRORS},
    operation_id="handling_list",
)
def handling_list(request: HttpRequest, organ_id: int, paging: Query[PageIn]) -> Any:
    """The department's classified handling list."""
    organ = access_organ_records_by_id(request.user, organ_id)
    return page_out(
        handling_entries(organ),
        page=paging.page,
        page_size=paging.page_size,
        render=handling_entry_out,
    )


@organ_router.post(
    "/{organ_id}/handling-list",
    response={201: s.HandlingEntryOut, **WRITE_ERRORS},
    operation_id="handling_entry_create",
)
def handling_list_create(request: HttpRequest, organ_id: int, payload: s.HandlingEntryIn) -> Any:
    """Add a line to the department's own list (only its own staff may: 403 otherwise)."""
    organ = access_organ_records_by_id(request.user, organ_id)
    category = category_by_id(payload.category_id)
    assert category is not None
    unit = (
        organ_by_id(payload.responsible_unit_id, field="responsible_unit_id")
        if payload.responsible_unit_id
        else None
    )
    with service_input():
        entry = services.handling_list_entry_create(
            department=organ,
            category=category,
            request_type=payload.request_type,
            legal_route=payload.legal_route,
            legal_basis=payload.legal_basis,
            responsible_unit=unit,
            responsible_unit_name=payload.responsible_unit_name,
            time_limit_days=payload.time_limit_days,
            actor=request.user,
        )
    return Status(201, handling_entry_out(entry))


@handling_router.patch(
    "/{entry_id}",
    response={200: s.HandlingEntryOut, **WRITE_ERRORS},
    operation_id="handling_entry_update",
)
def handling_list_update(
    request: HttpRequest, entry_id: int, payload: s.HandlingEntryPatchIn
) -> Any:
    """Change a line of the department's own list; ``is_active: false`` retires it."""
    entry = HandlingListEntry.objects.select_related("department").filter(pk=entry_id).first()
    # The entry is reached through its department: out of scope looks like not found.
    access_organ_records_by_id(request.user, entry.department_id if entry else 0)
    assert entry is not None
    changes: dict[str, Any] = {}
    sent = payload.model_dump(exclude_unset=True)
    for name, value in sent.items():
        if name == "category_id":
            changes["category"] = category_by_id(value)
        elif name == "responsible_unit_id":
            changes["responsible_unit"] = (
                organ_by_id(value, field="responsible_unit_id") if value else None
            )
        elif value is not None or name == "time_limit_days":
            changes[name] = value
    with service_input():
        entry = services.handling_list_entry_update(entry=entry, actor=request.user, **changes)
    return handling_entry_out(entry)


@category_router.get(
    "",
    response={200: PageOut[s.CategoryNodeOut], **READ_ERRORS},
    operation_id="matter_category_list",
)
def category_list(request: HttpRequest, paging: Query[PageIn]) -> Any:
    """The active categories of matters (the taxonomy administrators edit) as a tree read
    depth first: each main category, then the categories under it, "其他" last among its
    siblings; ``parent_id``, ``depth`` and ``children`` give the hierarchy; ``name_en`` is the
    English name (empty when none was given)."""
    return page_out(
        category_outline(active_categories()),
        page=paging.page,
        page_size=paging.page_size,
        render=lambda node: {
            "id": node.category.pk,
            "code": node.category.code,
            "name": node.category.name,
            "name_en": node.category.name_en,
            "parent_id": node.category.parent_id if node.depth else None,
            "depth": node.depth,
            "children": [child.pk for child in node.children],
        },
    )


__all__ = [
    "category_router",
    "handling_router",
    "organ_counts",
    "organ_router",
]
