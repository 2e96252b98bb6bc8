"""No written notice is due for a direct submission whose petitioner's name or address is
unclear: 信访工作条例(2022)第二十三条第二款 and 信访条例(2005)第二十二条第二款, "但信访人的
姓名（名称）、住址不清的除外". The exception is in the paragraph on direct submissions only; a
transferred or assigned matter (第二十三条第三款, 2005 第二十一条第二款) keeps its clock.

Dates: received Tue 2025-06-03 (national-2022), 15 days → Wed 06-18; and Tue 2021-06-01
(chongqing-2017), 15 days → Wed 06-16.
"""

from __future__ import annotations

from typing import Any

import pytest

from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.petitions.matters.models import Matter, MatterClock
from xinfang.petitions.matters.services import matter_accept, matter_receive, matter_route

from .factories import ACTOR, MatterWorld, at, d

pytestmark = pytest.mark.django_db

PROFILES = [
    ("2025-06-03", "national-2022", "信访工作条例(2022)第二十三条第二款", "2025-06-18"),
    ("2021-06-01", "chongqing-2017", "信访条例(2005)第二十二条第二款", "2021-06-16"),
]


def receive(mw: MatterWorld, day: str, **kw: Any) -> Matter:
    return matter_receive(
        organ=mw.district_housing,
        actor=ACTOR,
        channel="letter",
        received_at=at(day, 9),
        at=at(day, 10),
        summary="物业多收电梯维修费",
        content="小区物业公司多收电梯维修费，请求责令退还。",
        region_code="500103",
        **kw,
    )


@pytest.mark.parametrize(("day", "profile", "article", "due"), PROFILES)
def test_an_anonymous_letter_starts_no_notice_period(
    mw: MatterWorld, day: str, profile: str, article: str, due: str
) -> None:
    m = receive(mw, day)
    assert (m.profile, m.state, m.action_period, m.action_due) == (profile, "routed", "", None)
    assert not MatterClock.objects.filter(matter=m).exists()
    event = m.events.get()
    assert event.action == "receive"
    assert article in event.basis
    assert event.details["petitioner_unclear"] == ["name", "address"]


@pytest.mark.parametrize(("day", "profile", "article", "due"), PROFILES)
def test_a_petitioner_without_an_address_is_not_told_in_writing(
    mw: MatterWorld, day: str, profile: str, article: str, due: str
) -> None:
    m = receive(mw, day, identity={"name": "张三", "phone": "13800138000"})
    assert (m.action_period, m.action_due) == ("", None)
    event = m.events.get()
    assert article in event.basis
    assert event.details["petitioner_unclear"] == ["address"]


@pytest.mark.parametrize(("day", "profile", "article", "due"), PROFILES)
def test_a_petitioner_with_name_and_address_is_told_within_fifteen_days(
    mw: MatterWorld, day: str, profile: str, article: str, due: str
) -> None:
    m = receive(mw, day, identity={"name": "张三", "address": "渝中区民生路88号"})
    assert (m.action_period, m.action_due) == ("accept", d(due))
    assert "petitioner_unclear" not in m.events.get().details


@pytest.mark.parametrize(("day", "profile", "article", "due"), PROFILES)
def test_a_routed_matter_keeps_its_acceptance_clock_without_name_or_address(
    mw: MatterWorld, day: str, profile: str, article: str, due: str
) -> None:
    m = mw.register(received_at=at(day, 9), at=at(day, 10))
    assert m.petitioner is None
    m = matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at(day, 11),
    )
    assert (m.action_period, m.action_due) == ("accept", d(due))


def test_nothing_is_overdue_for_a_notice_that_is_not_due(mw: MatterWorld) -> None:
    anonymous = receive(mw, "2025-06-03")
    known = receive(mw, "2025-06-03", identity={"name": "李四", "address": "渝中区民生路1号"})
    report = detect_leads(today=d("2025-07-01"))
    assert report.created == {"accept_overdue": 1}
    assert list(Lead.objects.values_list("matter_id", flat=True)) == [known.pk]
    # The organ still decides on it: accepted, its handling period runs from acceptance.
    m = matter_accept(matter=anonymous, organ=mw.district_housing, actor=ACTOR, at=at("2025-07-01"))
    assert (m.state, m.action_period) == ("accepted", "handle")
