"""The endpoints of 细则第四条: 201 on a record, 422 by the request's fields, 409 on a step the
state refuses, 404 out of scope."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.accountability.factories import World, build_world, make_overdue_matter
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
BASE = "/api/duties/agenda"


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def client(world: World, name: str) -> Client:
    c = Client()
    c.force_login(world.user(name), backend="xinfang.access.backends.ModelBackend")
    return c


def post(c: Client, path: str, body: dict[str, Any], method: str = "post") -> Any:
    return getattr(c, method)(BASE + path, data=json.dumps(body), content_type="application/json")


def item_body(world: World, **extra: Any) -> dict[str, Any]:
    body = {
        "organ_id": world.organ("d_party").pk,
        "kind": "analysis",
        "held_on": (TODAY - dt.timedelta(days=2)).isoformat(),
        "meeting": "区委常委会",
        "decisions": "分析本季度信访形势。",
        "attendee_ids": [world.person("d_secretary").pk],
        "follow_up_owner_id": world.person("d_secretary").pk,
        "follow_up_due": (TODAY + dt.timedelta(days=7)).isoformat(),
    }
    return {**body, **extra}


def test_agenda_item_is_recorded_and_its_follow_up_done_once(world: World) -> None:
    c = client(world, "d_secretary")
    created = post(c, "/items", item_body(world))
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["state"] == "open"
    assert item["allowed_steps"] == ["complete_follow_up"]
    assert item["attendees"][0]["name"] == world.person("d_secretary").name
    done = post(c, f"/items/{item['id']}/follow-up-done", {"note": "已落实"})
    assert done.status_code == 200
    assert done.json()["state"] == "done"
    again = post(c, f"/items/{item['id']}/follow-up-done", {"note": "再次"})
    assert again.status_code == 409
    assert again.json()["code"] == "follow_up_not_open"
    listed = c.get(BASE + "/items", {"organ_id": world.organ("d_party").pk})
    assert listed.json()["count"] == 1
    norm = c.get(BASE + "/norm", {"organ_id": world.organ("d_party").pk}).json()
    assert norm["held"] == 1 and norm["setting"]["label"] == "政策设定值"


def test_bad_agenda_input_is_422_by_request_field(world: World) -> None:
    c = client(world, "d_secretary")
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    response = post(c, "/items", item_body(world, held_on=future, follow_up_due=None))
    assert response.status_code == 422
    assert {"held_on", "follow_up_due"} <= set(response.json()["fields"])
    unknown = post(c, "/items", item_body(world, follow_up_owner_id=999999))
    assert unknown.status_code == 422
    assert "follow_up_owner_id" in unknown.json()["fields"]


def test_an_item_out_of_scope_is_404_and_another_organ_is_403(world: World) -> None:
    item = post(client(world, "d_secretary"), "/items", item_body(world)).json()
    outsider = client(world, "b_po_clerk")
    assert outsider.get(f"{BASE}/items/{item['id']}").status_code == 404
    housing = item_body(world, organ_id=world.organ("housing").pk)
    assert post(client(world, "d_po_clerk"), "/items", housing).status_code == 403


def test_decision_assessment_links_and_the_lead(world: World) -> None:
    c = client(world, "housing_director")
    decided = (TODAY - dt.timedelta(days=30)).isoformat()
    body = {
        "organ_id": world.organ("housing").pk,
        "title": "老旧小区加装电梯补贴办法",
        "decided_on": decided,
        "decision_maker_id": world.person("housing_director").pk,
        "in_scope": True,
    }
    decision = post(c, "/decisions", body).json()
    assert decision["assessment_missing"] is True
    matter = make_overdue_matter(world, due=TODAY)
    clerk = client(world, "d_po_clerk")
    linked = post(clerk, f"/decisions/{decision['id']}/matters", {"matter_id": matter.pk})
    assert linked.status_code == 200, linked.content
    assert linked.json()["linked_count"] == 1
    twice = post(clerk, f"/decisions/{decision['id']}/matters", {"matter_id": matter.pk})
    assert twice.status_code == 409
    detect_leads(today=TODAY, kinds=["decisions"])
    assert Lead.objects.get().ground == 1
    late = {"assessed_on": TODAY.isoformat(), "conclusion": "可控", "risk_level": "low"}
    assessed = post(c, f"/decisions/{decision['id']}/assessment", late)
    assert assessed.status_code == 201
    assert assessed.json()["assessment"]["before_decision"] is False
    assert post(c, f"/decisions/{decision['id']}/assessment", late).status_code == 409
    unlinked = clerk.delete(f"{BASE}/decisions/{decision['id']}/matters/{matter.pk}")
    assert unlinked.status_code == 200
    assert unlinked.json()["linked_count"] == 0


def test_screening_and_warnings_for_the_region(world: World) -> None:
    c = client(world, "d_secretary")
    body = {
        "organ_id": world.organ("d_party").pk,
        "held_on": TODAY.isoformat(),
        "period": "第四季度",
        "disputes_found": 3,
        "disputes_resolved": 5,
    }
    assert post(c, "/screenings", body).status_code == 422
    assert post(c, "/screenings", {**body, "disputes_resolved": 2}).status_code == 201
    warnings = c.get(BASE + "/warnings", {"organ_id": world.organ("d_party").pk})
    assert warnings.status_code == 200
    assert warnings.json()["spike_setting"]["label"] == "政策设定值"
    staff = client(world, "d_org_staff")
    assert staff.get(BASE + "/warnings", {"organ_id": world.organ("d_org").pk}).status_code == 404


def test_organ_settings_read_and_set(world: World) -> None:
    c = client(world, "housing_director")
    organ = world.organ("housing").pk
    before = c.get(f"{BASE}/settings/{organ}").json()
    assert before["own"]["agenda_per_year"] is None
    missing = post(c, f"/settings/{organ}", {"agenda_per_year": 6}, method="put")
    assert missing.status_code == 422
    assert "decided_by" in missing.json()["fields"]
    saved = post(
        c, f"/settings/{organ}", {"agenda_per_year": 6, "decided_by": "党组会议"}, method="put"
    )
    assert saved.status_code == 200
    applied = {s["name"]: s for s in saved.json()["applied"]}
    assert applied["agenda_per_year"]["value"] == 6
    assert applied["agenda_per_year"]["label"] == "本机关设定"
    assert applied["receptions_per_year"]["label"] == "政策设定值"
    denied = post(
        client(world, "d_po_clerk"),
        f"/settings/{organ}",
        {"agenda_per_year": 2, "decided_by": "x"},
        method="put",
    )
    assert denied.status_code in (403, 404)
