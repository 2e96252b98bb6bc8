"""Every path of the procedure, under both profiles, with every due date checked by hand.

Due dates below are counted by hand from the State Council's holiday schedules (start day not
counted; a period ending on a rest day or holiday ends on the next working day; an adjusted
working day counts as a working day):

- 2021 National Day: 10-01 to 10-07 off; 09-26 (Sun) and 10-09 (Sat) working.
- 2022 New Year: 01-01 to 01-03 off. Spring Festival: 01-31 to 02-06 off; 01-29, 01-30 working.
- 2025 National Day and Mid-Autumn: 10-01 to 10-08 off; 09-28 (Sun) and 10-11 (Sat) working.
- 2026 New Year: 01-01 to 01-03 off; 01-04 (Sun) working. Spring Festival: 02-15 to 02-23 off;
  02-14 (Sat) and 02-28 (Sat) working.
"""

from __future__ import annotations

import pytest

from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.models import Matter, MatterClock, MatterRoute, Opinion
from xinfang.petitions.matters.services import (
    matter_accept,
    matter_close,
    matter_conclude,
    matter_decide_rereview,
    matter_decide_review,
    matter_decline,
    matter_extend,
    matter_request_rereview,
    matter_request_review,
    matter_route,
    matter_route_out,
    matter_send_to_discipline,
    matter_send_to_other_organ,
)

from .factories import ACTOR, MatterWorld, at, d

pytestmark = pytest.mark.django_db

OPINION = {
    "facts": "经查，物业公司多收电梯维修费属实。",
    "reasons": "收费无合同依据。",
    "legal_basis": "《物业管理条例》第四十一条",
}


def events(matter: Matter) -> list[tuple[str, str, str]]:
    return [(e.action, e.from_state, e.to_state) for e in matter.events.order_by("at", "id").all()]


def clocks(matter: Matter) -> list[tuple[str, str, str | None]]:
    return [
        (c.period, c.due.isoformat(), c.stopped_on.isoformat() if c.stopped_on else None)
        for c in MatterClock.objects.filter(matter=matter).order_by("id")
    ]


def reload(matter: Matter) -> Matter:
    return Matter.objects.get(pk=matter.pk)


