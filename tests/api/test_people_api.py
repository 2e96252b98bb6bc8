"""People, positions, organ search and "who am I" (issue 13, item 25).

An integrator finds an organ's leadership team, the approver of an extension and the people to
name in findings; each read is scoped by ``visible_organs`` (out of scope looks like not
found) and a person is shown by name, organ and post only.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.accountability.factories import FAILURE_DAY, World, build_world
from xinfang.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PERSON_KEYS = {"id", "name", "organ", "positions"}
POSITION_KEYS = {
    "id",
    "kind",
    "kind_label",
    "title",
    "portfolio",
    "portfolio_labels",
    "organ",
    "start",
    "end",
    "current",
}


@pytest.fixture
def town(db: None) -> World:
    """The small Chongqing of the accountability tests: D区 with its 住建委, B区 beside it."""
    return build_world()


def names(items: list[dict[str, Any]]) -> set[str]:
    return {item["name"] for item in items}


def test_people_of_an_organ_show_name_organ_and_post_only(town: World, client_for: Any) -> None:
    client = client_for(town.user("d_po_clerk"))
    response = client.get("/api/people", {"organ_id": town.organ("housing").pk})
    assert response.status_code == 200, response.content
    body = response.json()
    housing = {"housing_director", "housing_deputy", "housing_clerk", "housing_colleague"}
    assert names(body["items"]) == {town.person(n).name for n in housing} | {"后任副主任"}
    assert body["count"] == 5 and body["page"] == 1
    for item in body["items"]:
        assert set(item) == PERSON_KEYS
        assert item["organ"] == {"id": town.organ("housing").pk, "name": "测试housing"}
        for position in item["positions"]:
            assert set(position) == POSITION_KEYS
    deputy = next(i for i in body["items"] if i["id"] == town.person("housing_deputy").pk)
    (post,) = deputy["positions"]
    assert post["kind"] == "supervising_leader" and post["kind_label"] == "分管负责人"
    assert post["portfolio"] == ["petition", "housing"] and post["current"] is True
    # Nothing of the registry code or the login reaches the client.
    assert "P-housing_deputy" not in response.content.decode()


def test_people_of_another_district_are_not_listed_nor_found(town: World, client_for: Any) -> None:
    client = client_for(town.user("b_po_clerk"))
    listed = client.get("/api/people").json()
    assert town.person("housing_clerk").name not in names(listed["items"])
    assert client.get("/api/people", {"organ_id": town.organ("housing").pk}).status_code == 404
    clerk = town.person("housing_clerk").pk
    response = client.get(f"/api/people/{clerk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    denial = AuditEntry.objects.filter(action="access.denied", object_type="orgs.person").get()
    assert denial.object_id == str(clerk)
    assert denial.details["reason"] == "out_of_scope"
    # An unknown id answers the same.
    assert client.get("/api/people/999999").json() == response.json()


def test_people_are_searched_by_name(town: World, client_for: Any) -> None:
    client = client_for(town.user("admin"))
    body = client.get("/api/people", {"q": "housing_d"}).json()
    assert names(body["items"]) == {
        town.person("housing_director").name,
        town.person("housing_deputy").name,
    }


def test_people_on_a_past_day_are_those_in_post_that_day(town: World, client_for: Any) -> None:
    client = client_for(town.user("d_po_clerk"))
    organ = town.organ("housing").pk
    today = names(client.get("/api/people", {"organ_id": organ}).json()["items"])
    then = client.get("/api/people", {"organ_id": organ, "on": FAILURE_DAY.isoformat()}).json()
    assert "后任副主任" in today
    assert "后任副主任" not in names(then["items"])
    assert then["on"] == FAILURE_DAY.isoformat()


def test_people_are_paged_with_a_count(town: World, client_for: Any) -> None:
    client = client_for(town.user("d_po_clerk"))
    organ = town.organ("housing").pk
    first = client.get("/api/people", {"organ_id": organ, "page_size": 2}).json()
    last = client.get("/api/people", {"organ_id": organ, "page_size": 2, "page": 3}).json()
    assert (first["count"], len(first["items"]), first["page_size"]) == (5, 2, 2)
    assert (last["page"], len(last["items"])) == (3, 1)
    assert client.get("/api/people", {"page_size": 201}).status_code == 422


def test_a_person_shows_every_post_in_scope_current_and_past(town: World, client_for: Any) -> None:
    from xinfang.orgs import services as org_services

    deputy = town.person("housing_deputy")
    org_services.position_start(
        actor="test",
        person=deputy,
        organ=town.organ("d_po"),
        kind="staff",
        start=FAILURE_DAY.replace(year=2019),
        end=FAILURE_DAY.replace(year=2019, month=12, day=31),
    )
    org_services.position_start(
        actor="test", person=deputy, organ=town.organ("b_po"), kind="staff", start=FAILURE_DAY
    )
    body = client_for(town.user("d_po_clerk")).get(f"/api/people/{deputy.pk}").json()
    posts = {(p["organ"]["name"], p["current"]) for p in body["positions"]}
    # The post in B区 is outside the reader's scope: not shown.
    assert posts == {("测试housing", True), ("测试d_po", False)}
    assert body["organ"]["name"] == "测试housing"


def test_the_leadership_team_of_an_organ_principal_first(town: World, client_for: Any) -> None:
    client = client_for(town.user("d_po_clerk"))
    url = f"/api/organs/{town.organ('housing').pk}/positions"
    body = client.get(url, {"leadership": "true"}).json()
    kinds = [item["kind"] for item in body["items"]]
    assert kinds == ["principal_leader", "supervising_leader", "supervising_leader"]
    assert body["items"][0]["person"] == {
        "id": town.person("housing_director").pk,
        "name": town.person("housing_director").name,
    }
    # The approver for a petition matter is found by portfolio (分管信访).
    on_failure_day = client.get(
        url, {"kind": "supervising_leader", "on": FAILURE_DAY.isoformat()}
    ).json()
    assert [i["person"]["name"] for i in on_failure_day["items"]] == [
        town.person("housing_deputy").name
    ]
    staff = client.get(url, {"leadership": "false"}).json()
    assert {i["kind"] for i in staff["items"]} == {"staff"} and staff["count"] == 2
    assert client_for(town.user("b_po_clerk")).get(url).status_code == 404


def test_organs_are_found_by_name_or_code_within_scope(town: World, client_for: Any) -> None:
    admin = client_for(town.user("admin"))
    found = admin.get("/api/organs", {"q": "hrss"}).json()
    assert [o["code"] for o in found["items"]] == ["ACC-city_hrss", "ACC-d_hrss"]
    by_code = admin.get("/api/organs", {"q": "ACC-b_"}).json()
    assert {o["code"] for o in by_code["items"]} == {"ACC-b_party", "ACC-b_gov", "ACC-b_po"}
    personnel = admin.get("/api/organs", {"role": "personnel", "level": "district"}).json()
    assert [o["code"] for o in personnel["items"]] == ["ACC-d_hrss"]
    clerk = client_for(town.user("d_po_clerk"))
    assert clerk.get("/api/organs", {"q": "ACC-b_"}).json() == {
        "count": 0,
        "page": 1,
        "page_size": 50,
        "items": [],
    }
    assert clerk.get("/api/organs", {"role": "nonsense"}).status_code == 422


def test_me_names_the_person_posts_organs_and_roles(town: World, client_for: Any) -> None:
    body = client_for(town.user("d_org_staff")).get("/api/me").json()
    assert body["user"]["username"] == "d_org_staff" and body["user"]["is_admin"] is False
    assert body["person"] == {
        "id": town.person("d_org_staff").pk,
        "name": town.person("d_org_staff").name,
    }
    assert [p["kind"] for p in body["positions"]] == ["staff"]
    assert body["organs"] == [{"id": town.organ("d_org").pk, "name": "测试d_org"}]
    assert [r["code"] for r in body["roles"]] == ["staff", "organization"]
    assert {a["name"] for a in body["authorities"]} == {"测试d_org", "测试d_party"}


def test_me_without_a_post_has_no_person_and_no_roles(town: World, client_for: Any) -> None:
    body = client_for(town.user("no_position")).get("/api/me").json()
    assert body["person"] is None
    assert body["positions"] == body["organs"] == body["roles"] == []


def test_people_endpoints_need_a_login(client: Any) -> None:
    for url in ("/api/people", "/api/people/1", "/api/organs", "/api/me"):
        assert client.get(url).status_code == 401, url
