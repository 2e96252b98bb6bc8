"""An organ's work queue: its open matters, overdue first, then by due date, those without one
last; counts by state, each a link to the list of all matters showing those rows. The queue
takes the list's filters (``xinfang.petitions.matters.filters``, less its organ and "open",
which the queue is) and downloads as XLSX or CSV."""

from __future__ import annotations

import datetime as dt
import functools
import html
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from xinfang.access.policy import access_working_organ, scope_for
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import organs_of_user
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters.choices import MatterState, Period
from xinfang.petitions.matters.filters import (
    QUEUE_OWN_PARAMETERS,
    MatterFilter,
    is_filtered,
    queue_filter,
)
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.selectors import QUEUE_ORDER, due_flags, organ_counts
from xinfang.petitions.matters.waiting import objections_to_verify
from xinfang.web.exports import export_format
from xinfang.web.paging import page_of

from .listing import download, with_list_columns

#: Filters the queue's form shows only when the request uses them: their choices (every organ
#: the user may read, the whole taxonomy) cost a query and a long list each on a page that is
#: opened all day; the list of all matters offers them, linked from the queue.
QUEUE_FORM_ON_REQUEST = ("handling_organ", "category")

QUEUE_PAGE_COLUMNS = (
    "pk",
    "summary",
    "state",
    "action_period",
    "action_due",
    "received_at",
    "action_paused",
)


def _queue_rows_html(rows: list[tuple[Any, ...]], *, today: dt.date) -> SafeString:
    """The rows of the queue table, from ``(pk, summary, state, period, due, received, paused)``
    each.

    Formatted here once per page: a template loop with a dozen lookups, tags and filters per
    row cost more than everything else on the page. Every text is escaped (the summary per
    row, the labels once); the rest are numbers and dates formatted here, in the reader's
    language (``DATE_FORMAT``, ``DATETIME_FORMAT``) once per distinct day.
    """
    url = reverse("web:matter_detail", args=[0]).removesuffix("0/")
    states = {value: html.escape(str(label)) for value, label in MatterState.choices}
    periods = {key: html.escape(str(label)) for key, label in Period.choices}
    badges = {
        "overdue": format_html(' <span class="badge badge-overdue">{}</span>', _("已逾期")),
        "due-soon": format_html(' <span class="badge badge-due-soon">{}</span>', _("即将到期")),
        "paused": format_html(' <span class="badge badge-paused">{}</span>', _("听证中，暂停计算")),
        "": "",
    }
    # A matter waiting without a clock (a duty or a suggestion, 第三十四条; a direct receipt
    # whose petitioner is unclear, 第二十三条第二款) has no due date to show: say so.
    undated = format_html('<span class="muted">{}</span>', _("无法定期限"))
    zone = timezone.get_current_timezone()
    day_format = str(get_format("DATE_FORMAT"))
    moment_format = str(get_format("DATETIME_FORMAT"))
    # Both languages write a moment as its day then the clock: format each day once.
    clock_after_day = moment_format == f"{day_format} H:i"
    days: dict[dt.date, str] = {}

    def day(value: dt.date) -> str:
        text = days.get(value)
        if text is None:
            text = days[value] = html.escape(dateformat.format(value, day_format))
        return text

    def moment(value: dt.datetime) -> str:
        local = value.astimezone(zone)
        if clock_after_day:
            return f"{day(local.date())} {local:%H:%M}"
        return html.escape(dateformat.format(local, moment_format))

    lines = []
    for pk, summary, state, period, due, received_at, paused in rows:
        flags = due_flags(due, today, paused=paused)
        css = (
            "paused"
            if paused
            else "overdue"
            if flags["is_overdue"]
            else "due-soon"
            if flags["is_due_soon"]
            else ""
        )
        received = moment(received_at) if received_at else ""
        pk = int(pk)
        lines.append(
            f'<tr class="{css}" data-matter="{pk}"><td>{pk}</td>'
            f'<td><a href="{url}{pk}/">{html.escape(summary)}</a></td>'
            f"<td>{states.get(state) or html.escape(state)}</td>"
            f"<td>{periods.get(period) or html.escape(period)}</td>"
            f"<td>{day(due) if due else undated}{badges[css]}</td><td>{received}</td></tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value above is escaped or a number


class QueueRows:
    """The organ's whole queue, unfiltered, as a sequence the pager slices: its length is the
    open count the page reads anyway (``organ_counts``, the same rows), a slice one read of
    ``department_queue_rows`` (its prepared statement)."""

    def __init__(self, *, organ: Organ, user: Any, count: int) -> None:
        self.organ, self.user, self.count = organ, user, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: slice) -> list[tuple[Any, ...]]:
        start, stop = index.start or 0, min(index.stop, self.count)
        if stop <= start:
            return []
        return matter_selectors.department_queue_rows(
            organ=self.organ,
            limit=stop - start,
            offset=start,
            user=self.user,
            fields=QUEUE_PAGE_COLUMNS,
        )


