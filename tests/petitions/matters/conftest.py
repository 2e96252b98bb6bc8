"""Fixtures of the matter tests: the world of organs, and a fresh calendar cache per test."""

from __future__ import annotations

import pytest

from xinfang.petitions.matters.services import forget_calendar

from .factories import MatterWorld, build_matter_world


@pytest.fixture
def mw(db: None) -> MatterWorld:
    return build_matter_world()


@pytest.fixture(autouse=True)
def _fresh_calendar() -> None:
    forget_calendar()
