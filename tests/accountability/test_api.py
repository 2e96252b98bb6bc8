"""The API's own contract: typed input, ``{code, message}`` errors, scope on every organ."""

from __future__ import annotations

import json
from typing import Any

from xinfang.accountability.models import Lead

from .factories import FAILURE_DAY, World

API = "/api/accountability"


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def lead_body(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "complaint",
        "ground": 3,
        "organ_id": world.organ("housing").pk,
        "failure_date": FAILURE_DAY.isoformat(),
        "summary": "群众投诉住建委推诿扯皮。",
        "evidence": [{"type": "document", "reference": "来信（2025年第17号）"}],
        "person_ids": [world.person("housing_colleague").pk],
    }
    body.update(overrides)
    return body


def test_the_petition_office_files_a_manual_lead(world: World, client_for: Any) -> None:
    response = post(client_for(world.user("d_po_clerk")), f"{API}/leads", lead_body(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["source"] == "manual" and body["ground"] == 3
    assert body["evidence"] == [
        {"type": "document", "id": None, "reference": "来信（2025年第17号）"}
    ]
    names = {h["name"] for h in body["duty_holders"]}
    assert world.person("housing_colleague").name in names
    assert world.person("late_deputy").name not in names


def test_a_detected_kind_cannot_be_filed_by_hand(world: World, client_for: Any) -> None:
    response = post(
        client_for(world.user("d_po_clerk")),
        f"{API}/leads",
        lead_body(world, kind="handle_overdue"),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "kind" in response.json()["fields"]


def test_an_invalid_ground_is_refused_by_field(world: World, client_for: Any) -> None:
    response = post(
        client_for(world.user("d_po_clerk")), f"{API}/leads", lead_body(world, ground=10)
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["ground"]


def test_another_districts_office_gets_404_for_the_organ(world: World, client_for: Any) -> None:
    response = post(client_for(world.user("b_po_clerk")), f"{API}/leads", lead_body(world))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "未找到。"}
    assert not Lead.objects.exists()


def test_a_department_cannot_file_leads_about_itself(world: World, client_for: Any) -> None:
    """The director reads his own organ, but only a petition office files leads (403)."""
    response = post(client_for(world.user("housing_director")), f"{API}/leads", lead_body(world))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_honours_are_answered_for_organs_in_scope(world: World, client_for: Any) -> None:
    query = {"organ_id": world.organ("housing").pk, "year": 2026}
    ok = client_for(world.user("d_org_staff")).get(f"{API}/honours", query)
    assert ok.status_code == 200
    assert ok.json() == {
        "organ_id": world.organ("housing").pk,
        "year": 2026,
        "disqualified": False,
        "cases": [],
    }
    denied = client_for(world.user("b_po_clerk")).get(f"{API}/honours", query)
    assert denied.status_code == 404


def test_the_endpoints_are_in_the_openapi_schema(world: World, client_for: Any) -> None:
    schema = client_for(world.user("admin")).get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/accountability/leads",
        "/api/accountability/cases/{case_id}/findings",
        "/api/accountability/decisions/{decision_id}",
        "/api/accountability/records/{person_id}",
        "/api/accountability/honours",
    } <= paths


# --- status codes: 422 for bad input, 409 for a refusal by the procedure or the rules ---------


def filed_lead(world: World, client_for: Any) -> int:
    response = post(client_for(world.user("d_po_clerk")), f"{API}/leads", lead_body(world))
    assert response.status_code == 201, response.content
    lead_id: int = response.json()["id"]
    return lead_id


def test_a_service_validation_failure_answers_422_by_field(world: World, client_for: Any) -> None:
    lead_id = filed_lead(world, client_for)
    client = client_for(world.user("d_po_clerk"))
    response = post(client, f"{API}/leads/{lead_id}/dismiss", {"reason": "   "})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["fields"] == {"reason": ["请说明理由。"]}


def test_dismissing_a_lead_twice_is_refused_with_409(world: World, client_for: Any) -> None:
    lead_id = filed_lead(world, client_for)
    client = client_for(world.user("d_po_clerk"))
    url = f"{API}/leads/{lead_id}/dismiss"
    assert post(client, url, {"reason": "经核实不属实。"}).status_code == 200
    response = post(client, url, {"reason": "经核实不属实。"})
    assert response.status_code == 409
    assert response.json() == {
        "code": "lead_not_open",
        "message": "只能对待核查的线索作出该处理。",
        "basis": [],
    }


def test_sending_a_case_without_findings_is_refused_with_409_citing_article_17(
    world: World, client_for: Any
) -> None:
    lead_id = filed_lead(world, client_for)
    client = client_for(world.user("d_po_clerk"))
    opened = client.post(f"{API}/leads/{lead_id}/investigation")
    assert opened.status_code == 201, opened.content
    response = client.post(f"{API}/cases/{opened.json()['id']}/send")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "no_findings"
    assert body["basis"] == ["细则第十七条第二款"]
    assert body["message"] == "请先认定事实。（细则第十七条第二款）"
    client.cookies["django_language"] = "en"
    english = client.post(f"{API}/cases/{opened.json()['id']}/send")
    assert english.status_code == 409
    assert "Chongqing Rules, Art. 17 ¶2" in english.json()["message"]


def test_the_leads_list_pages_with_a_count_and_never_caps_in_silence(
    world: World, client_for: Any
) -> None:
    ids = [filed_lead(world, client_for) for _ in range(3)]
    client = client_for(world.user("d_po_clerk"))
    first = client.get(f"{API}/leads", {"page_size": 2}).json()
    assert first["count"] == 3 and first["page"] == 1 and first["page_size"] == 2
    second = client.get(f"{API}/leads", {"page_size": 2, "page": 2}).json()
    listed = [lead["id"] for lead in first["items"] + second["items"]]
    assert listed == sorted(ids, reverse=True)
    assert client.get(f"{API}/leads", {"state": "open"}).json()["count"] == 3
    assert client.get(f"{API}/leads", {"state": "closed"}).json()["count"] == 0


def test_an_unknown_lead_state_is_refused_by_field(world: World, client_for: Any) -> None:
    response = client_for(world.user("d_po_clerk")).get(f"{API}/leads", {"state": "opne"})
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["state"]
