"""A small world for the statistics: the matters' world (tests.petitions.matters.factories)
with matters in several channels, places, months and categories, one collective, one repeat,
one taken through review and re-review, a rated one, and accounts at the city and district
petition offices and the district housing department."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.test import Client

from tests.access.test_no_signal import _account, _client
from tests.petitions.matters.factories import (
    ACTOR,
    MatterWorld,
    at,
    build_matter_world,
    organ,
    walk_to,
)
from xinfang.orgs.choices import OrganLevel, OrganRole
from xinfang.petitions.matters.models import Category, Matter
from xinfang.petitions.matters.services import forget_calendar
from xinfang.statistics.query import StatisticsQuery

YEAR = 2025
PERIOD = StatisticsQuery(date_from=dt.date(YEAR, 1, 1), date_to=dt.date(YEAR, 12, 31))
TODAY = dt.date(YEAR, 12, 31)


@dataclass
class StatsWorld:
    mw: MatterWorld
    users: dict[str, Any]
    matters: list[Matter]
    environment: Category

    def client(self, name: str, language: str = "zh-hans") -> Client:
        client = _client(self.users[name], language)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language switch's choice
        return client


def build_stats_world() -> StatsWorld:
    forget_calendar()
    mw = build_matter_world()
    for code, name in (("500110", "綦江区人民政府"), ("500111", "大足区人民政府")):
        organ(
            name,
            parent=mw.city,
            level=OrganLevel.DISTRICT,
            region_code=code,
            roles=[OrganRole.GOVERNMENT],
        )
    organ(
        "双龙湖街道办事处",
        parent=mw.city,
        level=OrganLevel.TOWNSHIP,
        region_code="500112001",
        roles=[OrganRole.GOVERNMENT],
    )
    environment = Category.objects.create(code="ENV", name="噪声污染", name_en="Noise")
    users = {
        "city_clerk": _account("city_clerk", mw.city_po),
        "po_clerk": _account("po_clerk", mw.district_po),
        "housing_staff": _account("housing_staff", mw.district_housing),
    }
    matters = [
        walk_to(mw, "rereviewed"),  # June, letter, 500103001, supported then explained
        mw.register(
            channel="visit",
            received_at=at("2025-03-03", 9),
            at=at("2025-03-03", 10),
            is_collective=True,
            headcount=7,
            representatives=2,
            region_code="500110",
        ),
        mw.register(
            channel="online",
            received_at=at("2025-03-31", 23, 30),
            at=at("2025-04-01", 9),
            region_code="500112001",
            category=environment,
        ),
        mw.register(
            channel="phone",
            received_at=at("2025-09-01", 9),
            at=at("2025-09-01", 10),
            region_code="500000",
            category=None,
        ),
        mw.register(received_at=at("2024-06-01", 9), at=at("2024-06-01", 10)),
        mw.register(received_at=at("2025-10-01", 9), at=at("2025-10-01", 10), region_code="500103"),
        mw.register(
            channel="visit",
            received_at=at("2025-10-02", 9),
            at=at("2025-10-02", 10),
            region_code="500111",
        ),
    ]
    return StatsWorld(mw=mw, users=users, matters=matters, environment=environment)


__all__ = ["ACTOR", "PERIOD", "TODAY", "StatsWorld", "build_stats_world"]
