"""A small Chongqing for the accountability tests, built through the registry's services.

::

    市委 city_party (root)                     市政府 city_gov (root)
      市委组织部 city_org (organization)         市信访办 city_po (petition office)
      D区委 d_party (managed by city_party)      市人力社保局 city_hrss (personnel)
        D区委组织部 d_org (organization)         D区政府 d_gov (managed by city_party)
        D区纪委监委 d_discipline (discipline)      D区信访办 d_po (petition office)
        D区检察院 d_procuratorate                  D区人力社保局 d_hrss (personnel)
      B区委 b_party                                D区住建委 housing (managed by d_party)
                                                 B区政府 b_gov
                                                   B区信访办 b_po

People in 住建委 (housing): the director (principal since 2020), the deputy for petitions and
housing (supervising leader, portfolio ``petition`` and ``housing``, since 2020), a clerk
(staff, with a login), a colleague (staff, with a login), and a deputy for housing appointed on
``LATE_APPOINTMENT`` (after the failures the tests use). The matters are 物业管理
(``housing-property``, a 城乡建设 category: the ``housing`` portfolio covers them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.factories import FACTORY_ACTOR, TEST_PASSWORD
from xinfang.orgs import services as org_services
from xinfang.orgs.choices import PositionKind
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.counts import count_places
from xinfang.petitions.matters.models import (
    Category,
    Matter,
    MatterClock,
    MatterEvent,
    SupervisionOrder,
)

START = dt.date(2020, 1, 1)
# The failures in the tests happen in the first half of the current year's previous year or
# earlier; a deputy appointed on this date is appointed after all of them.
FAILURE_DAY = dt.date(2025, 3, 14)
LATE_APPOINTMENT = dt.date(2025, 6, 1)
#: The seeded category of the test matters (物业管理 under 城乡建设: the ``housing`` portfolio).
PROPERTY = "housing-property"

ORGANS: dict[str, tuple[str | None, tuple[str, ...], str, str, str | None, str]] = {
    # name: (parent, roles, level, region, managing authority, kind)
    "city_party": (None, ("party_committee",), "municipal", "500000", None, "party"),
    "city_gov": (None, ("government",), "municipal", "500000", None, "administrative"),
    "city_org": ("city_party", ("organization",), "municipal", "500000", "city_party", "party"),
    "city_po": (
        "city_gov",
        ("petition_office",),
        "municipal",
        "500000",
        "city_party",
        "administrative",
    ),
    "city_hrss": (
        "city_gov",
        ("department", "personnel"),
        "municipal",
        "500000",
        "city_party",
        "administrative",
    ),
    "d_party": ("city_party", ("party_committee",), "district", "500103", "city_party", "party"),
    "d_gov": ("city_gov", ("government",), "district", "500103", "city_party", "administrative"),
    "d_org": ("d_party", ("organization",), "district", "500103", "d_party", "party"),
    "d_discipline": ("d_party", ("discipline",), "district", "500103", "d_party", "party"),
    "d_procuratorate": ("d_party", ("procuratorate",), "district", "500103", None, "procuratorial"),
    "d_po": ("d_gov", ("petition_office",), "district", "500103", "d_party", "administrative"),
    "d_hrss": (
        "d_gov",
        ("department", "personnel"),
        "district",
        "500103",
        "d_party",
        "administrative",
    ),
    "housing": ("d_gov", ("department",), "district", "500103", "d_party", "administrative"),
    "b_party": ("city_party", ("party_committee",), "district", "500105", "city_party", "party"),
    "b_gov": ("city_gov", ("government",), "district", "500105", "city_party", "administrative"),
    "b_po": ("b_gov", ("petition_office",), "district", "500105", "b_party", "administrative"),
}

# login: (organ, position kind, portfolio)
ACCOUNTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "d_po_clerk": ("d_po", "staff", ()),
    "b_po_clerk": ("b_po", "staff", ()),
    "city_po_clerk": ("city_po", "staff", ()),
    "d_secretary": ("d_party", "principal_leader", ()),
    "d_org_staff": ("d_org", "staff", ()),
    "d_hrss_staff": ("d_hrss", "staff", ()),
    "city_org_staff": ("city_org", "staff", ()),
    "d_discipline_staff": ("d_discipline", "staff", ()),
    "housing_director": ("housing", "principal_leader", ()),
    "housing_deputy": ("housing", "supervising_leader", ("petition", "housing")),
    "housing_clerk": ("housing", "staff", ()),
    "housing_colleague": ("housing", "staff", ()),
}


@dataclass
class World:
    organs: dict[str, Organ] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)

    def organ(self, name: str) -> Organ:
        return self.organs[name]

    def user(self, name: str) -> Any:
        return self.users[name]

    def person(self, name: str) -> Person:
        return self.persons[name]


def build_world() -> World:
    world = World()
    for name, (parent, roles, level, region, _authority, kind) in ORGANS.items():
        world.organs[name] = org_services.organ_create(
            actor=FACTORY_ACTOR,
            code=f"ACC-{name}",
            name=f"测试{name}",
            kind=kind,
            level=level,
            region_code=region,
            parent=world.organs[parent] if parent else None,
            roles=roles,
        )
    for name, (_p, _r, _l, _region, authority, _k) in ORGANS.items():
        if authority:
            Organ.objects.filter(pk=world.organs[name].pk).update(
                managing_authority=world.organs[authority]
            )
    for name in ORGANS:
        world.organs[name].refresh_from_db()
    user_model = get_user_model()
    for username, (organ, kind, portfolio) in ACCOUNTS.items():
        user = user_model.objects.create_user(username=username, password=TEST_PASSWORD)
        person = org_services.person_create(
            actor=FACTORY_ACTOR, code=f"P-{username}", name=f"人员{username}", user=user
        )
        org_services.position_start(
            actor=FACTORY_ACTOR,
            person=person,
            organ=world.organs[organ],
            kind=kind,
            start=START,
            portfolio=list(portfolio),
        )
        world.users[username] = user
        world.persons[username] = person
    # A deputy for housing appointed after the failures: bears none of them.
    late = org_services.person_create(actor=FACTORY_ACTOR, code="P-late", name="后任副主任")
    org_services.position_start(
        actor=FACTORY_ACTOR,
        person=late,
        organ=world.organs["housing"],
        kind=PositionKind.SUPERVISING_LEADER,
        start=LATE_APPOINTMENT,
        portfolio=["housing"],
    )
    world.persons["late_deputy"] = late
    world.users["admin"] = user_model.objects.create_superuser(
        username="admin", password=TEST_PASSWORD
    )
    world.users["no_position"] = user_model.objects.create_user(
        username="no_position", password=TEST_PASSWORD
    )
    return world


_matter_seq = iter(range(1, 10**9))


def make_overdue_matter(
    world: World,
    *,
    organ: str = "housing",
    period: str = "accept",
    due: dt.date = FAILURE_DAY,
    acted_by: str | None = "housing_clerk",
    category: str | None = PROPERTY,
) -> Matter:
    """A matter pending at ``organ`` whose ``period`` clock ran out on ``due`` (rows written
    directly, the way the matters services store them), of the seeded ``category``."""
    n = next(_matter_seq)
    at = timezone.make_aware(dt.datetime.combine(due - dt.timedelta(days=15), dt.time(10)))
    target = world.organ(organ)
    matter = Matter.objects.create(
        channel="letter",
        received_at=at,
        registered_at=at,
        registering_organ=target,
        current_organ=target,
        region_code=target.region_code,
        summary=f"测试信访事项{n}",
        content="反映小区电梯长期停运问题。",
        category=Category.objects.get(code=category) if category else None,
        query_code=f"ACCTEST{n:08d}",
        profile="chongqing-2017",
        state={"route": "registered", "accept": "routed"}.get(period, "accepted"),
        action_period=period,
        action_due=due,
    )
    count_places([matter])  # as the services count every matter they place
    MatterClock.objects.create(
        matter=matter,
        period=period,
        organ=target,
        started_on=at.date(),
        days=15,
        due=due,
        basis=["信访条例(2005)第二十一条第二款"],
    )
    if acted_by:
        user = world.user(acted_by)
        MatterEvent.objects.create(
            matter=matter,
            at=at,
            actor=f"user:{user.pk}:{user.username}",
            organ=target,
            action="receive",
            to_state=matter.state,
        )
    return matter


def make_supervision_order(world: World, matter: Matter, *, due: dt.date) -> SupervisionOrder:
    at = timezone.make_aware(dt.datetime.combine(due - dt.timedelta(days=30), dt.time(9)))
    return SupervisionOrder.objects.create(
        matter=matter,
        issuing_organ=world.organ("d_po"),
        to_organ=world.organ("housing"),
        issued_at=at,
        instructions="请于期限内书面反馈办理情况。",
        reply_due=due,
    )
