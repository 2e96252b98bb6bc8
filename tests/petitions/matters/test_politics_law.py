"""涉法涉诉 matters go to the political-legal organs (信访工作条例(2022)第二十二条第二款).

A letter is transferred to the political-legal organ of the petition office's level; a visitor
is guided there; an organ holding a routed matter separates it for them (第二十八条第二款). The
2005 regulation has no such step. Dates: registered Tue 2025-06-03 (national-2022).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.errors import MatterRefused
from xinfang.petitions.matters.models import Matter, MatterClock, MatterRoute
from xinfang.petitions.matters.services import (
    matter_route,
    matter_route_out,
    matter_send_to_politics_law,
)

from .factories import ACTOR, MatterWorld, PoliticsLawOrgans, add_politics_law_organs, at

pytestmark = pytest.mark.django_db

ART_22_2 = "信访工作条例(2022)第二十二条第二款"
ART_20_2 = "信访工作条例(2022)第二十条第二款"
ART_28_2 = "信访工作条例(2022)第二十八条第二款"
NOTICE = "已向信访人释法明理，告知其向区人民法院申请再审。"


@pytest.fixture
def pl(mw: MatterWorld) -> PoliticsLawOrgans:
    return add_politics_law_organs(mw)


def registered(mw: MatterWorld, day: str = "2025-06-03", **overrides) -> Matter:
    return mw.register(
        received_at=at(day, 9),
        at=at(day, 10),
        summary="不服区法院民事判决",
        content="信访人对渝中区人民法院作出的房屋买卖合同纠纷民事判决不服，请求重新审理。",
        **overrides,
    )


def open_clocks(m: Matter) -> list[str]:
    return list(
        MatterClock.objects.filter(matter=m, stopped_on__isnull=True).values_list(
            "period", flat=True
        )
    )


def test_the_office_transfers_a_letter_to_the_politics_law_organ_of_its_level(
    mw: MatterWorld, pl: PoliticsLawOrgans
) -> None:
    m = registered(mw)
    m = matter_send_to_politics_law(
        matter=m,
        organ=mw.district_po,
        to_organ=pl.district_police,
        actor=ACTOR,
        at=at("2025-06-04"),
    )
    assert m.state == "sent_to_politics_law" and m.final_at is not None
    # It sits at the political-legal organ, which handles it; nothing is due in the procedure.
    assert (m.current_organ, m.handling_organ) == (pl.district_police, pl.district_police)
    assert (m.action_period, m.action_due) == ("", None)
    assert open_clocks(m) == []
    assert MatterClock.objects.get(matter=m, period="route").stopped_by == "send_to_politics_law"
    route = MatterRoute.objects.get(matter=m)
    assert (route.kind, route.from_organ, route.to_organ, route.report_due) == (
        "transfer",
        mw.district_po,
        pl.district_police,
        None,
    )
    event = m.events.order_by("-id").first()
    assert (event.action, event.from_state, event.to_state) == (
        "send_to_politics_law",
        "registered",
        "sent_to_politics_law",
    )
    assert event.details["to_organ"] == pl.district_police.pk
    assert event.basis[0] == ART_22_2 and ART_28_2 in event.basis
    assert ART_20_2 not in event.basis  # the visitor's sentence does not apply
    assert AuditEntry.objects.filter(
        action="matter.send_to_politics_law", object_id=str(m.pk)
    ).exists()


def test_a_letter_is_not_transferred_to_a_politics_law_organ_of_another_level(
    mw: MatterWorld, pl: PoliticsLawOrgans
) -> None:
    """应当转送同级政法部门: the district office does not send it to the city's police."""
    m = registered(mw)
    with pytest.raises(MatterRefused) as exc:
        matter_send_to_politics_law(
            matter=m, organ=mw.district_po, to_organ=pl.city_police, actor=ACTOR
        )
    assert exc.value.code == "politics_law_not_same_level"
    assert ART_22_2 in exc.value.basis_strings
    assert Matter.objects.get(pk=m.pk).state == "registered"
    assert not MatterRoute.objects.filter(matter=m).exists()


def test_a_letter_goes_to_a_named_politics_law_organ_and_nowhere_else(
    mw: MatterWorld, pl: PoliticsLawOrgans
) -> None:
    m = registered(mw)
    with pytest.raises(ValidationError) as exc:
        matter_send_to_politics_law(matter=m, organ=mw.district_po, actor=ACTOR)
    assert exc.value.error_dict["to_organ"][0].code == "required"
    with pytest.raises(ValidationError) as exc:
        matter_send_to_politics_law(
            matter=m, organ=mw.district_po, to_organ=mw.district_housing, actor=ACTOR
        )
    assert exc.value.error_dict["to_organ"][0].code == "not_politics_law"
    # A court is a political-legal organ by its own role.
    m = matter_send_to_politics_law(
        matter=m, organ=mw.district_po, to_organ=pl.district_court, actor=ACTOR
    )
    assert m.current_organ == pl.district_court


