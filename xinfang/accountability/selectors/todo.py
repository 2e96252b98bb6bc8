"""What of the accountability workflow waits on a user (the home page's 待办): leads to look
into and cases under investigation for a petition office (细则第十七条第二款), decisions to make
for a managing authority (第十七条第一款), rectification to confirm, and notices received by an
organization or personnel department (第十八条). Counted, each linking to its list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinfang.workflow.items import TodoItem

from ..choices import CaseState, DecisionState, LeadState
from ..models import Decision
from .cases import cases_visible_to, leads_visible_to
from .recommendations import recommendations_for_authority, rectifications_visible_to
from .records import notices_for

#: How far back a received notice stays on the home page (days).
NOTICE_DAYS = 90


def accountability_todo(user: Any, today: dt.date) -> list[TodoItem]:
    """The user's accountability work today, as counts linking to the lists."""
    kind = _("责任追究")
    items: list[TodoItem] = []
    leads = leads_visible_to(user).filter(state=LeadState.OPEN).count()
    if leads:
        title = ngettext("待核查的线索 %(n)d 条", "待核查的线索 %(n)d 条", leads) % {"n": leads}
        items.append(TodoItem(kind, title, "accountability:lead_list"))
    open_cases = cases_visible_to(user).filter(
        state__in=(CaseState.INVESTIGATING, CaseState.FINDINGS_RECORDED)
    )
    cases = open_cases.count()
    if cases:
        title = ngettext("调查核实中的案件 %(n)d 件", "调查核实中的案件 %(n)d 件", cases) % {
            "n": cases
        }
        items.append(TodoItem(kind, title, "accountability:lead_list"))
    pending = (
        Decision.objects.filter(
            state=DecisionState.PENDING,
            recommendation__in=recommendations_for_authority(user).values("pk"),
        )
        .values("recommendation_id")
        .distinct()
        .count()
    )
    if pending:
        title = ngettext(
            "待作出追究决定的建议 %(n)d 份", "待作出追究决定的建议 %(n)d 份", pending
        ) % {"n": pending}
        items.append(TodoItem(kind, title, "accountability:recommendation_list"))
    due = rectifications_visible_to(user).filter(rectified_at__isnull=True)
    first_due = due.order_by("due").values_list("due", flat=True).first()
    if first_due is not None:
        count = due.count()
        title = ngettext("待确认的整改事项 %(n)d 项", "待确认的整改事项 %(n)d 项", count) % {
            "n": count
        }
        items.append(
            TodoItem(
                kind,
                title,
                "accountability:rectification_list",
                due=first_due,
                overdue=first_due < today,
            )
        )
    since = today - dt.timedelta(days=NOTICE_DAYS)
    notices = notices_for(user).filter(created_at__date__gte=since).count()
    if notices:
        title = ngettext(
            "近期收到的追究情况通报 %(n)d 份", "近期收到的追究情况通报 %(n)d 份", notices
        ) % {"n": notices}
        items.append(TodoItem(_("通报"), title, "accountability:notice_list"))
    return items
