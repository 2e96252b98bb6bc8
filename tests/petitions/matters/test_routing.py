"""Routing suggestions (细则第三条): lowest competent level first, the handling lists, and never
an accused unit."""

from __future__ import annotations

import pytest

from xinfang.petitions.matters.routing import region_chain, suggest_organs
from xinfang.petitions.matters.services import handling_list_entry_create

from .factories import ACTOR, MatterWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(mw: MatterWorld) -> MatterWorld:
    for department in (mw.district_housing, mw.city_housing, mw.other_housing):
        handling_list_entry_create(
            department=department,
            category=mw.property_fees,
            request_type="物业服务收费争议",
            legal_route="petition_handling",
            legal_basis="《物业管理条例》",
            actor=ACTOR,
        )
    handling_list_entry_create(
        department=mw.district_housing,
        category=mw.housing,
        request_type="房屋买卖合同纠纷",
        legal_route="litigation",
        legal_basis="《民事诉讼法》",
        actor=ACTOR,
    )
    return mw


def test_region_chain_runs_from_the_township_up() -> None:
    assert region_chain("500103001") == ["500103001", "500103", "500000"]
    assert region_chain("500103") == ["500103", "500000"]
    assert region_chain("500000") == ["500000"]


def test_the_lowest_competent_department_comes_first(lists: MatterWorld) -> None:
    mw = lists
    suggestions = suggest_organs(region_code="500103001", category=mw.property_fees)
    assert [(s.organ, s.kind) for s in suggestions] == [
        (mw.district_housing, "handle"),
        (mw.district_housing, "route_out"),
        (mw.city_housing, "handle"),
        (mw.township, "territorial"),
        (mw.district, "territorial"),
        (mw.city, "territorial"),
    ]
    route_out = suggestions[1]
    assert route_out.legal_route == "litigation"
    assert "房屋买卖合同纠纷" in route_out.reason
    assert mw.other_housing not in [s.organ for s in suggestions]


def test_an_accused_unit_and_its_subtree_are_never_suggested(lists: MatterWorld) -> None:
    mw = lists
    suggestions = suggest_organs(
        region_code="500103001", category=mw.property_fees, accused=[mw.district]
    )
    organs = [s.organ for s in suggestions]
    assert organs == [mw.city_housing, mw.city]


def test_accusations_go_to_discipline_bodies_lowest_first(mw: MatterWorld) -> None:
    suggestions = suggest_organs(region_code="500103001", accusation=True)
    assert [(s.organ, s.kind) for s in suggestions][:2] == [
        (mw.district_discipline, "discipline"),
        (mw.city_discipline, "discipline"),
    ]


def test_court_matters_go_to_the_court(mw: MatterWorld) -> None:
    suggestions = suggest_organs(region_code="500103", other_organ="court")
    assert (suggestions[0].organ, suggestions[0].kind) == (mw.city_court, "other_organ")


def test_an_entry_names_its_responsible_unit_wherever_it_sits(mw: MatterWorld) -> None:
    """A line of a department's list may name another unit as responsible (a city bureau's
    line handled by a district office, say): that unit is suggested, with the department's
    list as the reason; an accused responsible unit is left out like any other."""
    handling_list_entry_create(
        department=mw.district_housing,
        category=mw.property_fees,
        request_type="物业专项维修资金使用",
        legal_route="petition_handling",
        legal_basis="《住宅专项维修资金管理办法》",
        responsible_unit=mw.other_housing,
        actor=ACTOR,
    )
    suggestions = suggest_organs(region_code="500103001", category=mw.property_fees)
    assert (mw.other_housing, "handle") in [(s.organ, s.kind) for s in suggestions]
    named = next(s for s in suggestions if s.organ == mw.other_housing)
    assert mw.district_housing.name in named.reason and named.basis == ("细则第三条", "细则第五条")
    accused = suggest_organs(
        region_code="500103001", category=mw.property_fees, accused=[mw.other_housing]
    )
    assert mw.other_housing not in [s.organ for s in accused]
