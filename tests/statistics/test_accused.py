"""An accused unit's account sees the same statistics whether or not it is accused
(细则第十一条第八项): the world of ``tests/access/test_no_signal.py`` with and without the
accusing matters, read as every account of the accused unit."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from tests.access.test_no_signal import ACCUSED_ACCOUNTS, World, _client
from xinfang.statistics.figures import Figure
from xinfang.statistics.query import StatisticsQuery
from xinfang.statistics.tables import statistics_report

pytestmark = pytest.mark.django_db


def shown(world: World) -> dict[str, Any]:
    today = timezone.localdate()
    query = StatisticsQuery(date_from=today.replace(month=1, day=1), date_to=today)
    unit = world.mw.district_housing
    by_organ = StatisticsQuery(
        date_from=dt.date(today.year - 1, 1, 1), date_to=today, organ=unit, subtree=True
    )
    out: dict[str, Any] = {}
    for name in ACCUSED_ACCOUNTS:
        user = world.users[name]
        for label, q in (("all", query), ("organ", by_organ)):
            report = statistics_report(user=user, query=q, today=today)
            out[f"{name}/{label}"] = [
                (t.key, line.key, [c.count if isinstance(c, Figure) else c for c in line.cells])
                for t in report.tables
                for line in t.lines
            ]
        client = _client(user)
        page = client.get("/statistics/")
        api = client.get("/api/statistics")
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page.content.decode())
        out[f"{name}/page"] = page.status_code, html
        out[f"{name}/api"] = api.status_code, json.dumps(api.json(), sort_keys=True)
    return out


def test_the_accused_units_statistics_do_not_change_when_it_is_accused() -> None:
    world = World()
    with transaction.atomic():
        world.accuse()
        accused = shown(world)
        transaction.set_rollback(True)
    ordinary = shown(world)
    assert accused.keys() == ordinary.keys()
    for key in ordinary:
        assert accused[key] == ordinary[key], key
    # Not an empty comparison: the unit's own matter M1 is counted.
    assert '"count": 1' in ordinary["housing_staff/api"][1]
