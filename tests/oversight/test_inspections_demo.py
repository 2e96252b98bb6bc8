"""The demo of 细则第九条: 市委's plan run by 市委办公厅 with its default scope, a finished
inspection of 渝中区 pre-filled from the demo's data with a finding that became a lead, a
demand and a circulated notice, a running one of 江北区, gaps; loading twice writes once; the
``inspector`` finds the work on the home page."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from xinfang.demo.orgs import load_demo
from xinfang.demo.oversight import inspections as demo
from xinfang.oversight.models import (
    Inspection,
    InspectionPlan,
    NoticeDelivery,
    RectificationDemand,
)
from xinfang.oversight.selectors.coverage import plan_coverage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        for step in settings.XINFANG_DEMO_STEPS:
            call_command(step, stdout=None)
        yield
        transaction.set_rollback(True)


def test_the_demo_loads_once(loaded: None) -> None:
    today = timezone.localdate()
    assert demo.load(today) == 0
    plan = InspectionPlan.objects.get(authority__code=demo.AUTHORITY, year=today.year)
    assert plan.inspecting_organ.code == demo.OFFICE
    covered, total = plan_coverage(plan)
    assert covered == 5 and total > 70  # 渝中区 three, 江北区 two, every district in scope


def test_the_finished_inspection_has_its_findings_lead_demand_and_notice(loaded: None) -> None:
    inspection = Inspection.objects.get(title=demo.FINISHED)
    assert inspection.state == "finished" and inspection.report
    assert inspection.items.count() == 18  # six points for each of three organs
    grounded = inspection.items.get(ground__isnull=False)
    assert grounded.lead is not None and grounded.lead.ground == 2
    assert grounded.figures["periods"] >= 0 and "from" in grounded.figures
    demand = RectificationDemand.objects.get(inspection=inspection)
    assert demand.organ.code == "500103-housing"
    audience = set(
        NoticeDelivery.objects.filter(notice__inspection=inspection).values_list(
            "organ__code", flat=True
        )
    )
    assert audience == set(demo.AUDIENCE)


def _home(username: str) -> str:
    client = Client()
    client.force_login(
        get_user_model().objects.get(username=username),
        backend="xinfang.access.backends.ModelBackend",
    )
    return client.get("/").content.decode()


def test_the_inspector_and_the_inspected_find_the_work_on_their_home_page(
    loaded: None,
) -> None:
    assert demo.RUNNING in _home("inspector")
    assert "关于渝中区信访工作责任制落实情况专项督查的通报" in _home("district_secretary")
    assert "清理物业管理类逾期信访事项" in _home("dept_head")
