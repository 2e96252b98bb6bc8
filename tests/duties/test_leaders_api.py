"""The leaders' endpoints (/api/duties/leaders/...): 201/200, 409 refusals with their code,
422 by field, 404 out of scope."""

from __future__ import annotations

from typing import Any

from tests.accountability.factories import World

from .leaders_helpers import (
    a_matter,
    accuse,
    client_for_fixture,  # noqa: F401  (the fixture)
    days_ago,
    instructed,
    today,
    world_fixture,  # noqa: F401  (the fixture)
)

BASE = "/api/duties/leaders"


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_put_before_instruct_report_and_close(world: World, client_for: Any) -> None:
    secretary = client_for(world.user("d_secretary"))
    created = post(
        secretary,
        f"{BASE}/instructions",
        {
            "organ_id": world.organ("d_party").pk,
            "leader_id": world.person("d_secretary").pk,
            "title": "网上信访：电梯停运",
        },
    )
    assert created.status_code == 201, created.content
    record = created.json()
    assert record["state"] == "put_before" and record["allowed"] == ["instruct"]
    url = f"{BASE}/instructions/{record['id']}"
    missing = post(secretary, f"{url}/instruct", {"text": "请办理"})
    assert missing.status_code == 422
    assert "to_organ" in missing.json()["fields"]
    done = post(
        secretary, f"{url}/instruct", {"text": "请办理", "to_organ_id": world.organ("housing").pk}
    )
    assert done.status_code == 200
    assert done.json()["due_from_setting"] is True
    refused = post(secretary, f"{url}/close", {})
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_reported"
    clerk = client_for(world.user("housing_clerk"))
    reported = post(clerk, f"{url}/report", {"report": "已办理"})
    assert reported.status_code == 200 and reported.json()["state"] == "reported"
    closed = post(secretary, f"{url}/close", {"note": "同意"})
    assert closed.json()["state"] == "closed"


def test_instructing_the_accused_organ_is_a_409_citing_article_11(
    world: World, client_for: Any
) -> None:
    matter = a_matter(world)
    record = instructed(world, to="d_hrss", matter=matter)
    accuse(matter, world.organ("housing"))
    secretary = client_for(world.user("d_secretary"))
    # The petition office that holds the letter puts it before the district secretary.
    fresh = post(
        client_for(world.user("d_po_clerk")),
        f"{BASE}/instructions",
        {
            "organ_id": world.organ("d_party").pk,
            "by_organ_id": world.organ("d_po").pk,
            "leader_id": world.person("d_secretary").pk,
            "title": "来信",
            "matter_id": matter.pk,
        },
    )
    assert fresh.status_code == 201, fresh.content
    answer = post(
        secretary,
        f"{BASE}/instructions/{fresh.json()['id']}/instruct",
        {"text": "请办理", "to_organ_id": world.organ("housing").pk},
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "routing_to_accused_unit"
    assert answer.json()["basis"]
    # The accused organ's staff never read an instruction linked to the matter.
    clerk = client_for(world.user("housing_clerk"))
    assert clerk.get(f"{BASE}/instructions/{record.pk}").status_code == 404


def test_lists_page_and_stay_in_scope(world: World, client_for: Any) -> None:
    instructed(world)
    mine = client_for(world.user("housing_clerk")).get(f"{BASE}/instructions?page_size=10")
    assert mine.json()["count"] == 1
    other = client_for(world.user("b_po_clerk")).get(f"{BASE}/instructions")
    assert other.json()["count"] == 0


def test_receptions_and_the_norms(world: World, client_for: Any) -> None:
    director = client_for(world.user("housing_director"))
    housing = world.organ("housing")
    created = post(
        director,
        f"{BASE}/receptions",
        {
            "organ_id": housing.pk,
            "leader_id": world.person("housing_director").pk,
            "kind": "field_visit",
            "scheduled_on": today().isoformat(),
            "place": "解放碑街道",
        },
    )
    assert created.status_code == 201, created.content
    bad = post(director, f"{BASE}/receptions/{created.json()['id']}/held", {"visitors": -1})
    assert bad.status_code == 422
    held = post(director, f"{BASE}/receptions/{created.json()['id']}/held", {"visitors": 4})
    assert held.json()["state"] == "held"
    again = post(director, f"{BASE}/receptions/{created.json()['id']}/not-held", {"reason": "x"})
    assert again.status_code == 409
    norms = director.get(f"{BASE}/norms?organ_id={housing.pk}").json()
    visit = next(
        n
        for n in norms["items"]
        if n["person_id"] == world.person("housing_director").pk and n["kind"] == "field_visit"
    )
    assert visit["held"] == 1
    assert visit["setting"]["label"] == "政策设定值" and visit["setting"]["value"] == 4
    stranger = client_for(world.user("b_po_clerk"))
    assert stranger.get(f"{BASE}/norms?organ_id={housing.pk}").status_code == 404


def test_ownership_stalled_filter_and_steps(world: World, client_for: Any) -> None:
    director = client_for(world.user("housing_director"))
    created = post(
        director,
        f"{BASE}/ownerships",
        {
            "organ_id": world.organ("housing").pk,
            "leader_id": world.person("housing_deputy").pk,
            "title": "老旧小区加装电梯矛盾",
            "assigned_on": days_ago(60).isoformat(),
        },
    )
    assert created.status_code == 201, created.content
    oid = created.json()["id"]
    assert created.json()["stalled"] is True
    assert director.get(f"{BASE}/ownerships?stalled=true").json()["count"] == 1
    milestone = post(
        director,
        f"{BASE}/ownerships/{oid}/milestones",
        {"title": "召开协调会", "due": today().isoformat()},
    )
    assert milestone.json()["stalled"] is False
    mid = milestone.json()["milestones"][0]["id"]
    assert post(director, f"{BASE}/ownerships/{oid}/milestones/{mid}/done", {}).status_code == 200
    resolved = post(director, f"{BASE}/ownerships/{oid}/resolve", {"resolution": "已化解"})
    assert resolved.json()["state"] == "resolved"
    assert post(director, f"{BASE}/ownerships/{oid}/notes", {"text": "x"}).status_code == 409
