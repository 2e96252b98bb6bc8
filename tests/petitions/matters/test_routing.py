"""Routing suggestions (细则第三条): lowest competent level first, the handling lists, and never
an accused unit."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import OrganFactory
from xinfang.orgs.choices import OrganKind, OrganLevel, OrganRole
from xinfang.orgs.models import Organ
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
    """The district's department of the lists, then the township and district governments
    where it arose, only then the municipal department; the municipal government not at all."""
    mw = lists
    suggestions = suggest_organs(region_code="500103001", category=mw.property_fees)
    assert [(s.organ, s.kind) for s in suggestions] == [
        (mw.district_housing, "handle"),
        (mw.district_housing, "route_out"),
        (mw.township, "territorial"),
        (mw.district, "territorial"),
        (mw.city_housing, "handle"),
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


def _party_committees() -> tuple[Organ, Organ]:
    """The municipal and district party committees the demo has beside the governments."""
    city_party = OrganFactory(
        name="中共重庆市委",
        kind=OrganKind.PARTY,
        level=OrganLevel.MUNICIPAL,
        region_code="500000",
        roles=[OrganRole.PARTY_COMMITTEE],
    )
    district_party = OrganFactory(
        name="中共渝中区委",
        parent=city_party,
        kind=OrganKind.PARTY,
        level=OrganLevel.DISTRICT,
        region_code="500103",
        roles=[OrganRole.PARTY_COMMITTEE],
    )
    return city_party, district_party


def test_a_district_property_fee_complaint_never_suggests_the_municipal_committee_or_government(
    lists: MatterWorld,
) -> None:
    """Issue 13 item 22: a property-fee complaint in a district street goes to the district
    housing department first; neither 中共重庆市委 nor 重庆市人民政府 is suggested, nor a party
    committee at all (细则第三条 属地管理、分级负责)."""
    mw = lists
    city_party, district_party = _party_committees()
    for region in ("500103001", "500103"):
        suggestions = suggest_organs(region_code=region, category=mw.property_fees)
        organs = [s.organ for s in suggestions]
        assert (suggestions[0].organ, suggestions[0].kind) == (mw.district_housing, "handle")
        assert mw.city not in organs and city_party not in organs and district_party not in organs
        assert organs.index(mw.district) < organs.index(mw.city_housing)


def test_the_municipal_government_is_suggested_only_when_nothing_lower_is_competent(
    lists: MatterWorld,
) -> None:
    """A district with no organ on record, or whose organs are all accused: the municipal
    department of the lists and the municipal government, saying that nothing lower is left."""
    mw = lists
    unknown = suggest_organs(region_code="500199", category=mw.property_fees)
    assert [(s.organ, s.kind) for s in unknown] == [
        (mw.city_housing, "handle"),
        (mw.city, "territorial"),
    ]
    assert "问题发生地没有可以办理的机关，由上级（市级）主管部门办理" in unknown[0].reason
    assert "问题发生地的区县、乡镇没有可以转送的机关" in unknown[1].reason
    municipal = suggest_organs(region_code="500000", category=mw.property_fees)
    assert [(s.organ, s.kind) for s in municipal] == [
        (mw.city_housing, "handle"),
        (mw.city, "territorial"),
    ]
    assert municipal[0].reason.startswith("问题发生地的市级主管部门")


def test_each_suggestion_explains_its_place_in_the_ranking(lists: MatterWorld) -> None:
    """Why each organ: the region of occurrence and the handling-list entry that makes the
    department competent, the territorial government, the higher department after them."""
    mw = lists
    handle, route_out, township, district, upper = suggest_organs(
        region_code="500103001", category=mw.property_fees
    )
    assert handle.reason == (
        "问题发生地的区县级主管部门：依渝中区住房城乡建委依法分类处理清单“物业服务收费争议”一项，"
        "由其办理（谁主管、谁负责）。"
    )
    assert handle.basis == ("细则第三条", "细则第五条") and handle.entry_id is not None
    assert route_out.reason == (
        "问题发生地的区县级主管部门：依渝中区住房城乡建委依法分类处理清单“房屋买卖合同纠纷”一项，"
        "应通过诉讼解决。"
    )
    assert township.reason == (
        "问题发生地属解放碑街道办事处管辖（属地管理、分级负责），由其协调督促有关部门就地解决。"
    )
    assert district.basis == ("细则第三条", "细则第四条第二款")
    assert upper.reason.startswith("上级（市级）主管部门，排在问题发生地的机关之后：")
    with translation.override("en"):
        english = suggest_organs(region_code="500103001", category=mw.property_fees)
    assert english[0].reason == (
        "Competent department where the matter arose (District or county level): the "
        'classified handling list of 渝中区住房城乡建委, entry "物业服务收费争议", gives it to '
        "this department (whoever is in charge is responsible)."
    )
    assert english[2].reason.startswith("The place of occurrence falls under 解放碑街道办事处")
    assert english[4].reason.startswith("Higher competent department (Municipal level),")
