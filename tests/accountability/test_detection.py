"""Lead detection (细则第十一条第一款第二项, 第十四条、第十五条) and its idempotence."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xinfang.accountability.choices import LeadKind, LeadSource, LeadState
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.audit.models import AuditEntry

from .factories import (
    FAILURE_DAY,
    LATE_APPOINTMENT,
    World,
    make_overdue_matter,
    make_supervision_order,
)

AFTER = FAILURE_DAY + dt.timedelta(days=1)


def test_matter_not_accepted_by_its_due_date_becomes_a_ground_2_lead(world: World) -> None:
    """An acceptance period run out is a lead on ground 2 against the organ that had to act."""
    matter = make_overdue_matter(world, period="accept")
    report = detect_leads(today=AFTER)
    assert report.created == {LeadKind.ACCEPT_OVERDUE: 1}
    lead = Lead.objects.get()
    assert lead.source == LeadSource.DETECTED
    assert lead.ground == 2
    assert lead.organ == world.organ("housing")
    assert lead.failure_date == FAILURE_DAY
    assert lead.matter_id == matter.pk
    assert lead.state == LeadState.OPEN
    assert {"type": "matter", "id": matter.pk}.items() <= lead.evidence[0].items()
    assert lead.dedup_key == f"accept_overdue:matter-{matter.pk}:accept:{FAILURE_DAY}"


def test_nothing_is_due_on_the_last_day_itself(world: World) -> None:
    """On the due date the organ may still act: no lead."""
    make_overdue_matter(world, period="handle")
    assert detect_leads(today=FAILURE_DAY).total_created == 0
    assert not Lead.objects.exists()


def test_running_detection_twice_creates_no_duplicate_lead(world: World) -> None:
    """The second run finds the same failures and creates nothing, not even an audit entry."""
    make_overdue_matter(world, period="accept")
    make_overdue_matter(world, period="handle")
    first = detect_leads(today=AFTER)
    audit_after_first = AuditEntry.objects.count()
    second = detect_leads(today=AFTER)
    assert first.total_created == 2
    assert second.total_created == 0
    assert second.existing == 2
    assert Lead.objects.count() == 2
    assert AuditEntry.objects.count() == audit_after_first


def test_the_command_is_idempotent_and_prints_json(world: World) -> None:
    """``xinfang detect-leads --today`` prints one JSON line; run twice it creates nothing."""
    make_overdue_matter(world, period="handle")
    out = StringIO()
    call_command("detect_leads", "--today", AFTER.isoformat(), stdout=out)
    first = json.loads(out.getvalue())
    out = StringIO()
    call_command("detect_leads", "--today", AFTER.isoformat(), stdout=out)
    second = json.loads(out.getvalue())
    assert first["created_total"] == 1
    assert first["created"] == {"handle_overdue": 1}
    assert second["created_total"] == 0
    assert second["existing"] == 1
    assert Lead.objects.count() == 1


def test_duty_holders_are_those_in_position_on_the_failure_date(world: World) -> None:
    """The director, the deputy whose portfolio covers housing and the clerk who acted bear the
    duty; the deputy appointed after the failure bears none (positions then in force, not
    today's)."""
    make_overdue_matter(world, period="accept", acted_by="housing_clerk")
    detect_leads(today=AFTER)
    lead = Lead.objects.get()
    holders = {(h.person_id, h.role) for h in lead.duty_holders.all()}
    assert holders == {
        (world.person("housing_director").pk, "principal_leader"),
        (world.person("housing_deputy").pk, "supervising_leader"),
        (world.person("housing_clerk").pk, "staff"),
    }
    assert world.person("late_deputy").pk not in {p for p, _ in holders}
    assert world.person("housing_colleague").pk not in {p for p, _ in holders}


def test_a_failure_after_the_new_deputy_arrived_names_him(world: World) -> None:
    """The same rule the other way round: once appointed, he holds the duty."""
    later = LATE_APPOINTMENT + dt.timedelta(days=10)
    make_overdue_matter(world, period="handle", due=later, acted_by=None)
    detect_leads(today=later + dt.timedelta(days=1))
    lead = Lead.objects.get()
    assert world.person("late_deputy").pk in set(
        lead.duty_holders.values_list("person_id", flat=True)
    )


def test_supervision_order_unanswered_by_its_deadline_is_a_lead(world: World) -> None:
    """A supervision order without a reply after its deadline: ground 2, organ supervised."""
    matter = make_overdue_matter(world, period="handle", due=dt.date(2025, 9, 1), acted_by=None)
    order = make_supervision_order(world, matter, due=FAILURE_DAY)
    report = detect_leads(today=AFTER, kinds=["supervision"])
    assert report.created == {LeadKind.SUPERVISION_UNANSWERED: 1}
    lead = Lead.objects.get()
    assert lead.ground == 2
    assert lead.organ == world.organ("housing")
    assert lead.evidence[0] == {
        "type": "supervision_order",
        "id": order.pk,
        "reply_due": FAILURE_DAY.isoformat(),
    }
    assert detect_leads(today=AFTER, kinds=["supervision"]).total_created == 0


def test_bad_today_is_refused_with_exit_code_2(world: World) -> None:
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as exc:
        call_command("detect_leads", "--today", "2025-02-30")
    assert exc.value.returncode == 2


def test_a_rerun_costs_a_few_queries_whatever_the_number_of_failures(
    world: World, django_assert_max_num_queries: Any
) -> None:
    """Known failures are recognised by their keys in one query per batch, not one per row:
    a rerun over twelve known failures costs what a rerun over six does."""
    for _ in range(6):
        make_overdue_matter(world, period="handle")
    assert detect_leads(today=AFTER).total_created == 6
    with CaptureQueriesContext(connection) as six:
        report = detect_leads(today=AFTER)
    assert report.existing == 6 and report.total_created == 0
    for _ in range(6):
        make_overdue_matter(world, period="handle")
    assert detect_leads(today=AFTER).total_created == 6
    with CaptureQueriesContext(connection) as twelve:
        report = detect_leads(today=AFTER)
    assert report.existing == 12 and report.total_created == 0
    assert len(twelve) == len(six)
    # This app's own detectors: a few queries in all.
    with django_assert_max_num_queries(8):
        detect_leads(today=AFTER, kinds=("matters", "supervision", "opinions", "rectification"))
