"""The inspection endpoints (细则第九条): the same operations as the pages, typed input,
``{code, message}`` errors (422 by field, 409 with its code, 403 outside one's organ, 404 out
of scope), paged lists, the steps each user may take."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.accountability.factories import World

from .inspections_world import (
    TODAY,
    YEAR,
    client_for_fixture,  # noqa: F401 (fixtures)
    world_fixture,  # noqa: F401 (fixtures)
)

pytestmark = pytest.mark.django_db

API = "/api/oversight/inspections"


def post(client: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def _plan(world: World, client: Any) -> dict[str, Any]:
    response = post(
        client,
        f"{API}/plans",
        {
            "authority_id": world.organ("city_party").pk,
            "inspecting_organ_id": world.organ("city_office").pk,
            "year": YEAR,
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_a_plan_and_an_inspection_through_the_api(world: World, client_for: Any) -> None:
    client = client_for(world.user("inspector"))
    plan = _plan(world, client)
    assert (plan["covered"], plan["in_scope"]) == (0, 5)
    assert {row["organ"]["id"] for row in plan["scope"]} >= {world.organ("d_party").pk}
    again = post(
        client,
        f"{API}/plans",
        {
            "authority_id": world.organ("city_party").pk,
            "inspecting_organ_id": world.organ("city_office").pk,
            "year": YEAR,
        },
    )
    assert again.status_code == 409 and again.json()["code"] == "plan_exists"
    body = {
        "plan_id": plan["id"],
        "kind": "special",
        "title": "专项督查",
        "organ_ids": [world.organ("housing").pk],
        "team_leader": "张组长",
        "planned_start": f"{YEAR}-03-01",
        "planned_end": f"{YEAR}-03-10",
    }
    refused = post(client, API, body)
    assert refused.status_code == 422 and "organs" in refused.json()["fields"]
    created = post(client, API, {**body, "organ_ids": [world.organ("d_party").pk]})
    assert created.status_code == 201
    inspection = created.json()
    assert inspection["state"] == "planned" and inspection["steps"] == ["start"]
    started = post(client, f"{API}/{inspection['id']}/start").json()
    assert started["state"] == "under_way" and len(started["checklist"]) == 6
    item = started["checklist"][0]
    assert set(item["figures"]) >= {"from", "to"}
    found = post(
        client,
        f"{API}/{inspection['id']}/items/{item['id']}/finding",
        {"finding": "未研究", "ground": 3},
    )
    assert found.status_code == 200
    finished_early = post(client, f"{API}/{inspection['id']}/finish", {"report": "报告"})
    assert finished_early.status_code == 409
    assert finished_early.json()["code"] == "inspection_findings_not_recorded"
    recorded = post(client, f"{API}/{inspection['id']}/record-findings").json()
    assert recorded["checklist"][0]["lead_id"] is not None
    demand = post(
        client,
        f"{API}/{inspection['id']}/demands",
        {
            "organ_id": world.organ("d_party").pk,
            "content": "整改",
            "due": (TODAY + dt.timedelta(days=10)).isoformat(),
        },
    )
    assert demand.status_code == 201 and demand.json()["steps"] == []
    detail = client.get(f"{API}/plans/{plan['id']}").json()
    assert detail["covered"] == 1
    listed = client.get(f"{API}/plans").json()
    assert listed["count"] == 1
    assert (listed["items"][0]["covered"], listed["items"][0]["in_scope"]) == (1, 5)
    assert client.get(f"{API}/999999").status_code == 404


def test_the_inspected_organ_answers_and_others_get_404(world: World, client_for: Any) -> None:
    inspector = client_for(world.user("inspector"))
    plan = _plan(world, inspector)
    created = post(
        inspector,
        API,
        {
            "plan_id": plan["id"],
            "kind": "special",
            "title": "专项督查",
            "organ_ids": [world.organ("d_party").pk],
            "team_leader": "张组长",
            "planned_start": f"{YEAR}-03-01",
            "planned_end": f"{YEAR}-03-10",
        },
    ).json()
    post(inspector, f"{API}/{created['id']}/start")
    post(inspector, f"{API}/{created['id']}/record-findings")
    demand = post(
        inspector,
        f"{API}/{created['id']}/demands",
        {
            "organ_id": world.organ("d_party").pk,
            "content": "整改",
            "due": (TODAY + dt.timedelta(days=10)).isoformat(),
        },
    ).json()
    secretary = client_for(world.user("d_secretary"))
    listed = secretary.get(f"{API}/demands").json()
    assert listed["count"] == 1 and listed["items"][0]["steps"] == ["answer"]
    assert post(secretary, f"{API}/{created['id']}/start").status_code == 403
    empty = post(secretary, f"{API}/demands/{demand['id']}/answer", {"answer": ""})
    assert empty.status_code == 422
    answered = post(secretary, f"{API}/demands/{demand['id']}/answer", {"answer": "已整改"})
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    other = client_for(world.user("b_po_clerk"))
    assert other.get(f"{API}/{created['id']}").status_code == 404
    assert other.get(f"{API}/plans/{plan['id']}").status_code == 404
    assert other.get(f"{API}/demands/{demand['id']}").status_code == 404
    assert other.get(API).json()["count"] == 0


def test_a_notice_is_circulated_read_and_hidden_from_others(world: World, client_for: Any) -> None:
    inspector = client_for(world.user("inspector"))
    plan = _plan(world, inspector)
    created = post(
        inspector,
        API,
        {
            "plan_id": plan["id"],
            "kind": "outstanding_problem",
            "title": "拆迁问题及时督查",
            "organ_ids": [world.organ("d_party").pk],
            "team_leader": "张组长",
            "planned_start": f"{YEAR}-03-01",
            "planned_end": f"{YEAR}-03-10",
            "problem": "城市更新拆迁补偿集中反映",
        },
    ).json()
    for step in ("start", "record-findings"):
        post(inspector, f"{API}/{created['id']}/{step}")
    early = post(
        inspector,
        f"{API}/{created['id']}/notices",
        {"title": "通报", "text": "正文", "organ_ids": [world.organ("d_party").pk]},
    )
    assert early.status_code == 409 and early.json()["code"] == "inspection_not_finished"
    post(inspector, f"{API}/{created['id']}/finish", {"report": "报告"})
    notice = post(
        inspector,
        f"{API}/{created['id']}/notices",
        {"title": "通报", "text": "正文", "organ_ids": [world.organ("d_party").pk]},
    )
    assert notice.status_code == 201
    notice_id = notice.json()["id"]
    secretary = client_for(world.user("d_secretary"))
    assert secretary.get(f"{API}/notices").json()["count"] == 1
    read = post(secretary, f"{API}/notices/{notice_id}/read").json()
    assert read["deliveries"][0]["read_at"] is not None
    assert client_for(world.user("b_po_clerk")).get(f"{API}/notices/{notice_id}").status_code == 404
