"""The objection of an organ a matter was routed to (信访工作条例(2022)第二十三条第三款).

Dates: routed Tue 2025-06-03 (the Dragon Boat holiday 05-31 to 06-02 is over); 5 working days
from receipt, start day not counted: 06-04, 06-05, 06-06, 06-09, 06-10 → Tue 2025-06-10.
"""

from __future__ import annotations

import pytest

from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.errors import MatterRefused
from xinfang.petitions.matters.models import Matter, MatterClock, MatterRoute
from xinfang.petitions.matters.services import (
    matter_accept,
    matter_conclude,
    matter_decline,
    matter_object,
    matter_objection_agree,
    matter_objection_refuse,
    matter_objection_withdraw,
    matter_receive,
    matter_route,
    objection_deadline,
)

from .factories import ACTOR, OPINION_TEXT, MatterWorld, at, d

pytestmark = pytest.mark.django_db

REASON = "该事项涉及国有土地上房屋征收补偿，属区住房城乡建委职权范围，不属本机关职权范围。"


def routed(mw: MatterWorld, day: str = "2025-06-03") -> Matter:
    m = mw.register(received_at=at(day, 9), at=at(day, 10))
    return matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at(day, 11),
    )


def open_clocks(m: Matter) -> list[tuple[str, int | None, str]]:
    return [
        (c.period, c.organ_id, c.due.isoformat())
        for c in MatterClock.objects.filter(matter=m, stopped_on__isnull=True).order_by("id")
    ]


def test_an_objection_within_five_working_days_waits_for_the_office(mw: MatterWorld) -> None:
    m = routed(mw)
    accept_due = m.action_due
    m = matter_object(
        matter=m, organ=mw.district_housing, reason=REASON, actor=ACTOR, at=at("2025-06-10", 16)
    )
    assert m.state == "objected"
    # The acceptance clock keeps running while the office verifies.
    assert (m.action_period, m.action_due) == ("accept", accept_due)
    event = m.events.order_by("-id").first()
    assert (event.action, event.from_state, event.to_state) == ("object", "routed", "objected")
    assert event.details["reason"] == REASON
    assert event.details["objection_due"] == "2025-06-10"
    assert "信访工作条例(2022)第二十三条第三款" in event.basis
    assert AuditEntry.objects.filter(action="matter.object", object_id=str(m.pk)).exists()


def test_an_objection_after_five_working_days_is_refused(mw: MatterWorld) -> None:
    m = routed(mw)
    with pytest.raises(MatterRefused) as exc:
        matter_object(
            matter=m, organ=mw.district_housing, reason=REASON, actor=ACTOR, at=at("2025-06-11")
        )
    assert exc.value.code == "late_objection"
    assert Matter.objects.get(pk=m.pk).state == "routed"


def test_an_objection_needs_its_reasons(mw: MatterWorld) -> None:
    from django.core.exceptions import ValidationError

    m = routed(mw)
    with pytest.raises(ValidationError):
        matter_object(matter=m, organ=mw.district_housing, reason="  ", actor=ACTOR)


def test_the_2005_procedure_refuses_an_objection(mw: MatterWorld) -> None:
    m = routed(mw, "2021-06-01")
    assert m.profile == "chongqing-2017"
    with pytest.raises(MatterRefused) as exc:
        matter_object(
            matter=m, organ=mw.district_housing, reason=REASON, actor=ACTOR, at=at("2021-06-02")
        )
    assert exc.value.code == "objection_not_in_procedure"
    # The organ still decides on acceptance, as the 2005 regulation asks.
    matter_decline(
        matter=m,
        organ=mw.district_housing,
        reason="不属本机关职权范围",
        notice="告知书",
        actor=ACTOR,
        at=at("2021-06-02", 15),
    )


