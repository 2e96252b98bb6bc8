"""An organ's work queue: its open matters, overdue first, then by due date, those without one
last; counts by state."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from xinfang.access.policy import access_working_organ, scope_for
from xinfang.orgs.selectors import organs_of_user
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters.choices import MatterState, Period
from xinfang.petitions.matters.selectors import due_flags, organ_counts
from xinfang.petitions.matters.waiting import objections_to_verify

QUEUE_PAGE_SIZE = 50

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
    row, the labels once); the rest are numbers and dates formatted here.
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
        received = f"{received_at.astimezone(zone):%Y-%m-%d %H:%M}" if received_at else ""
        pk = int(pk)
        lines.append(
            f'<tr class="{css}" data-matter="{pk}"><td>{pk}</td>'
            f'<td><a href="{url}{pk}/">{html.escape(summary)}</a></td>'
            f"<td>{states.get(state) or html.escape(state)}</td>"
            f"<td>{periods.get(period) or html.escape(period)}</td>"
            f"<td>{due.isoformat() if due else undated}{badges[css]}</td><td>{received}</td></tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value above is escaped or a number


@login_required
@never_cache
def matter_queue(request: HttpRequest) -> HttpResponse:
    """An organ's work queue: open matters, overdue first, then by due date, those without one
    last; counts by state. A user who serves in no organ (the system administrator) is told so,
    not answered 404: there is no queue of his own to show."""
    if not request.GET.get("organ") and not organs_of_user(request.user):
        return render(request, "web/matters/queue_none.html", status=200)
    organ, organs = access_working_organ(request.user, request.GET.get("organ", ""))
    today = timezone.localdate()
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    rows = matter_selectors.department_queue_rows(
        organ=organ,
        limit=QUEUE_PAGE_SIZE + 1,
        offset=(page - 1) * QUEUE_PAGE_SIZE,
        user=request.user,
        fields=QUEUE_PAGE_COLUMNS,
    )
    counts = organ_counts(user=request.user, organ=organ, today=today)
    labels = dict(MatterState.choices)
    return render(
        request,
        "web/matters/queue.html",
        {
            "organ": organ,
            "organs": organs,
            "today": today,
            "rows": _queue_rows_html(rows[:QUEUE_PAGE_SIZE], today=today),
            "page": page,
            "has_next": len(rows) > QUEUE_PAGE_SIZE,
            "counts": counts,
            "by_state": [(labels[state], n) for state, n in counts["by_state"].items() if n],
            "may_register": organ.pk in scope_for(request.user).member_organ_ids,
            "receiving": not organ.has_role("petition_office"),
            # 信访工作条例(2022)第二十三条第三款: the objections this organ verifies wait here too.
            "objections": objections_to_verify(organ=organ, user=request.user),
        },
    )