def test_full_path_to_rereview_under_national_2022(mw: MatterWorld) -> None:
    """Registered 2025-09-20: assigned, accepted, extended, concluded, reviewed, re-reviewed."""
    m = mw.register()
    assert m.profile == "national-2022"
    assert m.state == "registered"
    # Route: 09-20 + 15 = 10-05 (holiday) → 10-06, 10-07, 10-08 off → Thu 10-09.
    assert (m.action_period, m.action_due) == ("route", d("2025-10-09"))
    assert m.current_organ == mw.district_po

    m = matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="assign",
        actor=ACTOR,
        at=at("2025-09-25"),
    )
    # Accept: 09-25 + 15 = Fri 10-10.
    assert (m.state, m.action_period, m.action_due) == ("routed", "accept", d("2025-10-10"))
    assert m.current_organ == mw.district_housing
    route = MatterRoute.objects.get(matter=m)
    # Report back by default: accept due 10-10, then 60 days → Tue 12-09.
    assert (route.kind, route.report_due, route.report_due_fixed) == (
        "assign",
        d("2025-12-09"),
        False,
    )

    m = matter_accept(
        matter=m, organ=mw.district_housing, actor=ACTOR, notice="已受理", at=at("2025-10-09")
    )
    # Handle: 10-09 + 60 = Mon 12-08; the assignment now expects the result then.
    assert (m.state, m.action_period, m.action_due) == ("accepted", "handle", d("2025-12-08"))
    assert m.handling_organ == mw.district_housing
    route.refresh_from_db()
    assert route.report_due == d("2025-12-08")

    m = matter_extend(
        matter=m,
        organ=mw.district_housing,
        days=24,
        reason="需要审计物业账目",
        approver=mw.district_leader,
        actor=ACTOR,
        at=at("2025-11-20"),
    )
    # Handle extended: 10-09 + 84 = 2026-01-01 (holiday) → 01-02 off, 01-03 Sat →
    # Sun 01-04, an adjusted working day.
    assert (m.state, m.action_period, m.action_due) == ("extended", "handle", d("2026-01-04"))
    route.refresh_from_db()
    assert route.report_due == d("2026-01-04")

    m = matter_conclude(
        matter=m,
        organ=mw.district_housing,
        kind="support",
        actor=ACTOR,
        at=at("2025-12-30"),
        delivered_on=d("2025-12-31"),
        **OPINION,
    )
    # Review request: delivered 12-31 + 30 = Fri 2026-01-30. No organ clock runs.
    assert (m.state, m.action_due, m.request_due) == ("concluded", None, d("2026-01-30"))
    route.refresh_from_db()
    assert route.reported_at is not None

    m = matter_request_review(
        matter=m, review_organ=mw.district, actor=ACTOR, reason="不服", at=at("2026-01-20")
    )
    # Review: 01-20 + 30 = 02-19, inside the Spring Festival (02-15..02-23) → Tue 02-24.
    assert (m.state, m.action_period, m.action_due) == (
        "review_requested",
        "review",
        d("2026-02-24"),
    )
    assert m.request_due is None
    assert m.current_organ == mw.district

    m = matter_decide_review(
        matter=m, organ=mw.district, kind="explain", actor=ACTOR, at=at("2026-02-10"), **OPINION
    )
    # Re-review request: 02-10 + 30 = Thu 03-12.
    assert (m.state, m.action_due, m.request_due) == ("reviewed", None, d("2026-03-12"))

    m = matter_request_rereview(matter=m, rereview_organ=mw.city, actor=ACTOR, at=at("2026-03-01"))
    # Re-review: 03-01 + 30 = Tue 03-31.
    assert (m.state, m.action_period, m.action_due) == (
        "rereview_requested",
        "rereview",
        d("2026-03-31"),
    )

    m = matter_decide_rereview(
        matter=m, organ=mw.city, kind="not_supported", actor=ACTOR, at=at("2026-03-20"), **OPINION
    )
    assert (m.state, m.action_due, m.request_due) == ("rereviewed", None, None)
    assert m.final_at == at("2026-03-20")
    assert m.is_final

    assert events(m) == [
        ("register", "submitted", "registered"),
        ("assign", "registered", "routed"),
        ("accept", "routed", "accepted"),
        ("extend", "accepted", "extended"),
        ("conclude", "extended", "concluded"),
        ("request_review", "concluded", "review_requested"),
        ("review", "review_requested", "reviewed"),
        ("request_rereview", "reviewed", "rereview_requested"),
        ("rereview", "rereview_requested", "rereviewed"),
    ]
    assert clocks(m) == [
        ("route", "2025-10-09", "2025-09-25"),
        ("accept", "2025-10-10", "2025-10-09"),
        ("handle", "2025-12-08", "2025-11-20"),
        ("handle", "2026-01-04", "2025-12-30"),
        ("review_request", "2026-01-30", "2026-01-20"),
        ("review", "2026-02-24", "2026-02-10"),
        ("rereview_request", "2026-03-12", "2026-03-01"),
        ("rereview", "2026-03-31", "2026-03-20"),
    ]
    # Every event cites the 2022 regulation and the extension names its approver.
    timeline = list(m.events.order_by("at", "id"))
    assert all(any("信访工作条例(2022)" in b for b in e.basis) for e in timeline)
    extend = timeline[3]
    assert extend.details["days"] == 24
    assert extend.details["approver"] == mw.district_leader.pk
    assert [o.stage for o in Opinion.objects.filter(matter=m).order_by("issued_at")] == [
        "handle",
        "review",
        "rereview",
    ]
    # Each step left its audit entry.
    actions = list(
        AuditEntry.objects.filter(object_type="petitions.matter", object_id=str(m.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [f"matter.{a}" for a, _f, _t in events(m)]


def test_full_path_to_rereview_under_chongqing_2017(mw: MatterWorld) -> None:
    """Registered 2021-09-16 under the 2005 regulation, across National Day and New Year."""
    m = mw.register(received_at=at("2021-09-16", 9), at=at("2021-09-16", 11))
    assert m.profile == "chongqing-2017"
    # Route: 09-16 + 15 = 10-01 (holiday, off to 10-07) → Fri 10-08.
    assert m.action_due == d("2021-10-08")

    m = matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2021-09-17"),
    )
    # Accept: 09-17 + 15 = 10-02 (holiday) → Fri 10-08.
    assert (m.action_period, m.action_due) == ("accept", d("2021-10-08"))
    assert MatterRoute.objects.get(matter=m).report_due is None

    m = matter_accept(matter=m, organ=mw.district_housing, actor=ACTOR, at=at("2021-09-30"))
    # Handle: 09-30 + 60 = Mon 11-29.
    assert m.action_due == d("2021-11-29")

    m = matter_extend(
        matter=m,
        organ=mw.district_housing,
        days=30,
        reason="涉及多个部门",
        approver=mw.district_leader,
        actor=ACTOR,
        at=at("2021-11-10"),
    )
    # Handle extended: 09-30 + 90 = Wed 12-29.
    assert m.action_due == d("2021-12-29")

    m = matter_conclude(
        matter=m,
        organ=mw.district_housing,
        kind="explain",
        actor=ACTOR,
        at=at("2021-12-20"),
        **OPINION,
    )
    # Review request: 12-20 + 30 = Wed 2022-01-19.
    assert m.request_due == d("2022-01-19")

    m = matter_request_review(matter=m, review_organ=mw.district, actor=ACTOR, at=at("2022-01-02"))
    # Review: 01-02 + 30 = 02-01, inside the Spring Festival (01-31..02-06) → Mon 02-07.
    assert (m.action_period, m.action_due) == ("review", d("2022-02-07"))

    m = matter_decide_review(
        matter=m, organ=mw.district, kind="explain", actor=ACTOR, at=at("2022-01-25"), **OPINION
    )
    # Re-review request: 01-25 + 30 = Thu 02-24.
    assert m.request_due == d("2022-02-24")

    m = matter_request_rereview(matter=m, rereview_organ=mw.city, actor=ACTOR, at=at("2022-02-10"))
    # Re-review: 02-10 + 30 = 03-12 (Sat) → Mon 03-14.
    assert m.action_due == d("2022-03-14")

    m = matter_decide_rereview(
        matter=m, organ=mw.city, kind="explain", actor=ACTOR, at=at("2022-03-01"), **OPINION
    )
    assert m.state == "rereviewed"
    assert [a for a, _f, _t in events(m)] == [
        "register",
        "transfer",
        "accept",
        "extend",
        "conclude",
        "request_review",
        "review",
        "request_rereview",
        "rereview",
    ]
    timeline = list(m.events.order_by("at", "id"))
    assert all(any("信访条例(2005)" in b for b in e.basis) for e in timeline)
    assert "信访条例(2005)第三十三条第一款" in timeline[3].basis


def test_profile_stays_the_one_in_force_at_registration(mw: MatterWorld) -> None:
    """A matter registered before 2022-05-01 keeps chongqing-2017 for later steps."""
    m = mw.register(received_at=at("2022-04-28", 9), at=at("2022-04-28", 10))
    m = matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2022-05-06"),
    )
    assert m.profile == "chongqing-2017"
    assert any("信访条例(2005)" in b for b in m.events.order_by("-id").first().basis)


@pytest.mark.parametrize(
    ("day", "profile"), [("2021-06-01", "chongqing-2017"), ("2025-06-03", "national-2022")]
)
def test_route_out_names_the_legal_route(mw: MatterWorld, day: str, profile: str) -> None:
    """The office routes a litigation request out and tells the petitioner; the clock stops."""
    m = mw.register(received_at=at(day, 9), at=at(day, 10))
    assert m.profile == profile
    m = matter_route_out(
        matter=m,
        organ=mw.district_po,
        legal_route="litigation",
        reason="属于民事合同纠纷",
        notice="请向渝中区人民法院提起民事诉讼。",
        actor=ACTOR,
        at=at(day, 15),
    )
    assert (m.state, m.action_due, m.legal_route) == ("routed_out", None, "litigation")
    assert m.is_final
    assert events(m)[-1] == ("route_out", "registered", "routed_out")
    event = m.events.order_by("-id").first()
    assert event.details["notice"] == "请向渝中区人民法院提起民事诉讼。"
    assert clocks(m)[0][2] == day


@pytest.mark.parametrize(
    ("day", "profile"), [("2021-06-01", "chongqing-2017"), ("2025-06-03", "national-2022")]
)
def test_decline_with_reason_and_notice(mw: MatterWorld, day: str, profile: str) -> None:
    """The handling organ declines within the acceptance period; reason and notice kept."""
    m = mw.register(received_at=at(day, 9), at=at(day, 10))
    m = matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at(day, 11),
    )
    m = matter_decline(
        matter=m,
        organ=mw.district_housing,
        reason="已经依法处理完毕",
        notice="不予受理告知书",
        actor=ACTOR,
        at=at(day, 16),
    )
    assert (m.state, m.action_due, m.profile) == ("declined", None, profile)
    assert events(m) == [
        ("register", "submitted", "registered"),
        ("transfer", "registered", "routed"),
        ("decline", "routed", "declined"),
    ]
    assert m.events.order_by("-id").first().details == {
        "reason": "已经依法处理完毕",
        "notice": "不予受理告知书",
        "stopped": ["accept"],
    }


