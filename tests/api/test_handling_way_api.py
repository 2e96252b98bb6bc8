"""The handling way over the API: chosen on acceptance, shown on the matter, a reply that
concludes a duty or a suggestion; and a direct receipt without name or address starts no
notice period (信访工作条例(2022)第二十三条第二款, 第二十九条, 第三十一条, 第三十四条)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_matters_api import OPINION, Api, account, intake_body
from tests.petitions.matters.factories import ACTOR, at, build_matter_world
from xinfang.orgs.choices import PositionKind
from xinfang.petitions.matters.services import forget_calendar, matter_route

pytestmark = pytest.mark.django_db

REPLY = {"outcome": "performed", "reply": "已责令物业公司退还多收的电梯维修费。"}


@pytest.fixture
def api(db: None) -> Api:
    forget_calendar()
    mw = build_matter_world()
    users = {
        "po_clerk": account("po_clerk", mw.district_po),
        "housing_staff": account("housing_staff", mw.district_housing),
        "district_gov": account("district_gov", mw.district, PositionKind.TEAM_MEMBER),
    }
    return Api(mw=mw, users=users)


def accept(api: Api, matter_id: int, **body: Any) -> Any:
    return api.post("housing_staff", f"/api/matters/{matter_id}/accept", body)


def detail(api: Api, matter_id: int) -> dict[str, Any]:
    response = api.get("housing_staff", f"/api/matters/{matter_id}")
    assert response.status_code == 200
    return response.json()


def test_accepting_without_a_way_handles_for_an_opinion_as_before(api: Api) -> None:
    matter_id = api.routed()
    assert detail(api, matter_id)["handling_way"] == ""
    body = accept(api, matter_id).json()
    assert (body["state"], body["action_period"]) == ("accepted", "handle")
    shown = detail(api, matter_id)
    assert shown["handling_way"] == "opinion"
    assert "第三十一条第六项" in shown["handling_way_label"]
    assert shown["reply"] is None


def test_a_duty_is_accepted_without_a_handling_period_and_concluded_by_a_reply(api: Api) -> None:
    matter_id = api.routed()
    response = accept(api, matter_id, handling_way="duty", notice="已受理，将依法处理。")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["action_period"], body["action_due"]) == ("accepted", "", None)
    shown = detail(api, matter_id)
    assert shown["handling_way"] == "duty"
    assert shown["timeline"][-1]["details"]["handling_way"] == "duty"
    assert "信访工作条例(2022)第三十一条第五项" in shown["timeline"][-1]["basis"]
    # No handling period to extend (第三十四条).
    response = api.post(
        "housing_staff",
        f"/api/matters/{matter_id}/extension-requests",
        {"days": 10, "reason": "情况复杂"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "extension_not_applicable"
    assert response.json()["basis"] == ["信访工作条例(2022)第三十四条"]
    # Not with a handling opinion, and not with an outcome of a suggestion.
    response = api.post("housing_staff", f"/api/matters/{matter_id}/conclude", OPINION)
    assert (response.status_code, response.json()["code"]) == (409, "handling_way_mismatch")
    response = api.post(
        "housing_staff", f"/api/matters/{matter_id}/reply", {**REPLY, "outcome": "adopted"}
    )
    assert response.status_code == 422
    assert "outcome" in response.json()["fields"]
    response = api.post("housing_staff", f"/api/matters/{matter_id}/reply", REPLY)
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["final_at"] is not None) == ("closed", True)
    reply = detail(api, matter_id)["reply"]
    assert (reply["outcome"], reply["text"]) == ("performed", REPLY["reply"])
    assert reply["outcome_label"] == "已依法履行"
    assert reply["organ"]["id"] == api.mw.district_housing.pk


def test_a_reply_on_a_matter_handled_for_an_opinion_is_refused(api: Api) -> None:
    matter_id = api.accepted()
    response = api.post("housing_staff", f"/api/matters/{matter_id}/reply", REPLY)
    assert response.status_code == 409
    assert response.json()["code"] == "handling_way_mismatch"
    response = api.post(
        "housing_staff", f"/api/matters/{matter_id}/reply", {"outcome": "performed", "reply": ""}
    )
    assert response.status_code == 422


def test_an_unknown_way_is_invalid_input(api: Api) -> None:
    matter_id = api.routed()
    response = accept(api, matter_id, handling_way="mediation")
    assert response.status_code == 422
    assert "handling_way" in response.json()["fields"]


def test_the_2005_procedure_refuses_a_way_without_the_handling_period(api: Api) -> None:
    m = api.mw.register(received_at=at("2021-06-01", 9), at=at("2021-06-01", 10))
    matter_route(
        matter=m,
        organ=api.mw.district_po,
        to_organ=api.mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2021-06-01", 11),
    )
    response = accept(api, m.pk, handling_way="suggestion")
    assert response.status_code == 409
    assert response.json()["code"] == "handling_way_not_in_procedure"
    assert response.json()["basis"] == ["信访条例(2005)第三十三条"]
    assert accept(api, m.pk).status_code == 200


def test_a_direct_receipt_without_name_or_address_starts_no_notice_period(api: Api) -> None:
    anonymous = {k: v for k, v in intake_body(api.mw).items() if k != "petitioner"}
    response = api.post("housing_staff", "/api/matters", anonymous)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["action_period"], body["action_due"]) == ("routed", "", None)
    event = detail(api, body["id"])["timeline"][0]
    assert event["details"]["petitioner_unclear"] == ["name", "address"]
    assert "信访工作条例(2022)第二十三条第二款" in event["basis"]
    # The same petitioner with an address: the 15 days run.
    petitioner = {"name": "张三丰", "phone": "13912345678", "address": "渝中区民生路88号"}
    body = api.post("housing_staff", "/api/matters", intake_body(api.mw, petitioner=petitioner))
    assert body.json()["action_period"] == "accept"


def test_the_queue_and_counts_keep_the_matters_waiting_without_a_clock(api: Api) -> None:
    """A duty accepted and an anonymous letter received directly wait for the department
    without a due date: in its queue after the dated matters (``action_due`` null, neither
    overdue nor due soon) and in its open count; a concluded matter is in neither."""
    dated = api.routed()
    duty = api.routed()
    assert accept(api, duty, handling_way="duty").status_code == 200
    anonymous = {k: v for k, v in intake_body(api.mw).items() if k != "petitioner"}
    received = api.post("housing_staff", "/api/matters", anonymous).json()["id"]
    concluded = api.accepted()
    response = api.post("housing_staff", f"/api/matters/{concluded}/conclude", OPINION)
    assert response.json()["state"] == "concluded"
    organ = f"/api/organs/{api.mw.district_housing.pk}"
    queue = api.get("housing_staff", f"{organ}/queue").json()
    items = queue["items"]
    assert [i["id"] for i in items] == [dated, duty, received]
    assert [i["action_due"] is None for i in items] == [False, True, True]
    assert [(i["state"], i["action_period"]) for i in items[1:]] == [
        ("accepted", ""),
        ("routed", ""),
    ]
    assert not any(i["is_overdue"] or i["is_due_soon"] for i in items[1:])
    counts = api.get("housing_staff", f"{organ}/counts").json()
    assert counts["open"] == queue["count"] == len(items) == 3
    assert counts["by_state"]["concluded"] == 1
    second = api.get("housing_staff", f"{organ}/queue", page_size=2, page=2).json()
    assert [i["id"] for i in second["items"]] == [received]
