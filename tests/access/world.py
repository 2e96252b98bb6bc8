"""A small world of organs, people and accounts for the security tests.

Built directly on the models (not on the orgs services or factories, which are written in
parallel), with materialised paths set the way the orgs services set them::

    city            市委 (party committee)                      /city/
      city_po         市信访办 (petition office)
      city_org        市委组织部 (organization)
      a               A区委 (party committee, district)
        a_po            A区信访办 (petition office)
        a_org           A区委组织部 (organization)
        a_ps            A区公安分局 (department; managed by a)
          a_station       某派出所 (department)
        a_town          某镇 (township party committee; managed by a)
      b               B区委 (party committee, district)
        b_po            B区信访办 (petition office)
        b_housing       B区住建委 (department; managed by b)
      a_gov           A区政府 (government, district)
        a_housing       A区住建委 (department; managed by a, outside a's subtree)

``a_housing`` is the registry's usual shape for a district's working department: it sits under
the district government, its cadres are managed by the district party committee. A's
leadership reaches its registry entry as managed, but not its records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from xinfang.orgs.models import Organ, Person, Position

PASSWORD = "Xf-test-password-2026!"

# name: (parent, roles, level, managing authority)
ORGANS: dict[str, tuple[str | None, tuple[str, ...], str, str | None]] = {
    "city": (None, ("party_committee",), "municipal", None),
    "city_po": ("city", ("petition_office",), "municipal", "city"),
    "city_org": ("city", ("organization",), "municipal", "city"),
    "a": ("city", ("party_committee",), "district", "city"),
    "a_po": ("a", ("petition_office",), "district", "a"),
    "a_org": ("a", ("organization",), "district", "a"),
    "a_ps": ("a", ("department",), "district", "a"),
    "a_station": ("a_ps", ("department",), "township", "a_ps"),
    "a_town": ("a", ("party_committee",), "township", "a"),
    "b": ("city", ("party_committee",), "district", "city"),
    "b_po": ("b", ("petition_office",), "district", "b"),
    "b_housing": ("b", ("department",), "district", "b"),
    "a_gov": ("city", ("government",), "district", "city"),
    "a_housing": ("a_gov", ("department",), "district", "a"),
}
ORGAN_NAMES = tuple(ORGANS)
# GB/T 2260-style region codes: the city, districts a and b, and a's townships.
REGIONS = {"city": "500000", "a": "500103", "b": "500105"}
TOWNSHIP_REGION = "500103001"

# account: (organ, position kind) — None for accounts without a position.
ACCOUNTS: dict[str, tuple[str, str] | None] = {
    "city_po_staff": ("city_po", "staff"),
    "city_secretary": ("city", "principal_leader"),
    "city_org_staff": ("city_org", "staff"),
    "a_secretary": ("a", "principal_leader"),
    "a_po_staff": ("a_po", "staff"),
    "a_po_head": ("a_po", "principal_leader"),
    "a_org_staff": ("a_org", "staff"),
    "a_ps_chief": ("a_ps", "principal_leader"),
    "a_ps_staff": ("a_ps", "staff"),
    "a_station_staff": ("a_station", "staff"),
    "a_town_staff": ("a_town", "staff"),
    "b_po_staff": ("b_po", "staff"),
    "b_housing_staff": ("b_housing", "staff"),
    "no_position": None,
}
ACCOUNT_NAMES = (*ACCOUNTS, "admin", "retired", "inactive")

# The permission matrix for records (petitioners) owned by each organ: which organs' records
# each account may list and read. Independent of the code: written from docs/security.md.
A_TREE = {"a", "a_po", "a_org", "a_ps", "a_station", "a_town"}
A_GOV_TREE = {"a_gov", "a_housing"}
B_TREE = {"b", "b_po", "b_housing"}
ALL = set(ORGAN_NAMES)
RECORD_SCOPE: dict[str, set[str]] = {
    "admin": ALL,
    "city_po_staff": ALL,  # serves the territory of its parent, the municipal committee
    "city_secretary": ALL,  # leadership: own subtree
    "city_org_staff": {"city_org"},
    "a_secretary": A_TREE,
    "a_po_staff": A_TREE,  # serves district A (subtree of its parent a)
    "a_po_head": A_TREE,
    "a_org_staff": {"a_org"},
    "a_ps_chief": {"a_ps", "a_station"},
    "a_ps_staff": {"a_ps"},
    "a_station_staff": {"a_station"},
    "a_town_staff": {"a_town"},
    "b_po_staff": B_TREE,
    "b_housing_staff": {"b_housing"},
    "no_position": set(),
    "retired": set(),
    "inactive": set(),
}
# Organ registry entries each account may read: records' scope plus organs whose cadres the
# account's department or leadership manages (managing_authority).
ORGAN_SCOPE: dict[str, set[str]] = {
    **RECORD_SCOPE,
    "city_org_staff": {"city_org"} | {"city_po", "city_org", "a", "b", "a_gov"},
    "a_secretary": A_TREE | {"a_housing"},
    "a_org_staff": {"a_org"} | {"a_po", "a_org", "a_ps", "a_town", "a_housing"},
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


def make_organ(
    name: str,
    *,
    parent: Organ | None = None,
    roles: tuple[str, ...] = (),
    level: str = "district",
    managing_authority: Organ | None = None,
    region_code: str = "500103",
) -> Organ:
    """An organ with its materialised path, as the orgs services would store it."""
    kind = "party" if "party_committee" in roles else "administrative"
    organ = Organ.objects.create(
        code=f"T-{name}",
        name=f"测试机构 {name}",
        kind=kind,
        level=level,
        region_code=region_code,
        parent=parent,
        path="",
        depth=(parent.depth + 1) if parent is not None else 0,
        roles=list(roles),
        managing_authority=managing_authority,
    )
    organ.path = f"{parent.path if parent is not None else '/'}{organ.pk}/"
    Organ.objects.filter(pk=organ.pk).update(path=organ.path)
    return organ


def make_account(
    username: str,
    *,
    organ: Organ | None = None,
    kind: str = "staff",
    start: date | None = None,
    end: date | None = None,
    is_superuser: bool = False,
    is_active: bool = True,
) -> tuple[Any, Person | None]:
    """A login account, and if an organ is given a person holding a position there."""
    user_model = get_user_model()
    if is_superuser:
        user = user_model.objects.create_superuser(username=username, password=PASSWORD)
    else:
        user = user_model.objects.create_user(username=username, password=PASSWORD)
    if not is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    if organ is None:
        return user, None
    person = Person.objects.create(name=f"测试人员 {username}", code=f"P-{username}", user=user)
    Position.objects.create(
        person=person,
        organ=organ,
        kind=kind,
        start=start or date(2000, 1, 1),
        end=end,
    )
    return user, person


def build_world() -> World:
    world = World()
    for name, (parent, roles, level, _authority) in ORGANS.items():
        district = name.split("_")[0]
        world.organs[name] = make_organ(
            name,
            parent=world.organs[parent] if parent else None,
            roles=roles,
            level=level,
            region_code=TOWNSHIP_REGION if level == "township" else REGIONS[district],
        )
    for name, (_parent, _roles, _level, authority) in ORGANS.items():
        if authority:
            Organ.objects.filter(pk=world.organs[name].pk).update(
                managing_authority=world.organs[authority]
            )
            world.organs[name].managing_authority = world.organs[authority]
    for username, post in ACCOUNTS.items():
        if post is None:
            user, person = make_account(username)
        else:
            user, person = make_account(username, organ=world.organs[post[0]], kind=post[1])
        world.users[username] = user
        if person is not None:
            world.persons[username] = person
    world.users["admin"], _ = make_account("admin", is_superuser=True)
    yesterday = date.today() - timedelta(days=1)
    world.users["retired"], world.persons["retired"] = make_account(
        "retired", organ=world.organs["a_po"], start=date(2000, 1, 1), end=yesterday
    )
    world.users["inactive"], world.persons["inactive"] = make_account(
        "inactive", organ=world.organs["a_po"], is_active=False
    )
    return world


def valid_id_number(seed: int = 1) -> str:
    """A valid GB 11643 number born 1990-01-01 in 渝中区, varied by ``seed``."""
    from xinfang.access.identity import id_check_char

    first17 = f"50010319900101{seed % 1000:03d}"
    return first17 + id_check_char(first17)


def register_petitioners(world: World) -> dict[str, Any]:
    """One petitioner registered in every organ, through the service."""
    from xinfang.petitions.services import petitioner_create

    petitioners = {}
    for index, name in enumerate(ORGAN_NAMES):
        petitioners[name] = petitioner_create(
            organ=world.organs[name],
            name=f"王{name}",
            id_number=valid_id_number(index),
            phone=f"1380013{index:04d}",
            address=f"重庆市渝中区测试路 {index} 号",
            actor="test",
        )
    return petitioners
