"""Recommendations, decisions and rectification: the managing authority and the
investigating office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from xinfang.access.policy import scope_for
from xinfang.orgs.models import Organ

from ..choices import DecisionState
from ..models import AccountabilityCase, Decision, Recommendation, Rectification
from .cases import cases_visible_to
from .denials import _denied, _pk

# ---------------------------------------------------------------------------------------------
# Recommendations and decisions: the managing authority


def may_act_for_authority(user: Any, authority: Organ) -> bool:
    """Its leadership team or its organization and personnel departments (第十七条第一款)."""
    scope = scope_for(user)
    if scope.is_empty:
        return False
    return scope.is_admin or authority.pk in scope.managed_by_ids


def recommendations_for_authority(user: Any) -> QuerySet[Recommendation]:
    """Recommendations addressed to an authority the user acts for, minus any deciding on him
    (nobody decides on himself)."""
    scope = scope_for(user)
    if scope.is_empty:
        return Recommendation.objects.none()
    qs = Recommendation.objects.all()
    if not scope.is_admin:
        qs = qs.filter(authority_id__in=sorted(scope.managed_by_ids))
    if scope.person_id is not None:
        qs = qs.exclude(
            pk__in=Decision.objects.filter(person_id=scope.person_id).values("recommendation_id")
        )
    return qs.select_related("authority", "case", "case__organ").order_by("-sent_at", "-id")


def cases_investigated_by(user: Any) -> QuerySet[AccountabilityCase]:
    """Cases the user's own petition office investigates (``investigating_organ``, 细则第十七条
    第二款), among those the user may read; every case for the administrator.

    Narrower than ``cases_visible_to``: the municipal office oversees a district's cases
    (第六条) but did not investigate them, so their letters and rectifications are not its.
    """
    scope = scope_for(user)
    cases = cases_visible_to(user)
    if scope.is_admin:
        return cases
    return cases.filter(investigating_organ_id__in=sorted(scope.member_organ_ids))


def recommendations_readable_by(user: Any) -> QuerySet[Recommendation]:
    """The authority's recommendations, and those of cases the user's office investigated."""
    own = recommendations_for_authority(user).values("pk")
    investigated = Recommendation.objects.filter(case__in=cases_investigated_by(user)).values("pk")
    return (
        Recommendation.objects.filter(Q(pk__in=own) | Q(pk__in=investigated))
        .select_related("authority", "case", "case__organ")
        .order_by("-sent_at", "-id")
    )


def recommendation_list_for(user: Any) -> QuerySet[Recommendation]:
    """The recommendations page: those addressed to the user's authority and those the user's
    petition office sent (细则第十七条), each with how many decisions are still pending."""
    pending = Count("decisions", filter=Q(decisions__state=DecisionState.PENDING))
    return (
        recommendations_readable_by(user)
        .select_related("case__investigating_organ")
        .annotate(pending_count=pending)
    )


def access_recommendation_by_id(
    user: Any, recommendation_id: Any, *, action: str = "read"
) -> Recommendation:
    """A recommendation the user may read, or a logged 404."""
    pk = _pk(recommendation_id)
    found = recommendations_readable_by(user).filter(pk=pk).first() if pk else None
    if found is None:
        raise _denied(user, Recommendation, recommendation_id, action)
    return found


def access_decision_for_authority(user: Any, decision_id: Any) -> Decision:
    """A decision the user may record for its authority, or a logged 404."""
    pk = _pk(decision_id)
    decision = (
        Decision.objects.filter(pk=pk, recommendation__in=recommendations_for_authority(user))
        .select_related("recommendation", "recommendation__authority", "case", "person", "organ")
        .first()
        if pk
        else None
    )
    if decision is None:
        raise _denied(user, Decision, decision_id, "decide")
    return decision


def decisions_of(recommendation: Recommendation) -> list[Decision]:
    return list(
        Decision.objects.filter(recommendation_id=recommendation.pk)
        .select_related("person", "organ")
        .order_by("id")
    )


# ---------------------------------------------------------------------------------------------
# Rectification


def rectifications_visible_to(user: Any) -> QuerySet[Rectification]:
    """Rectification items of cases the user investigates or decisions his authority made."""
    cases = cases_investigated_by(user).values("pk")
    authority = recommendations_for_authority(user).values("pk")
    return (
        Rectification.objects.filter(
            Q(case_id__in=cases) | Q(decision__recommendation_id__in=authority)
        )
        .select_related("person", "organ", "case", "decision")
        .order_by("rectified_at", "due", "id")
    )


def access_rectification_by_id(user: Any, rectification_id: Any) -> Rectification:
    pk = _pk(rectification_id)
    found = rectifications_visible_to(user).filter(pk=pk).first() if pk else None
    if found is None:
        raise _denied(user, Rectification, rectification_id, "rectify")
    return found


def missed_rectifications(*, today: dt.date) -> QuerySet[Rectification]:
    """Rectifications not done by their deadline (due before ``today``), oldest first.

    Open ones by the partial index; those done late are found too (整改未按期完成).
    """
    return (
        Rectification.objects.filter(due__lt=today)
        .filter(Q(rectified_at__isnull=True) | Q(rectified_at__date__gt=F("due")))
        .select_related("case", "person", "organ", "decision")
        .order_by("due", "id")
    )
