"""细则第九条: an authority's yearly plan with its scope, its inspections moving planned → under
way → findings recorded → finished, refusals with their messages, audit entries written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.accountability.factories import World
from xinfang.audit.models import AuditEntry
from xinfang.oversight.models import InspectionState
from xinfang.oversight.services import inspections as services
from xinfang.oversight.services import inspections_demands as follow
from xinfang.refusals import Refused

from .inspections_world import (
    TODAY,
    YEAR,
    make_inspection,
    make_plan,
    world_fixture,  # noqa: F401 (fixtures)
)

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_the_default_scope_is_what_the_authority_supervises(world: World) -> None:
    plan = make_plan(world)
    names = {e.organ.name for e in plan.scope.select_related("organ")}
    expected = {"city_org", "d_party", "d_gov", "b_party", "b_gov"}
    assert names == {f"测试{n}" for n in expected}
    assert "oversight.inspection_plan.created" in actions()


def test_a_second_plan_for_the_same_year_is_refused(world: World) -> None:
    make_plan(world)
    with pytest.raises(Refused, match="督查计划已经建立"):
        make_plan(world)


def test_a_user_of_an_unrelated_organ_may_not_create_the_plan(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.inspection_plan_create(
            authority=world.organ("city_party"),
            inspecting_organ=world.organ("city_office"),
            year=YEAR,
            actor=world.user("b_po_clerk"),
        )


def test_the_plan_is_run_by_the_authority_or_its_own_office(world: World) -> None:
    # A petition office's clerk may not run 市委's plan from an organ that is not 市委's.
    with pytest.raises(ValidationError, match="直属的工作机构"):
        services.inspection_plan_create(
            authority=world.organ("city_party"),
            inspecting_organ=world.organ("b_po"),
            year=YEAR,
            actor=world.user("b_po_clerk"),
        )


def test_scope_is_edited_with_audit(world: World) -> None:
    plan = make_plan(world)
    services.inspection_plan_scope_add(
        plan=plan, organ=world.organ("housing"), actor=world.user("inspector")
    )
    assert plan.scope.filter(organ=world.organ("housing")).exists()
    with pytest.raises(ValidationError, match="已在督查范围内"):
        services.inspection_plan_scope_add(
            plan=plan, organ=world.organ("housing"), actor=world.user("inspector")
        )
    services.inspection_plan_scope_remove(
        plan=plan, organ=world.organ("housing"), actor=world.user("inspector"), reason="调整"
    )
    assert not plan.scope.filter(organ=world.organ("housing")).exists()
    assert {
        "oversight.inspection_plan.scope_added",
        "oversight.inspection_plan.scope_removed",
    } <= set(actions())


def test_a_special_inspection_of_an_organ_out_of_scope_is_refused_with_its_name(
    world: World,
) -> None:
    plan = make_plan(world)
    with pytest.raises(ValidationError) as raised:
        make_inspection(world, plan, organs=("housing",))
    assert "测试housing 不在" in str(raised.value.message_dict["organs"])


def test_every_error_of_a_new_inspection_is_told_at_once(world: World) -> None:
    plan = make_plan(world)
    with pytest.raises(ValidationError) as raised:
        make_inspection(
            world,
            plan,
            organs=("housing",),
            title=" ",
            kind="important_matter",
            planned_start=dt.date(YEAR - 1, 12, 1),
        )
    assert {"title", "matter", "planned_start"} <= set(raised.value.message_dict)


def test_an_inspected_organ_cannot_leave_the_scope(world: World) -> None:
    plan = make_plan(world)
    make_inspection(world, plan)
    with pytest.raises(Refused, match="不能移出督查范围"):
        services.inspection_plan_scope_remove(
            plan=plan, organ=world.organ("d_party"), actor=world.user("inspector"), reason="x"
        )


def test_the_life_cycle_follows_the_table(world: World) -> None:
    plan = make_plan(world)
    inspection = make_inspection(world, plan)
    assert services.INSPECTION.allowed(inspection) == ["start"]
    with pytest.raises(Refused, match="形成督查意见后才能出具督查报告"):
        services.inspection_finish(
            inspection=inspection, report="报告", actor=world.user("inspector")
        )
    inspection = services.inspection_start(inspection=inspection, actor=world.user("inspector"))
    assert inspection.state == InspectionState.UNDER_WAY and inspection.started_on == TODAY
    assert inspection.items.count() == 6
    inspection = services.inspection_record_findings(
        inspection=inspection, actor=world.user("inspector")
    )
    with pytest.raises(ValidationError, match="必填"):
        services.inspection_finish(inspection=inspection, report=" ", actor=world.user("inspector"))
    inspection = services.inspection_finish(
        inspection=inspection, report="督查报告正文", actor=world.user("inspector")
    )
    assert inspection.state == InspectionState.FINISHED
    assert {
        "oversight.inspection.created",
        "oversight.inspection.started",
        "oversight.inspection.findings_recorded",
        "oversight.inspection.finished",
    } <= set(actions())


def test_the_inspected_organ_may_not_take_the_inspectors_steps(world: World) -> None:
    plan = make_plan(world)
    inspection = make_inspection(world, plan)
    with pytest.raises(PermissionDenied):
        services.inspection_start(inspection=inspection, actor=world.user("d_secretary"))


def test_a_finding_is_recorded_only_while_under_way(world: World) -> None:
    plan = make_plan(world)
    inspection = services.inspection_start(
        inspection=make_inspection(world, plan), actor=world.user("inspector")
    )
    item = inspection.items.get(key="agenda")
    services.checklist_item_record_finding(
        item=item, finding="全年未研究信访工作。", ground=None, actor=world.user("inspector")
    )
    with pytest.raises(ValidationError, match="第十一条第一款第一至九项"):
        services.checklist_item_record_finding(
            item=item, finding="x", ground=12, actor=world.user("inspector")
        )
    services.inspection_record_findings(inspection=inspection, actor=world.user("inspector"))
    with pytest.raises(Refused, match="只能在督查进行中记录督查发现"):
        services.checklist_item_record_finding(
            item=item, finding="补充", actor=world.user("inspector")
        )


def _finished(world: World):  # type: ignore[no-untyped-def]
    plan = make_plan(world)
    inspection = services.inspection_start(
        inspection=make_inspection(world, plan, organs=("d_party", "d_gov")),
        actor=world.user("inspector"),
    )
    inspection = services.inspection_record_findings(
        inspection=inspection, actor=world.user("inspector")
    )
    return inspection


def test_a_demand_goes_only_to_an_inspected_organ_and_moves_on_its_table(world: World) -> None:
    inspection = _finished(world)
    with pytest.raises(ValidationError, match="只能向被督查单位提出"):
        follow.rectification_demand_issue(
            inspection=inspection,
            organ=world.organ("b_party"),
            content="整改",
            due=TODAY + dt.timedelta(days=30),
            actor=world.user("inspector"),
        )
    demand = follow.rectification_demand_issue(
        inspection=inspection,
        organ=world.organ("d_party"),
        content="建立定期研究信访工作制度",
        due=TODAY + dt.timedelta(days=30),
        actor=world.user("inspector"),
    )
    with pytest.raises(PermissionDenied):
        follow.rectification_demand_answer(
            demand=demand, answer="已整改", actor=world.user("b_po_clerk")
        )
    assert follow.demand_steps_open_to(world.user("d_secretary"), demand) == ["answer"]
    demand = follow.rectification_demand_answer(
        demand=demand, answer="已建立制度", actor=world.user("d_secretary")
    )
    demand = follow.rectification_demand_return(
        demand=demand, reason="制度未印发", actor=world.user("inspector")
    )
    assert demand.state == "open"
    demand = follow.rectification_demand_answer(
        demand=demand, answer="已印发", actor=world.user("d_secretary")
    )
    demand = follow.rectification_demand_accept(demand=demand, actor=world.user("inspector"))
    assert demand.state == "accepted"
    with pytest.raises(Refused, match="只能验收已反馈"):
        follow.rectification_demand_accept(demand=demand, actor=world.user("inspector"))


def test_the_notice_waits_for_the_report_and_records_each_delivery(world: World) -> None:
    inspection = _finished(world)
    audience = [world.organ("d_party"), world.organ("b_party")]
    with pytest.raises(Refused, match="出具督查报告后才能通报"):
        follow.inspection_notice_circulate(
            inspection=inspection,
            title="通报",
            text="正文",
            audience=audience,
            actor=world.user("inspector"),
        )
    inspection = services.inspection_finish(
        inspection=inspection, report="报告", actor=world.user("inspector")
    )
    with pytest.raises(ValidationError, match="请选择通报范围"):
        follow.inspection_notice_circulate(
            inspection=inspection,
            title="通报",
            text="正文",
            audience=[],
            actor=world.user("inspector"),
        )
    notice = follow.inspection_notice_circulate(
        inspection=inspection,
        title="通报",
        text="正文",
        audience=audience,
        actor=world.user("inspector"),
    )
    assert notice.deliveries.count() == 2
    delivery = follow.inspection_notice_mark_read(
        notice=notice, organ=world.organ("d_party"), actor=world.user("d_secretary")
    )
    assert delivery.read_at is not None and "d_secretary" in delivery.read_by
    assert "oversight.inspection_notice.read" in actions()
