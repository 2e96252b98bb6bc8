# ruff: noqa: F811 - the fixtures are imported from incidents_world
"""Incidents (细则第七条第三项、第八条第三项): recording, the report clocks, the steps, and the
leads late, missing and escalated incidents become (细则第十一条第一款第七项、第四项)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.audit.models import AuditEntry
from xinfang.duties.models.incidents import IncidentState
from xinfang.duties.selectors.incidents import (
    ACTION_GAP_OVER_WRITTEN_PERIOD,
    NO_ACTION_IN_FIRST_PERIOD,
    report_clocks,
    slow_handling,
)
from xinfang.duties.services import incidents as services
from xinfang.duties.services.incidents import INCIDENT, Action
from xinfang.refusals import Refused

from .incidents_world import HOUR, KNOWN_AT, act, escalate, record, report, world  # noqa: F401

pytestmark = pytest.mark.django_db


def detect() -> Lead | None:
    found = detect_leads(kinds=["incidents"])
    return Lead.objects.filter(pk__in=found.lead_ids).first()


def leads(kind: LeadKind) -> list[Lead]:
    return list(Lead.objects.filter(kind=kind).order_by("pk"))


def test_the_report_deadlines_run_from_the_time_it_was_known_as_policy_values(world):
    incident = record(world)
    assert incident.first_report_due == KNOWN_AT + HOUR
    assert incident.written_report_due == KNOWN_AT + 24 * HOUR
    assert incident.territory_office == world.organ("d_po")
    first, written = report_clocks(incident)
    assert (first.setting.name, first.setting.value, first.setting.unit) == (
        "incident_first_report_hours",
        1,
        "hours",
    )
    assert first.setting.policy and str(first.setting.label) == "政策设定值"
    assert "细则第八条第三项" in [str(b) for b in first.setting.basis]
    assert written.overdue and first.overdue
    entry = AuditEntry.objects.get(action="duties.incident.recorded")
    assert entry.details["first_report_due"] == (KNOWN_AT + HOUR).isoformat()


def test_recording_checks_each_field(world):
    with pytest.raises(ValidationError) as caught:
        record(world, title=" ", people=0)
    assert {"title", "people_count"} <= set(caught.value.message_dict)


def test_a_petition_office_records_only_for_organs_of_its_territory(world):
    record(world, by="d_po_clerk", recording_organ="d_po")
    with pytest.raises(ValidationError) as caught:
        record(world, by="b_po_clerk", recording_organ="b_po", known_by="b_po_clerk")
    assert "organ" in caught.value.message_dict


def test_reports_made_on_time_become_no_lead(world):
    incident = record(world)
    report(world, incident, after=30 * dt.timedelta(minutes=1))
    report(world, incident, after=20 * HOUR, channel="written")
    incident.refresh_from_db()
    assert incident.first_reported_at == KNOWN_AT + dt.timedelta(minutes=30)
    assert incident.written_reported_at == KNOWN_AT + 20 * HOUR
    assert detect() is None
    assert not Lead.objects.exists()


def test_a_first_report_three_hours_late_is_a_ground_seven_lead_once(world):
    incident = record(world)
    report(world, incident, after=4 * HOUR)
    report(world, incident, after=5 * HOUR, channel="written")
    detect()
    [lead] = leads(LeadKind.INCIDENT_REPORTED_LATE)
    assert lead.ground == 7
    assert lead.organ == world.organ("housing")
    assert lead.dedup_key == f"incident_reported_late:incident-{incident.pk}:first"
    types = [item["type"] for item in lead.evidence]
    assert types[0] == "incident" and lead.evidence[0]["report"] == "first"
    assert types.count("incident_report") == 2
    holders = {h.person.pk: h.role for h in lead.duty_holders.all()}
    assert holders == {
        world.person("housing_director").pk: "principal_leader",
        world.person("housing_deputy").pk: "supervising_leader",
        world.person("housing_clerk").pk: "staff",
    }
    assert "至" in lead.summary and "才报告" in lead.summary
    again = detect_leads(kinds=["incidents"])
    assert again.total_created == 0 and Lead.objects.count() == 1


def test_no_report_by_the_deadlines_is_a_lead_per_report_and_not_again_once_reported(world):
    incident = record(world)
    detect()
    missing = leads(LeadKind.INCIDENT_NOT_REPORTED)
    assert [lead.dedup_key.rsplit(":", 1)[1] for lead in missing] == ["first", "written"]
    assert {lead.ground for lead in missing} == {7}
    report(world, incident, after=30 * HOUR, channel="written")
    assert detect_leads(kinds=["incidents"]).total_created == 0
    assert not leads(LeadKind.INCIDENT_REPORTED_LATE)


def test_an_escalation_after_no_action_in_the_first_hour_is_a_ground_four_lead_once(world):
    incident = record(world)
    report(world, incident, after=HOUR / 2)
    report(world, incident, after=2 * HOUR, channel="written")
    act(world, incident, after=3 * HOUR)
    escalate(world, incident, after=5 * HOUR, people=80)
    incident.refresh_from_db()
    assert incident.people_count == 80
    detect()
    [lead] = leads(LeadKind.INCIDENT_ESCALATED)
    assert lead.ground == 4
    escalation = lead.evidence[1]
    assert escalation["type"] == "incident_escalation"
    assert escalation["reading"] == NO_ACTION_IN_FIRST_PERIOD
    assert (escalation["people_before"], escalation["people_after"]) == (30, 80)
    assert [item["type"] for item in lead.evidence].count("incident_action") == 1
    escalate(world, incident, after=6 * HOUR, people=120)
    assert detect_leads(kinds=["incidents"]).total_created == 0


def test_an_escalation_after_prompt_handling_is_no_lead(world):
    incident = record(world)
    act(world, incident, after=HOUR / 4)
    act(world, incident, after=10 * HOUR)
    escalate(world, incident, after=12 * HOUR, people=40)
    detect()
    assert not leads(LeadKind.INCIDENT_ESCALATED)


def test_slow_handling_reads_a_long_stretch_without_action_too():
    known = KNOWN_AT
    periods = {"first_period": HOUR, "written_period": 24 * HOUR}
    assert (
        slow_handling(
            known_at=known,
            action_times=[known + HOUR / 2],
            escalated_at=known + 30 * HOUR,
            **periods,
        )
        == ACTION_GAP_OVER_WRITTEN_PERIOD
    )
    # Grown before the first-report period ran out, nothing done yet: not slow yet.
    assert (
        slow_handling(known_at=known, action_times=[], escalated_at=known + HOUR / 2, **periods)
        == ""
    )
    # An action after the escalation does not count.
    assert (
        slow_handling(
            known_at=known,
            action_times=[known + 3 * HOUR],
            escalated_at=known + 2 * HOUR,
            **periods,
        )
        == NO_ACTION_IN_FIRST_PERIOD
    )


def test_the_steps_follow_the_transition_table(world):
    incident = record(world)
    assert INCIDENT.allowed(incident) == [Action.REPORT, Action.ACT, Action.ESCALATE]
    with pytest.raises(Refused) as caught:
        services.incident_close(
            incident=incident,
            organ=world.organ("housing"),
            note="已平息",
            actor=world.user("housing_clerk"),
        )
    assert caught.value.code == "incident_not_handling"
    incident = act(world, incident, after=HOUR / 2)
    assert incident.state == IncidentState.HANDLING
    incident = services.incident_close(
        incident=incident,
        organ=world.organ("housing"),
        note="已平息",
        actor=world.user("housing_clerk"),
    )
    assert incident.state == IncidentState.CLOSED and incident.closing_note == "已平息"
    assert INCIDENT.allowed(incident) == [Action.REPORT]
    with pytest.raises(Refused):
        act(world, incident, after=HOUR)
    # A written report after the handling is over is still recorded.
    incident = report(world, incident, after=20 * HOUR, channel="written")
    assert incident.state == IncidentState.CLOSED and incident.written_reported_at is not None


def test_a_report_before_the_incident_was_known_is_refused_by_field(world):
    incident = record(world)
    with pytest.raises(ValidationError) as caught:
        report(world, incident, after=-HOUR)
    assert "made_at" in caught.value.message_dict


def test_only_the_responsible_or_recording_organ_acts_on_it(world):
    incident = record(world)
    with pytest.raises(ValidationError) as caught:
        services.incident_act(
            incident=incident,
            organ=world.organ("d_po"),
            at=KNOWN_AT + HOUR,
            what="协调",
            actor=world.user("d_po_clerk"),
        )
    assert "organ" in caught.value.message_dict


def test_detect_leads_runs_the_incident_detector_alone(world, capsys):
    record(world)
    call_command("detect_leads", "--only", "incidents")
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["created"] == {"incident_not_reported": 2}
