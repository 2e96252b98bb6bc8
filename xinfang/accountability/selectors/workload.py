"""What of the accountability workflow waits on a user, counted for the workbench: each count is
taken over the very rows its list page shows (the same selector, narrowed the way the page's
filter parameters narrow it), so the number and the list agree.

- leads to look into and leads under investigation: the petition office of the territory
  (细则第十七条第二款);
- recommendations with decisions still to make, per managing authority (第十七条第一款);
- rectification not yet done, and those past their deadline (第十三条至第十五条);
- notices of decisions received lately by an organization or personnel department (第十八条).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from ..choices import DecisionState, LeadState
from ..models import Recommendation
from .cases import leads_visible_to
from .recommendations import recommendations_for_authority, rectifications_visible_to
from .records import notices_for

#: How far back a notice counts as received lately (days).
NOTICE_DAYS = 90


@dataclass(frozen=True)
class AccountabilityLoad:
    """The user's accountability counts today. ``pending_by_authority``: the managing
    authorities (id, name) with recommendations whose decisions wait, and how many."""

    leads_open: int
    leads_investigating: int
    pending_by_authority: tuple[tuple[int, str, int], ...]
    rectifications_open: int
    rectifications_overdue: int
    notices_since: dt.date
    notices_recent: int

    @property
    def total(self) -> int:
        return (
            self.leads_open
            + self.leads_investigating
            + sum(n for _pk, _name, n in self.pending_by_authority)
            + self.rectifications_open
            + self.notices_recent
        )


def accountability_load(user: Any, today: dt.date) -> AccountabilityLoad:
    """The user's accountability work on ``today`` (a few counts, one query each)."""
    leads = dict(
        leads_visible_to(user)
        .filter(state__in=(LeadState.OPEN, LeadState.INVESTIGATING))
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk", distinct=True))
    )
    pending = Recommendation.objects.filter(decisions__state=DecisionState.PENDING).values("pk")
    by_authority = (
        recommendations_for_authority(user)
        .filter(pk__in=pending)
        .order_by()
        .values_list("authority_id", "authority__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("authority__path")
    )
    open_items = rectifications_visible_to(user).filter(rectified_at__isnull=True).order_by()
    rectifications = open_items.aggregate(
        open=Count("pk", distinct=True),
        overdue=Count("pk", distinct=True, filter=Q(due__lt=today)),
    )
    since = today - dt.timedelta(days=NOTICE_DAYS)
    notices = notices_for(user).filter(decision__decided_on__gte=since).order_by()
    return AccountabilityLoad(
        leads_open=leads.get(LeadState.OPEN, 0),
        leads_investigating=leads.get(LeadState.INVESTIGATING, 0),
        pending_by_authority=tuple((pk, name, n) for pk, name, n in by_authority),
        rectifications_open=rectifications["open"],
        rectifications_overdue=rectifications["overdue"],
        notices_since=since,
        notices_recent=notices.count(),
    )