@pytest.mark.parametrize(
    ("day", "profile"), [("2021-06-01", "chongqing-2017"), ("2025-06-03", "national-2022")]
)
def test_send_to_other_organ_and_to_discipline(mw: MatterWorld, day: str, profile: str) -> None:
    """Court matters go to the court; accusations against officials to the discipline body."""
    court = mw.register(received_at=at(day, 9), at=at(day, 10), summary="不服判决")
    court = matter_send_to_other_organ(
        matter=court,
        organ=mw.district_po,
        other_organ="court",
        to_organ=mw.city_court,
        notice="请向人民法院提出申诉。",
        actor=ACTOR,
        at=at(day, 11),
    )
    assert (court.state, court.other_organ, court.action_due) == (
        "sent_to_other_organ",
        "court",
        None,
    )
    assert events(court)[-1] == ("send_to_other_organ", "registered", "sent_to_other_organ")

    accusation = mw.register(received_at=at(day, 9), at=at(day, 10), summary="检举干部受贿")
    accusation = matter_send_to_discipline(
        matter=accusation,
        organ=mw.district_po,
        to_organ=mw.district_discipline,
        actor=ACTOR,
        at=at(day, 11),
    )
    assert (accusation.state, accusation.current_organ, accusation.is_accusation) == (
        "sent_to_discipline",
        mw.district_discipline,
        True,
    )
    assert events(accusation)[-1] == ("send_to_discipline", "registered", "sent_to_discipline")
    assert accusation.profile == profile