def test_an_agreed_objection_returns_the_matter_to_be_routed_again(mw: MatterWorld) -> None:
    m = routed(mw)
    m = matter_object(
        matter=m, organ=mw.district_housing, reason=REASON, actor=ACTOR, at=at("2025-06-05")
    )
    with pytest.raises(MatterRefused) as exc:
        matter_objection_agree(matter=m, organ=mw.district_housing, note="同意", actor=ACTOR)
    assert exc.value.code == "actor_not_allowed"
    m = matter_objection_agree(
        matter=m,
        organ=mw.district_po,
        note="经核实，异议成立，材料已交还，另行转送。",
        actor=ACTOR,
        at=at("2025-06-06", 10),
    )
    assert (m.state, m.current_organ) == ("registered", mw.district_po)
    # The receiving organ's acceptance clock stopped; a routing period runs from today:
    # 06-06 + 15 = Sat 06-21 → Mon 06-23.
    assert open_clocks(m) == [("route", mw.district_po.pk, "2025-06-23")]
    assert (m.action_period, m.action_due) == ("route", d("2025-06-23"))
    assert AuditEntry.objects.filter(action="matter.agree_objection").exists()
    m = matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="assign",
        actor=ACTOR,
        at=at("2025-06-06", 11),
    )
    assert m.state == "routed"


def test_a_refused_objection_leaves_the_organ_to_accept_on_its_clock(mw: MatterWorld) -> None:
    m = routed(mw)
    accept_due = m.action_due
    m = matter_object(
        matter=m, organ=mw.district_housing, reason=REASON, actor=ACTOR, at=at("2025-06-05")
    )
    m = matter_objection_refuse(
        matter=m,
        organ=mw.district_po,
        reason="经核实，该事项属本机关职权范围。",
        actor=ACTOR,
        at=at("2025-06-06"),
    )
    assert (m.state, m.current_organ, m.action_due) == ("routed", mw.district_housing, accept_due)
    assert [c[0] for c in open_clocks(m)] == ["accept"]
    with pytest.raises(MatterRefused) as exc:
        matter_objection_refuse(
            matter=m, organ=mw.district_po, reason="再次", actor=ACTOR, at=at("2025-06-06", 11)
        )
    assert exc.value.code == "not_allowed_from_state"
    m = matter_accept(matter=m, organ=mw.district_housing, actor=ACTOR, at=at("2025-06-09"))
    assert m.state == "accepted"


def test_the_organ_withdraws_its_objection_and_decides_on_its_running_clock(
    mw: MatterWorld,
) -> None:
    m = routed(mw)
    accept_due = m.action_due
    clocks = open_clocks(m)
    with pytest.raises(MatterRefused) as exc:
        matter_objection_withdraw(matter=m, organ=mw.district_housing, actor=ACTOR)
    assert exc.value.code == "not_allowed_from_state"
    m = matter_object(
        matter=m, organ=mw.district_housing, reason=REASON, actor=ACTOR, at=at("2025-06-05")
    )
    # Only the organ that objected takes its objection back.
    with pytest.raises(MatterRefused) as exc:
        matter_objection_withdraw(matter=m, organ=mw.district_po, actor=ACTOR)
    assert exc.value.code == "actor_not_allowed"
    m = matter_objection_withdraw(
        matter=m,
        organ=mw.district_housing,
        note="经再研究，属本机关职权范围。",
        actor=ACTOR,
        at=at("2025-06-06"),
    )
    assert (m.state, m.current_organ, m.action_due) == ("routed", mw.district_housing, accept_due)
    # The acceptance clock never stopped; nothing else started.
    assert open_clocks(m) == clocks
    event = m.events.order_by("-id").first()
    assert (event.action, event.from_state, event.to_state) == (
        "withdraw_objection",
        "objected",
        "routed",
    )
    assert event.details["note"] == "经再研究，属本机关职权范围。"
    assert "信访工作条例(2022)第二十三条第三款" in event.basis
    assert AuditEntry.objects.filter(action="matter.withdraw_objection").exists()
    # The office has nothing left to decide; the organ decides on acceptance.
    with pytest.raises(MatterRefused) as exc:
        matter_objection_agree(matter=m, organ=mw.district_po, note="同意", actor=ACTOR)
    assert exc.value.code == "not_allowed_from_state"
    m = matter_accept(matter=m, organ=mw.district_housing, actor=ACTOR, at=at("2025-06-09"))
    assert m.state == "accepted"


