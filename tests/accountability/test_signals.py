"""Signals (待研判信号) of grounds the data can only suggest (细则第十一条第一款第三、六、八项):
each fires once with its evidence, not when the facts are consistent, and a rerun creates
nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from xinfang.accountability.choices import LeadKind, LeadTier
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.audit.services import audit_record
from xinfang.petitions.matters.models import (
    FollowUp,
    Hearing,
    Matter,
    MatterRoute,
    Opinion,
    RepeatLink,
    SupervisionOrder,
)
from xinfang.petitions.services import petitioner_create

from .factories import World
from .signal_world import (
    DAY,
    TODAY,
    accuse,
    event,
    matter_at,
    moment,
    opinion,
    route,
)

pytestmark = pytest.mark.django_db


def run(*names: str) -> Any:
    return detect_leads(today=TODAY, kinds=list(names) or ["signals"])


def signals(kind: LeadKind) -> list[Lead]:
    return list(Lead.objects.filter(kind=kind).order_by("id"))


def types(lead: Lead) -> list[str]:
    return [item["type"] for item in lead.evidence]


def assert_once(kind: LeadKind, name: str) -> Lead:
    """One signal of ``kind``; a second run finds it again and creates nothing."""
    found = signals(kind)
    assert len(found) == 1, found
    again = run(name)
    assert sum(again.signals.values()) == 0 and again.existing >= 1
    assert len(signals(kind)) == 1
    lead = found[0]
    assert lead.tier == LeadTier.SIGNAL
    assert lead.state == "open"
    return lead


# --- 第三项 ------------------------------------------------------------------------------------


def test_an_opinion_not_supporting_then_supported_on_review_is_a_signal_against_its_organ(
    world: World,
) -> None:
    matter = matter_at(world)
    refused = opinion(world, matter, stage="handle", kind="not_supported", on=DAY)
    opinion(
        world,
        matter,
        stage="review",
        kind="support",
        on=DAY + dt.timedelta(days=40),
        organ="d_gov",
    )
    report = run("overturned")
    assert report.signals == {LeadKind.OVERTURNED_ON_REVIEW.value: 1}
    assert report.total_created == 0  # signals are counted apart from leads
    lead = assert_once(LeadKind.OVERTURNED_ON_REVIEW, "overturned")
    assert lead.ground == 3
    assert lead.organ == world.organ("housing")
    assert lead.failure_date == DAY
    assert lead.evidence[0]["id"] == refused.pk
    assert types(lead) == ["opinion", "opinion", "matter"]
    assert "复查意见支持该请求" in lead.summary


def test_a_supporting_review_of_a_supporting_opinion_is_no_signal(world: World) -> None:
    matter = matter_at(world)
    opinion(world, matter, stage="handle", kind="support", on=DAY)
    opinion(world, matter, stage="review", kind="support", on=DAY + dt.timedelta(days=40))
    assert run("overturned").signals == {}


def test_a_declined_matter_of_the_petitioner_supported_later_on_review_is_a_signal(
    world: World,
) -> None:
    declined = matter_at(world)
    decline = event(world, declined, "decline", on=DAY)
    later = matter_at(world)
    RepeatLink.objects.create(
        matter=later, earlier=declined, score=1.0, reason="same_petitioner", same_petitioner=True
    )
    opinion(world, later, stage="rereview", kind="support", on=DAY + dt.timedelta(days=90))
    run("overturned")
    lead = assert_once(LeadKind.OVERTURNED_ON_REVIEW, "overturned")
    assert lead.dedup_key == f"overturned_on_review:decline-{decline.pk}"
    assert lead.matter_id == declined.pk
    assert {"type": "matter", "id": later.pk} in lead.evidence


def _follow_up(world: World, matter: Matter, on: dt.date, satisfaction: str) -> FollowUp:
    return FollowUp.objects.create(
        matter=matter,
        organ=world.organ("d_po"),
        at=moment(on),
        method="phone",
        notes="回访",
        satisfaction=satisfaction,
    )


def test_three_dissatisfied_ratings_of_one_handling_are_a_signal_dated_the_third(
    world: World,
) -> None:
    matter = matter_at(world)
    Matter.objects.filter(pk=matter.pk).update(
        satisfaction="dissatisfied", satisfaction_at=moment(DAY)
    )
    event(world, matter, "rated", on=DAY, organ="d_po", by="d_po_clerk")
    _follow_up(world, matter, DAY + dt.timedelta(days=10), "dissatisfied")
    _follow_up(world, matter, DAY + dt.timedelta(days=20), "dissatisfied")
    run("dissatisfaction")
    lead = assert_once(LeadKind.REPEATED_DISSATISFACTION, "dissatisfaction")
    assert lead.ground == 3
    assert lead.organ == world.organ("housing")
    assert lead.failure_date == DAY + dt.timedelta(days=20)
    assert types(lead) == ["matter", "matter_event", "follow_up", "follow_up"]
    assert lead.summary_params["count"] == 3


def test_two_dissatisfied_ratings_and_a_satisfied_one_are_no_signal(world: World) -> None:
    matter = matter_at(world)
    _follow_up(world, matter, DAY, "dissatisfied")
    _follow_up(world, matter, DAY + dt.timedelta(days=5), "dissatisfied")
    _follow_up(world, matter, DAY + dt.timedelta(days=9), "satisfied")
    assert run("dissatisfaction").signals == {}


# --- 第六项 ------------------------------------------------------------------------------------


def test_an_acceptance_dated_before_the_matter_reached_the_organ_is_a_signal(
    world: World,
) -> None:
    matter = matter_at(world)
    routed = route(world, matter, on=DAY)
    accepted = event(world, matter, "accept", on=DAY - dt.timedelta(days=3))
    run("altered")
    lead = assert_once(LeadKind.RECORD_ALTERED, "altered")
    assert lead.ground == 6
    assert lead.organ == world.organ("housing")
    assert lead.failure_date == DAY - dt.timedelta(days=3)
    record, trail = lead.evidence[0], lead.evidence[1:]
    assert record["id"] == accepted.pk and record["check"] == "accepted_before_arrival"
    assert trail[0]["id"] == routed.pk
    assert [t["type"] for t in trail] == ["matter_route", "matter_event", "audit_entry", "matter"]
    holders = {h.person_id for h in lead.duty_holders.all()}
    assert world.person("housing_clerk").pk in holders


def test_an_acceptance_after_the_route_is_no_signal(world: World) -> None:
    matter = matter_at(world)
    route(world, matter, on=DAY)
    event(world, matter, "accept", on=DAY)
    opinion(world, matter, stage="handle", kind="support", on=DAY + dt.timedelta(days=20))
    assert run("altered").signals == {}


def test_an_opinion_dated_before_the_acceptance_is_a_signal(world: World) -> None:
    matter = matter_at(world)
    event(world, matter, "accept", on=DAY)
    issued = opinion(world, matter, stage="handle", kind="explain", on=DAY - dt.timedelta(days=1))
    run("altered")
    lead = assert_once(LeadKind.RECORD_ALTERED, "altered")
    assert lead.evidence[0]["type"] == "opinion" and lead.evidence[0]["id"] == issued.pk
    assert lead.evidence[0]["check"] == "opinion_before_stage"
    assert "处理意见的出具日期早于受理" in lead.summary


def test_a_reply_before_the_supervision_order_is_a_signal(world: World) -> None:
    matter = matter_at(world)
    event(world, matter, "supervision_issued", on=DAY, organ="d_po", by="d_po_clerk")
    order = SupervisionOrder.objects.create(
        matter=matter,
        issuing_organ=world.organ("d_po"),
        to_organ=world.organ("housing"),
        issued_at=moment(DAY),
        instructions="请反馈。",
        reply_due=DAY + dt.timedelta(days=30),
        replied_at=moment(DAY - dt.timedelta(days=2)),
        reply="已办理。",
    )
    run("altered")
    lead = assert_once(LeadKind.RECORD_ALTERED, "altered")
    assert lead.dedup_key == f"record_altered:reply_before_order:supervision_order-{order.pk}"
    assert lead.organ == world.organ("housing")


def test_a_hearing_begun_before_the_acceptance_is_a_signal(world: World) -> None:
    matter = matter_at(world)
    event(world, matter, "accept", on=DAY)
    hearing = Hearing.objects.create(
        matter=matter,
        organ=world.organ("housing"),
        stage="handle",
        started_on=DAY - dt.timedelta(days=5),
        ended_on=DAY - dt.timedelta(days=4),
        recorded_by=f"user:{world.user('housing_clerk').pk}:housing_clerk",
        recorded_at=moment(DAY + dt.timedelta(days=1)),
    )
    run("altered")
    lead = assert_once(LeadKind.RECORD_ALTERED, "altered")
    record = lead.evidence[0]
    assert (record["type"], record["id"]) == ("hearing", hearing.pk)
    assert record["started_on"] == (DAY - dt.timedelta(days=5)).isoformat()
    assert record["check"] == "hearing_before_stage"
    assert lead.summary_params["before"] == DAY.isoformat()


def test_an_execution_and_a_report_dated_before_their_own_acts_are_signals(
    world: World,
) -> None:
    matter = matter_at(world)
    event(world, matter, "accept", on=DAY)
    done = opinion(world, matter, stage="handle", kind="support", on=DAY + dt.timedelta(days=30))
    Opinion.objects.filter(pk=done.pk).update(executed_at=moment(DAY + dt.timedelta(days=20)))
    assigned = route(world, matter, on=DAY - dt.timedelta(days=1))
    MatterRoute.objects.filter(pk=assigned.pk).update(
        kind="assign",
        report_due=DAY + dt.timedelta(days=60),
        reported_at=moment(DAY - dt.timedelta(days=2)),
    )
    run("altered")
    checks = sorted(lead.summary_params["check"] for lead in signals(LeadKind.RECORD_ALTERED))
    assert checks == ["executed_before_opinion", "report_before_route"]
    assert sum(run("altered").signals.values()) == 0


def test_replies_hearings_and_executions_in_order_are_no_signal(world: World) -> None:
    matter = matter_at(world)
    event(world, matter, "accept", on=DAY)
    event(world, matter, "request_rereview", on=DAY + dt.timedelta(days=90), organ="d_gov")
    done = opinion(world, matter, stage="handle", kind="support", on=DAY + dt.timedelta(days=30))
    Opinion.objects.filter(pk=done.pk).update(executed_at=moment(DAY + dt.timedelta(days=30)))
    SupervisionOrder.objects.create(
        matter=matter,
        issuing_organ=world.organ("d_po"),
        to_organ=world.organ("housing"),
        issued_at=moment(DAY),
        instructions="请反馈。",
        reply_due=DAY + dt.timedelta(days=30),
        replied_at=moment(DAY + dt.timedelta(days=3)),
        reply="已办理。",
    )
    Hearing.objects.create(
        matter=matter,
        organ=world.organ("city_gov"),
        stage="rereview",
        started_on=DAY + dt.timedelta(days=95),
        recorded_by="user:1:x",
        recorded_at=moment(DAY + dt.timedelta(days=95)),
    )
    assert run("altered").signals == {}


# --- 第八项 ------------------------------------------------------------------------------------


def _denied(user: Any, matter: Matter, reason: str) -> None:
    audit_record(
        actor=user,
        action="access.denied",
        object_type="petitions.matter",
        object_id=str(matter.pk),
        details={"reason": reason, "attempted": "read"},
    )


def test_a_refusal_for_the_accusation_itself_is_a_disclosure_signal(world: World) -> None:
    matter = matter_at(world, organ="d_gov")
    accuse(matter, organ=world.organ("housing"))
    _denied(world.user("housing_clerk"), matter, "accused_unit")
    report = run("disclosure")
    assert report.signals == {LeadKind.DISCLOSURE_TO_ACCUSED.value: 1}
    lead = assert_once(LeadKind.DISCLOSURE_TO_ACCUSED, "disclosure")
    assert lead.ground == 8
    assert lead.organ == world.organ("housing")
    assert types(lead) == ["matter", "accusation", "audit_entry"]
    assert lead.evidence[2]["reason"] == "accused_unit"


def test_several_refusals_of_the_accused_units_accounts_are_a_signal(world: World) -> None:
    matter = matter_at(world, organ="d_gov")
    accuse(matter, organ=world.organ("housing"))
    for name in ("housing_clerk", "housing_colleague", "housing_clerk"):
        _denied(world.user(name), matter, "out_of_scope")
    run("disclosure")
    lead = assert_once(LeadKind.DISCLOSURE_TO_ACCUSED, "disclosure")
    assert lead.summary_params["count"] == 3


def test_a_few_refusals_of_other_accounts_are_no_signal(world: World) -> None:
    matter = matter_at(world, organ="d_gov")
    accuse(matter, organ=world.organ("housing"))
    for _ in range(2):
        _denied(world.user("housing_clerk"), matter, "out_of_scope")
    _denied(world.user("b_po_clerk"), matter, "out_of_scope")
    assert run("disclosure").signals == {}


def test_a_route_to_the_accused_unit_is_a_signal_against_the_office_that_sent_it(
    world: World,
) -> None:
    matter = matter_at(world, organ="d_gov")
    accuse(matter, organ=world.organ("housing"))
    sent = route(world, matter, on=DAY, to="housing")
    run("disclosure")
    lead = assert_once(LeadKind.DISCLOSURE_TO_ACCUSED, "disclosure")
    assert lead.organ == world.organ("d_po")
    assert lead.evidence[0]["id"] == sent.pk
    assert world.person("d_po_clerk").pk in {h.person_id for h in lead.duty_holders.all()}


def test_a_route_to_an_organ_not_accused_is_no_signal(world: World) -> None:
    matter = matter_at(world, organ="d_gov")
    accuse(matter, organ=world.organ("d_hrss"))
    route(world, matter, on=DAY, to="housing")
    assert run("disclosure").signals == {}


def test_a_reveal_by_an_account_later_accused_is_a_signal(world: World) -> None:
    petitioner = petitioner_create(organ=world.organ("d_po"), name="张三", actor="test")
    matter = matter_at(world, organ="d_gov")
    Matter.objects.filter(pk=matter.pk).update(petitioner=petitioner)
    audit_record(
        actor=world.user("housing_clerk"),
        action="petitioner.revealed",
        target=petitioner,
        details={"fields": ["phone"], "reason": "联系信访人核实情况"},
    )
    assert run("disclosure").signals == {}
    accuse(matter, person=world.person("housing_clerk"))
    run("disclosure")
    lead = assert_once(LeadKind.DISCLOSURE_TO_ACCUSED, "disclosure")
    assert lead.organ == world.organ("housing")
    assert types(lead) == ["audit_entry", "accusation", "matter"]
    assert lead.evidence[0]["fields"] == ["phone"]


def test_the_default_run_records_signals_too(world: World) -> None:
    """``xinfang detect-leads`` with no ``--only`` finds the signals with the leads."""
    matter = matter_at(world)
    route(world, matter, on=DAY)
    event(world, matter, "accept", on=DAY - dt.timedelta(days=3))
    assert detect_leads(today=TODAY).signals == {LeadKind.RECORD_ALTERED: 1}
    assert Lead.objects.filter(tier=LeadTier.SIGNAL).count() == 1


def test_detect_leads_reports_signals_apart_with_only_signals(world: World) -> None:
    matter = matter_at(world)
    route(world, matter, on=DAY)
    event(world, matter, "accept", on=DAY - dt.timedelta(days=3))
    out = io.StringIO()
    call_command("detect_leads", "--today", TODAY.isoformat(), "--only", "signals", stdout=out)
    found = json.loads(out.getvalue())
    assert found["signals"] == {"record_altered": 1} and found["signals_total"] == 1
    assert found["created"] == {} and found["created_total"] == 0 and found["lead_ids"] == []
    assert found["signal_ids"] == [Lead.objects.get(kind=LeadKind.RECORD_ALTERED).pk]


def test_signal_summaries_are_written_in_english_on_english_pages(world: World) -> None:
    matter = matter_at(world)
    route(world, matter, on=DAY)
    event(world, matter, "accept", on=DAY - dt.timedelta(days=3))
    opinion(world, matter, stage="handle", kind="not_supported", on=DAY + dt.timedelta(days=9))
    opinion(world, matter, stage="review", kind="support", on=DAY + dt.timedelta(days=60))
    run()
    with translation.override("en"):
        texts = [lead.summary_text for lead in Lead.objects.order_by("kind")]
    assert len(texts) == 2
    data = [matter.summary, *(organ.name for organ in world.organs.values())]
    for text in texts:
        for name in sorted(data, key=len, reverse=True):
            text = text.replace(name, "")
        assert not re.search(r"[\u4e00-\u9fff]", text), text
    assert any("the trail says" in text for text in texts)
