"""Reads of the organ registry, each one indexed query, fit for a city.

A position is held on a day when ``start <= day`` and (``end`` is empty or ``day <= end``):
both ends are inclusive, so the last day of a term still belongs to it.
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from .choices import LEADERSHIP_POSITION_KINDS, PositionKind
from .models import Organ, Person, Position


def _today() -> date:
    return timezone.localdate()


def held_on(day: date, prefix: str = "") -> Q:
    """Positions held on ``day``; ``prefix`` reaches them through a relation (``positions__``)."""
    return Q(**{f"{prefix}start__lte": day}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day})
    )


def _path_prefix(path: str) -> Q:
    q = Q(path__startswith=path)
    if connection.vendor == "sqlite":
        # SQLite's LIKE is case-insensitive and cannot use the index; paths hold only digits
        # and "/", so the same set is a binary range the index answers ("/" + 1 == "0").
        q &= Q(path__gte=path, path__lt=path[:-1] + "0")
    return q


# ---------------------------------------------------------------------------------------------
# The hierarchy (属地管理、分级负责, 第三条)


def organ_subtree(organ: Organ, *, include_self: bool = True) -> QuerySet[Organ]:
    """The organ and every organ below it, in hierarchy order: one prefix query on ``path``."""
    qs = Organ.objects.filter(_path_prefix(organ.path))
    if not include_self:
        qs = qs.exclude(pk=organ.pk)
    return qs.order_by("path")


def organ_ancestors(organ: Organ) -> list[Organ]:
    """The chain of parents, root first, without the organ itself: one query by primary key."""
    ids = organ.ancestor_ids
    if not ids:
        return []
    by_id = Organ.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def departments_of_level(authority: Organ, role: str) -> list[Organ]:
    """Active organs with ``role`` (organization, personnel) of the authority's level (同级).

    "Same level" is the same level and region code: 渝中区委 (district, 500103) is served by
    渝中区委组织部 and 渝中区人力社保局, 市委 by 市委组织部 and 市人力社保局 (细则第十八条). A
    level that has no such department (a township, a district without one in the registry)
    is served by the nearest level above it along the authority's chain of parents. One
    query for the chain and one for the candidates.
    """
    chain = [authority, *reversed(organ_ancestors(authority))]
    candidates = [
        organ
        for organ in Organ.objects.filter(
            region_code__in={link.region_code for link in chain}, is_active=True
        ).order_by("path")
        if organ.has_role(role)
    ]
    for link in chain:
        found = [
            organ
            for organ in candidates
            if (organ.level, organ.region_code) == (link.level, link.region_code)
        ]
        if found:
            return found
    return []


def place_regions(code: str) -> list[str]:
    """The registry regions a place lies in, itself first: ``500103001`` (a township) →
    ``["500103001", "500103"]``; a twelve-digit village adds its township. Not the
    province-level code: every place of the municipality lies in it, so it would vouch for
    any code beginning ``50``."""
    regions = [code]
    if len(code) == 12:
        regions.append(code[:9])
    if len(code) > 6 and not code[:6].endswith("0000"):
        regions.append(code[:6])
    return regions


def region_known(code: str) -> bool:
    """Whether a place of occurrence is a region of the registry: an organ's region is the
    place itself or the township, district or county it lies in (细则第三条, 属地管理). The
    registry keeps districts and counties and the townships it has organs for, so a township
    of a known district is known; ``999999`` or a district no organ serves is not. Dissolved
    organs still mark their region. One indexed query."""
    return Organ.objects.filter(region_code__in=place_regions(code)).exists()


def organ_children(organ: Organ) -> QuerySet[Organ]:
    """The organs directly below it."""
    return Organ.objects.filter(parent_id=organ.pk).order_by("path")


# ---------------------------------------------------------------------------------------------
# Leadership on a date (第七条, 第十一条第二款)


def principal_leader_on(organ: Organ, day: date) -> Position | None:
    """The principal leader's position (person loaded) on ``day``, or None."""
    return (
        Position.objects.filter(held_on(day), organ_id=organ.pk, kind=PositionKind.PRINCIPAL_LEADER)
        .select_related("person")
        .order_by("start")
        .first()
    )


