"""A small world for the assessment tests (细则第十条第一款): a city with its petition office and
organization department, three districts and a city department, a few matters with hand-known
figures, and logins for each reader."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.factories import FACTORY_ACTOR, TEST_PASSWORD
from xinfang.orgs import services as org_services
from xinfang.orgs.models import Organ, Person
from xinfang.oversight.models import AssessmentScheme
from xinfang.oversight.services import assessment as services
from xinfang.petitions.matters.models import Matter, MatterClock

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
#: The run's day: after the period, so running clocks are judged at 2026-07-01.
TODAY = dt.date(2026, 12, 7)

# name: (parent, roles, level, region, kind)
ORGANS = {
    "city": (None, ["party_committee"], "municipal", "500000", "party"),
    "city_gov": (None, ["government"], "municipal", "500000", "administrative"),
    "petition": ("city_gov", ["petition_office"], "municipal", "500000", "administrative"),
    "org": ("city", ["organization"], "municipal", "500000", "party"),
    "housing": ("city_gov", ["department"], "municipal", "500000", "administrative"),
    "a": ("city", ["party_committee"], "district", "500101", "party"),
    "a_dept": ("a", ["department"], "district", "500101", "administrative"),
    "b": ("city", ["party_committee"], "district", "500102", "party"),
    "c": ("city", ["party_committee"], "district", "500103", "party"),
}
# username: (organ, position kind, portfolio)
ACCOUNTS = {
    "clerk": ("petition", "staff", []),
    "org_staff": ("org", "staff", []),
    "a_head": ("a", "principal_leader", []),
    "a_deputy": ("a", "supervising_leader", ["petition"]),
    "a_other": ("a", "supervising_leader", ["finance"]),
    "b_staff": ("b", "staff", []),
    "gov_staff": ("city_gov", "staff", []),
}

_seq = itertools.count(1)


@dataclass
class AWorld:
    organs: dict[str, Organ] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def matter(organ: Organ, *, received: dt.date = dt.date(2026, 2, 1), **fields: Any) -> Matter:
    n = next(_seq)
    return Matter.objects.create(
        channel=fields.pop("channel", "letter"),
        received_at=at(received),
        registered_at=at(received),
        registering_organ=fields.pop("registering_organ", organ),
        current_organ=organ,
        handling_organ=fields.pop("handling_organ", organ),
        region_code=fields.pop("region_code", organ.region_code),
        summary=f"考核测试事项{n}",
        content="反映问题。",
        query_code=f"ASSESS{n:08d}",
        profile="chongqing-2017",
        state="accepted",
        **fields,
    )


def clock(
    organ: Organ, *, due: dt.date, stopped: dt.date | None, period: str = "accept"
) -> MatterClock:
    return MatterClock.objects.create(
        matter=matter(organ),
        period=period,
        organ=organ,
        started_on=due - dt.timedelta(days=15),
        days=15,
        due=due,
        stopped_on=stopped,
        basis=["信访条例(2005)第二十一条第二款"],
    )


def figures(world: AWorld) -> None:
    """The hand-known data: acceptance A 1/2 (kept at A, missed at its department), B 0/1
    (running past due), C none, housing 1/1; satisfaction A 1/2, B 1/1."""
    o = world.organs
    clock(o["a"], due=dt.date(2026, 3, 1), stopped=dt.date(2026, 2, 28))
    clock(o["a_dept"], due=dt.date(2026, 3, 1), stopped=dt.date(2026, 3, 5))
    clock(o["a"], due=dt.date(2026, 8, 1), stopped=None)  # due after the period
    clock(o["b"], due=dt.date(2026, 4, 1), stopped=None)
    clock(o["housing"], due=dt.date(2026, 5, 1), stopped=dt.date(2026, 4, 20))
    matter(o["a_dept"], satisfaction="satisfied", satisfaction_at=at(dt.date(2026, 3, 3)))
    matter(o["a_dept"], satisfaction="dissatisfied", satisfaction_at=at(dt.date(2026, 3, 4)))
    matter(o["b"], satisfaction="basically_satisfied", satisfaction_at=at(dt.date(2026, 5, 4)))
    matter(o["c"], satisfaction="satisfied", satisfaction_at=at(dt.date(2026, 8, 4)))  # later


def build(*, with_figures: bool = True) -> AWorld:
    world = AWorld()
    for name, (parent, roles, level, region, kind) in ORGANS.items():
        world.organs[name] = org_services.organ_create(
            actor=FACTORY_ACTOR,
            code=f"AS-{name}",
            name=f"考核{name}",
            kind=kind,
            level=level,
            region_code=region,
            parent=world.organs[parent] if parent else None,
            roles=roles,
        )
    for username, (organ, kind, portfolio) in ACCOUNTS.items():
        user = get_user_model().objects.create_user(username=username, password=TEST_PASSWORD)
        person = org_services.person_create(
            actor=FACTORY_ACTOR, code=f"AS-{username}", name=f"人员{username}", user=user
        )
        org_services.position_start(
            actor=FACTORY_ACTOR,
            person=person,
            organ=world.organs[organ],
            kind=kind,
            start=dt.date(2020, 1, 1),
            portfolio=portfolio,
        )
        world.users[username] = user
        world.persons[username] = person
    if with_figures:
        figures(world)
    return world


def make_scheme(world: AWorld, *, activate: bool = True) -> AssessmentScheme:
    """The city's half-year scheme over A, B, C and the housing department: acceptance
    (weight 2), satisfaction (1), and a hand-scored 议事日程 (1) where A and B have 80."""
    o = world.organs
    scheme = services.assessment_scheme_create(
        assessing_organ=o["city"],
        office=o["petition"],
        title="2026年上半年信访工作考核",
        period_kind="half_year",
        period_start=START,
        period_end=END,
        organs=[o["a"], o["b"], o["c"], o["housing"]],
        indicators=[
            services.IndicatorSpec(code="on_time_acceptance", weight=2),
            services.IndicatorSpec(code="satisfaction", weight=1),
            services.IndicatorSpec(code="agenda", weight=1, title="列入议事日程", source="manual"),
        ],
        actor=world.users["clerk"],
    )
    agenda = scheme.indicators.get(code="agenda")
    for name in ("a", "b"):
        services.hand_score_enter(
            indicator=agenda,
            organ=o[name],
            value=80,
            evidence="常委会会议纪要",
            actor=world.users["clerk"],
            acting_for=o["petition"],
        )
    if activate:
        services.assessment_scheme_activate(
            scheme=scheme, actor=world.users["clerk"], acting_for=o["petition"]
        )
        scheme.refresh_from_db()
    return scheme


@pytest.fixture(name="world")
def world_fixture(db: None) -> AWorld:
    return build()


@pytest.fixture(name="bare")
def bare_fixture(db: None) -> AWorld:
    """The organs and logins without the figures."""
    return build(with_figures=False)


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
