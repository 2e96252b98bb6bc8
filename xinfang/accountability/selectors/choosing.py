"""Choosing organs and people by name on the pages (never by registry code)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xinfang.access.policy import scope_for, visible_organs
from xinfang.orgs.models import Organ, Person, Position
from xinfang.punctuation import join_clauses, join_list

ORGAN_SEARCH_LIMIT = 50


def organs_named(organs: QuerySet[Organ], query: str) -> list[Organ]:
    """Organs among ``organs`` whose name or short name contains ``query``, at most 50, each
    with its parent (to tell two 住建委 apart); nothing for an empty query."""
    text = (query or "").strip()
    if not text:
        return []
    return list(
        organs.filter(Q(name__icontains=text) | Q(short_name__icontains=text))
        .select_related("parent")
        .order_by("path", "pk")[:ORGAN_SEARCH_LIMIT]
    )


def organs_for_leads(user: Any) -> QuerySet[Organ]:
    """Active organs the user's petition office may file a lead on: its territory minus its own
    chain of command (细则第六条、第十七条第二款; as ``petition_office_of_user``)."""
    scope = scope_for(user)
    organs = visible_organs(user).filter(is_active=True)
    if scope.is_empty:
        return organs.none()
    if scope.is_admin:
        return organs
    if not scope.office_paths:
        return organs.none()
    territory = Q(pk__in=[])
    for path in sorted(scope.office_paths):
        territory |= Q(path__startswith=path)
    return organs.filter(territory).exclude(pk__in=sorted(scope.exposed_organ_ids))


def _post_of(position: Position) -> str:
    return position.title_label or str(position.get_kind_display())


def people_in_post_on(organ: Organ, day: dt.date) -> list[tuple[Person, str]]:
    """Who held a post at ``organ`` on ``day``, each with a label naming the person, the organ
    and the post: the only people findings may name (细则第十一条第二款)."""
    positions = (
        Position.objects.filter(organ_id=organ.pk, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("person")
        .order_by("start", "pk")
    )
    seen: dict[int, tuple[Person, list[str]]] = {}
    for position in positions:
        seen.setdefault(position.person_id, (position.person, []))[1].append(_post_of(position))
    return [
        (
            person,
            _("%(name)s（%(organ)s，%(post)s）")
            % {"name": person.name, "organ": organ.name, "post": join_list(posts)},
        )
        for person, posts in seen.values()
    ]


def people_of_organ(organ: Organ) -> list[tuple[Person, str]]:
    """Everyone who holds or held a post at ``organ``, each labelled with the posts and their
    dates (for naming people on a lead; the service checks the post on the failure date)."""
    positions = (
        Position.objects.filter(organ_id=organ.pk)
        .select_related("person")
        .order_by("person__name", "start", "pk")
    )
    seen: dict[int, tuple[Person, list[str]]] = {}
    for position in positions:
        if position.end is None:
            held = _("%(start)s 起") % {"start": position.start.isoformat()}
        else:
            held = _("%(start)s 至 %(end)s") % {
                "start": position.start.isoformat(),
                "end": position.end.isoformat(),
            }
        seen.setdefault(position.person_id, (position.person, []))[1].append(
            f"{_post_of(position)} {held}"
        )
    return [
        (person, _("%(name)s（%(posts)s）") % {"name": person.name, "posts": join_clauses(posts)})
        for person, posts in seen.values()
    ]
