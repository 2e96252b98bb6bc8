"""Leads and cases: the petition office of the territory."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from xinfang.access.policy import scope_for, visible

from ..models import AccountabilityCase, Lead, LeadDutyHolder
from .denials import _denied, _pk


def _office_filter(user: Any, lookup: str) -> Q | None:
    """Rows the user's petition-office positions reach, or None for "nothing"."""
    scope = scope_for(user)
    if scope.is_empty:
        return None
    if scope.is_admin:
        condition = Q()
    else:
        if not scope.office_paths:
            return None
        condition = Q(pk__in=[])
        for path in sorted(scope.office_paths):
            condition |= Q(**{f"{lookup}__path__startswith": path})
        # Never its own chain of command.
        condition &= ~Q(**{f"{lookup}_id__in": sorted(scope.exposed_organ_ids)})
    return condition


def _not_naming(user: Any, queryset: QuerySet[Any], holders_lookup: str) -> QuerySet[Any]:
    """Drop rows that name the user's person as a duty holder or participant."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return queryset
    return queryset.exclude(
        pk__in=queryset.model._default_manager.filter(**{holders_lookup: person_id}).values("pk")
    )


def leads_visible_to(user: Any) -> QuerySet[Lead]:
    """Leads the user may list: the petition office of the territory (and the administrator)."""
    condition = _office_filter(user, "organ")
    if condition is None:
        return Lead.objects.none()
    qs = visible(user, Lead.objects.filter(condition))
    return _not_naming(user, qs, "duty_holders__person_id").select_related("organ")


def with_holders(leads: QuerySet[Lead]) -> QuerySet[Lead]:
    """Leads with their case and duty holders loaded (three queries for a page of leads)."""
    holders = LeadDutyHolder.objects.select_related("person").order_by("id")
    return leads.select_related("organ", "case").prefetch_related(
        Prefetch("duty_holders", queryset=holders)
    )


def cases_visible_to(user: Any) -> QuerySet[AccountabilityCase]:
    """Cases the user may list: as for leads."""
    condition = _office_filter(user, "organ")
    if condition is None:
        return AccountabilityCase.objects.none()
    qs = visible(user, AccountabilityCase.objects.filter(condition))
    qs = _not_naming(user, qs, "participants__person_id")
    return _not_naming(user, qs, "lead__duty_holders__person_id").select_related("organ", "lead")


def access_lead_by_id(user: Any, lead_id: Any, *, action: str = "read") -> Lead:
    """One lead the user may read, or a logged 404."""
    pk = _pk(lead_id)
    lead = leads_visible_to(user).filter(pk=pk).first() if pk else None
    if lead is None:
        raise _denied(user, Lead, lead_id, action)
    return lead


def access_case_by_id(user: Any, case_id: Any, *, action: str = "read") -> AccountabilityCase:
    """One case the user may read (the investigating side), or a logged 404."""
    pk = _pk(case_id)
    case = cases_visible_to(user).filter(pk=pk).first() if pk else None
    if case is None:
        raise _denied(user, AccountabilityCase, case_id, action)
    return case
