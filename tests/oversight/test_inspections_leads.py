"""细则第九条 → 第十一条: a finding that shows a ground becomes an accountability lead with the
inspection as evidence; a rectification demand not answered by its due date is a lead too,
found once by ``xinfang detect-leads``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.accountability.factories import World
from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import detect_leads, detector_names
from xinfang.accountability.evidence import evidence_rows
from xinfang.accountability.models import Lead
from xinfang.oversight.models import Inspection
from xinfang.oversight.services import inspections as services
from xinfang.oversight.services import inspections_demands as follow

from .inspections_world import (
    TODAY,
    at,
    make_inspection,
    make_plan,
    world_fixture,  # noqa: F401 (fixtures)
)

pytestmark = pytest.mark.django_db


def _under_way(world: World) -> Inspection:
    plan = make_plan(world)
    return services.inspection_start(
        inspection=make_inspection(world, plan), actor=world.user("inspector")
    )


def test_a_finding_with_a_ground_becomes_a_lead_when_the_findings_are_recorded(
    world: World,
) -> None:
    inspection = _under_way(world)
    item = inspection.items.get(key="decisions")
    services.checklist_item_record_finding(
        item=item,
        finding="重大决策未进行社会稳定风险评估。",
        ground=1,
        actor=world.user("inspector"),
    )
    services.checklist_item_record_finding(
        item=inspection.items.get(key="agenda"), finding="基本落实。", actor=world.user("inspector")
    )
    assert not Lead.objects.exists()
    services.inspection_record_findings(inspection=inspection, actor=world.user("inspector"))
    lead = Lead.objects.get()
    item.refresh_from_db()
    assert item.lead == lead
    assert (lead.kind, lead.ground, lead.organ) == (
        LeadKind.INSPECTION_FINDING,
        1,
        world.organ("d_party"),
    )
    assert {"type": "inspection", "id": inspection.pk, "item": item.pk} in lead.evidence
    assert "重大决策社会稳定风险评估" in lead.summary
    # The inspector may open the inspection from the lead's evidence; an unrelated clerk not.
    assert evidence_rows(world.user("inspector"), lead.evidence)[0].url
    assert not evidence_rows(world.user("b_po_clerk"), lead.evidence)[0].url
    client = Client()
    client.force_login(world.user("admin"), backend="xinfang.access.backends.ModelBackend")
    page = client.get(reverse("accountability:lead_detail", args=[lead.pk]))
    assert page.status_code == 200
    assert reverse("oversight:inspection_detail", args=[inspection.pk]) in page.content.decode()


def test_a_demand_not_answered_by_its_due_date_is_one_lead(world: World) -> None:
    inspection = _under_way(world)
    item = inspection.items.get(key="matters")
    services.checklist_item_record_finding(
        item=item, finding="逾期办理较多。", ground=2, actor=world.user("inspector")
    )
    services.inspection_record_findings(inspection=inspection, actor=world.user("inspector"))
    issued = TODAY - dt.timedelta(days=40)
    demand = follow.rectification_demand_issue(
        inspection=inspection,
        item=item,
        organ=world.organ("d_party"),
        content="清理逾期事项",
        due=issued + dt.timedelta(days=30),
        actor=world.user("inspector"),
        at=at(issued),
    )
    assert "inspections" in detector_names()
    first = detect_leads(kinds=["inspections"])
    assert dict(first.created) == {LeadKind.INSPECTION_FINDING.value: 1}
    item.refresh_from_db()
    lead = Lead.objects.exclude(pk=item.lead_id).get()
    assert (lead.ground, lead.failure_date) == (2, demand.due)
    assert "逾期未反馈整改情况" in lead.summary
    again = detect_leads(kinds=["inspections"])
    assert again.total_created == 0


def test_a_demand_answered_on_time_is_no_lead(world: World) -> None:
    inspection = _under_way(world)
    services.inspection_record_findings(inspection=inspection, actor=world.user("inspector"))
    issued = TODAY - dt.timedelta(days=40)
    demand = follow.rectification_demand_issue(
        inspection=inspection,
        organ=world.organ("d_party"),
        content="完善制度",
        due=issued + dt.timedelta(days=30),
        actor=world.user("inspector"),
        at=at(issued),
    )
    follow.rectification_demand_answer(
        demand=demand,
        answer="已完善",
        actor=world.user("d_secretary"),
        at=at(issued + dt.timedelta(days=5)),
    )
    assert detect_leads(kinds=["inspections"]).total_created == 0
