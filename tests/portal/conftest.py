"""Fixtures of the portal tests: the small matter world, a valid identity, a fresh cache."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from tests.petitions.matters.factories import MatterWorld, build_matter_world
from xinfang.access.identity import id_check_char
from xinfang.petitions.matters.services import forget_calendar


def id_number(first17: str = "50010319900307123") -> str:
    """A valid ID number (GB 11643 check digit) from its first 17 digits."""
    return first17 + id_check_char(first17)


def identity(**overrides: Any) -> dict[str, Any]:
    values = {
        "name": "张三",
        "id_number": id_number(),
        "phone": "13800138000",
        "address": "重庆市渝中区民生路1号",
    }
    values.update(overrides)
    return values


@pytest.fixture
def mw(db: None) -> MatterWorld:
    return build_matter_world()


@pytest.fixture(autouse=True)
def _fresh(db: None) -> Iterator[None]:
    forget_calendar()
    cache.clear()
    yield
    cache.clear()


def handle_to_conclusion(mw: Any, matter: Any, *, days: tuple[Any, ...] = ()) -> Any:
    """Route an online matter from the district office to the housing department, accept it
    and conclude it with an opinion (``days``: the three moments, else now)."""
    from tests.petitions.matters.factories import ACTOR, OPINION_TEXT
    from xinfang.petitions.matters import services as s

    route_at, accept_at, conclude_at = days or (None, None, None)
    matter = s.matter_route(
        matter=matter,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=route_at,
    )
    matter = s.matter_accept(matter=matter, organ=mw.district_housing, actor=ACTOR, at=accept_at)
    return s.matter_conclude(
        matter=matter,
        organ=mw.district_housing,
        kind="support",
        actor=ACTOR,
        at=conclude_at,
        **OPINION_TEXT,
    )