def supervising_leaders_on(organ: Organ, subject: str, day: date) -> list[Position]:
    """Supervising leaders whose portfolio (分管) includes ``subject`` on ``day``.

    One query for the organ's supervising positions held that day (a handful), filtered on the
    JSON portfolio in Python, which SQLite cannot query with ``contains``.
    """
    positions = (
        Position.objects.filter(
            held_on(day), organ_id=organ.pk, kind=PositionKind.SUPERVISING_LEADER
        )
        .select_related("person")
        .order_by("start", "pk")
    )
    return [p for p in positions if subject in (p.portfolio or [])]


def leadership_team_on(organ: Organ, day: date) -> list[Position]:
    """The leadership team (领导班子) on ``day``: principal first, then supervising, members."""
    rank = Case(
        *(When(kind=k, then=Value(i)) for i, k in enumerate(LEADERSHIP_POSITION_KINDS)),
        output_field=IntegerField(),
    )
    return list(
        Position.objects.filter(held_on(day), organ_id=organ.pk, kind__in=LEADERSHIP_POSITION_KINDS)
        .select_related("person")
        .annotate(rank=rank)
        .order_by("rank", "start", "pk")
    )


def positions_of_person_on(person: Person, day: date) -> list[Position]:
    """Every position the person holds on ``day``, organs loaded."""
    return list(
        Position.objects.filter(held_on(day), person_id=person.pk)
        .select_related("organ")
        .order_by("start", "pk")
    )


def _preferred(positions: list[Position]) -> Position | None:
    """Leadership before staff posts, principal first, then the higher organ, then the oldest."""
    order: dict[str, int] = {
        k: i for i, k in enumerate([*LEADERSHIP_POSITION_KINDS, PositionKind.STAFF])
    }
    if not positions:
        return None
    return min(positions, key=lambda p: (order.get(p.kind, 9), p.organ.depth, p.start, p.pk))


def person_managing_authority(person: Person, day: date) -> Organ | None:
    """The organ with management authority over the person on ``day`` (细则第十七条).

    Rule: a member of a leadership team (principal, supervising leader or team member) is a
    leading cadre managed by the managing authority recorded for the organ of that team (the
    organ that manages its leadership cadres, e.g. the district party committee for a district
    department). A staff member without a leadership position is managed by the organ of the
    staff post itself. With several positions the leadership one wins, principal first, then
    the organ highest in the hierarchy. None when the person holds no position that day, or
    when the leading cadre's organ has no managing authority in the registry (its cadres are
    managed above the municipality). One query.
    """
    positions = list(
        Position.objects.filter(held_on(day), person_id=person.pk).select_related(
            "organ", "organ__managing_authority"
        )
    )
    chosen = _preferred(positions)
    if chosen is None:
        return None
    if chosen.kind in LEADERSHIP_POSITION_KINDS:
        return chosen.organ.managing_authority
    return chosen.organ


# ---------------------------------------------------------------------------------------------
# Users


def organs_of_user(user: object, day: date | None = None) -> list[Organ]:
    """Organs where the user's person holds a position on ``day`` (today by default).

    Preferred (primary) organ first: leadership before staff, principal first, then the organ
    highest in the hierarchy. One query.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    day = day or _today()
    positions = list(
        Position.objects.filter(held_on(day), person__user_id=getattr(user, "pk", 0))
        .select_related("organ")
        .order_by("start", "pk")
    )
    ordered: list[Organ] = []
    while positions:
        best = _preferred(positions)
        assert best is not None
        if best.organ not in ordered:
            ordered.append(best.organ)
        positions.remove(best)
    return ordered


def intake_organs_of_user(user: object) -> list[Organ]:
    """The organs where the user takes matters in, petition offices first (an office registers a
    matter to route it on; any other organ records one it received directly), each group in
    ``organs_of_user``'s order."""
    return sorted(organs_of_user(user), key=lambda organ: not organ.has_role("petition_office"))


def primary_organ_of_user(user: object, day: date | None = None) -> Organ | None:
    """The user's primary organ on ``day``: see ``organs_of_user``."""
    organs = organs_of_user(user, day)
    return organs[0] if organs else None


def person_of_user(user: object) -> Person | None:
    """The person linked to the login account, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user_id=getattr(user, "pk", 0)).first()