def count_links(organ: Organ, counts: dict[str, Any]) -> dict[str, Any]:
    """The list of all matters showing the rows each count of the queue counts: the organ's
    matters (``organ_counts`` reads ``visible_at_organ``, the same rows as the list's
    ``visible`` at the organ) open, overdue, due soon or in a state."""
    base = reverse("web:matter_list") + f"?organ={organ.pk}"
    labels = dict(MatterState.choices)
    return {
        "open": f"{base}&open=1",
        "overdue": f"{base}&overdue=1",
        "due_soon": f"{base}&due_soon=1",
        "by_state": [
            (labels[state], n, f"{base}&state={state}")
            for state, n in counts["by_state"].items()
            if n
        ],
    }


@functools.lru_cache(maxsize=16)
def _blank_fields_html(language: str) -> SafeString:
    """The queue's filter fields with nothing chosen, rendered once per language: the form of
    a queue opened without filters is the same for every organ and user (its choices are the
    states, channels and ratings; the organ travels in a hidden input outside it)."""
    filterset = MatterFilter(None, queryset=Matter.objects.none())
    for name in (*QUEUE_OWN_PARAMETERS, *QUEUE_FORM_ON_REQUEST):
        del filterset.filters[name]
    return mark_safe(  # noqa: S308 - rendered by the template engine, which escapes
        "".join(
            render_to_string("web/matters/includes/field.html", {"field": field})
            for field in filterset.form
        )
    )


def list_link(request: HttpRequest, organ: Organ) -> str:
    """The list of all matters with the queue's rows and filters: open, at the organ, each
    filter of the request (the list's form offers every filter)."""
    query = request.GET.copy()
    for name in ("page", "format", "organ", "subtree", "open"):
        query.pop(name, None)
    query["organ"] = str(organ.pk)
    query["open"] = "1"
    return reverse("web:matter_list") + "?" + query.urlencode()


@login_required
@never_cache
def matter_queue(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """An organ's work queue: open matters, overdue first, then by due date, those without one
    last; counts by state. A user who serves in no organ (the system administrator) is told so,
    not answered 404: there is no queue of his own to show."""
    if not request.GET.get("organ") and not organs_of_user(request.user):
        return render(request, "web/matters/queue_none.html", status=200)
    organ, organs = access_working_organ(request.user, request.GET.get("organ", ""))
    today = timezone.localdate()
    filterset = queue_filter(request.GET, user=request.user, organ=organ, today=today)
    filtered = is_filtered(filterset)
    fmt = export_format(request)
    if fmt:
        rows = with_list_columns(filterset.qs).order_by(*QUEUE_ORDER)
        return download(
            request, fmt, filterset=filterset, rows=rows, name="queue", queue_organ=organ.pk
        )
    counts = organ_counts(user=request.user, organ=organ, today=today)
    if filtered:
        page = page_of(
            request, filterset.qs.order_by(*QUEUE_ORDER).values_list(*QUEUE_PAGE_COLUMNS)
        )
    else:
        page = page_of(request, QueueRows(organ=organ, user=request.user, count=counts["open"]))
    form = filterset.form
    fields = [
        field
        for field in form
        if field.name not in QUEUE_FORM_ON_REQUEST or request.GET.get(field.name)
    ]
    return render(
        request,
        "web/matters/queue.html",
        {
            "organ": organ,
            "organs": organs,
            "today": today,
            "rows": _queue_rows_html(list(page.object_list), today=today),
            "page_obj": page,
            "form": form,
            "fields": fields,
            "fields_html": "" if filtered else _blank_fields_html(get_language() or ""),
            "filtered": filtered,
            "hidden": [("organ", organ.pk)],
            "reset_query": f"organ={organ.pk}",
            "counts": counts,
            "links": count_links(organ, counts),
            "in_list": list_link(request, organ),
            "may_register": organ.pk in scope_for(request.user).member_organ_ids,
            "receiving": not organ.has_role("petition_office"),
            # 信访工作条例(2022)第二十三条第三款: the objections this organ verifies wait here too.
            "objections": objections_to_verify(organ=organ, user=request.user),
        },
    )