def test_handling_organ_may_route_out_while_pending(mw: MatterWorld) -> None:
    """A matter received directly can be routed out by the organ that received it."""
    from xinfang.petitions.matters.services import matter_receive

    m = matter_receive(
        organ=mw.district_housing,
        actor=ACTOR,
        channel="visit",
        received_at=at("2025-06-03", 9),
        at=at("2025-06-03", 10),
        summary="劳动仲裁",
        content="讨薪",
        region_code="500103",
        identity={"name": "李某", "address": "渝中区民生路1号"},
    )
    # Received directly: acceptance from 06-03 + 15 = Wed 06-18.
    assert (m.state, m.action_period, m.action_due) == ("routed", "accept", d("2025-06-18"))
    m = matter_route_out(
        matter=m,
        organ=mw.district_housing,
        legal_route="arbitration",
        reason="劳动争议",
        notice="请申请劳动仲裁。",
        actor=ACTOR,
        at=at("2025-06-04"),
    )
    assert events(m) == [
        ("receive", "submitted", "routed"),
        ("route_out", "routed", "routed_out"),
    ]


def test_close_after_conclusion(mw: MatterWorld) -> None:
    """A concluded matter is closed when the petitioner accepts; the request clock stops."""
    m = mw.register(received_at=at("2025-06-03", 9), at=at("2025-06-03", 10))
    m = matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-06-04"),
    )
    m = matter_accept(matter=m, organ=mw.district_housing, actor=ACTOR, at=at("2025-06-05"))
    m = matter_conclude(
        matter=m,
        organ=mw.district_housing,
        kind="support",
        actor=ACTOR,
        at=at("2025-07-01"),
        **OPINION,
    )
    m = matter_close(
        matter=m,
        organ=mw.district_housing,
        reason="信访人表示满意",
        actor=ACTOR,
        at=at("2025-07-05"),
    )
    assert (m.state, m.request_due, m.action_due) == ("closed", None, None)
    assert clocks(m)[-1] == ("review_request", "2025-07-31", "2025-07-05")
