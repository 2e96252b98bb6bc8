"""The inspection pages (细则第九条): the inspector plans, inspects, records findings, demands
rectification and circulates; the inspected organ sees its own and answers; anyone else gets
"not found"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from tests.accountability.factories import World
from xinfang.oversight.models import Inspection, InspectionPlan, RectificationDemand
from xinfang.oversight.services import inspections as services
from xinfang.oversight.services import inspections_demands as follow

from .inspections_world import (
    TODAY,
    YEAR,
    client_for_fixture,  # noqa: F401 (fixtures)
    make_inspection,
    make_plan,
    world_fixture,  # noqa: F401 (fixtures)
)

pytestmark = pytest.mark.django_db


def test_the_index_links_the_parts_pages(world: World, client_for: Any) -> None:
    page = client_for(world.user("inspector")).get(reverse("oversight:index"))
    assert reverse("oversight:inspection_plan_list") in page.content.decode()


def test_the_inspector_creates_a_plan_and_sees_its_scope(world: World, client_for: Any) -> None:
    client = client_for(world.user("inspector"))
    form = client.get(reverse("oversight:inspection_plan_new"))
    assert form.status_code == 200
    response = client.post(
        reverse("oversight:inspection_plan_new"),
        {
            "authority": world.organ("city_party").pk,
            "inspecting_organ": world.organ("city_office").pk,
            "year": YEAR,
        },
    )
    plan = InspectionPlan.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("oversight:inspection_plan_detail", args=[plan.pk]))
    assert "测试d_gov" in page.content.decode() and "0 / 5" in page.content.decode()
    again = client.post(
        reverse("oversight:inspection_plan_new"),
        {
            "authority": world.organ("city_party").pk,
            "inspecting_organ": world.organ("city_office").pk,
            "year": YEAR,
        },
    )
    assert again.status_code == 200 and "督查计划已经建立" in again.content.decode()


def test_an_out_of_scope_organ_is_refused_and_the_input_kept(world: World, client_for: Any) -> None:
    plan = make_plan(world)
    client = client_for(world.user("inspector"))
    response = client.post(
        reverse("oversight:inspection_new", args=[plan.pk]),
        {
            "kind": "special",
            "title": "保留的标题",
            "organs": [world.organ("housing").pk],
            "team_leader": "张组长",
            "planned_start": f"{YEAR}-03-01",
            "planned_end": f"{YEAR}-03-10",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "保留的标题" in body  # housing is not offered at all: not a valid choice
    assert not Inspection.objects.exists()


def test_the_inspection_runs_through_its_pages(world: World, client_for: Any) -> None:
    plan = make_plan(world)
    inspection = make_inspection(world, plan)
    client = client_for(world.user("inspector"))
    detail = reverse("oversight:inspection_detail", args=[inspection.pk])
    assert "step-start" in client.get(detail).content.decode()
    assert (
        client.post(reverse("oversight:inspection_step", args=[inspection.pk, "start"])).status_code
        == 302
    )
    item = inspection.items.get(key="decisions")
    response = client.post(
        reverse("oversight:inspection_finding", args=[inspection.pk, item.pk]),
        {f"item-{item.pk}-finding": "", f"item-{item.pk}-ground": "1"},
    )
    assert response.status_code == 400 and "必填" in response.content.decode()
    client.post(
        reverse("oversight:inspection_finding", args=[inspection.pk, item.pk]),
        {f"item-{item.pk}-finding": "未做风险评估。", f"item-{item.pk}-ground": "1"},
    )
    client.post(reverse("oversight:inspection_step", args=[inspection.pk, "record_findings"]))
    item.refresh_from_db()
    assert item.lead_id is not None
    response = client.post(
        reverse("oversight:inspection_demand_new", args=[inspection.pk]),
        {
            "demand-organ": world.organ("d_party").pk,
            "demand-content": "补做风险评估",
            "demand-due": (TODAY + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("oversight:inspection_step", args=[inspection.pk, "finish"]),
        {"finish-report": "督查报告正文"},
    )
    report = client.get(reverse("oversight:inspection_report", args=[inspection.pk]))
    assert (
        "督查报告正文" in report.content.decode()
        and "inspections-report.css" in report.content.decode()
    )
    response = client.post(
        reverse("oversight:inspection_notice_new", args=[inspection.pk]),
        {
            "notice-title": "关于渝中区督查情况的通报",
            "notice-text": "通报正文",
            "notice-audience": [world.organ("d_party").pk],
        },
    )
    assert response.status_code == 302


def _finished_with_demand(world: World) -> tuple[Inspection, RectificationDemand]:
    plan = make_plan(world)
    inspection = services.inspection_start(
        inspection=make_inspection(world, plan, organs=("d_party", "b_party")),
        actor=world.user("inspector"),
    )
    services.checklist_item_record_finding(
        item=inspection.items.get(organ=world.organ("b_party"), key="agenda"),
        finding="B区委的发现",
        actor=world.user("inspector"),
    )
    inspection = services.inspection_record_findings(
        inspection=inspection, actor=world.user("inspector")
    )
    demand = follow.rectification_demand_issue(
        inspection=inspection,
        organ=world.organ("d_party"),
        content="D区委整改",
        due=TODAY + dt.timedelta(days=20),
        actor=world.user("inspector"),
    )
    return inspection, demand


def test_the_inspected_organ_sees_its_own_and_answers(world: World, client_for: Any) -> None:
    inspection, demand = _finished_with_demand(world)
    client = client_for(world.user("d_secretary"))
    page = client.get(reverse("oversight:inspection_detail", args=[inspection.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "B区委的发现" not in body  # another inspected organ's finding
    assert "step-start" not in body and "提出整改要求" not in body
    home = client.get(reverse("web:home")).content.decode()
    assert "D区委整改" in home
    response = client.post(
        reverse("oversight:inspection_demand_step", args=[demand.pk, "answer"]),
        {"answer-answer": "已整改完毕"},
    )
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.state == "answered"


def test_an_unrelated_organs_user_gets_not_found(world: World, client_for: Any) -> None:
    inspection, demand = _finished_with_demand(world)
    client = client_for(world.user("b_po_clerk"))
    for url in (
        reverse("oversight:inspection_detail", args=[inspection.pk]),
        reverse("oversight:inspection_report", args=[inspection.pk]),
        reverse("oversight:inspection_plan_detail", args=[inspection.plan_id]),
        reverse("oversight:inspection_demand_detail", args=[demand.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("oversight:inspection_demand_step", args=[demand.pk, "answer"]),
            {"answer-answer": "x"},
        ).status_code
        == 404
    )


def test_a_notice_waits_on_the_recipients_home_page_until_read(
    world: World, client_for: Any
) -> None:
    inspection, _demand = _finished_with_demand(world)
    inspection = services.inspection_finish(
        inspection=inspection, report="报告", actor=world.user("inspector")
    )
    notice = follow.inspection_notice_circulate(
        inspection=inspection,
        title="督查情况通报第一期",
        text="正文",
        audience=[world.organ("d_party")],
        actor=world.user("inspector"),
    )
    client = client_for(world.user("d_secretary"))
    assert "督查情况通报第一期" in client.get(reverse("web:home")).content.decode()
    listing = client.get(reverse("oversight:inspection_notice_list")).content.decode()
    assert "督查情况通报第一期" in listing
    client.post(reverse("oversight:inspection_notice_read", args=[notice.pk]))
    assert "督查情况通报第一期" not in client.get(reverse("web:home")).content.decode()
    assert (
        client_for(world.user("b_po_clerk"))
        .get(reverse("oversight:inspection_notice_detail", args=[notice.pk]))
        .status_code
        == 404
    )


def test_the_scope_is_edited_on_the_plan_page(world: World, client_for: Any) -> None:
    plan = make_plan(world)
    client = client_for(world.user("inspector"))
    scope_url = "oversight:inspection_plan_scope"
    unknown = client.post(reverse(scope_url, args=[plan.pk, "add"]), {"add-code": "NOPE"})
    assert unknown.status_code == 400 and "没有该机构代码" in unknown.content.decode()
    added = client.post(
        reverse(scope_url, args=[plan.pk, "add"]), {"add-code": world.organ("housing").code}
    )
    assert added.status_code == 302 and plan.scope.filter(organ=world.organ("housing")).exists()
    no_reason = client.post(
        reverse(scope_url, args=[plan.pk, "remove"]),
        {"remove-organ": world.organ("housing").pk, "remove-reason": ""},
    )
    assert no_reason.status_code == 400
    client.post(
        reverse(scope_url, args=[plan.pk, "remove"]),
        {"remove-organ": world.organ("housing").pk, "remove-reason": "不属于本级督查"},
    )
    assert not plan.scope.filter(organ=world.organ("housing")).exists()
    other = client_for(world.user("b_po_clerk"))
    assert (
        other.post(
            reverse(scope_url, args=[plan.pk, "add"]), {"add-code": world.organ("housing").code}
        ).status_code
        == 404
    )
