"""Leads for opinions not carried out (细则第十一条第一款第二项: 不执行信访事项处理意见).

A supporting opinion whose ``execution_due`` has passed without ``executed_at``, or that was
carried out after it, is a ground 2 lead against the organ that had to carry it out, naming
those who held the duty there on the due date.
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from xinfang.accountability.choices import LeadKind, LeadSource
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.accountability.services import lead_file_manual
from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.counts import count_places
from xinfang.petitions.matters.models import Category, Matter, MatterEvent, Opinion

from .factories import FAILURE_DAY, LATE_APPOINTMENT, PROPERTY, World

AFTER = FAILURE_DAY + dt.timedelta(days=1)
_seq = iter(range(1, 10**9))


def aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_supporting_opinion(
    world: World,
    *,
    stage: str = "handle",
    due: dt.date = FAILURE_DAY,
    executed_on: dt.date | None = None,
    acted_by: str | None = "housing_clerk",
) -> Opinion:
    """A matter accepted by 住建委 (``housing``) with a supporting opinion of ``stage`` due to be
    carried out by ``due`` (rows written directly, the way the matters services store them)."""
    n = next(_seq)
    housing = world.organ("housing")
    issued = aware(due - dt.timedelta(days=30))
    issuing = housing if stage == "handle" else world.organ("d_gov")
    matter = Matter.objects.create(
        channel="letter",
        received_at=issued - dt.timedelta(days=40),
        registered_at=issued - dt.timedelta(days=40),
        registering_organ=world.organ("d_po"),
        current_organ=issuing,
        handling_organ=housing,
        region_code=housing.region_code,
        summary=f"执行测试事项{n}",
        content="反映物业公司多收电梯维修费。",
        category=Category.objects.get(code=PROPERTY),
        query_code=f"EXECTEST{n:08d}",
        profile="chongqing-2017",
        state="concluded" if stage == "handle" else "reviewed",
    )
    count_places([matter])  # as the services count every matter they place
    opinion = Opinion.objects.create(
        matter=matter,
        stage=stage,
        organ=issuing,
        kind="support",
        facts="多收费用属实。",
        reasons="收费无合同依据。",
        legal_basis="《物业管理条例》",
        issued_at=issued,
        execution_due=due,
        executed_at=aware(executed_on) if executed_on else None,
        execution_note="已退费" if executed_on else "",
    )
    if acted_by:
        user = world.user(acted_by)
        MatterEvent.objects.create(
            matter=matter,
            at=issued - dt.timedelta(days=20),
            actor=f"user:{user.pk}:{user.username}",
            organ=housing,
            action="accept",
            to_state="accepted",
        )
    return opinion


def test_a_supporting_opinion_not_carried_out_by_its_due_date_is_a_ground_2_lead(
    world: World,
) -> None:
    """One lead against the handling organ, failing on the due date, citing the opinion."""
    opinion = make_supporting_opinion(world)
    report = detect_leads(today=AFTER)
    assert report.created == {LeadKind.OPINION_NOT_EXECUTED: 1}
    lead = Lead.objects.get()
    assert lead.source == LeadSource.DETECTED
    assert lead.kind == LeadKind.OPINION_NOT_EXECUTED
    assert lead.ground == 2
    assert lead.organ == world.organ("housing")
    assert lead.failure_date == FAILURE_DAY
    assert lead.matter_id == opinion.matter_id
    assert lead.dedup_key == f"opinion_not_executed:opinion-{opinion.pk}:{FAILURE_DAY}"
    ref = dict(lead.evidence[0])
    assert dt.datetime.fromisoformat(ref.pop("issued_at")) == opinion.issued_at
    assert ref == {
        "type": "opinion",
        "id": opinion.pk,
        "stage": "handle",
        "kind": "support",
        "execution_due": FAILURE_DAY.isoformat(),
        "executed_at": None,
    }
    assert {"type": "matter", "id": opinion.matter_id}.items() <= lead.evidence[1].items()
    assert "未按期执行" in lead.summary
    entry = AuditEntry.objects.get(action="accountability.lead.detected")
    assert entry.details["kind"] == "opinion_not_executed"


def test_duty_holders_are_those_at_the_handling_organ_on_the_due_date(world: World) -> None:
    """The director, the deputy whose portfolio covers housing (the matter's category) and the
    clerk who acted on the matter; not the deputy appointed after the due date, nor a colleague
    who never touched it."""
    make_supporting_opinion(world, acted_by="housing_clerk")
    detect_leads(today=AFTER)
    lead = Lead.objects.get()
    assert {(h.person_id, h.role) for h in lead.duty_holders.all()} == {
        (world.person("housing_director").pk, "principal_leader"),
        (world.person("housing_deputy").pk, "supervising_leader"),
        (world.person("housing_clerk").pk, "staff"),
    }
    assert FAILURE_DAY < LATE_APPOINTMENT


def test_a_supporting_review_opinion_is_a_lead_against_the_original_handling_organ(
    world: World,
) -> None:
    """The district government reviewed and supported; 住建委 had to carry it out."""
    make_supporting_opinion(world, stage="review")
    detect_leads(today=AFTER)
    lead = Lead.objects.get()
    assert lead.organ == world.organ("housing")
    assert lead.evidence[0]["stage"] == "review"


def test_running_detection_twice_adds_nothing(world: World) -> None:
    """The second run finds the same failure, creates no lead and writes no audit entry."""
    make_supporting_opinion(world)
    first = detect_leads(today=AFTER)
    audit_after_first = AuditEntry.objects.count()
    second = detect_leads(today=AFTER + dt.timedelta(days=3))
    assert (first.total_created, second.total_created, second.existing) == (1, 0, 1)
    assert Lead.objects.count() == 1
    assert AuditEntry.objects.count() == audit_after_first


def test_the_command_runs_only_this_detector_and_is_idempotent(world: World) -> None:
    make_supporting_opinion(world)
    runs = []
    for _ in range(2):
        out = StringIO()
        call_command("detect_leads", "--today", AFTER.isoformat(), "--only", "opinions", stdout=out)
        runs.append(json.loads(out.getvalue()))
    assert runs[0]["created"] == {"opinion_not_executed": 1}
    assert (runs[1]["created_total"], runs[1]["existing"]) == (0, 1)


def test_an_opinion_carried_out_in_time_is_no_lead(world: World) -> None:
    make_supporting_opinion(world, executed_on=FAILURE_DAY)
    assert detect_leads(today=AFTER + dt.timedelta(days=30)).total_created == 0
    assert not Lead.objects.exists()


def test_nothing_is_due_on_the_last_day_itself(world: World) -> None:
    make_supporting_opinion(world)
    assert detect_leads(today=FAILURE_DAY).total_created == 0


def test_an_opinion_carried_out_after_its_due_date_is_a_lead(world: World) -> None:
    """Done late is still a failure on the due date, like a step completed late."""
    late = FAILURE_DAY + dt.timedelta(days=5)
    opinion = make_supporting_opinion(world, executed_on=late)
    detect_leads(today=late + dt.timedelta(days=1))
    lead = Lead.objects.get()
    assert lead.failure_date == FAILURE_DAY
    assert dt.datetime.fromisoformat(lead.evidence[0]["executed_at"]) == opinion.executed_at
    assert f"至 {late.isoformat()} 才登记执行" in lead.summary


def test_an_opinion_not_carried_out_can_still_be_filed_by_hand(world: World) -> None:
    """Carried out in name only shows outside the data: the kind stays open to manual filing."""
    lead = lead_file_manual(
        kind=LeadKind.OPINION_NOT_EXECUTED,
        ground=2,
        organ=world.organ("housing"),
        failure_date=FAILURE_DAY,
        summary="信访人反映处理意见登记已执行，实际未退费。",
        actor=world.user("d_po_clerk"),
    )
    assert (lead.source, lead.kind) == (LeadSource.MANUAL, LeadKind.OPINION_NOT_EXECUTED)


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(2017, 5, 22)])
def test_a_failure_before_the_rules_took_effect_is_not_filed(world: World, day: dt.date) -> None:
    """细则 in force from 2017-05-23: nothing earlier is judged by it."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        lead_file_manual(
            kind=LeadKind.OPINION_NOT_EXECUTED,
            ground=2,
            organ=world.organ("housing"),
            failure_date=day,
            summary="早年的事项",
            actor=world.user("d_po_clerk"),
        )
    assert "2017-05-23" in info.value.message_dict["failure_date"][0]
    assert not Lead.objects.exists()
