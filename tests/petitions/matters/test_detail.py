"""One matter in full for a reader (``matter_detail_for``): what the matter page and the API's
matter detail both render, read in one place."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import PersonFactory, PositionFactory, UserFactory
from xinfang.petitions.matters.detail import matter_detail_for

from .factories import MatterWorld, walk_to

pytestmark = pytest.mark.django_db


def staff_of(organ: object) -> object:
    user = UserFactory()
    PositionFactory(person=PersonFactory(user=user), organ=organ, start=dt.date(2020, 1, 1))
    return user


def test_a_concluded_matter_shows_its_clocks_events_route_and_opinion(mw: MatterWorld) -> None:
    matter = walk_to(mw, "concluded")
    detail = matter_detail_for(staff_of(mw.district_housing), matter)
    assert detail.matter.pk == matter.pk
    assert [e.action for e in detail.timeline] == ["register", "transfer", "accept", "conclude"]
    assert {c.period for c in detail.clocks} >= {"route", "accept", "handle"}
    assert [(r.from_organ, r.to_organ) for r in detail.routes] == [
        (mw.district_po, mw.district_housing)
    ]
    assert [(o.stage, o.kind) for o in detail.opinions] == [("handle", "support")]
    assert detail.reply is None
    assert detail.objection is None  # not waiting for an acceptance decision


def test_a_transferred_matter_shows_the_objection_period_of_its_organ(mw: MatterWorld) -> None:
    """信访工作条例(2022)第二十三条第三款: the organ it was transferred to may object, in time."""
    detail = matter_detail_for(staff_of(mw.district_housing), walk_to(mw, "routed"))
    assert detail.objection is not None
    assert detail.objection.due > dt.date(2025, 6, 4)


def test_an_anonymous_matter_withholds_nothing(mw: MatterWorld) -> None:
    """No petitioner is not a petitioner withheld from the reader."""
    detail = matter_detail_for(staff_of(mw.district_housing), walk_to(mw, "routed"))
    assert detail.petitioner is None
    assert not detail.petitioner_withheld
