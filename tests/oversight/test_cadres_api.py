"""The endpoints of 细则第十条第二款、第十八条: the same operations as the pages, the same 404 to
anyone but the two departments, 409 refusals with their basis, 422 by field."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.oversight.cadres_world import (
    TODAY,
    ask,
    client_for_fixture,  # noqa: F401 (fixtures)
    decided_measure,
    world_fixture,  # noqa: F401 (fixtures)
)

pytestmark = pytest.mark.django_db
BASE = "/api/oversight/cadres"


def post(client, url, data=None):
    return client.post(url, data=json.dumps(data or {}), content_type="application/json")


def test_the_department_asks_and_the_office_answers(world, client_for):
    dept = client_for(world.user("d_org_staff"))
    found = dept.get(
        f"{BASE}/leaders", {"department_id": world.organ("d_org").pk, "q": "housing_director"}
    ).json()
    assert [i["person"]["id"] for i in found["items"]] == [world.person("housing_director").pk]
    payload = {
        "department_id": world.organ("d_org").pk,
        "person_id": world.person("housing_director").pk,
        "purpose": "promotion",
        "due": (TODAY + dt.timedelta(days=10)).isoformat(),
    }
    created = post(dept, f"{BASE}/requests", payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["office"]["id"] == world.organ("d_po").pk
    assert body["basis"] == ["细则第十条第二款"]
    assert body["steps"] == []
    again = post(dept, f"{BASE}/requests", payload)
    assert again.status_code == 409 and again.json()["code"] == "cadre_request_open"

    clerk = client_for(world.user("d_po_clerk"))
    pk = body["id"]
    incoming = clerk.get(f"{BASE}/requests", {"side": "incoming"}).json()
    assert [i["id"] for i in incoming["items"]] == [pk]
    drafted = post(clerk, f"{BASE}/requests/{pk}/draft").json()
    assert drafted["state"] == "drafted"
    assert {s["key"] for s in drafted["sections"]} >= {"instructions", "assessment"}
    assert set(drafted["steps"]) == {"draft", "edit", "refuse"}
    edited = clerk.put(
        f"{BASE}/requests/{pk}/opinion",
        data=json.dumps({"opinion": "履职较好。"}),
        content_type="application/json",
    )
    assert edited.json()["opinion"] == "履职较好。"
    refused = post(clerk, f"{BASE}/requests/{pk}/sign")
    assert refused.status_code == 409
    assert refused.json()["code"] == "signer_not_office_leader"
    assert refused.json()["basis"] == ["细则第十条第二款"]
    signed = post(client_for(world.user("d_po_head")), f"{BASE}/requests/{pk}/sign").json()
    assert signed["state"] == "answered" and signed["signed_by"]["id"]
    read = dept.get(f"{BASE}/requests/{pk}").json()
    assert read["read_at"] is not None


def test_bad_input_is_422_by_field(world, client_for):
    dept = client_for(world.user("d_org_staff"))
    response = post(
        dept,
        f"{BASE}/requests",
        {
            "department_id": world.organ("d_org").pk,
            "person_id": world.person("housing_clerk").pk,
            "purpose": "annual",
            "due": TODAY.isoformat(),
        },
    )
    assert response.status_code == 422
    assert "person" in response.json()["fields"]
    other = post(
        dept,
        f"{BASE}/requests",
        {
            "department_id": world.organ("city_org").pk,
            "person_id": world.person("d_secretary").pk,
            "purpose": "annual",
            "due": TODAY.isoformat(),
        },
    )
    assert other.status_code == 422 and "department_id" in other.json()["fields"]


@pytest.mark.parametrize("account", ["housing_director", "housing_clerk", "d_discipline_staff"])
def test_everyone_else_gets_404(world, client_for, account):
    row = ask(world)
    client = client_for(world.user(account))
    assert client.get(f"{BASE}/requests/{row.pk}").status_code == 404
    assert post(client, f"{BASE}/requests/{row.pk}/draft").status_code == 404
    assert client.get(f"{BASE}/requests").json()["count"] == 0


def test_the_person_record(world, client_for):
    decided_measure(world)
    person = world.person("housing_director")
    body = client_for(world.user("d_org_staff")).get(f"{BASE}/records/{person.pk}").json()
    (decision,) = body["decisions"]
    assert decision["measures"] == ["circulated_notice"]
    assert decision["rectification"]["outcome"] == "late"
    listed = client_for(world.user("d_hrss_staff")).get(f"{BASE}/records").json()
    assert [i["person"]["id"] for i in listed["items"]] == [person.pk]
    own = client_for(world.user("housing_director")).get(f"{BASE}/records/{person.pk}")
    assert own.status_code == 404
