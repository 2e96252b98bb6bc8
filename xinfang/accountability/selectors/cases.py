"""Leads and cases: the petition office of the territory.

A signal of disclosure to the accused (细则第十一条第一款第八项) is narrower: only the principal
leader of the petition office whose territory holds the organ, the discipline organs
(``discipline``) whose region holds it (that territory or above), and the administrator read
it — never the office's staff, never the organ's own chain of command, never the accused.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from xinfang.access.policy import exclude_conflicts, scope_for, visible
from xinfang.orgs.choices import OrganRole, PositionKind
from xinfang.orgs.models import Position
from xinfang.orgs.selectors import held_on

from ..choices import LeadKind
from ..models import AccountabilityCase, Lead, LeadDutyHolder
from .denials import _denied, _pk

#: Kinds read only by the office's head and the discipline organs (第十一条第一款第八项).
RESTRICTED_KINDS = (LeadKind.DISCLOSURE_TO_ACCUSED,)


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


def region_prefix(code: str) -> str:
    """The prefix every region inside ``code`` shares: ``500000`` → ``50``, ``500103`` →
    ``500103`` (trailing pairs of zeros stand for "the whole of")."""
    prefix = code
    while len(prefix) > 2 and prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def _restricted_filter(user: Any, lookup: str) -> Q | None:
    """Rows of the restricted kinds the user may read (``lookup`` reaches the organ), or None.

    The principal leader of a petition office reads those of its territory; an account in a
    discipline organ those of the organs whose region lies in its own; the administrator all.
    """
    scope = scope_for(user)
    if scope.is_empty:
        return None
    if scope.is_admin:
        return Q()
    if scope.person_id is None:
        return None
    reaches: list[Q] = []
    positions = Position.objects.filter(held_on(timezone.localdate()), person_id=scope.person_id)
    for position in positions.select_related("organ__parent"):
        organ = position.organ
        if organ.has_role(OrganRole.PETITION_OFFICE) and (
            position.kind == PositionKind.PRINCIPAL_LEADER
        ):
            reaches.append(Q(**{f"{lookup}__path__startswith": (organ.parent or organ).path}))
        if organ.has_role(OrganRole.DISCIPLINE):
            prefix = region_prefix(organ.region_code)
            reaches.append(Q(**{f"{lookup}__region_code__startswith": prefix}))
    if not reaches:
        return None
    condition = reaches[0]
    for reach in reaches[1:]:
        condition |= reach
    # Never its own chain of command.
    return condition & ~Q(**{f"{lookup}_id__in": sorted(scope.exposed_organ_ids)})


def _restricted_kind(lookup: str) -> Q:
    return Q(**{f"{lookup}__in": [k.value for k in RESTRICTED_KINDS]})


def _readable(user: Any, model: type[Any], kind_lookup: str) -> QuerySet[Any]:
    """Rows of ``model`` (a lead, or a case by its lead) the user may list: the ordinary kinds
    by the petition office of the territory (scope and exclusion), the restricted kinds by
    ``_restricted_filter`` (exclusion applied; the discipline organs read them outside their
    own scope)."""
    rows: QuerySet[Any] = model._default_manager.all()
    office = _office_filter(user, "organ")
    restricted = _restricted_filter(user, "organ")
    parts: list[QuerySet[Any]] = []
    if office is not None:
        parts.append(visible(user, rows.filter(office).exclude(_restricted_kind(kind_lookup))))
    if restricted is not None:
        wanted = rows.filter(restricted & _restricted_kind(kind_lookup))
        parts.append(exclude_conflicts(scope_for(user), wanted))
    if not parts:
        return rows.none()
    if len(parts) == 1:
        return parts[0]
    return rows.filter(Q(pk__in=parts[0].values("pk")) | Q(pk__in=parts[1].values("pk")))


def leads_visible_to(user: Any) -> QuerySet[Lead]:
    """Leads the user may list: the petition office of the territory (and the administrator);
    signals of disclosure to the accused only by the office's head and the discipline organs."""
    qs = _readable(user, Lead, "kind")
    return _not_naming(user, qs, "duty_holders__person_id").select_related("organ")


def prioritized(leads: QuerySet[Lead]) -> QuerySet[Lead]:
    """Disclosure to the accused first (the highest priority: the petitioner may be at risk),
    then the newest."""
    first = Case(
        When(_restricted_kind("kind"), then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return leads.order_by(first, "-created_at", "-id")


def with_holders(leads: QuerySet[Lead]) -> QuerySet[Lead]:
    """Leads with their case and duty holders loaded (three queries for a page of leads)."""
    holders = LeadDutyHolder.objects.select_related("person").order_by("id")
    return leads.select_related("organ", "case").prefetch_related(
        Prefetch("duty_holders", queryset=holders)
    )


def cases_visible_to(user: Any) -> QuerySet[AccountabilityCase]:
    """Cases the user may list: as for leads."""
    qs = _readable(user, AccountabilityCase, "lead__kind")
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
