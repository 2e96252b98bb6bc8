"""The small world of the leaders' duties tests (the accountability tests' Chongqing district)
and a few records made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from tests.accountability.factories import World, build_world, make_overdue_matter
from xinfang.access.models import Accusation
from xinfang.duties.models.leaders import Instruction
from xinfang.duties.services.leaders import instruction_instruct, instruction_put_before
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import Matter

ACTOR = "test:leaders"


def today() -> dt.date:
    return timezone.localdate()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


@pytest.fixture(name="world")
def world_fixture(db: None) -> World:
    return build_world()


@pytest.fixture(name="client_for")
def client_for_fixture(db: None) -> Any:
    """A client logged in as the account."""
    clients: dict[int, Client] = {}

    def login(user: Any) -> Client:
        if user.pk not in clients:
            client = Client()
            client.force_login(user, backend="xinfang.access.backends.ModelBackend")
            clients[user.pk] = client
        return clients[user.pk]

    return login


def a_matter(world: World) -> Matter:
    """A 物业管理 matter (the ``housing`` portfolio covers it) at the district petition office."""
    return make_overdue_matter(world, organ="d_po", period="route", due=today() + dt.timedelta(5))


def accuse(matter: Matter, organ: Organ) -> None:
    Accusation.objects.create(
        content_type=ContentType.objects.get_for_model(Matter),
        object_id=matter.pk,
        accused_organ=organ,
    )


def instructed(
    world: World,
    *,
    matter: Matter | None = None,
    to: str = "housing",
    person: str | None = None,
    on: dt.date | None = None,
    due: dt.date | None = None,
) -> Instruction:
    """A matter put before the district secretary and instructed to ``to`` (or a person)."""
    day = on or today()
    record = instruction_put_before(
        organ=world.organ("d_party"),
        leader=world.person("d_secretary"),
        title="关于小区电梯长期停运的来信",
        matter=matter,
        put_before_on=day,
        actor=ACTOR,
    )
    return instruction_instruct(
        instruction=record,
        text="请区住房城乡建委依法妥善处理，按期报告办理情况。",
        to_organ=None if person else world.organ(to),
        to_person=world.person(person) if person else None,
        instructed_on=day,
        report_due=due,
        actor=ACTOR,
    )
