"""The small world of the incident tests: the accountability tests' district (住建委 ``housing``
under the district government, the district petition office ``d_po``), with a head for the
petition office and the district government, and helpers that record incidents through the
services.

Fixtures are imported by the test modules (``from .incidents_world import ...``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.accountability.factories import START, World, build_world
from tests.factories import FACTORY_ACTOR, TEST_PASSWORD
from xinfang.duties.models.incidents import Incident, IncidentKind
from xinfang.duties.services import incidents as services
from xinfang.orgs import services as org_services
from xinfang.orgs.choices import PositionKind

#: When the incidents of the tests were known: ten days ago at 09:00 local time.
KNOWN_AT = timezone.make_aware(
    dt.datetime.combine(timezone.localdate() - dt.timedelta(days=10), dt.time(9))
)
HOUR = dt.timedelta(hours=1)


def _login(world: World, username: str, organ: str, kind: str) -> None:
    user = get_user_model().objects.create_user(username=username, password=TEST_PASSWORD)
    person = org_services.person_create(
        actor=FACTORY_ACTOR, code=f"P-{username}", name=f"人员{username}", user=user
    )
    org_services.position_start(
        actor=FACTORY_ACTOR, person=person, organ=world.organ(organ), kind=kind, start=START
    )
    world.users[username] = user
    world.persons[username] = person


def build_incident_world() -> World:
    world = build_world()
    _login(world, "d_po_head", "d_po", PositionKind.PRINCIPAL_LEADER)
    _login(world, "d_gov_head", "d_gov", PositionKind.PRINCIPAL_LEADER)
    return world


@pytest.fixture
def world(db: None) -> World:
    return build_incident_world()


@pytest.fixture
def client_for(db: None) -> Any:
    """A logged-in client per account (no password round trip)."""
    clients: dict[int, Client] = {}

    def login(user: Any) -> Client:
        if user.pk not in clients:
            client = Client()
            client.force_login(user, backend="xinfang.access.backends.ModelBackend")
            clients[user.pk] = client
        return clients[user.pk]

    return login


def record(
    world: World,
    *,
    kind: str = IncidentKind.COLLECTIVE_VISIT,
    by: str = "housing_clerk",
    recording_organ: str = "housing",
    known_at: dt.datetime = KNOWN_AT,
    known_by: str = "housing_clerk",
    people: int = 30,
    **extra: Any,
) -> Incident:
    """An incident of 住建委, recorded through the service."""
    return services.incident_record(
        organ=world.organ("housing"),
        recording_organ=world.organ(recording_organ),
        kind=kind,
        title=extra.pop("title", "某小区业主集体访"),
        description="业主反映小区电梯长期停运，聚集在区住建委门前。",
        occurred_at=known_at - dt.timedelta(minutes=20),
        place="区住建委门前",
        place_organ=world.organ("d_gov"),
        people_count=people,
        known_at=known_at,
        known_by=world.person(known_by),
        actor=world.user(by),
        **extra,
    )


def report(
    world: World,
    incident: Incident,
    *,
    after: dt.timedelta,
    channel: str = "phone",
    by: str = "housing_clerk",
    to: str = "d_gov",
) -> Incident:
    return services.incident_report(
        incident=incident,
        organ=world.organ("housing"),
        made_at=incident.known_at + after,
        channel=channel,
        content="报告事件基本情况和处置措施。",
        to_organ=world.organ(to),
        actor=world.user(by),
    )


def act(world: World, incident: Incident, *, after: dt.timedelta) -> Incident:
    return services.incident_act(
        incident=incident,
        organ=world.organ("housing"),
        at=incident.known_at + after,
        what="派员到场接待，做好疏导解释工作。",
        actor=world.user("housing_clerk"),
    )


def escalate(world: World, incident: Incident, *, after: dt.timedelta, people: int) -> Incident:
    return services.incident_escalate(
        incident=incident,
        organ=world.organ("housing"),
        at=incident.known_at + after,
        growth="more_people",
        what="聚集人数增加，有人在网上发布视频。",
        people_after=people,
        actor=world.user("housing_clerk"),
    )
