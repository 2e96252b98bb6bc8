"""细则第十一条第一款第五项: a recommendation of the petition office not replied to by its due
date, or measures adopted not done by the date the office set, is a lead against the
recipient; once, with its evidence, and never when the duty was done on time."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.accountability.factories import World
from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import detect_leads, detector_names
from xinfang.accountability.models import Lead
from xinfang.duties.services import recommendations as services

from .recommendations_world import (
    at,
    days_ago,
    matter_at_housing,
    reply,
    send,
    world_fixture,  # noqa: F401 (fixtures)
)

pytestmark = pytest.mark.django_db


def detect() -> dict[str, int]:
    return dict(detect_leads(kinds=["recommendations"]).created)


def test_the_detector_joins_detect_leads_by_name() -> None:
    assert "recommendations" in detector_names()


def test_a_recommendation_not_replied_by_its_due_date_is_one_lead_of_ground_five(
    world: World,
) -> None:
    matter = matter_at_housing(world, received=days_ago(80))
    rec = send(world, sent_on=days_ago(45), matters=[matter])
    assert detect() == {LeadKind.RECOMMENDATION_IGNORED.value: 1}
    lead = Lead.objects.get()
    assert (lead.kind, lead.ground, lead.organ) == ("recommendation_ignored", 5, rec.recipient)
    assert lead.failure_date == rec.reply_due
    assert {
        "type": "office_recommendation",
        "id": rec.pk,
        "reply_due": rec.reply_due.isoformat(),
    } in lead.evidence
    assert {"type": "matter", "id": matter.pk} in lead.evidence
    holders = set(lead.duty_holders.values_list("person__code", flat=True))
    assert {"P-housing_director", "P-housing_deputy"} <= holders
    # The work is the matter's: property management, the housing portfolio.
    assert lead.work_subject == "housing" and lead.matter_id == matter.pk
    assert "未在" in lead.summary and rec.title in lead.summary
    with translation.override("en"):
        assert "did not reply in writing" in lead.summary_text
    # Running again finds the same failure and creates nothing.
    assert detect() == {}
    assert Lead.objects.count() == 1


def test_no_lead_when_the_reply_came_in_time_or_is_not_yet_due(world: World) -> None:
    replied = send(world, sent_on=days_ago(45), title="按期反馈的建议")
    reply(world, replied, on=replied.reply_due)
    send(world, sent_on=days_ago(5), title="尚未到期的建议")
    withdrawn = send(world, sent_on=days_ago(60), title="撤回的建议")
    services.office_recommendation_withdraw(
        recommendation=withdrawn,
        reason="撤回。",
        actor=world.user("d_po_clerk"),
        at=at(days_ago(55)),
    )
    assert detect() == {}


def test_a_reply_after_the_due_date_is_a_lead_naming_when_it_came(world: World) -> None:
    rec = send(world, sent_on=days_ago(45))
    reply(world, rec, on=rec.reply_due + dt.timedelta(days=3))
    assert detect() == {LeadKind.RECOMMENDATION_IGNORED.value: 1}
    lead = Lead.objects.get()
    assert lead.work_subject == "petition"  # no matter: the petition portfolio
    assert "才反馈" in lead.summary


def test_measures_adopted_not_done_by_the_offices_date_are_a_lead_and_done_in_time_are_not(
    world: World,
) -> None:
    clerk = world.user("d_po_clerk")
    late = reply(world, send(world, sent_on=days_ago(40), title="未落实"), on=days_ago(30))
    services.office_recommendation_follow_up(
        recommendation=late,
        notes="督促。",
        measures_due=days_ago(3),
        actor=clerk,
        at=at(days_ago(20)),
    )
    kept = reply(world, send(world, sent_on=days_ago(40), title="已落实"), on=days_ago(30))
    services.office_recommendation_follow_up(
        recommendation=kept,
        notes="已落实。",
        measures_due=days_ago(3),
        measures="印发制度。",
        measures_done_on=days_ago(4),
        actor=clerk,
        at=at(days_ago(2)),
    )
    assert detect() == {LeadKind.RECOMMENDATION_IGNORED.value: 1}
    lead = Lead.objects.get()
    assert lead.failure_date == days_ago(3)
    assert lead.dedup_key.endswith(f"office-recommendation-{late.pk}:measures:{days_ago(3)}")
    assert "落实措施未在" in lead.summary
    assert detect() == {}


def test_detect_leads_only_recommendations_from_the_command_line(world: World) -> None:
    send(world, sent_on=days_ago(45))
    out = StringIO()
    call_command("detect_leads", "--only", "recommendations", stdout=out)
    assert json.loads(out.getvalue())["created"] == {"recommendation_ignored": 1}
