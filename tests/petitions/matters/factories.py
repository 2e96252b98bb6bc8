"""A small world for the matter tests, built through the registry's factories and services.

::

    city 重庆市人民政府 (500000, government)
      city_po 市信访办 (petition office)     city_housing 市住房城乡建委 (department)
      city_discipline 市纪委监委              city_court 市高级法院
      district 渝中区人民政府 (500103, government)
        district_po 渝中区信访办               district_housing 渝中区住房城乡建委
          housing_team 住建委物业科 (department under district_housing)
        district_discipline 渝中区纪委监委
        township 解放碑街道 (500103001)
      other 江北区人民政府 (500105)
        other_housing 江北区住房城乡建委

Leaders: ``district_leader`` (principal of district_housing), ``city_leader`` (principal of
city_housing), ``district_gov_leader``; positions from 2015 so both profiles' dates are covered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from tests.factories import OrganFactory, PersonFactory, PositionFactory
from xinfang.orgs.choices import OrganKind, OrganLevel, OrganRole, PositionKind
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.models import Category, Matter
from xinfang.petitions.matters.services import matter_register

SHANGHAI = ZoneInfo("Asia/Shanghai")
ACTOR = "test:clerk"

HOUSING_TEXT = (
    "渝中区解放碑街道民生路88号恒达花园小区物业公司自2023年起每月多收电梯维修费120元，"
    "业主多次找物业公司和社区协商，物业公司拒不退还，也不公开电梯维修费用的收支账目，"
    "请求区住建委责令物业公司退还多收的费用并公开账目。"
)
OTHER_TEXT = (
    "江北区观音桥街道建新东路某中学食堂饭菜价格上涨，学生家长反映食堂承包商以次充好，"
    "菜品分量不足，卫生条件差，多名学生出现腹泻，请求教育部门和市场监管部门调查处理。"
)


def at(day: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware datetime in Chongqing time on ``day`` (``"2025-09-20"``)."""
    return dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=SHANGHAI)


