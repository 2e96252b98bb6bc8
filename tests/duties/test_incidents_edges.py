# ruff: noqa: F811 - the fixtures are imported from incidents_world
"""The incident pages and endpoints: recording, the steps, errors by field, refusals."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.utils import timezone

from xinfang.duties.models.incidents import Incident, StaffReport

from .incidents_world import HOUR, KNOWN_AT, client_for, record, report, world  # noqa: F401

pytestmark = pytest.mark.django_db


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def post_json(client, url: str, body: dict) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_page_records_an_incident_and_shows_its_deadlines_as_policy_values(world, client_for):
    client = client_for(world.user("housing_clerk"))
    page = client.get("/duties/incidents/new/")
    assert page.status_code == 200 and "知悉时间" in page.content.decode()
    form = {
        "recording_organ": world.organ("housing").pk,
        "organ": world.organ("housing").pk,
        "kind": "collective_visit",
        "title": "某小区业主集体访",
        "description": "业主反映电梯停运。",
        "occurred_at": local(KNOWN_AT - HOUR),
        "place": "区住建委门前",
        "place_organ": world.organ("d_gov").pk,
        "people_count": "30",
        "known_at": local(KNOWN_AT),
        "known_by": world.person("housing_clerk").pk,
        "matters": "",
    }
    again = client.post("/duties/incidents/new/", {**form, "people_count": "0", "title": ""})
    assert again.status_code == 200 and not Incident.objects.exists()
    assert again.context["form"].errors.keys() >= {"people_count", "title"}
    assert "区住建委门前" in again.content.decode()  # nothing lost
    done = client.post("/duties/incidents/new/", form)
    assert done.status_code == 302, done.context["form"].errors
    incident = Incident.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(
        f"/duties/incidents/{incident.pk}/"
    )
    detail = client.get(done["Location"]).content.decode()
    assert "政策设定值" in detail and "已超时" in detail and "细则第八条第三项" in detail


def test_the_page_forms_take_the_steps_and_show_errors_by_field(world, client_for):
    incident = record(world)
    client = client_for(world.user("housing_clerk"))
    url = f"/duties/incidents/{incident.pk}/"
    bad = client.post(url + "report/", {"report-channel": "phone", "report-content": ""})
    assert bad.status_code == 200
    assert bad.context["report_form"].errors.keys() >= {"made_at", "content"}
    ok = client.post(
        url + "report/",
        {
            "report-made_at": local(KNOWN_AT + HOUR / 2),
            "report-channel": "phone",
            "report-to_organ": world.organ("d_gov").pk,
            "report-content": "电话报告区政府值班室。",
        },
    )
    assert ok.status_code == 302
    assert (
        client.post(
            url + "action/", {"action-at": local(KNOWN_AT + HOUR / 2), "action-what": "到场疏导"}
        ).status_code
        == 302
    )
    assert client.post(url + "close/", {"close-note": "已平息"}).status_code == 302
    incident.refresh_from_db()
    assert incident.state == "closed" and incident.first_reported_at is not None
    page = client.get(url).content.decode()
    assert "记录处置措施" not in page and "记录报告" in page


def test_the_endpoints_record_and_step_with_422_and_409(world, client_for):
    client = client_for(world.user("housing_clerk"))
    body = {
        "organ_id": world.organ("housing").pk,
        "recording_organ_id": world.organ("housing").pk,
        "kind": "negative_opinion",
        "title": "网上出现住建委不作为的帖子",
        "description": "某论坛帖子称住建委对电梯问题不作为。",
        "occurred_at": (KNOWN_AT - HOUR).isoformat(),
        "place": "网络",
        "place_organ_id": world.organ("d_gov").pk,
        "people_count": 1,
        "known_at": KNOWN_AT.isoformat(),
        "known_by_id": world.person("housing_clerk").pk,
    }
    bad = post_json(
        client, "/api/duties/incidents", {**body, "known_by_id": world.person("b_po_clerk").pk}
    )
    assert bad.status_code == 422 and "known_by" in bad.json()["fields"]
    created = post_json(client, "/api/duties/incidents", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert [c["hours"] for c in data["report_clocks"]] == [1, 24]
    assert all(c["policy"] and c["overdue"] for c in data["report_clocks"])
    assert data["allowed_steps"] == ["report", "act", "escalate"]
    base = f"/api/duties/incidents/{data['id']}"
    refused = post_json(client, base + "/close", {"note": "已处置"})
    assert refused.status_code == 409 and refused.json()["code"] == "incident_not_handling"
    reported = post_json(
        client,
        base + "/reports",
        {
            "made_at": (KNOWN_AT + HOUR / 2).isoformat(),
            "channel": "online",
            "content": "网上报送舆情情况。",
            "to_person_id": world.person("d_gov_head").pk,
        },
    )
    assert reported.status_code == 201
    clocks = reported.json()["report_clocks"]
    assert not any(c["late"] or c["overdue"] for c in clocks)
    assert reported.json()["reports"][0]["to_organ_id"] == world.organ("d_gov").pk
    listed = client.get("/api/duties/incidents", {"organ_id": world.organ("housing").pk}).json()
    assert listed["count"] == 1
    outsider = client_for(world.user("b_po_clerk"))
    assert outsider.get(base).status_code == 404
    assert (
        post_json(
            outsider, base + "/actions", {"at": KNOWN_AT.isoformat(), "what": "x"}
        ).status_code
        == 404
    )


def test_the_staff_report_endpoints_and_pages(world, client_for):
    clerk = client_for(world.user("housing_clerk"))
    body = {
        "organ_id": world.organ("housing").pk,
        "to_person_id": world.person("housing_director").pk,
        "kind": "important_matter",
        "content": "某小区电梯停运问题可能引发集体访。",
    }
    assert (
        post_json(
            clerk,
            "/api/duties/incidents/staff-reports",
            {**body, "to_person_id": world.person("housing_colleague").pk},
        ).status_code
        == 422
    )
    created = post_json(clerk, "/api/duties/incidents/staff-reports", body)
    assert created.status_code == 201
    report_id = created.json()["id"]
    director = client_for(world.user("housing_director"))
    assert director.get("/api/duties/incidents/staff-reports").json()["count"] == 1
    page = director.get(f"/duties/incidents/staff-reports/{report_id}/").content.decode()
    assert "阅知" in page
    assert (
        clerk.post(
            f"/duties/incidents/staff-reports/{report_id}/acknowledge/", {"note": "阅"}
        ).status_code
        == 403
    )
    done = post_json(
        director,
        f"/api/duties/incidents/staff-reports/{report_id}/acknowledge",
        {"note": "已阅，请跟进。"},
    )
    assert done.status_code == 200 and done.json()["state"] == "acknowledged"
    again = post_json(
        director, f"/api/duties/incidents/staff-reports/{report_id}/acknowledge", {"note": "再阅"}
    )
    assert again.status_code == 409
    assert StaffReport.objects.get().acknowledgement == "已阅，请跟进。"
    assert clerk.get("/duties/incidents/staff-reports/").status_code == 200
    assert clerk.get("/duties/incidents/staff-reports/new/").status_code == 200
    assert clerk.get("/duties/incidents/").status_code == 200


def test_the_workbench_shows_the_reports_due(world, client_for):
    incident = record(world)
    report(world, incident, after=HOUR / 2)
    home = client_for(world.user("housing_director")).get("/").content.decode()
    assert incident.title in home and "书面报告" in home


def test_the_incident_page_in_english_keeps_chinese_to_the_data(world, client_for):
    incident = record(world, title="TITLE")
    report(world, incident, after=4 * HOUR)
    client = client_for(world.user("housing_director"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/duties/incidents/{incident.pk}/").content.decode()
    assert "Timed out" in page and "policy value" in page.lower()
    for text in ("首报", "已超时", "（", "："):
        assert text not in page, text
