"""阅批、批办交办 (细则第七条第一项、第八条第二项): a leader's instruction, its report-back, and
the ground (2) lead an unreported instruction becomes (第十一条第一款第二项)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import translation

from tests.accountability.factories import World
from xinfang.accountability.choices import DutyRole, LeadKind
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.accountability.summaries import summary_in_language
from xinfang.audit.models import AuditEntry
from xinfang.duties.models.leaders import InstructionState
from xinfang.duties.selectors.leaders import access_instruction_by_id
from xinfang.duties.selectors.leaders import todo_items as todo_for  # this part's own items
from xinfang.duties.services.leaders import (
    INSTRUCTION,
    instruction_close,
    instruction_instruct,
    instruction_put_before,
    instruction_report,
    instruction_return,
)
from xinfang.refusals import Refused

from .leaders_helpers import (
    ACTOR,
    a_matter,
    accuse,
    days_ago,
    instructed,
    today,
    world_fixture,  # noqa: F401  (the fixture)
)


def test_an_instruction_without_a_date_is_due_after_the_policy_days(world: World) -> None:
    """No report date given: the report is due ``instruction_report_days`` (15, a policy value)
    after the instruction."""
    record = instructed(world, matter=a_matter(world), on=days_ago(2))
    assert record.state == InstructionState.INSTRUCTED
    assert record.report_due == days_ago(2) + dt.timedelta(days=15)
    assert record.due_from_setting
    actions = list(
        AuditEntry.objects.filter(object_id=str(record.pk)).values_list("action", flat=True)
    )
    assert actions[-2:] == ["duties.instruction.put_before", "duties.instruction.instructed"]


def test_a_task_assigned_to_a_staff_member_is_for_that_persons_organ(world: World) -> None:
    """第八条第二项: 交办 to a staff member; the organ is the one the member serves in."""
    record = instructed(world, person="housing_clerk", due=today() + dt.timedelta(days=3))
    assert record.to_organ == world.organ("housing")
    assert record.to_person == world.person("housing_clerk")
    assert not record.due_from_setting


def test_an_instruction_must_name_who_acts(world: World) -> None:
    record = instruction_put_before(
        organ=world.organ("d_party"), leader=world.person("d_secretary"), title="来信", actor=ACTOR
    )
    with pytest.raises(ValidationError) as exc:
        instruction_instruct(instruction=record, text="请办理", actor=ACTOR)
    assert "to_organ" in exc.value.error_dict


def test_only_a_member_of_the_leadership_team_is_put_before(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        instruction_put_before(
            organ=world.organ("d_party"),
            leader=world.person("housing_clerk"),
            title="来信",
            actor=ACTOR,
        )
    assert "leader" in exc.value.error_dict


def test_an_accusation_is_never_instructed_to_the_accused_organ(world: World) -> None:
    """细则第十一条第一款第八项: the accused unit never gets the accusation to handle."""
    matter = a_matter(world)
    accuse(matter, world.organ("housing"))
    with pytest.raises(Refused) as exc:
        instructed(world, matter=matter)
    assert exc.value.code == "routing_to_accused_unit"
    with pytest.raises(Refused):
        instructed(world, matter=matter, person="housing_clerk")


def test_an_accusation_is_never_put_before_a_leader_of_the_accused_organ(world: World) -> None:
    matter = a_matter(world)
    accuse(matter, world.organ("d_party"))
    with pytest.raises(Refused):
        instructed(world, matter=matter)


def test_report_close_and_return_follow_the_table(world: World) -> None:
    record = instructed(world)
    assert INSTRUCTION.allowed(record) == ["report"]
    with pytest.raises(Refused) as exc:
        instruction_close(instruction=record, actor=ACTOR)
    assert exc.value.code == "not_reported"
    record = instruction_report(instruction=record, report="已督促物业公司修复电梯。", actor=ACTOR)
    assert record.state == InstructionState.REPORTED
    assert INSTRUCTION.allowed(record) == ["close", "return"]
    record = instruction_return(instruction=record, reason="请说明长效管理措施。", actor=ACTOR)
    assert record.state == InstructionState.INSTRUCTED
    assert record.report == ""
    assert record.report_due == today() + dt.timedelta(days=15)
    record = instruction_report(instruction=record, report="已建立维保制度。", actor=ACTOR)
    record = instruction_close(instruction=record, note="同意。", actor=ACTOR)
    assert record.state == InstructionState.CLOSED
    assert record.closed_on == today()


def test_a_report_is_made_for_the_instructed_organ_only(world: World) -> None:
    record = instructed(world)
    with pytest.raises(PermissionDenied):
        instruction_report(instruction=record, report="已办理", actor=world.user("d_po_clerk"))
    done = instruction_report(
        instruction=record, report="已办理", actor=world.user("housing_clerk")
    )
    assert done.state == InstructionState.REPORTED


def test_an_empty_report_is_refused_by_field(world: World) -> None:
    record = instructed(world)
    with pytest.raises(ValidationError) as exc:
        instruction_report(instruction=record, report="  ", actor=ACTOR)
    assert "report" in exc.value.error_dict


def test_the_leaders_and_the_instructed_organ_read_it_others_do_not(world: World) -> None:
    record = instructed(world)
    assert access_instruction_by_id(world.user("d_secretary"), record.pk) == record
    assert access_instruction_by_id(world.user("housing_clerk"), record.pk) == record
    with pytest.raises(Http404):
        access_instruction_by_id(world.user("b_po_clerk"), record.pk)


# --- the lead -------------------------------------------------------------------------------


def test_an_unreported_instruction_becomes_one_ground_2_lead(world: World) -> None:
    """Past due without a report: a lead against the instructed organ, naming its principal,
    the leader whose portfolio covers the matter (housing) and the staff member, once."""
    matter = a_matter(world)
    due = days_ago(3)
    record = instructed(world, matter=matter, person="housing_clerk", on=days_ago(10), due=due)
    report = detect_leads(today=today(), kinds=["instructions"])
    assert report.created == {LeadKind.INSTRUCTION_NOT_REPORTED: 1}
    lead = Lead.objects.get()
    assert lead.ground == 2
    assert lead.organ == world.organ("housing")
    assert lead.failure_date == due
    assert lead.dedup_key == f"instruction_not_reported:instruction-{record.pk}:{due}"
    assert {"type": "instruction", "id": record.pk}.items() <= lead.evidence[0].items()
    assert {"type": "matter", "id": matter.pk} in lead.evidence
    roles = {(h.person_id, h.role) for h in lead.duty_holders.all()}
    assert roles == {
        (world.person("housing_director").pk, DutyRole.PRINCIPAL_LEADER),
        (world.person("housing_deputy").pk, DutyRole.SUPERVISING_LEADER),
        # appointed for housing in 2025: in post on the due date
        (world.person("late_deputy").pk, DutyRole.SUPERVISING_LEADER),
        (world.person("housing_clerk").pk, DutyRole.STAFF),
    }
    assert "未按期报告" in lead.summary
    again = detect_leads(today=today(), kinds=["instructions"])
    assert again.total_created == 0
    assert again.existing == 1


def test_no_lead_when_the_report_was_made_on_time(world: World) -> None:
    record = instructed(world, on=days_ago(10), due=days_ago(3))
    instruction_report(instruction=record, report="已办理", reported_on=days_ago(4), actor=ACTOR)
    assert detect_leads(today=today(), kinds=["instructions"]).total_created == 0
    assert not Lead.objects.exists()


def test_a_report_made_late_is_a_lead_too(world: World) -> None:
    record = instructed(world, on=days_ago(10), due=days_ago(3))
    instruction_report(instruction=record, report="已办理", actor=ACTOR)
    assert detect_leads(today=today(), kinds=["instructions"]).total_created == 1
    assert "才报告" in Lead.objects.get().summary


def test_the_detector_runs_alone_from_the_command(world: World) -> None:
    instructed(world, on=days_ago(10), due=days_ago(3))
    out = StringIO()
    call_command("detect_leads", "--only", "instructions", stdout=out)
    assert '"instruction_not_reported": 1' in out.getvalue()


# --- the workbench --------------------------------------------------------------------------


def test_the_leader_and_the_instructed_see_what_waits_on_them(world: World) -> None:
    put = instruction_put_before(
        organ=world.organ("d_party"),
        leader=world.person("d_secretary"),
        title="网上信访",
        actor=ACTOR,
    )
    late = instructed(world, person="housing_clerk", on=days_ago(10), due=days_ago(1))
    secretary = todo_for(world.user("d_secretary"), today())
    titles = [item.title for item in secretary]
    assert any(put.title in t and "待阅批" in t for t in titles)
    overdue = [i for i in secretary if i.url_args == (late.pk,)]
    assert overdue and overdue[0].overdue
    clerk = todo_for(world.user("housing_clerk"), today())
    assert [(i.url_args, i.overdue) for i in clerk] == [((late.pk,), True)]
    assert todo_for(world.user("housing_colleague"), today()) == []


def test_the_lead_summary_reads_in_the_readers_language(world: World) -> None:
    instructed(world, on=days_ago(10), due=days_ago(3))
    detect_leads(today=today(), kinds=["instructions"])
    lead = Lead.objects.get()
    with translation.override("en"):
        text = summary_in_language(lead.summary_params, lead.summary)
    assert "did not" in text and "未按期" not in text