def test_the_objection_deadline_is_five_working_days_from_receipt(mw: MatterWorld) -> None:
    m = mw.register(received_at=at("2025-06-03", 9), at=at("2025-06-03", 10))
    assert objection_deadline(m) is None  # not routed yet
    m = matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-06-03", 11),
    )
    due = objection_deadline(m)
    assert due is not None
    assert (due.due, due.days, due.day_basis) == (d("2025-06-10"), 5, "working")
    assert "信访工作条例(2022)第二十三条第三款" in [str(b) for b in due.basis]
    m = matter_object(
        matter=m, organ=mw.district_housing, reason=REASON, actor=ACTOR, at=at("2025-06-05")
    )
    assert objection_deadline(m) is None  # objected: the office decides now


def test_no_objection_deadline_under_2005_or_for_a_matter_brought_directly(
    mw: MatterWorld,
) -> None:
    assert objection_deadline(routed(mw, "2021-06-01")) is None
    direct = matter_receive(
        organ=mw.district_housing,
        actor=ACTOR,
        channel="letter",
        received_at=at("2025-06-03", 9),
        at=at("2025-06-03", 10),
        summary="物业多收电梯维修费",
        content="业主反映物业公司多收电梯维修费，请求责令退还。",
        region_code="500103001",
    )
    assert direct.state == "routed"
    assert objection_deadline(direct) is None


def test_an_agreed_objection_returns_the_assignment_and_its_report_is_never_due(
    mw: MatterWorld,
) -> None:
    """交还相关材料: the organ that objected reports nothing. Its assignment's report date is
    neither moved to the next organ's handling due nor marked reported when that organ
    concludes; the new assignment is."""
    m = mw.register(received_at=at("2025-06-03", 9), at=at("2025-06-03", 10))
    m = matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="assign",
        actor=ACTOR,
        at=at("2025-06-03", 11),
    )
    returned = MatterRoute.objects.get(matter=m)
    report_due = returned.report_due
    m = matter_object(
        matter=m, organ=mw.district_housing, reason=REASON, actor=ACTOR, at=at("2025-06-05")
    )
    m = matter_objection_agree(
        matter=m, organ=mw.district_po, note="异议成立", actor=ACTOR, at=at("2025-06-06")
    )
    returned.refresh_from_db()
    assert returned.returned_at == at("2025-06-06")
    m = matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.township,
        kind="assign",
        actor=ACTOR,
        at=at("2025-06-06", 11),
    )
    m = matter_accept(matter=m, organ=mw.township, actor=ACTOR, at=at("2025-06-09"))
    current = MatterRoute.objects.get(matter=m, to_organ=mw.township)
    returned.refresh_from_db()
    # 06-09 + 60 = 08-08: the township's assignment follows its handling due, the returned one
    # keeps the date it had and is no open report.
    assert current.report_due == d("2025-08-08")
    assert returned.report_due == report_due
    assert not MatterRoute.objects.filter(
        matter=m, kind="assign", reported_at=None, returned_at=None, to_organ=mw.district_housing
    ).exists()
    matter_conclude(
        matter=m,
        organ=mw.township,
        kind="support",
        actor=ACTOR,
        at=at("2025-07-01"),
        **OPINION_TEXT,
    )
    current.refresh_from_db()
    returned.refresh_from_db()
    assert current.reported_at == at("2025-07-01")
    assert (returned.reported_at, returned.returned_at) == (None, at("2025-06-06"))
