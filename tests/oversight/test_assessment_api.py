"""The assessment API (细则第十条第一款): the same operations as the pages, the same readers."""

from __future__ import annotations

import json

from tests.oversight.assessment_world import (  # noqa: F401 - fixtures
    END,
    START,
    AWorld,
    client_for_fixture,
    world_fixture,
)

BASE = "/api/oversight/assessment"


def post(client, url: str, body: dict | None = None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_a_scheme_is_created_scored_run_and_published_through_the_api(world: AWorld, client_for):
    clerk = client_for(world.users["clerk"])
    o = world.organs
    created = post(
        clerk,
        f"{BASE}/schemes",
        {
            "assessing_organ_id": o["city"].pk,
            "office_id": o["petition"].pk,
            "title": "上半年考核",
            "period_kind": "half_year",
            "period_start": START.isoformat(),
            "period_end": END.isoformat(),
            "organ_ids": [o["a"].pk, o["b"].pk, o["c"].pk],
            "indicators": [
                {"code": "on_time_acceptance", "weight": 2},
                {"code": "agenda", "weight": 1, "title": "议事日程", "source": "manual"},
            ],
        },
    )
    assert created.status_code == 201, created.content
    scheme = created.json()
    assert scheme["state"] == "draft"
    assert (
        scheme["basis"][0].startswith("重庆市信访工作责任制实施细则第十条第一款") or scheme["basis"]
    )
    sid = scheme["id"]
    score = post(
        clerk,
        f"{BASE}/schemes/{sid}/hand-scores",
        {"indicator_code": "agenda", "organ_id": o["a"].pk, "value": 90, "evidence": "纪要"},
    )
    assert score.status_code == 200, score.content
    assert post(clerk, f"{BASE}/schemes/{sid}/activate").json()["state"] == "active"
    run = post(clerk, f"{BASE}/schemes/{sid}/runs")
    assert run.status_code == 201
    body = run.json()
    assert body["steps"] == ["publish", "discard"]
    a = next(line for line in body["lines"] if line["organ"] == o["a"].pk)
    assert a["indicators"][0]["value"] == "1/2"
    published = post(clerk, f"{BASE}/runs/{body['id']}/publish")
    assert published.json()["state"] == "published"
    assert [d["id"] for d in published.json()["delivered_to"]] == [o["org"].pk]
    again = post(clerk, f"{BASE}/runs/{body['id']}/publish")
    assert again.status_code == 409


def test_bad_input_is_422_by_field_and_others_get_404(world: AWorld, client_for):
    clerk = client_for(world.users["clerk"])
    bad = post(
        clerk,
        f"{BASE}/schemes",
        {
            "assessing_organ_id": world.organs["city"].pk,
            "office_id": world.organs["petition"].pk,
            "title": "错",
            "period_kind": "year",
            "period_start": "2026-12-31",
            "period_end": "2026-01-01",
        },
    )
    assert bad.status_code == 422
    assert "period_end" in bad.json()["fields"]
    listed = clerk.get(f"{BASE}/schemes").json()
    assert listed["count"] == 0
    good = post(
        clerk,
        f"{BASE}/schemes",
        {
            "assessing_organ_id": world.organs["city"].pk,
            "office_id": world.organs["petition"].pk,
            "title": "年度",
            "period_kind": "year",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    ).json()
    outsider = client_for(world.users["gov_staff"])
    assert outsider.get(f"{BASE}/schemes/{good['id']}").status_code == 404
    assert outsider.get(f"{BASE}/runs").json()["count"] == 0


def test_only_a_petition_office_runs_a_scheme_for_the_assessing_organ(world: AWorld, client_for):
    response = post(
        client_for(world.users["org_staff"]),
        f"{BASE}/schemes",
        {
            "assessing_organ_id": world.organs["city"].pk,
            "office_id": world.organs["org"].pk,
            "title": "年度",
            "period_kind": "year",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )
    assert response.status_code == 422
    assert "office" in response.json()["fields"]
