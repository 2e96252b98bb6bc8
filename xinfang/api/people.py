"""People, positions and organs for integrators, and "who am I" (细则第七条、第八条).

``/api/people`` and ``/api/people/{id}``: people of the organs the user may read, with their
posts there; ``/api/organs`` finds an organ by name or code; ``/api/organs/{id}/positions``
is an organ's leadership team (领导班子) and staff on a day; ``/api/me`` is the user's own
person, positions, organs and the roles the access rules derive from them.

A person is shown by name, organ and post only: never the registry code, the login or any
other personal detail. Everything goes through ``xinfang.access`` (``visible_organs``,
``access_organ_by_id``, ``access_person_by_id``): out of scope looks like not found. Lists
page with ``page`` and ``page_size`` and give ``count``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Query, Router, Schema
from pydantic import Field

from xinfang.access.choices import AccessRole
from xinfang.access.people import (
    access_person_by_id,
    organ_positions,
    organ_search,
    people_list,
    primary_position,
)
from xinfang.access.policy import access_organ_by_id, scope_for
from xinfang.api.schemas import OrganRefOut
from xinfang.inputs import Id
from xinfang.orgs.choices import (
    LEADERSHIP_POSITION_KINDS,
    OrganKind,
    OrganLevel,
    OrganRole,
    PositionKind,
)
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import organs_of_user, positions_of_person_on

from .paging import PageIn, page_out
from .responses import READ_ERRORS
from .schemas import OrganOut

people_router = Router(tags=["people"])
organs_router = Router(tags=["organs"])
me_router = Router(tags=["people"])


# --- schemas --------------------------------------------------------------------------------


class PersonRefOut(Schema):
    id: int
    name: str


class PositionOut(Schema):
    """A post: leadership team membership (第七条) or a staff post (第八条)."""

    id: int
    kind: str
    kind_label: str
    title: str
    portfolio: list[str] = Field(description="subjects of a supervising leader's portfolio (分管)")
    portfolio_labels: list[str]
    organ: OrganRefOut
    start: dt.date
    end: dt.date | None
    current: bool = Field(description="held on the day asked for (today by default)")


class OrganPositionOut(PositionOut):
    person: PersonRefOut


class PersonOut(Schema):
    """A person as the registry shows one: name, organ and posts, nothing else."""

    id: int
    name: str
    organ: OrganRefOut | None
    positions: list[PositionOut]


class PeopleFilter(PageIn):
    organ_id: Id | None = Field(default=None, description="people with a post in this organ")
    q: str = Field(default="", max_length=100, description="part of the name")
    on: dt.date | None = Field(default=None, description="posts held on this day; today by default")


class PeoplePageOut(Schema):
    count: int
    page: int
    page_size: int
    on: dt.date
    items: list[PersonOut]


class PositionFilter(PageIn):
    on: dt.date | None = Field(default=None, description="posts held on this day; today by default")
    kind: PositionKind | None = None
    leadership: bool | None = Field(
        default=None, description="true: the leadership team (领导班子) only; false: staff only"
    )


class OrganPositionPageOut(Schema):
    count: int
    page: int
    page_size: int
    organ: OrganRefOut
    on: dt.date
    items: list[OrganPositionOut]


class OrganFilter(PageIn):
    q: str = Field(
        default="",
        max_length=100,
        description="part of the name or short name, or the start of the code",
    )
    kind: OrganKind | None = None
    level: OrganLevel | None = None
    role: OrganRole | None = None
    parent_id: Id | None = Field(default=None, description="parent organ id")


class OrganPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[OrganOut]


class UserOut(Schema):
    id: int
    username: str
    is_admin: bool


class RoleOut(Schema):
    code: str
    label: str


class MeOut(Schema):
    """Who am I: the account, its person, current posts, organs and the derived roles."""

    user: UserOut
    person: PersonRefOut | None
    positions: list[PositionOut]
    organs: list[OrganRefOut] = Field(description="organs of the current posts, primary first")
    roles: list[RoleOut] = Field(description="roles the access rules derive from the posts")
    authorities: list[OrganRefOut] = Field(
        description="managing authorities the user acts for (decides or is notified, 第十七条、"
        "第十八条)"
    )


# --- renderers ------------------------------------------------------------------------------


def organ_ref(organ: Organ) -> dict[str, Any]:
    return {"id": organ.pk, "name": organ.name}


def position_out(position: Position, *, on: dt.date) -> dict[str, Any]:
    return {
        "id": position.pk,
        "kind": position.kind,
        "kind_label": str(position.get_kind_display()),
        "title": position.title,
        "portfolio": list(position.portfolio or []),
        "portfolio_labels": position.portfolio_labels,
        "organ": organ_ref(position.organ),
        "start": position.start,
        "end": position.end,
        "current": position.is_held_on(on),
    }


def person_out(person: Person, *, on: dt.date) -> dict[str, Any]:
    positions: list[Position] = getattr(person, "shown_positions", [])
    primary = primary_position(positions, on=on)
    return {
        "id": person.pk,
        "name": person.name,
        "organ": organ_ref(primary.organ) if primary else None,
        "positions": [position_out(p, on=on) for p in positions],
    }


# --- people ---------------------------------------------------------------------------------


@people_router.get("", response={200: PeoplePageOut, **READ_ERRORS}, operation_id="person_list")
def person_list(request: HttpRequest, filters: Query[PeopleFilter]) -> Any:
    """People with a post on the day in organs the user may read (one organ with ``organ_id``)."""
    on = filters.on or timezone.localdate()
    organ = access_organ_by_id(request.user, filters.organ_id) if filters.organ_id else None
    people = people_list(request.user, on=on, organ=organ, q=filters.q)
    page = page_out(
        people,
        page=filters.page,
        page_size=filters.page_size,
        render=lambda person: person_out(person, on=on),
    )
    return {**page, "on": on}


@people_router.get(
    "/{person_id}", response={200: PersonOut, **READ_ERRORS}, operation_id="person_detail"
)
def person_detail(request: HttpRequest, person_id: int) -> Any:
    """One person and every post, current and past, in organs the user may read."""
    person = access_person_by_id(request.user, person_id)
    return person_out(person, on=timezone.localdate())


# --- organs ---------------------------------------------------------------------------------


@organs_router.get("", response={200: OrganPageOut, **READ_ERRORS}, operation_id="organ_list")
def organ_list(request: HttpRequest, filters: Query[OrganFilter]) -> Any:
    """Organs the user may read, found by name, short name or code, in hierarchy order."""
    organs = organ_search(
        request.user,
        q=filters.q,
        role=filters.role,
        kind=filters.kind,
        level=filters.level,
        parent_id=filters.parent_id,
    )
    return page_out(organs, page=filters.page, page_size=filters.page_size)


@organs_router.get(
    "/{organ_id}/positions",
    response={200: OrganPositionPageOut, **READ_ERRORS},
    operation_id="organ_position_list",
)
def organ_position_list(request: HttpRequest, organ_id: int, filters: Query[PositionFilter]) -> Any:
    """The organ's posts held on the day: the leadership team first — principal leader,
    supervising leaders (with their portfolios), other members (第七条) — then staff (第八条)."""
    organ = access_organ_by_id(request.user, organ_id)
    on = filters.on or timezone.localdate()
    kinds: tuple[str, ...] = (*LEADERSHIP_POSITION_KINDS, PositionKind.STAFF)
    if filters.leadership is True:
        kinds = tuple(LEADERSHIP_POSITION_KINDS)
    elif filters.leadership is False:
        kinds = (PositionKind.STAFF,)
    if filters.kind is not None:
        kinds = tuple(k for k in kinds if k == filters.kind)
    page = page_out(
        organ_positions(organ, on=on, kinds=kinds),
        page=filters.page,
        page_size=filters.page_size,
        render=lambda p: {
            **position_out(p, on=on),
            "person": {"id": p.person.pk, "name": p.person.name},
        },
    )
    return {**page, "organ": organ_ref(organ), "on": on}


# --- me -------------------------------------------------------------------------------------


@me_router.get("", response={200: MeOut, **READ_ERRORS}, operation_id="me")
def me(request: HttpRequest) -> Any:
    """The signed-in account: its person, current posts, organs and derived roles."""
    user = request.user
    today = timezone.localdate()
    scope = scope_for(user)
    person = Person.objects.filter(pk=scope.person_id).first() if scope.person_id else None
    positions = positions_of_person_on(person, today) if person is not None else []
    labels = dict(AccessRole.choices)
    roles = [code for code in AccessRole.values if code in scope.roles]
    authorities = Organ.objects.filter(pk__in=sorted(scope.managed_by_ids)).order_by("path")
    return {
        "user": {
            "id": user.pk,
            "username": user.get_username(),
            "is_admin": scope.is_admin,
        },
        "person": {"id": person.pk, "name": person.name} if person is not None else None,
        "positions": [position_out(p, on=today) for p in positions],
        "organs": [organ_ref(o) for o in organs_of_user(user, today)],
        "roles": [{"code": code, "label": str(labels[code])} for code in roles],
        "authorities": [organ_ref(o) for o in authorities],
    }


def mount(api: NinjaAPI) -> None:
    """Register ``/people``, ``/organs`` (search, positions) and ``/me`` on ``api``."""
    api.add_router("/people", people_router)
    api.add_router("/organs", organs_router)
    api.add_router("/me", me_router)
