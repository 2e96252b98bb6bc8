"""The organ a user acts for on a matter when the request names none (``acting_organ_for``):
the pages and the API pick it by the same rule, and the service decides whether it may act."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import PersonFactory, PositionFactory, UserFactory
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.selectors import acting_organ_for
from xinfang.petitions.matters.services import matter_route

from .factories import ACTOR, MatterWorld, at

pytestmark = pytest.mark.django_db


def serving_at(*organs: Organ) -> object:
    user = UserFactory()
    person = PersonFactory(user=user)
    for organ in organs:
        PositionFactory(person=person, organ=organ, start=dt.date(2020, 1, 1))
    return user


def routed(mw: MatterWorld) -> Matter:
    matter = mw.register(received_at=at("2025-06-03", 8), at=at("2025-06-03", 9))
    return matter_route(
        matter=matter,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-06-03", 10),
    )


def test_the_department_acts_for_the_organ_where_the_matter_sits(mw: MatterWorld) -> None:
    assert acting_organ_for(serving_at(mw.district_housing), routed(mw)) == mw.district_housing


def test_the_registering_office_acts_for_itself_once_the_matter_has_moved_on(
    mw: MatterWorld,
) -> None:
    assert acting_organ_for(serving_at(mw.district_po), routed(mw)) == mw.district_po


def test_the_current_organ_comes_before_the_registering_one(mw: MatterWorld) -> None:
    user = serving_at(mw.district_po, mw.district_housing)
    assert acting_organ_for(user, routed(mw)) == mw.district_housing


def test_a_user_serving_at_no_party_acts_for_their_own_organ(mw: MatterWorld) -> None:
    """The service then refuses it with the reason; the selector does not pick a party."""
    assert acting_organ_for(serving_at(mw.other_housing), routed(mw)) == mw.other_housing


def test_an_administrator_acts_for_the_current_organ(mw: MatterWorld) -> None:
    admin = UserFactory(is_superuser=True)
    assert acting_organ_for(admin, routed(mw)) == mw.district_housing


def test_a_user_serving_nowhere_is_given_the_current_organ(mw: MatterWorld) -> None:
    assert acting_organ_for(UserFactory(), routed(mw)) == mw.district_housing
