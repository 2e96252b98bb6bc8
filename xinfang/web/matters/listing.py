"""Every matter the user may read, filtered (``xinfang.petitions.matters.filters``), sorted and
paged with its total; the same list downloads as XLSX or CSV (every row, streamed).

A filter value the form refuses is shown next to its field and the list is not filtered by it
(never an error page). The list shows no petitioner: number, summary, where and how the matter
stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from xinfang.petitions.matters.choices import NOT_OPEN_STATE_VALUES
from xinfang.petitions.matters.filters import (
    DEFAULT_SORT,
    SORTS,
    MatterFilter,
    filter_summary,
    matter_filter,
    matter_sort,
    sorted_matters,
)
from xinfang.petitions.matters.models import Matter, RepeatLink
from xinfang.petitions.matters.selectors import due_flags
from xinfang.web.exports import Column, export_format, export_response
from xinfang.web.paging import page_of

#: The columns a row reads: nothing of the petitioner.
LIST_FIELDS = (
    "id",
    "summary",
    "state",
    "channel",
    "received_at",
    "action_due",
    "action_paused",
    "is_collective",
    "current_organ__name",
    "current_organ__applicability",
    "category__code",
    "category__name",
    "category__name_en",
)

#: The columns whose header sorts the list: the column and its ascending key in ``SORTS``.
SORTABLE_COLUMNS = {"number": "number", "state": "state", "received": "received", "due": "due"}


def with_list_columns(rows: QuerySet[Matter]) -> QuerySet[Matter]:
    """``rows`` with what a list shows of each: its organ, its category and whether it repeats
    an earlier matter (``is_repeat``); nothing of the petitioner."""
    rows = rows.select_related("current_organ", "category").only(*LIST_FIELDS)
    return rows.annotate(is_repeat=Exists(RepeatLink.objects.filter(matter_id=OuterRef("pk"))))


def time_flags(matter: Matter, today: dt.date) -> dict[str, bool]:
    """Overdue and due soon of an open matter's running clock (a closed one is neither)."""
    if matter.state in NOT_OPEN_STATE_VALUES:
        return {"is_overdue": False, "is_due_soon": False}
    return due_flags(matter.action_due, today, paused=matter.action_paused)


def _local(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _yes(flag: bool) -> str:
    return str(_("是")) if flag else ""


def export_columns(today: dt.date) -> Sequence[Column]:
    """The download's columns: those of the page, the badges in words."""

    def due_mark(matter: Matter) -> str:
        flags = time_flags(matter, today)
        if flags["is_overdue"]:
            return str(_("已逾期"))
        return str(_("即将到期")) if flags["is_due_soon"] else ""

    return (
        Column(gettext_lazy("编号"), lambda m: m.pk),
        Column(gettext_lazy("摘要"), lambda m: m.summary),
        Column(gettext_lazy("状态"), lambda m: m.get_state_display()),
        Column(gettext_lazy("所在机关"), lambda m: str(m.current_organ)),
        Column(gettext_lazy("内容分类"), lambda m: m.category.label if m.category_id else ""),
        Column(gettext_lazy("信访形式"), lambda m: m.get_channel_display()),
        Column(gettext_lazy("收到时间"), lambda m: _local(m.received_at)),
        Column(gettext_lazy("期限"), lambda m: m.action_due.isoformat() if m.action_due else ""),
        Column(gettext_lazy("期限提示"), due_mark),
        Column(gettext_lazy("重复信访"), lambda m: _yes(m.is_repeat)),
        Column(gettext_lazy("集体访"), lambda m: _yes(m.is_collective)),
    )


def download(
    request: HttpRequest,
    fmt: str,
    *,
    filterset: MatterFilter,
    rows: QuerySet[Matter],
    name: str = "matters",
    **context: Any,
) -> StreamingHttpResponse:
    """Every row of ``rows`` (a list's, ``with_list_columns``, in its order) as ``fmt``,
    streamed; the audit entry records the valid filters and ``context`` (the sort, the
    organ of a queue)."""
    today = timezone.localdate()
    return export_response(
        request,
        fmt=fmt,
        name=f"{name}-{today:%Y%m%d}",
        columns=export_columns(today),
        rows=rows.iterator(chunk_size=500),
        what="matters",
        filters={**filter_summary(filterset), **context},
        count=rows.count(),
    )


def sort_headers(sort: str) -> dict[str, dict[str, str]]:
    """Per sortable column: the ``sort`` its header link asks for (the other direction when
    the list is sorted by it, else ascending) and its ``aria-sort``."""
    headers = {}
    for column, key in SORTABLE_COLUMNS.items():
        if sort == key:
            headers[column] = {"next": f"-{key}", "aria": "ascending"}
        elif sort == f"-{key}":
            headers[column] = {"next": key, "aria": "descending"}
        else:
            headers[column] = {"next": key, "aria": "none"}
    return headers


def list_items(page_rows: Any, today: dt.date) -> list[dict[str, Any]]:
    return [{"matter": m, **time_flags(m, today)} for m in page_rows]


@login_required
@never_cache
def matter_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The list of all matters the user may read: the filters, the sort, a page and its total;
    ``?format=xlsx|csv`` downloads every row of it."""
    filterset = matter_filter(request.GET, user=request.user)
    sort = matter_sort(request.GET.get("sort")) or DEFAULT_SORT
    rows = sorted_matters(with_list_columns(filterset.qs), sort)
    fmt = export_format(request)
    if fmt:
        return download(request, fmt, filterset=filterset, rows=rows, sort=sort)
    page = page_of(request, rows)
    today = timezone.localdate()
    return render(
        request,
        "web/matters/list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page,
            "items": list_items(page.object_list, today),
            "sort": sort,
            "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
            "headers": sort_headers(sort),
            "bad_sort": request.GET.get("sort", "") not in ("", sort),
        },
    )
