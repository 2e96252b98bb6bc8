"""The matter world of the petition tests, with a vertically managed system beside it (细则第五条
第二款) and accounts, for the supervision and coordination tests.

::

    city_police 重庆市公安局 (vertical system 公安)
      └ district_police 渝中区分局 (vertical parent city_police; territorially under district)
    city_env 重庆市生态环境局 (vertical system 生态环境, nothing below it)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.test import Client

from tests.factories import PersonFactory, PositionFactory, UserFactory
from tests.petitions.matters.factories import (
    ACTOR,
    MatterWorld,
    at,
    build_matter_world,
    organ,
)
from xinfang.orgs.choices import OrganLevel, OrganRole, PositionKind
from xinfang.orgs.models import Organ
from xinfang.petitions.matters import services as s
from xinfang.petitions.matters.models import Matter

__all__ = ["ACTOR", "SupervisionWorld", "at", "build_world"]


@dataclass
class SupervisionWorld:
    mw: MatterWorld
    city_police: Organ
    district_police: Organ
    city_env: Organ
    users: dict[str, Any]

    def client(self, name: str) -> Client:
        client = Client()
        client.force_login(self.users[name])
        return client

    def police_matter(self, **register: Any) -> Matter:
        """A matter registered at the district office and transferred to the district police."""
        register.setdefault("received_at", at("2025-06-03", 9))
        register.setdefault("at", at("2025-06-03", 10))
        matter = self.mw.register(**register)
        return s.matter_route(
            matter=matter,
            organ=self.mw.district_po,
            to_organ=self.district_police,
            kind="transfer",
            actor=ACTOR,
            at=at("2025-06-04"),
        )


def _account(username: str, organ: Organ, kind: str = PositionKind.STAFF) -> Any:
    user = UserFactory(username=username)
    person = PersonFactory(name=f"{username} 人员", user=user)
    PositionFactory(person=person, organ=organ, kind=kind, start=dt.date(2015, 1, 1))
    return user


def build_world() -> SupervisionWorld:
    mw = build_matter_world()
    municipal = {"level": OrganLevel.MUNICIPAL, "region_code": "500000"}
    department = [OrganRole.DEPARTMENT]
    city_police = organ(
        "重庆市公安局", parent=mw.city, roles=department, vertical_system="公安", **municipal
    )
    city_env = organ(
        "重庆市生态环境局",
        parent=mw.city,
        roles=department,
        vertical_system="生态环境",
        **municipal,
    )
    district_police = organ(
        "重庆市公安局渝中区分局",
        parent=mw.district,
        roles=department,
        vertical_system="公安",
        vertical_parent=city_police,
        level=OrganLevel.DISTRICT,
        region_code="500103",
    )
    users = {
        "po_clerk": _account("po_clerk", mw.district_po),
        "city_po_clerk": _account("city_po_clerk", mw.city_po),
        "housing_staff": _account("housing_staff", mw.district_housing),
        "city_police_staff": _account("city_police_staff", city_police),
        "district_police_staff": _account("district_police_staff", district_police),
        "city_env_staff": _account("city_env_staff", city_env),
        "city_housing_staff": _account("city_housing_staff", mw.city_housing),
    }
    return SupervisionWorld(mw, city_police, district_police, city_env, users)
