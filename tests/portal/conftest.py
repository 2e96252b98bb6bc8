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
