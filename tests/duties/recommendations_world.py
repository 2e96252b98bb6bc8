"""The small world of the tests of 细则第六条: the accountability tests' Chongqing, with a
principal leader for D区信访办, and helpers that write recommendations and matters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from tests.accountability.factories import World, build_world, make_overdue_matter
from tests.factories import FACTORY_ACTOR, TEST_PASSWORD
from xinfang.access.models import Accusation
from xinfang.duties.models.recommendations import OfficeRecommendation
from xinfang.duties.services import recommendations as services
from xinfang.orgs import services as org_services
from xinfang.orgs.choices import PositionKind
from xinfang.petitions.matters.models import Matter

TODAY = timezone.localdate()


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def add_office_head(world: World) -> None:
    """D区信访办's principal leader, with a login (``d_po_head``)."""
    user = get_user_model().objects.create_user(username="d_po_head", password=TEST_PASSWORD)
    person = org_services.person_create(
        actor=FACTORY_ACTOR, code="P-d_po_head", name="信访办主任", user=user
    )
    org_services.position_start(
        actor=FACTORY_ACTOR,
        person=person,
        organ=world.organ("d_po"),
        kind=PositionKind.PRINCIPAL_LEADER,
        start=dt.date(2020, 1, 1),
    )
    world.users["d_po_head"] = user
    world.persons["d_po_head"] = person


@pytest.fixture(name="world")
def world_fixture(db: None) -> World:
    built = build_world()
    add_office_head(built)
    return built


@pytest.fixture(name="client_for")
def client_for_fixture(db: None) -> Any:
    """A separate client logged in as the account (no password round trip, no axes)."""
    clients: dict[int, Client] = {}

    def login(user: Any) -> Client:
        if user.pk not in clients:
            client = Client()
            client.force_login(user, backend="xinfang.access.backends.ModelBackend")
            clients[user.pk] = client
        return clients[user.pk]

    return login


def send(
    world: World,
    *,
    recipient: str = "housing",
    kind: str = "improve_work",
    sent_on: dt.date | None = None,
    matters: list[Matter] | None = None,
    **extra: Any,
) -> OfficeRecommendation:
    """D区信访办's clerk sends a recommendation, on ``sent_on`` (today by default)."""
    day = sent_on or TODAY
    return services.office_recommendation_send(
        office=world.organ("d_po"),
        recipient=world.organ(recipient),
        kind=kind,
        title=extra.pop("title", "关于规范物业管理投诉办理的建议"),
        content=extra.pop("content", "建议建立物业投诉首问负责制度。"),
        reasons=extra.pop("reasons", "物业管理类信访事项办理超期较多。"),
        matters=matters or [],
        sent_on=day,
        actor=world.user("d_po_clerk"),
        at=at(day),
        **extra,
    )


def reply(
    world: World, rec: OfficeRecommendation, *, on: dt.date, adoption: str = "adopted", **extra: Any
) -> OfficeRecommendation:
    return services.office_recommendation_reply(
        recommendation=rec,
        reply="我委采纳该建议。",
        adoption=adoption,
        actor=world.user("housing_clerk"),
        at=at(on),
        **extra,
    )


def matter_at_housing(world: World, *, received: dt.date) -> Matter:
    """A property-management matter received at 住建委 on ``received``."""
    return make_overdue_matter(world, due=received + dt.timedelta(days=15))


def accuse(matter: Matter, organ: Any) -> Accusation:
    return Accusation.objects.create(
        content_type=ContentType.objects.get_for_model(Matter),
        object_id=matter.pk,
        accused_organ=organ,
    )
