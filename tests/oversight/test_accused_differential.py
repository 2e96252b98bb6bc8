"""What the oversight shows an accused unit of itself does not change when it is accused
(细则第十一条第八项): the world of ``tests/access/test_no_signal.py`` (P accuses the district
housing committee U at the district petition office, and a person of U at the city office), with
and without the accusations. U reads, of the oversight, its own checklist items of an inspection
(pre-filled figures) and its own line of a published assessment (every indicator's counts and
the volume it is measured against): both must come out the same in the two worlds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from tests.access.test_no_signal import World
from xinfang.oversight.selectors.assessment_catalogue import (
    CATALOGUE,
    Attribution,
    Period,
    volume,
)
from xinfang.oversight.selectors.inspections_checklist import checklist_figures

pytestmark = pytest.mark.django_db


def figures(world: World) -> dict[str, Any]:
    """Everything of the oversight's figures about U, as U would read them."""
    unit = world.mw.district_housing
    today = timezone.localdate()
    period = Period(dt.date(today.year, 1, 1), today, today + dt.timedelta(days=1))
    attribution = Attribution([unit])
    shown: dict[str, Any] = {
        code: entry.compute(attribution, period).get(unit.pk) for code, entry in CATALOGUE.items()
    }
    shown["volume"] = volume(attribution, period).get(unit.pk)
    shown["checklist"] = checklist_figures(unit, today.year, today)
    return shown


def test_the_accused_units_oversight_figures_do_not_change_when_it_is_accused() -> None:
    world = World()
    with transaction.atomic():
        world.accuse()
        accused = figures(world)
        transaction.set_rollback(True)
    ordinary = figures(world)
    assert accused == ordinary
    # Not an empty comparison: U's matter M1 counts in its volume; every checklist point is read.
    assert ordinary["volume"] == 1
    assert set(ordinary["checklist"]) >= {"agenda", "matters", "receptions", "incidents"}