def test_an_accused_politics_law_organ_is_never_sent_the_matter(
    mw: MatterWorld, pl: PoliticsLawOrgans
) -> None:
    """细则第十一条第八项 holds here too: a complaint against the police is not sent to them."""
    m = registered(mw, accused_organs=[pl.district_police])
    with pytest.raises(MatterRefused) as exc:
        matter_send_to_politics_law(
            matter=m, organ=mw.district_po, to_organ=pl.district_police, actor=ACTOR
        )
    assert exc.value.code == "routing_to_accused_unit"
    assert Matter.objects.get(pk=m.pk).state == "registered"


def test_a_visitor_is_guided_to_the_politics_law_organs_not_transferred(
    mw: MatterWorld, pl: PoliticsLawOrgans
) -> None:
    """对走访反映涉诉问题的信访人，应当释法明理，引导其向有关政法部门反映问题."""
    m = registered(mw, channel="visit")
    with pytest.raises(ValidationError) as exc:
        matter_send_to_politics_law(matter=m, organ=mw.district_po, actor=ACTOR, notice=" ")
    assert "notice" in exc.value.error_dict
    m = matter_send_to_politics_law(matter=m, organ=mw.district_po, actor=ACTOR, notice=NOTICE)
    assert m.state == "sent_to_politics_law"
    # Nothing is transferred: the matter stays on the office's record.
    assert (m.current_organ, m.handling_organ) == (mw.district_po, None)
    assert not MatterRoute.objects.filter(matter=m).exists()
    event = m.events.order_by("-id").first()
    assert event.action == "guide_to_politics_law"
    assert event.details == {"to_organ": None, "notice": NOTICE, "stopped": ["route", "accept"]}
    assert event.basis[:2] == [ART_22_2, ART_20_2]
    assert AuditEntry.objects.filter(action="matter.guide_to_politics_law").exists()


def test_a_visitor_may_be_guided_to_a_named_organ_of_any_level(
    mw: MatterWorld, pl: PoliticsLawOrgans
) -> None:
    """有关政法部门: guidance names the organ concerned, not one of the office's level."""
    m = registered(mw, channel="visit")
    m = matter_send_to_politics_law(
        matter=m, organ=mw.district_po, to_organ=pl.city_police, actor=ACTOR, notice=NOTICE
    )
    assert m.current_organ == mw.district_po
    assert m.events.order_by("-id").first().details["to_organ"] == pl.city_police.pk


def test_the_organ_holding_a_routed_matter_separates_it_for_the_politics_law_organs(
    mw: MatterWorld, pl: PoliticsLawOrgans
) -> None:
    """第二十八条第二款: the department the matter went to separates it; the office that
    transferred it no longer takes it out of the department's queue."""
    m = registered(mw)
    m = matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-06-04"),
    )
    with pytest.raises(MatterRefused) as exc:
        matter_send_to_politics_law(
            matter=m, organ=mw.district_po, to_organ=pl.district_police, actor=ACTOR
        )
    assert exc.value.code == "actor_not_allowed"
    # 由有关政法部门依法处理: any level for the department.
    m = matter_send_to_politics_law(
        matter=m,
        organ=mw.district_housing,
        to_organ=pl.city_police,
        actor=ACTOR,
        at=at("2025-06-05"),
    )
    assert (m.state, m.current_organ) == ("sent_to_politics_law", pl.city_police)
    assert MatterClock.objects.get(matter=m, period="accept").stopped_by == "send_to_politics_law"
    assert MatterRoute.objects.filter(
        matter=m, from_organ=mw.district_housing, to_organ=pl.city_police
    ).exists()


def test_the_2005_procedure_routes_such_a_request_out_instead(
    mw: MatterWorld, pl: PoliticsLawOrgans
) -> None:
    m = registered(mw, day="2021-06-01")
    assert m.profile == "chongqing-2017"
    with pytest.raises(MatterRefused) as exc:
        matter_send_to_politics_law(
            matter=m, organ=mw.district_po, to_organ=pl.district_police, actor=ACTOR
        )
    assert exc.value.code == "politics_law_not_in_procedure"
    assert "信访条例(2005)第十四条第二款" in exc.value.basis_strings
    assert "信访条例(2005)第十五条" in exc.value.basis_strings
    m = matter_route_out(
        matter=m,
        organ=mw.district_po,
        legal_route="litigation",
        reason="属民事诉讼",
        notice="请依法申请再审",
        actor=ACTOR,
        at=at("2021-06-02"),
    )
    assert m.state == "routed_out"
