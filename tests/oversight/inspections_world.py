"""The small world of the inspection tests (细则第九条): the accountability tests' Chongqing
with 市委办公厅 (``city_office``, under 市委) whose clerk ``inspector`` runs 市委's plan.

市委 (city_party) supervises, by default: 市委组织部 (its own level under it), and the party
committee and government of each district (D区委, D区政府, B区委, B区政府) — five organs; the
inspecting office itself is left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.accountability.factories import World, build_world
from tests.factories import FACTORY_ACTOR, TEST_PASSWORD
from xinfang.orgs import services as org_services
from xinfang.orgs.choices import PositionKind
from xinfang.oversight.models import Inspection, InspectionPlan
from xinfang.oversight.services import inspections as services

TODAY = timezone.localdate()
YEAR = TODAY.year


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def add_office(world: World) -> None:
    world.organs["city_office"] = org_services.organ_create(
        actor=FACTORY_ACTOR,
        code="ACC-city_office",
        name="测试市委办公厅",
        kind="party",
        level="municipal",
        region_code="500000",
        parent=world.organ("city_party"),
        roles=[],
    )
    user = get_user_model().objects.create_user(username="inspector", password=TEST_PASSWORD)
    person = org_services.person_create(
        actor=FACTORY_ACTOR, code="P-inspector", name="督查员", user=user
    )
    org_services.position_start(
        actor=FACTORY_ACTOR,
        person=person,
        organ=world.organ("city_office"),
        kind=PositionKind.STAFF,
        start=dt.date(2020, 1, 1),
    )
    world.users["inspector"] = user
    world.persons["inspector"] = person


@pytest.fixture(name="world")
def world_fixture(db: None) -> World:
    built = build_world()
    add_office(built)
    return built


@pytest.fixture(name="client_for")
def client_for_fixture(db: None) -> Any:
    clients: dict[int, Client] = {}

    def login(user: Any) -> Client:
        if user.pk not in clients:
            client = Client()
            client.force_login(user, backend="xinfang.access.backends.ModelBackend")
            clients[user.pk] = client
        return clients[user.pk]

    return login


def make_plan(world: World, *, year: int = YEAR) -> InspectionPlan:
    return services.inspection_plan_create(
        authority=world.organ("city_party"),
        inspecting_organ=world.organ("city_office"),
        year=year,
        actor=world.user("inspector"),
    )


def make_inspection(
    world: World, plan: InspectionPlan, organs: tuple[str, ...] = ("d_party",), **extra: Any
) -> Inspection:
    start = extra.pop("planned_start", dt.date(plan.year, 3, 1))
    return services.inspection_create(
        plan=plan,
        kind=extra.pop("kind", "special"),
        title=extra.pop("title", "渝中区信访工作专项督查"),
        organs=[world.organ(name) for name in organs],
        team_leader="张组长",
        team="李组员、王组员",
        planned_start=start,
        planned_end=extra.pop("planned_end", start + dt.timedelta(days=10)),
        actor=extra.pop("actor", world.user("inspector")),
        **extra,
    )