def d(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


@dataclass
class MatterWorld:
    city: Organ
    city_po: Organ
    city_housing: Organ
    city_discipline: Organ
    city_court: Organ
    city_congress: Organ
    district: Organ
    district_po: Organ
    district_housing: Organ
    housing_team: Organ
    district_discipline: Organ
    township: Organ
    other: Organ
    other_housing: Organ
    district_leader: Person
    city_leader: Person
    housing: Category
    property_fees: Category

    def register(self, **overrides: Any) -> Matter:
        """Register a matter at the district petition office (defaults: a housing letter)."""
        values: dict[str, Any] = {
            "organ": self.district_po,
            "actor": ACTOR,
            "channel": "letter",
            "received_at": at("2025-09-20", 9),
            "at": at("2025-09-20", 10),
            "summary": "物业多收电梯维修费",
            "content": HOUSING_TEXT,
            "region_code": "500103001",
            "category": self.property_fees,
        }
        values.update(overrides)
        return matter_register(**values)


def organ(name: str, **kwargs: Any) -> Organ:
    kwargs.setdefault("kind", OrganKind.ADMINISTRATIVE)
    return OrganFactory(name=name, **kwargs)


def build_matter_world() -> MatterWorld:
    municipal = {"level": OrganLevel.MUNICIPAL, "region_code": "500000"}
    city = organ("重庆市人民政府", roles=[OrganRole.GOVERNMENT], **municipal)
    city_po = organ("重庆市信访办", parent=city, roles=[OrganRole.PETITION_OFFICE], **municipal)
    city_housing = organ(
        "重庆市住房城乡建委", parent=city, roles=[OrganRole.DEPARTMENT], **municipal
    )
    city_discipline = organ(
        "重庆市纪委监委",
        parent=city,
        kind=OrganKind.PARTY,
        roles=[OrganRole.DISCIPLINE],
        **municipal,
    )
    city_court = organ(
        "重庆市高级人民法院",
        parent=city,
        kind=OrganKind.JUDICIAL,
        roles=[OrganRole.COURT],
        **municipal,
    )
    city_congress = organ(
        "重庆市人大常委会",
        parent=city,
        kind=OrganKind.PEOPLES_CONGRESS,
        roles=[OrganRole.PEOPLES_CONGRESS],
        **municipal,
    )
    dist = {"level": OrganLevel.DISTRICT, "region_code": "500103"}
    district = organ("渝中区人民政府", parent=city, roles=[OrganRole.GOVERNMENT], **dist)
    district_po = organ("渝中区信访办", parent=district, roles=[OrganRole.PETITION_OFFICE], **dist)
    district_housing = organ(
        "渝中区住房城乡建委", parent=district, roles=[OrganRole.DEPARTMENT], **dist
    )
    housing_team = organ(
        "渝中区住房城乡建委物业科", parent=district_housing, roles=[OrganRole.DEPARTMENT], **dist
    )
    district_discipline = organ(
        "渝中区纪委监委",
        parent=district,
        kind=OrganKind.PARTY,
        roles=[OrganRole.DISCIPLINE],
        **dist,
    )
    township = organ(
        "解放碑街道办事处",
        parent=district,
        level=OrganLevel.TOWNSHIP,
        region_code="500103001",
        roles=[OrganRole.GOVERNMENT],
    )
    other = organ(
        "江北区人民政府",
        parent=city,
        level=OrganLevel.DISTRICT,
        region_code="500105",
        roles=[OrganRole.GOVERNMENT],
    )
    other_housing = organ(
        "江北区住房城乡建委",
        parent=other,
        level=OrganLevel.DISTRICT,
        region_code="500105",
        roles=[OrganRole.DEPARTMENT],
    )
    since = dt.date(2015, 1, 1)
    district_leader = PersonFactory(name="区住建委主任")
    PositionFactory(
        person=district_leader,
        organ=district_housing,
        kind=PositionKind.PRINCIPAL_LEADER,
        start=since,
    )
    city_leader = PersonFactory(name="市住建委主任")
    PositionFactory(
        person=city_leader, organ=city_housing, kind=PositionKind.PRINCIPAL_LEADER, start=since
    )
    housing = Category.objects.create(code="HOUSING", name="住房城乡建设")
    property_fees = Category.objects.create(code="HOUSING-FEES", name="物业收费", parent=housing)
    return MatterWorld(
        city=city,
        city_po=city_po,
        city_housing=city_housing,
        city_discipline=city_discipline,
        city_court=city_court,
        city_congress=city_congress,
        district=district,
        district_po=district_po,
        district_housing=district_housing,
        housing_team=housing_team,
        district_discipline=district_discipline,
        township=township,
        other=other,
        other_housing=other_housing,
        district_leader=district_leader,
        city_leader=city_leader,
        housing=housing,
        property_fees=property_fees,
    )


OPINION_TEXT = {
    "facts": "经查，物业公司多收电梯维修费属实。",
    "reasons": "收费无合同依据。",
    "legal_basis": "《物业管理条例》第四十一条",
}

WALK = (
    "registered",
    "routed",
    "accepted",
    "concluded",
    "review_requested",
    "reviewed",
    "rereview_requested",
    "rereviewed",
)


def walk_to(mw: MatterWorld, state: str, **register: Any) -> Matter:
    """A matter registered 2025-06-03 at the district office and taken to ``state``.

    Transferred to the district housing department on 06-04, accepted 06-05, concluded
    07-01, review at the district government from 07-10, reviewed 07-20, re-review at the
    city government from 07-25, re-reviewed 08-05.
    """
    from xinfang.petitions.matters import services as s

    register.setdefault("received_at", at("2025-06-03", 9))
    register.setdefault("at", at("2025-06-03", 10))
    m = mw.register(**register)
    steps = [
        lambda m: s.matter_route(
            matter=m,
            organ=mw.district_po,
            to_organ=mw.district_housing,
            kind="transfer",
            actor=ACTOR,
            at=at("2025-06-04"),
        ),
        lambda m: s.matter_accept(
            matter=m, organ=mw.district_housing, actor=ACTOR, at=at("2025-06-05")
        ),
        lambda m: s.matter_conclude(
            matter=m,
            organ=mw.district_housing,
            kind="support",
            actor=ACTOR,
            at=at("2025-07-01"),
            **OPINION_TEXT,
        ),
        lambda m: s.matter_request_review(
            matter=m, review_organ=mw.district, actor=ACTOR, at=at("2025-07-10")
        ),
        lambda m: s.matter_decide_review(
            matter=m,
            organ=mw.district,
            kind="explain",
            actor=ACTOR,
            at=at("2025-07-20"),
            **OPINION_TEXT,
        ),
        lambda m: s.matter_request_rereview(
            matter=m, rereview_organ=mw.city, actor=ACTOR, at=at("2025-07-25")
        ),
        lambda m: s.matter_decide_rereview(
            matter=m,
            organ=mw.city,
            kind="explain",
            actor=ACTOR,
            at=at("2025-08-05"),
            **OPINION_TEXT,
        ),
    ]
    for step in steps[: WALK.index(state)]:
        m = step(m)
    assert m.state == state
    return m


@dataclass
class PoliticsLawOrgans:
    """Political-legal organs (政法部门) beside the matter world: the district's police and
    court (the district petition office's level), and the city's police."""

    district_police: Organ
    district_court: Organ
    city_police: Organ


def add_politics_law_organs(mw: MatterWorld) -> PoliticsLawOrgans:
    dist = {"level": OrganLevel.DISTRICT, "region_code": "500103"}
    politics_law = [OrganRole.DEPARTMENT, OrganRole.POLITICS_LAW]
    return PoliticsLawOrgans(
        district_police=organ(
            "重庆市公安局渝中区分局", parent=mw.district, roles=politics_law, **dist
        ),
        district_court=organ(
            "重庆市渝中区人民法院",
            parent=mw.district,
            kind=OrganKind.JUDICIAL,
            roles=[OrganRole.COURT],
            **dist,
        ),
        city_police=organ(
            "重庆市公安局",
            parent=mw.city,
            roles=politics_law,
            level=OrganLevel.MUNICIPAL,
            region_code="500000",
        ),
    )
