"""Scope: what a user's positions today let them see (cached on the user object)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from xinfang.orgs.models import LEADERSHIP_KINDS, Organ, Person, Position
from xinfang.prepared import prepared_rows

from ..scope import PositionFacts, Scope, build_scope

_SCOPE_CACHE_ATTR = "_xinfang_access_scope"


# ---------------------------------------------------------------------------------------------
# Scope


def _position_facts(*, user_id: int, on: date) -> tuple[int | None, list[PositionFacts]]:
    """The person of the user and the facts of the person's positions on a day: one query
    when the person holds a position (the usual case), two when not."""
    # Every request asks this: compiled once (``xinfang.prepared``).
    rows = prepared_rows(
        ("position_facts",),
        lambda user_id, on: (
            Position.objects.filter(person__user_id=user_id, start__lte=on)
            .filter(Q(end__isnull=True) | Q(end__gte=on))
            .order_by()
            .values_list(
                "person_id",
                "kind",
                "organ_id",
                "organ__path",
                "organ__roles",
                "organ__parent_id",
                "organ__parent__path",
                "organ__vertical_system",
            )
        ),
        user_id=user_id,
        on=on,
    )
    facts = [
        PositionFacts(
            organ_id=organ_id,
            organ_path=organ_path,
            organ_roles=frozenset(roles or []),
            parent_id=parent_id,
            parent_path=parent_path or "",
            is_leadership=kind in LEADERSHIP_KINDS,
            vertical_below=vertical_below(organ_id) if system else frozenset(),
        )
        for _person, kind, organ_id, organ_path, roles, parent_id, parent_path, system in rows
    ]
    if rows:
        return rows[0][0], facts
    person_id = Person.objects.filter(user_id=user_id).values_list("id", flat=True).first()
    return person_id, facts


#: Deepest vertically managed system walked (ministry → province → city → district → station).
_VERTICAL_DEPTH = 8


def vertical_below(organ_id: int) -> frozenset[int]:
    """The organs whose chain of vertical parents reaches ``organ_id``: its system below it
    (细则第五条第二款), one query a level."""
    found: set[int] = set()
    frontier = {organ_id}
    for _level in range(_VERTICAL_DEPTH):
        children = set(
            Organ.objects.filter(vertical_parent_id__in=sorted(frontier)).values_list(
                "id", flat=True
            )
        )
        frontier = children - found - {organ_id}
        if not frontier:
            break
        found |= frontier
    return frozenset(found)


def scope_for(user: Any, *, on: date | None = None) -> Scope:
    """The user's scope today (cached on the user object for the request)."""
    day = on or timezone.localdate()
    if user is None or not getattr(user, "is_authenticated", False):
        return Scope()
    cached: tuple[date, Scope] | None = getattr(user, _SCOPE_CACHE_ATTR, None)
    if cached is not None and cached[0] == day:
        return cached[1]
    person_id, facts = _position_facts(user_id=user.pk, on=day)
    scope = build_scope(
        user_id=user.pk,
        person_id=person_id,
        is_active=bool(user.is_active),
        is_admin=bool(user.is_superuser),
        positions=facts,
    )
    setattr(user, _SCOPE_CACHE_ATTR, (day, scope))
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope (after positions change within a request or a test)."""
    if hasattr(user, _SCOPE_CACHE_ATTR):
        delattr(user, _SCOPE_CACHE_ATTR)


def _prefix(lookup: str) -> str:
    return f"{lookup}__" if lookup else ""


def organ_scope_q(scope: Scope, lookup: str) -> Q:
    """Rows whose organ (reached by ``lookup``) the scope covers."""
    prefix = _prefix(lookup)
    organ_ids = scope.member_organ_ids | scope.vertical_organ_ids
    condition = Q(**{f"{prefix}id__in": sorted(organ_ids)})
    for path in sorted(scope.subtree_paths):
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition
