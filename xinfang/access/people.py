"""Scoped reads of the people of the registry and their positions (细则第七条、第八条).

An integrator needs to find an organ's leadership team, the leader who approves an extension
or the people to name in findings; these reads answer through ``visible_organs``: a person
is listed only for positions in organs the user may read, and only those positions are
shown. A person with no such position looks exactly like one that does not exist (404,
logged). What is read of a person is the name and the posts, nothing else.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, PositionKind
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import held_on

from .choices import DenialReason
from .policy import log_denial, visible_organs

#: Principal leader first, then supervising leaders, team members and staff (第七条、第八条).
KIND_ORDER = (*LEADERSHIP_POSITION_KINDS, PositionKind.STAFF)


def _kind_rank() -> Case:
    return Case(
        *(When(kind=kind, then=Value(i)) for i, kind in enumerate(KIND_ORDER)),
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )


def visible_positions(user: Any, *, on: date | None = None) -> QuerySet[Position]:
    """Positions in organs the user may read; held on ``on`` when given (both ends inclusive)."""
    positions = Position.objects.filter(organ_id__in=visible_organs(user).values("pk"))
    if on is not None:
        positions = positions.filter(held_on(on))
    return positions


def _ordered(positions: QuerySet[Position]) -> QuerySet[Position]:
    return (
        positions.select_related("organ", "person")
        .annotate(kind_rank=_kind_rank())
        .order_by("kind_rank", "organ__depth", "start", "pk")
    )


def people_list(
    user: Any, *, on: date | None, organ: Organ | None = None, q: str = ""
) -> QuerySet[Person]:
    """People holding a position the user may see (on ``on``, at ``organ``), by name.

    Each person carries ``shown_positions``: those positions only, leadership first.
    """
    positions = visible_positions(user, on=on)
    if organ is not None:
        positions = positions.filter(organ_id=organ.pk)
    people = Person.objects.filter(pk__in=positions.values("person_id"))
    if q.strip():
        people = people.filter(name__icontains=q.strip())
    return people.order_by("pk").prefetch_related(
        Prefetch("positions", queryset=_ordered(positions), to_attr="shown_positions")
    )


def access_person_by_id(user: Any, person_id: Any) -> Person:
    """A person who holds or held a position the user may see, with ``shown_positions`` (all
    of them there, current and past); otherwise the denial is logged and ``Http404`` raised."""
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        pk = None
    positions = visible_positions(user)
    person = (
        Person.objects.filter(pk=pk, pk__in=positions.values("person_id"))
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=_ordered(positions.filter(person_id=pk)),
                to_attr="shown_positions",
            )
        )
        .first()
        if pk
        else None
    )
    if person is not None:
        return person
    exists = pk is not None and Person.objects.filter(pk=pk).exists()
    log_denial(
        user,
        object_type="orgs.person",
        object_id=person_id,
        reason=DenialReason.OUT_OF_SCOPE if exists else DenialReason.NOT_FOUND,
    )
    raise Http404(_("未找到。"))


def organ_positions(
    organ: Organ, *, on: date, kinds: tuple[str, ...] = KIND_ORDER
) -> QuerySet[Position]:
    """The positions of an organ the caller has already read through ``access_organ_by_id``,
    held on ``on``: the leadership team (领导班子: principal leader, supervising leaders,
    other members, 第七条) first, then staff (第八条)."""
    return _ordered(Position.objects.filter(held_on(on), organ_id=organ.pk, kind__in=kinds))


def primary_position(positions: list[Position], *, on: date) -> Position | None:
    """The position that names a person's organ: one held on ``on`` before a past one, then
    leadership before staff, principal first, the organ highest in the hierarchy, the oldest."""
    if not positions:
        return None
    rank: dict[str, int] = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return min(
        positions,
        key=lambda p: (
            not p.is_held_on(on),
            rank.get(p.kind, len(KIND_ORDER)),
            p.organ.depth,
            p.start,
            p.pk,
        ),
    )


def organ_search(
    user: Any, *, q: str = "", role: str | None = None, **filters: Any
) -> QuerySet[Organ]:
    """Organs the user may read whose name, short name or code holds ``q``, in hierarchy order.

    ``role`` is one of ``OrganRole`` (the caller validates it); ``filters`` are exact matches
    on the organ's columns (``kind``, ``level``, ``parent_id``).
    """
    organs = visible_organs(user).filter(**{k: v for k, v in filters.items() if v is not None})
    if role:
        # The roles are a JSON list; SQLite has no JSON ``contains``, so the quoted code is
        # matched in its text (a code is letters and underscores: no other match is possible).
        organs = organs.filter(roles__icontains=f'"{role}"')
    text = q.strip()
    if text:
        organs = organs.filter(
            Q(name__icontains=text) | Q(short_name__icontains=text) | Q(code__istartswith=text)
        )
    return organs.order_by("path", "pk")
