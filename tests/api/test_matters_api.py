"""The matter API: every step over HTTP, refusals as JSON with the rule, scope and exclusion.

The world is the matter tests' (district office, district housing department, another
district) with one account per organ that acts.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import PersonFactory, PositionFactory, UserFactory
from tests.petitions.matters.factories import (
    HOUSING_TEXT,
    MatterWorld,
    add_politics_law_organs,
    at,
    build_matter_world,
)
from xinfang.audit.models import AuditEntry
from xinfang.orgs.choices import PositionKind
from xinfang.orgs.models import Organ
from xinfang.petitions.matters import services
from xinfang.petitions.matters.models import (
    ExtensionRequest,
    HandlingListEntry,
    Matter,
    MatterEvent,
)
from xinfang.petitions.matters.services import forget_calendar, matter_calendar
from xinfang.petitions.models import Petitioner
from xinfang.rules.deadlines import compute_deadline
from xinfang.rules.profiles import load_profile

pytestmark = pytest.mark.django_db

OPINION = {
    "kind": "support",
    "facts": "经查，物业公司多收电梯维修费属实。",
    "reasons": "收费无合同依据。",
    "legal_basis": "《物业管理条例》第四十一条",
}


@dataclass
class Api:
    """The matter world with a signed-in client per account."""

    mw: MatterWorld
    users: dict[str, Any]

    def client(self, name: str) -> Client:
        client = Client()
        client.force_login(self.users[name], backend="xinfang.access.backends.ModelBackend")
        return client

    def post(self, name: str, url: str, body: dict[str, Any], **headers: str) -> Any:
        return self.client(name).post(
            url, data=json.dumps(body), content_type="application/json", headers=headers
        )

    def get(self, name: str, url: str, **params: Any) -> Any:
        return self.client(name).get(url, params)

    def register(self, name: str = "po_clerk", **overrides: Any) -> dict[str, Any]:
        response = self.post(name, "/api/matters", intake_body(self.mw, **overrides))
        assert response.status_code == 201, response.content
        return response.json()

    def routed(self, **overrides: Any) -> int:
        """A matter registered at the district office and transferred to district housing."""
        matter_id = self.register(**overrides)["id"]
        response = self.post(
            "po_clerk",
            f"/api/matters/{matter_id}/route",
            {"kind": "transfer", "to_organ_id": self.mw.district_housing.pk},
        )
        assert response.status_code == 200, response.content
        return matter_id

    def accepted(self, **overrides: Any) -> int:
        matter_id = self.routed(**overrides)
        response = self.post("housing_staff", f"/api/matters/{matter_id}/accept", {})
        assert response.status_code == 200, response.content
        return matter_id

    def concluded(self) -> int:
        matter_id = self.accepted()
        response = self.post("housing_staff", f"/api/matters/{matter_id}/conclude", OPINION)
        assert response.status_code == 200, response.content
        return matter_id


def account(username: str, organ: Organ, kind: str = PositionKind.STAFF) -> Any:
    user = UserFactory(username=username)
    person = PersonFactory(name=f"{username} 人员", user=user)
    PositionFactory(person=person, organ=organ, kind=kind, start=dt.date(2015, 1, 1))
    return user


def intake_body(mw: MatterWorld, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "letter",
        "received_at": (timezone.now() - dt.timedelta(hours=2)).isoformat(),
        "region_code": "500103001",
        "category_id": mw.property_fees.pk,
        "summary": "物业多收电梯维修费",
        "content": HOUSING_TEXT,
        "petitioner": {"name": "张三丰", "phone": "13912345678"},
    }
    body.update(overrides)
    return body


@pytest.fixture
def api(db: None) -> Api:
    forget_calendar()
    mw = build_matter_world()
    users = {
        "po_clerk": account("po_clerk", mw.district_po),
        "housing_staff": account("housing_staff", mw.district_housing),
        "team_staff": account("team_staff", mw.housing_team),
        "district_gov": account("district_gov", mw.district, PositionKind.TEAM_MEMBER),
        "city_gov": account("city_gov", mw.city, PositionKind.TEAM_MEMBER),
        "other_staff": account("other_staff", mw.other_housing),
        "other_leader": account("other_leader", mw.other, PositionKind.PRINCIPAL_LEADER),
        "housing_leader": UserFactory(username="housing_leader"),
    }
    # The principal of district housing (``district_leader``) signs in as themselves.
    mw.district_leader.user = users["housing_leader"]
    mw.district_leader.save(update_fields=["user"])
    return Api(mw=mw, users=users)


# ---------------------------------------------------------------------------------------------
# Intake


def test_intake_registers_and_answers_the_query_code_repeats_and_suggestions(api: Api) -> None:
    body = api.register()
    assert body["state"] == "registered"
    assert body["registering_organ"]["id"] == api.mw.district_po.pk
    assert body["action_period"] == "route"
    assert len(body["query_code"]) == 16
    assert body["repeats"] == []
    assert any(s["organ"]["id"] == api.mw.township.pk for s in body["suggestions"])
    assert all(s["reason"] and s["basis"] for s in body["suggestions"])
    assert "petitioner" not in body and "content" not in body


def test_a_second_similar_matter_shows_the_first_as_a_repeat(api: Api) -> None:
    first = api.register()
    second = api.register()
    assert [r["earlier_id"] for r in second["repeats"]] == [first["id"]]
    assert second["repeats"][0]["score"] > 0.5
    # The clerk sees what the earlier matter is about and where it stands, in both answers.
    repeat = second["repeats"][0]
    assert (repeat["earlier_summary"], repeat["earlier_state"]) == (
        "物业多收电梯维修费",
        "registered",
    )
    detail = api.get("po_clerk", f"/api/matters/{second['id']}").json()["repeats"][0]
    assert (detail["earlier_summary"], detail["earlier_state"]) == (
        "物业多收电梯维修费",
        "registered",
    )


def test_intake_without_a_summary_answers_422_naming_the_field(api: Api) -> None:
    response = api.post("po_clerk", "/api/matters", intake_body(api.mw, summary=""))
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "summary" in response.json()["fields"]
    assert not Matter.objects.exists()


def test_ids_no_table_holds_answer_422_naming_the_field(api: Api) -> None:
    """Any integer a client sends is answered by field: an organ or category id beyond every
    row (or beyond a 64-bit column) is "not found", never a server error."""
    for field in ("organ_id", "category_id"):
        for bad in (10**12, 2**63 + 5):
            response = api.post("po_clerk", "/api/matters", intake_body(api.mw, **{field: bad}))
            assert response.status_code == 422, (field, bad, response.content)
            assert field in response.json()["fields"]
    assert not Matter.objects.exists()


def test_service_field_errors_answer_422_by_field(api: Api) -> None:
    response = api.post("po_clerk", "/api/matters", intake_body(api.mw, region_code="5001"))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"]["region_code"] == ["问题发生地应为 6、9 或 12 位行政区划代码。"]


def test_six_representatives_of_a_collective_visit_are_refused_with_the_rule(api: Api) -> None:
    response = api.post(
        "po_clerk",
        "/api/matters",
        intake_body(api.mw, channel="visit", is_collective=True, headcount=30, representatives=6),
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "collective_representatives"
    assert body["message"].startswith("多人走访提出同一信访事项，应当推选代表，代表人数不超过5人")
    assert body["basis"]


def test_registering_for_another_organ_within_scope_is_forbidden(api: Api) -> None:
    response = api.post(
        "district_gov",
        "/api/matters",
        intake_body(api.mw, organ_id=api.mw.district_po.pk),
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_replayed_intake_returns_the_same_response_and_creates_one_matter(api: Api) -> None:
    body = intake_body(api.mw)
    first = api.post("po_clerk", "/api/matters", body, **{"Idempotency-Key": "k-1"})
    second = api.post("po_clerk", "/api/matters", body, **{"Idempotency-Key": "k-1"})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Matter.objects.count() == 1
    assert MatterEvent.objects.filter(action="register").count() == 1


def test_the_same_key_with_another_body_is_refused_422(api: Api) -> None:
    api.post("po_clerk", "/api/matters", intake_body(api.mw), **{"Idempotency-Key": "k-2"})
    response = api.post(
        "po_clerk",
        "/api/matters",
        intake_body(api.mw, summary="另一件事"),
        **{"Idempotency-Key": "k-2"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_conflict"
    assert Matter.objects.count() == 1


def test_a_failed_intake_leaves_the_key_free(api: Api) -> None:
    bad = api.post(
        "po_clerk",
        "/api/matters",
        intake_body(api.mw, region_code="5001"),
        **{"Idempotency-Key": "k-3"},
    )
    assert bad.status_code == 422
    good = api.post("po_clerk", "/api/matters", intake_body(api.mw), **{"Idempotency-Key": "k-3"})
    assert good.status_code == 201
    assert Matter.objects.count() == 1


def test_a_key_too_long_is_refused_by_its_header_name(api: Api) -> None:
    response = api.post(
        "po_clerk", "/api/matters", intake_body(api.mw), **{"Idempotency-Key": "k" * 201}
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"Idempotency-Key": ["幂等键应为 1 到 200 个字符。"]}
    assert not Matter.objects.exists()


def test_keys_of_different_accounts_do_not_collide(api: Api) -> None:
    api.post("po_clerk", "/api/matters", intake_body(api.mw), **{"Idempotency-Key": "same"})
    other = api.post(
        "other_staff",
        "/api/matters",
        intake_body(api.mw, region_code="500105", category_id=None),
        **{"Idempotency-Key": "same"},
    )
    assert other.status_code == 201
    assert Matter.objects.count() == 2


# ---------------------------------------------------------------------------------------------
# Reading: list, detail, scope, exclusion


def test_detail_masks_the_petitioner_and_shows_clocks_and_timeline(api: Api) -> None:
    matter_id = api.register()["id"]
    response = api.get("po_clerk", f"/api/matters/{matter_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["petitioner"]["name"] == "张**"
    assert body["petitioner"]["phone"] == "139****5678"
    assert "张三丰" not in response.content.decode()
    assert "13912345678" not in response.content.decode()
    assert body["content"] == HOUSING_TEXT
    assert [c["period"] for c in body["clocks"]] == ["route"]
    assert body["clocks"][0]["basis"]
    assert [e["action"] for e in body["timeline"]] == ["register"]
    assert body["timeline"][0]["basis"]


def test_a_user_of_another_district_gets_404_and_the_denial_is_logged(api: Api) -> None:
    matter_id = api.register()["id"]
    for name in ("other_staff", "other_leader"):
        response = api.get(name, f"/api/matters/{matter_id}")
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "未找到。"}
        assert api.get(name, "/api/matters").json()["count"] == 0
    denial = AuditEntry.objects.filter(action="access.denied").latest("id")
    assert denial.details["reason"] == "out_of_scope"


def test_steps_on_a_matter_out_of_scope_answer_404(api: Api) -> None:
    matter_id = api.routed()
    response = api.post("other_staff", f"/api/matters/{matter_id}/accept", {})
    assert response.status_code == 404
    assert Matter.objects.get(pk=matter_id).state == "routed"


def test_an_accused_unit_never_sees_the_matter(api: Api) -> None:
    """细则第十一条第八项: not in lists, not by id, not in the queue, not counted."""
    accused = api.register(accused_organ_ids=[api.mw.district_housing.pk])["id"]
    api.routed()  # an ordinary matter the department does see
    for name in ("housing_staff", "team_staff"):
        assert api.get(name, f"/api/matters/{accused}").status_code == 404
        listed = [m["id"] for m in api.get(name, "/api/matters").json()["items"]]
        assert accused not in listed
    denial = AuditEntry.objects.filter(action="access.denied").latest("id")
    assert denial.details["reason"] == "accused_unit"
    # The district office sees it, and routing it to the accused unit is refused.
    assert api.get("po_clerk", f"/api/matters/{accused}").status_code == 200
    response = api.post(
        "po_clerk",
        f"/api/matters/{accused}/route",
        {"kind": "transfer", "to_organ_id": api.mw.district_housing.pk},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "routing_to_accused_unit"
    assert "第十一条" in response.json()["message"]
    suggested = api.get("po_clerk", "/api/routing/suggest", matter_id=accused).json()
    assert api.mw.district_housing.pk not in [s["organ"]["id"] for s in suggested]


def test_a_refusal_by_the_access_rules_says_which_rule(api: Api) -> None:
    """403 with the refusal's own words, not a bare "no permission"."""
    response = api.post(
        "po_clerk", "/api/matters", intake_body(api.mw, organ_id=api.mw.other_housing.pk)
    )
    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "message": "只能在本单位办理。"}
    assert not Matter.objects.exists()


def test_an_office_accused_from_above_refuses_to_register_and_names_the_rule(api: Api) -> None:
    """Accusing the district government: the district office stands aside (细则第十一条第八项)
    rather than hold a matter it can no longer see."""
    response = api.post(
        "po_clerk", "/api/matters", intake_body(api.mw, accused_organ_ids=[api.mw.district.pk])
    )
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "registering_office_accused"
    assert "上一级信访部门" in body["message"]
    assert body["basis"] == ["细则第十一条第八项"]
    assert not Matter.objects.exists()


def test_a_petitioner_who_accused_a_unit_is_shown_to_it_in_their_other_matters_as_anyone(
    api: Api,
) -> None:
    """细则第十一条第八项: the accusing matter never reaches the unit, and nothing else changes:
    their next matter, accusing no one, goes to district housing, which sees its petitioner
    masked as it sees every petitioner (tests/access/test_no_signal.py compares everything)."""
    first = api.register(accused_organ_ids=[api.mw.district_housing.pk])
    petitioner_id = Matter.objects.get(pk=first["id"]).petitioner_id
    second = api.routed(petitioner_id=petitioner_id, petitioner=None, summary="另一件事")
    body = api.get("housing_staff", f"/api/matters/{second}").json()
    assert body["petitioner"]["id"] == petitioner_id and body["petitioner_withheld"] is False
    assert body["petitioner"]["name"] == "张**"
    assert api.get("housing_staff", f"/api/petitioners/{petitioner_id}").status_code == 200
    assert api.get("housing_staff", f"/api/matters/{first['id']}").status_code == 404


def test_the_list_filters_by_state_organ_and_overdue(api: Api) -> None:
    routed = api.routed()
    registered = api.register()["id"]
    late = api.register(
        received_at=(timezone.now() - dt.timedelta(days=40)).isoformat(), summary="逾期事项"
    )["id"]

    def ids(**params: Any) -> list[int]:
        body = api.get("po_clerk", "/api/matters", **params).json()
        return sorted(m["id"] for m in body["items"])

    assert ids(state="routed") == [routed]
    assert ids(organ_id=api.mw.district_po.pk) == sorted([registered, late])
    assert ids(overdue="true") == [late]
    assert late not in ids(overdue="false")
    page = api.get("po_clerk", "/api/matters", page_size=2).json()
    assert page["count"] == 3 and len(page["items"]) == 2


# ---------------------------------------------------------------------------------------------
# The procedure


def test_a_matter_walks_from_intake_to_rereview(api: Api) -> None:
    matter_id = api.accepted()
    response = api.post(
        "housing_staff",
        f"/api/matters/{matter_id}/extension-requests",
        {"days": 20, "reason": "需要现场核查"},
    )
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["matter_state"]) == ("pending", "accepted")
    response = api.post(
        "housing_leader",
        f"/api/matters/{matter_id}/extension-requests/{response.json()['id']}/approve",
        {},
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "extended"
    response = api.post("housing_staff", f"/api/matters/{matter_id}/conclude", OPINION)
    assert response.json()["state"] == "concluded"
    assert response.json()["request_due"]
    response = api.post(
        "po_clerk",
        f"/api/matters/{matter_id}/review-request",
        {"review_organ_id": api.mw.district.pk, "reason": "不服处理意见"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "review_requested"
    response = api.post("district_gov", f"/api/matters/{matter_id}/review", OPINION)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "reviewed"
    # A second review request is refused by the procedure (409 and its rule), not as a field.
    again = api.post(
        "district_gov",
        f"/api/matters/{matter_id}/review-request",
        {"review_organ_id": api.mw.district.pk},
    )
    assert again.status_code == 409, again.content
    assert again.json()["code"] == "not_allowed_from_state" and again.json()["basis"]
    response = api.post(
        "district_gov",
        f"/api/matters/{matter_id}/rereview-request",
        {"rereview_organ_id": api.mw.city.pk},
    )
    assert response.json()["state"] == "rereview_requested"
    response = api.post("city_gov", f"/api/matters/{matter_id}/rereview", OPINION)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "rereviewed"
    detail = api.get("city_gov", f"/api/matters/{matter_id}").json()
    assert [e["action"] for e in detail["timeline"]] == [
        "register",
        "transfer",
        "accept",
        "extension_requested",
        "extend",
        "conclude",
        "request_review",
        "review",
        "request_rereview",
        "rereview",
    ]
    assert [o["stage"] for o in detail["opinions"]] == ["handle", "review", "rereview"]
    # Final: nothing more.
    response = api.post("city_gov", f"/api/matters/{matter_id}/close", {"reason": "终结"})
    assert response.status_code == 409
    assert response.json()["code"] == "final_state"


def test_assignment_carries_a_report_due_date(api: Api) -> None:
    matter_id = api.register()["id"]
    response = api.post(
        "po_clerk",
        f"/api/matters/{matter_id}/route",
        {"kind": "assign", "to_organ_id": api.mw.district_housing.pk, "note": "请按期报告"},
    )
    assert response.status_code == 200
    detail = api.get("po_clerk", f"/api/matters/{matter_id}").json()
    assert detail["routes"][0]["kind"] == "assign"
    assert detail["routes"][0]["report_due"]


def test_a_report_due_beyond_the_longest_lawful_handling_is_refused(api: Api) -> None:
    """15 days to accept, 60 to handle, at most 30 more: a report asked for in a year is not."""
    matter_id = api.register()["id"]
    route = {"kind": "assign", "to_organ_id": api.mw.district_housing.pk}
    late = (timezone.localdate() + dt.timedelta(days=365)).isoformat()
    response = api.post(
        "po_clerk", f"/api/matters/{matter_id}/route", {**route, "report_due": late}
    )
    assert response.status_code == 422
    assert "受理、办理期限届满并延期至多 30 日" in response.json()["fields"]["report_due"][0]
    assert Matter.objects.get(pk=matter_id).state == "registered"
    soon = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    response = api.post(
        "po_clerk", f"/api/matters/{matter_id}/route", {**route, "report_due": soon}
    )
    assert response.status_code == 200, response.content


def test_decline_with_reason_and_notice(api: Api) -> None:
    matter_id = api.routed()
    response = api.post(
        "housing_staff",
        f"/api/matters/{matter_id}/decline",
        {"reason": "不属于本机关职权", "notice": "不予受理告知书"},
    )
    assert response.status_code == 200
    assert response.json()["state"] == "declined"
    assert response.json()["action_due"] is None


def test_decline_without_notice_answers_422(api: Api) -> None:
    matter_id = api.routed()
    response = api.post(
        "housing_staff", f"/api/matters/{matter_id}/decline", {"reason": "x", "notice": ""}
    )
    assert response.status_code == 422
    assert "notice" in response.json()["fields"]


def test_objection_is_raised_by_the_organ_and_decided_by_the_routing_office(api: Api) -> None:
    """信访工作条例(2022)第二十三条第三款: object, then agree (back to the office) or refuse."""
    matter_id = api.routed()
    url = f"/api/matters/{matter_id}/objection"
    assert api.post("housing_staff", url, {"reason": ""}).status_code == 422
    response = api.post("housing_staff", url, {"reason": "不属于本机关职权范围，应由区人社局办理"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "objected"
    # Only the office that routed it decides.
    response = api.post("housing_staff", f"{url}/agree", {"note": "同意"})
    assert response.status_code == 409
    response = api.post("po_clerk", f"{url}/refuse", {"reason": "经核实属本机关职权范围"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "routed"
    assert response.json()["action_period"] == "accept"
    response = api.post("housing_staff", url, {"reason": "仍有异议"})
    assert response.status_code == 200, response.content
    response = api.post("po_clerk", f"{url}/agree", {"note": "异议成立，材料已交还"})
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["action_period"]) == (
        "registered",
        "route",
    )
    # Nothing left to decide.
    response = api.post("po_clerk", f"{url}/refuse", {"reason": "x"})
    assert response.status_code == 409
    assert response.json()["code"] == "not_allowed_from_state"


def test_the_detail_shows_the_objection_deadline_and_the_organ_withdraws_its_objection(
    api: Api,
) -> None:
    """自收到之日起5个工作日内: the due date is in the detail while the organ may object; the
    organ that objected withdraws before the office decides (信访工作条例(2022)第二十三条第三款)."""
    matter_id = api.routed()
    url = f"/api/matters/{matter_id}"
    expected = compute_deadline(
        profile=load_profile("national-2022"),
        period="objection",
        start=timezone.localdate(),
        calendar=matter_calendar(),
    ).due
    assert api.get("housing_staff", url).json()["objection_due"] == expected.isoformat()
    response = api.post("housing_staff", f"{url}/objection", {"reason": "不属本机关职权范围"})
    assert response.status_code == 200, response.content
    assert api.get("po_clerk", url).json()["objection_due"] is None
    # Only the organ that objected withdraws it.
    response = api.post("po_clerk", f"{url}/objection/withdraw", {})
    assert response.status_code == 409
    assert response.json()["code"] == "actor_not_allowed"
    response = api.post("housing_staff", f"{url}/objection/withdraw", {"note": "经研究属本机关"})
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["action_period"]) == ("routed", "accept")
    assert api.get("housing_staff", url).json()["objection_due"] == expected.isoformat()
    response = api.post("housing_staff", f"{url}/objection/withdraw", {})
    assert response.status_code == 409
    assert response.json()["code"] == "not_allowed_from_state"
    response = api.post("housing_staff", f"{url}/objection/withdraw", {"note": "x" * 2001})
    assert response.status_code == 422
    # Objected again and agreed: the route is returned.
    api.post("housing_staff", f"{url}/objection", {"reason": "不属本机关职权范围"})
    api.post("po_clerk", f"{url}/objection/agree", {"note": "异议成立，材料已交还"})
    routes = api.get("po_clerk", url).json()["routes"]
    assert routes[0]["returned_at"] is not None


def test_no_objection_deadline_under_the_2005_procedure(api: Api) -> None:
    m = api.mw.register(received_at=at("2021-06-01", 9), at=at("2021-06-01", 10))
    services.matter_route(
        matter=m,
        organ=api.mw.district_po,
        to_organ=api.mw.district_housing,
        kind="transfer",
        actor="test",
        at=at("2021-06-01", 11),
    )
    body = api.get("housing_staff", f"/api/matters/{m.pk}").json()
    assert (body["profile"], body["state"], body["objection_due"]) == (
        "chongqing-2017",
        "routed",
        None,
    )


def test_a_letter_goes_to_the_politics_law_organ_of_the_offices_level(api: Api) -> None:
    """信访工作条例(2022)第二十二条第二款: 涉法涉诉信件 → 同级政法部门."""
    pl = add_politics_law_organs(api.mw)
    matter_id = api.register()["id"]
    url = f"/api/matters/{matter_id}/send-to-politics-law"
    response = api.post("po_clerk", url, {})
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["to_organ_id"]
    response = api.post("po_clerk", url, {"to_organ_id": api.mw.district_housing.pk})
    assert response.status_code == 422
    assert "to_organ_id" in response.json()["fields"]
    response = api.post("po_clerk", url, {"to_organ_id": pl.city_police.pk})
    assert response.status_code == 409
    assert response.json()["code"] == "politics_law_not_same_level"
    assert "信访工作条例(2022)第二十二条第二款" in response.json()["basis"]
    response = api.post("po_clerk", url, {"to_organ_id": pl.district_police.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["current_organ"]["id"], body["handling_organ"]["id"]) == (
        "sent_to_politics_law",
        pl.district_police.pk,
        pl.district_police.pk,
    )
    detail = api.get("po_clerk", f"/api/matters/{matter_id}").json()
    assert [(r["kind"], r["to_organ"]["id"]) for r in detail["routes"]] == [
        ("transfer", pl.district_police.pk)
    ]
    assert detail["timeline"][-1]["action"] == "send_to_politics_law"
    response = api.post("po_clerk", url, {"to_organ_id": pl.district_police.pk})
    assert response.status_code == 409
    assert response.json()["code"] == "final_state"


def test_a_visitor_is_guided_to_the_politics_law_organs_with_the_notice(api: Api) -> None:
    add_politics_law_organs(api.mw)
    matter_id = api.register(channel="visit")["id"]
    url = f"/api/matters/{matter_id}/send-to-politics-law"
    response = api.post("po_clerk", url, {})
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["notice"]
    response = api.post("po_clerk", url, {"notice": "已释法明理，引导其向区人民法院申请再审"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "sent_to_politics_law"
    assert response.json()["current_organ"]["id"] == api.mw.district_po.pk
    timeline = api.get("po_clerk", f"/api/matters/{matter_id}").json()["timeline"]
    assert timeline[-1]["action"] == "guide_to_politics_law"
    assert "信访工作条例(2022)第二十条第二款" in timeline[-1]["basis"]


def test_sending_to_the_politics_law_organs_under_the_2005_procedure_answers_409(
    api: Api,
) -> None:
    pl = add_politics_law_organs(api.mw)
    m = api.mw.register(received_at=at("2021-06-01", 9), at=at("2021-06-01", 10))
    response = api.post(
        "po_clerk",
        f"/api/matters/{m.pk}/send-to-politics-law",
        {"to_organ_id": pl.district_police.pk},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "politics_law_not_in_procedure"
    assert "导入法定途径" in body["message"]
    assert "信访条例(2005)第十四条第二款" in body["basis"]
    assert Matter.objects.get(pk=m.pk).state == "registered"


def test_route_out_names_the_legal_route(api: Api) -> None:
    matter_id = api.register()["id"]
    response = api.post(
        "po_clerk",
        f"/api/matters/{matter_id}/route-out",
        {"legal_route": "litigation", "reason": "属民事纠纷", "notice": "请向人民法院起诉"},
    )
    assert response.status_code == 200
    assert response.json()["state"] == "routed_out"
    assert response.json()["legal_route"] == "litigation"


def test_route_out_of_a_transferred_matter_by_the_office_answers_409(api: Api) -> None:
    """The organ holding the matter routes it out; the office that transferred it is refused
    like any step its part in the procedure does not take (409, the rule's code)."""
    matter_id = api.routed()
    body = {"legal_route": "litigation", "reason": "属民事纠纷", "notice": "请向人民法院起诉"}
    response = api.post("po_clerk", f"/api/matters/{matter_id}/route-out", body)
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "actor_not_allowed"
    assert api.get("housing_staff", f"/api/matters/{matter_id}").json()["state"] == "routed"
    response = api.post("housing_staff", f"/api/matters/{matter_id}/route-out", body)
    assert response.status_code == 200, response.content


def test_route_out_takes_every_route_of_the_handling_lists(api: Api) -> None:
    """细则第五条: administrative procedures and a party member's appeal are legal routes too;
    an accusation goes to the discipline bodies instead."""
    for route in (
        "administrative_adjudication",
        "administrative_confirmation",
        "administrative_licensing",
        "administrative_penalty",
        "party_member_appeal",
    ):
        matter_id = api.register()["id"]
        response = api.post(
            "po_clerk",
            f"/api/matters/{matter_id}/route-out",
            {"legal_route": route, "reason": "依清单分类", "notice": "请依相应程序提出"},
        )
        assert response.status_code == 200, (route, response.content)
        assert response.json()["legal_route"] == route
    matter_id = api.register()["id"]
    response = api.post(
        "po_clerk",
        f"/api/matters/{matter_id}/route-out",
        {"legal_route": "discipline_complaint", "reason": "x", "notice": "y"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "legal_route_not_in_procedure"


def test_send_to_other_organ_and_to_discipline(api: Api) -> None:
    first = api.register()["id"]
    response = api.post(
        "po_clerk",
        f"/api/matters/{first}/send-to-other-organ",
        {"other_organ": "court", "notice": "请向人民法院提出", "to_organ_id": api.mw.city_court.pk},
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "sent_to_other_organ"
    second = api.register(summary="检举干部", is_accusation=True)["id"]
    response = api.post(
        "po_clerk",
        f"/api/matters/{second}/send-to-discipline",
        {"to_organ_id": api.mw.district_discipline.pk},
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "sent_to_discipline"


def test_send_to_discipline_to_a_non_discipline_body_is_422(api: Api) -> None:
    matter_id = api.register()["id"]
    response = api.post(
        "po_clerk",
        f"/api/matters/{matter_id}/send-to-discipline",
        {"to_organ_id": api.mw.district_housing.pk},
    )
    assert response.status_code == 422
    assert "to_organ_id" in response.json()["fields"]


def test_accept_before_routing_is_refused_naming_the_rule(api: Api) -> None:
    matter_id = api.register()["id"]
    response = api.post("po_clerk", f"/api/matters/{matter_id}/accept", {})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "not_allowed_from_state"
    assert body["message"].startswith("信访事项已登记，不能受理（仅在待受理时可以）")
    assert body["basis"] and body["basis"][0] in body["message"]


def test_an_extension_over_the_limit_is_refused_in_both_languages(api: Api) -> None:
    matter_id = api.accepted()
    body = {"days": 31, "reason": "复杂"}
    response = api.post("housing_staff", f"/api/matters/{matter_id}/extension-requests", body)
    assert response.status_code == 409
    assert response.json()["code"] == "extension_limit"
    assert response.json()["message"].startswith("延长期限不得超过30日")
    client = api.client("housing_staff")
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/api/matters/{matter_id}/extension-requests",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.json()["message"].startswith("An extension of 31 days exceeds the limit of 30")
    # The citation in English too; ``basis`` keeps the stored form, for machines.
    assert response.json()["message"].endswith("(Regulations on Petition Work (2022), Art. 34)")
    assert response.json()["basis"] == ["信访工作条例(2022)第三十四条"]


def test_staff_cannot_approve_an_extension_and_the_leader_does(api: Api) -> None:
    """经本机关、单位负责人批准 (信访工作条例(2022)第三十四条): the approver is the account."""
    matter_id = api.accepted()
    asked = api.post(
        "housing_staff",
        f"/api/matters/{matter_id}/extension-requests",
        {"days": 10, "reason": "复杂"},
    ).json()
    url = f"/api/matters/{matter_id}/extension-requests/{asked['id']}"
    response = api.post("housing_staff", f"{url}/approve", {})
    assert response.status_code == 409
    assert response.json()["code"] == "extension_approver"
    assert response.json()["basis"] == ["信访工作条例(2022)第三十四条"]
    # A leader of another organ does not even see the matter.
    assert api.post("other_leader", f"{url}/approve", {}).status_code == 404
    response = api.post("housing_leader", f"{url}/approve", {})
    assert response.status_code == 200, response.content
    listed = api.get("po_clerk", f"/api/matters/{matter_id}/extension-requests").json()["items"]
    assert [(e["status"], e["approval"], e["approver_id"]) for e in listed] == [
        ("approved", "leader", api.mw.district_leader.pk)
    ]


def test_the_leader_refuses_an_extension_with_the_reason(api: Api) -> None:
    matter_id = api.accepted()
    asked = api.post(
        "housing_staff",
        f"/api/matters/{matter_id}/extension-requests",
        {"days": 10, "reason": "复杂"},
    ).json()
    url = f"/api/matters/{matter_id}/extension-requests/{asked['id']}"
    response = api.post("housing_leader", f"{url}/refuse", {"reason": "应按期办结"})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["matter_state"]) == ("refused", "accepted")
    assert response.json()["action_due"] == asked["action_due"]
    assert api.post("housing_leader", f"{url}/approve", {}).status_code == 409
    assert (
        api.post(
            "housing_leader", f"/api/matters/{matter_id}/extension-requests/0/approve", {}
        ).status_code
        == 404
    )


def test_the_old_extend_address_refuses_an_approver_to_pick_and_files_a_request(api: Api) -> None:
    """``/extend`` stays for existing clients, but nobody is named approver any more."""
    matter_id = api.accepted()
    response = api.post(
        "housing_staff",
        f"/api/matters/{matter_id}/extend",
        {"days": 10, "reason": "复杂", "approver_id": api.mw.district_leader.pk},
    )
    assert response.status_code in (400, 422)
    assert "负责人本人" in response.json()["fields"]["approver_id"][0]
    assert not ExtensionRequest.objects.filter(matter_id=matter_id).exists()
    filed = api.post(
        "housing_staff", f"/api/matters/{matter_id}/extend", {"days": 10, "reason": "复杂"}
    )
    assert filed.status_code == 200, filed.content
    pending = ExtensionRequest.objects.get(matter_id=matter_id)
    assert pending.status == "pending" and pending.days == 10
    assert Matter.objects.get(pk=matter_id).state == "accepted"


def test_a_second_conclusion_is_refused(api: Api) -> None:
    matter_id = api.concluded()
    response = api.post("housing_staff", f"/api/matters/{matter_id}/conclude", OPINION)
    assert response.status_code == 409
    assert response.json()["code"] == "not_allowed_from_state"


def test_an_unknown_opinion_kind_is_422(api: Api) -> None:
    matter_id = api.accepted()
    response = api.post(
        "housing_staff", f"/api/matters/{matter_id}/conclude", {**OPINION, "kind": "maybe"}
    )
    assert response.status_code == 422
    assert "kind" in response.json()["fields"]


def test_the_department_records_carrying_out_the_opinion_once(api: Api) -> None:
    """A supporting opinion is due to be carried out; the handling department records it once;
    another district's account may not; a second record is refused."""
    matter_id = api.concluded()
    opinion = api.get("housing_staff", f"/api/matters/{matter_id}").json()["opinions"][0]
    assert opinion["execution_due"] is not None and opinion["executed_at"] is None
    response = api.post("housing_staff", f"/api/matters/{matter_id}/execution", {"note": ""})
    assert response.status_code == 422
    response = api.post(
        "housing_staff", f"/api/matters/{matter_id}/execution", {"note": "已责令退还多收费用"}
    )
    assert response.status_code == 200, response.content
    opinion = api.get("housing_staff", f"/api/matters/{matter_id}").json()["opinions"][0]
    assert opinion["executed_at"] is not None
    assert opinion["execution_note"] == "已责令退还多收费用"
    response = api.post("housing_staff", f"/api/matters/{matter_id}/execution", {"note": "再次"})
    assert response.status_code == 409
    assert response.json()["code"] == "nothing_to_execute"
    assert response.json()["basis"] == ["细则第十一条第一款第二项"]


def test_close_rate_and_follow_up(api: Api) -> None:
    matter_id = api.concluded()
    response = api.post(
        "housing_staff", f"/api/matters/{matter_id}/satisfaction", {"rating": "satisfied"}
    )
    assert response.status_code == 403  # the department does not rate its own handling
    response = api.post(
        "po_clerk", f"/api/matters/{matter_id}/satisfaction", {"rating": "satisfied"}
    )
    assert response.status_code == 200
    assert response.json()["satisfaction"] == "satisfied"
    # A second rating is refused; the first stands.
    response = api.post(
        "po_clerk", f"/api/matters/{matter_id}/satisfaction", {"rating": "dissatisfied"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "already_rated"
    assert Matter.objects.get(pk=matter_id).satisfaction == "satisfied"
    # The department follows up, but does not write down a rating of its own handling.
    response = api.post(
        "housing_staff",
        f"/api/matters/{matter_id}/follow-up",
        {"method": "phone", "notes": "信访人表示满意", "satisfaction": "satisfied"},
    )
    assert response.status_code == 403
    response = api.post(
        "housing_staff",
        f"/api/matters/{matter_id}/follow-up",
        {"method": "phone", "notes": "信访人表示满意"},
    )
    assert response.status_code == 201
    assert response.json()["method"] == "phone"
    response = api.post("housing_staff", f"/api/matters/{matter_id}/close", {"reason": "息诉"})
    assert response.status_code == 200
    assert response.json()["state"] == "closed"


def test_rating_before_an_opinion_is_refused(api: Api) -> None:
    matter_id = api.accepted()
    response = api.post(
        "po_clerk", f"/api/matters/{matter_id}/satisfaction", {"rating": "satisfied"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "no_opinion_yet"


def test_supervision_order_issue_and_reply(api: Api) -> None:
    matter_id = api.accepted()
    response = api.post(
        "po_clerk",
        f"/api/matters/{matter_id}/supervision-orders",
        {"to_organ_id": api.mw.district_housing.pk, "instructions": "请于期限内办结"},
    )
    assert response.status_code == 201, response.content
    order = response.json()
    assert order["reply_due"] and order["basis"]
    url = f"/api/matters/{matter_id}/supervision-orders/{order['id']}/reply"
    response = api.post("housing_staff", url, {"reply": "已督促办理"})
    assert response.status_code == 200, response.content
    assert response.json()["replied_at"]
    response = api.post("housing_staff", url, {"reply": "再次反馈"})
    assert response.status_code == 409
    assert response.json()["code"] == "already_replied"


# ---------------------------------------------------------------------------------------------
# Department queue and counts


def test_the_queue_lists_overdue_first_then_by_due_date(api: Api) -> None:
    fresh = api.register()["id"]
    late = api.register(
        received_at=(timezone.now() - dt.timedelta(days=40)).isoformat(), summary="逾期"
    )["id"]
    response = api.get("po_clerk", f"/api/organs/{api.mw.district_po.pk}/queue")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["id"] for i in items] == [late, fresh]
    assert items[0]["is_overdue"] is True and items[1]["is_overdue"] is False
    counts = api.get("po_clerk", f"/api/organs/{api.mw.district_po.pk}/counts").json()
    assert counts["by_state"]["registered"] == 2
    assert counts["open"] == 2 and counts["overdue"] == 1


def test_the_queue_pages_with_page_and_page_size_and_answers_its_count(api: Api) -> None:
    fresh = api.register()["id"]
    late = api.register(
        received_at=(timezone.now() - dt.timedelta(days=40)).isoformat(), summary="逾期"
    )["id"]
    queue = f"/api/organs/{api.mw.district_po.pk}/queue"
    first = api.get("po_clerk", queue, page_size=1).json()
    assert (first["count"], first["page"], first["page_size"]) == (2, 1, 1)
    assert [i["id"] for i in first["items"]] == [late]
    second = api.get("po_clerk", queue, page_size=1, page=2).json()
    assert [i["id"] for i in second["items"]] == [fresh]
    # A page past the end answers the last one, and says so.
    past = api.get("po_clerk", queue, page_size=1, page=9).json()
    assert past["page"] == 2 and [i["id"] for i in past["items"]] == [fresh]


def test_the_old_organ_filter_of_the_list_is_refused_not_ignored(api: Api) -> None:
    """Renamed ``organ_id``: a client still sending ``organ`` is told, never handed every
    matter as if it had not filtered."""
    api.register()
    response = api.get("po_clerk", "/api/matters", organ=api.mw.district_housing.pk)
    assert response.status_code == 422
    assert "organ_id" in response.json()["fields"]["organ"][0]


def test_the_queue_of_an_organ_out_of_scope_is_404(api: Api) -> None:
    response = api.get("other_staff", f"/api/organs/{api.mw.district_housing.pk}/queue")
    assert response.status_code == 404
    response = api.get("other_staff", f"/api/organs/{api.mw.district_housing.pk}/counts")
    assert response.status_code == 404


def test_queue_and_counts_leave_out_matters_accusing_the_user(api: Api) -> None:
    from xinfang.orgs.models import Person

    api.users["po_colleague"] = account("po_colleague", api.mw.district_po)
    clerk = Person.objects.get(user=api.users["po_clerk"])
    accusing = api.register("po_colleague", accused_person_ids=[clerk.pk])["id"]
    office = f"/api/organs/{api.mw.district_po.pk}"
    # The accused clerk neither sees nor counts it; the colleague who works it does.
    assert api.get("po_clerk", f"{office}/queue").json()["items"] == []
    counts = api.get("po_clerk", f"{office}/counts").json()
    assert counts["open"] == 0
    assert counts["by_state"]["registered"] == 0
    mine = api.get("po_colleague", f"{office}/queue").json()["items"]
    assert [i["id"] for i in mine] == [accusing]
    # Another matter at the office is counted; the accusing one still is not.
    visible = api.register()["id"]
    counts = api.get("po_clerk", f"{office}/counts").json()
    assert counts["open"] == 1 and counts["by_state"]["registered"] == 1
    items = api.get("po_clerk", f"{office}/queue").json()["items"]
    assert [i["id"] for i in items] == [visible]


# ---------------------------------------------------------------------------------------------
# Routing suggestions and handling lists


def test_routing_suggestions_use_the_handling_list_lowest_level_first(api: Api) -> None:
    HandlingListEntry.objects.create(
        department=api.mw.district_housing,
        category=api.mw.property_fees,
        request_type="物业收费争议",
        legal_route="petition_handling",
        legal_basis="《物业管理条例》",
    )
    response = api.get(
        "po_clerk",
        "/api/routing/suggest",
        region_code="500103001",
        category_id=api.mw.property_fees.pk,
    )
    assert response.status_code == 200
    kinds = {(s["organ"]["id"], s["kind"]) for s in response.json()}
    assert (api.mw.district_housing.pk, "handle") in kinds
    assert api.get("po_clerk", "/api/routing/suggest").status_code == 422


def test_routing_suggestions_say_why_and_leave_out_the_municipal_government(api: Api) -> None:
    """Each suggestion returns its explanation (region of occurrence, the list's entry) in the
    reader's language; a district matter does not go to the municipal government."""
    HandlingListEntry.objects.create(
        department=api.mw.district_housing,
        category=api.mw.property_fees,
        request_type="物业收费争议",
        legal_route="petition_handling",
        legal_basis="《物业管理条例》",
    )
    query = {"region_code": "500103001", "category_id": api.mw.property_fees.pk}
    body = api.get("po_clerk", "/api/routing/suggest", **query).json()
    assert [s["organ"]["id"] for s in body] == [
        api.mw.district_housing.pk,
        api.mw.township.pk,
        api.mw.district.pk,
    ]
    assert body[0]["reason"] == (
        "问题发生地的区县级主管部门：依渝中区住房城乡建委依法分类处理清单“物业收费争议”一项，"
        "由其办理（谁主管、谁负责）。"
    )
    assert body[2]["basis"] == ["细则第三条", "细则第四条第二款"]
    client = api.client("po_clerk")
    client.cookies["django_language"] = "en"
    english = client.get("/api/routing/suggest", query).json()
    assert english[0]["reason"].startswith("Competent department where the matter arose")
    assert english[2]["reason"].startswith("The place of occurrence falls under 渝中区人民政府")


def test_a_department_keeps_its_own_handling_list(api: Api) -> None:
    url = f"/api/organs/{api.mw.district_housing.pk}/handling-list"
    entry = {
        "category_id": api.mw.property_fees.pk,
        "request_type": "物业服务合同纠纷",
        "legal_route": "litigation",
        "legal_basis": "《民法典》第九百三十七条",
        "time_limit_days": 60,
    }
    response = api.post("housing_staff", url, entry)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["legal_route_label"] == "诉讼"
    listed = api.get("po_clerk", url).json()
    assert [e["id"] for e in listed["items"]] == [created["id"]] and listed["count"] == 1
    response = api.client("housing_staff").patch(
        f"/api/handling-list/{created['id']}",
        data=json.dumps({"is_active": False, "time_limit_days": 30}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False
    assert response.json()["time_limit_days"] == 30
    # Another organ in scope may read the list but not write it; another district not at all.
    assert api.post("po_clerk", url, entry).status_code == 403
    assert api.get("other_staff", url).status_code == 404
    response = api.client("other_staff").patch(
        f"/api/handling-list/{created['id']}",
        data=json.dumps({"is_active": True}),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_categories_are_listed_as_a_tree_with_other_last(api: Api) -> None:
    """The taxonomy admins edit, with the default subjects seeded by migration: each main
    category followed by its subcategories (``parent_id``, ``depth``, ``children``), "其他"
    last, not in code order between 市场监管 and 组织人事."""
    body = api.get("po_clerk", "/api/matter-categories", page_size=200).json()
    listed = body["items"]
    assert body["count"] == len(listed)
    codes = [c["code"] for c in listed]
    assert {"HOUSING", "HOUSING-FEES", "housing", "labour", "other"} <= set(codes)
    assert codes[-1] == "other"
    by_code = {c["code"]: c for c in listed}
    housing, fees = by_code["HOUSING"], by_code["HOUSING-FEES"]
    assert (housing["parent_id"], housing["depth"], housing["children"]) == (None, 0, [fees["id"]])
    assert (fees["parent_id"], fees["depth"], fees["children"]) == (housing["id"], 1, [])
    assert codes.index("HOUSING-FEES") == codes.index("HOUSING") + 1
    main = [c["code"] for c in listed if c["depth"] == 0]
    assert main == [*sorted(main[:-1]), "other"]
    for category in listed:  # every subcategory comes after its main category
        if category["parent_id"] is not None:
            parent = next(c for c in listed if c["id"] == category["parent_id"])
            assert listed.index(parent) < listed.index(category)


# ---------------------------------------------------------------------------------------------
# The public lookup


def test_the_petitioner_looks_up_the_matter_without_signing_in(api: Api) -> None:
    created = api.register()
    matter_id = created["id"]
    api.post(
        "po_clerk",
        f"/api/matters/{matter_id}/route",
        {"kind": "transfer", "to_organ_id": api.mw.district_housing.pk},
    )
    api.post("housing_staff", f"/api/matters/{matter_id}/accept", {"notice": "已受理"})
    api.post("housing_staff", f"/api/matters/{matter_id}/conclude", OPINION)
    code = created["query_code"]
    response = Client().get(f"/api/public/matters/{code.lower()}")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "concluded"
    assert body["opinions"][0]["facts"] == OPINION["facts"]
    assert body["notices"][0]["notice"] == "已受理"
    text = response.content.decode()
    for secret in ("张", "139", HOUSING_TEXT[:10], "物业多收", str(matter_id) + ","):
        assert secret not in text
    assert set(body) == {
        "state",
        "state_label",
        "received_at",
        "registered_at",
        "action_due",
        "action_paused",
        "request_due",
        "notices",
        "opinions",
    }


def test_the_query_code_can_travel_in_a_body_not_an_address(api: Api) -> None:
    """The code opens the matter to whoever holds it: ``POST .../lookup`` keeps it out of
    access logs; the answer is the GET's."""
    code = api.register()["query_code"]
    posted = Client().post(
        "/api/public/matters/lookup",
        data=json.dumps({"query_code": code}),
        content_type="application/json",
    )
    assert posted.status_code == 200
    assert posted.json() == Client().get(f"/api/public/matters/{code}").json()
    assert code not in posted.wsgi_request.get_full_path()
    unknown = Client().post(
        "/api/public/matters/lookup",
        data=json.dumps({"query_code": "NOPE"}),
        content_type="application/json",
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"


def test_an_unknown_query_code_is_404(api: Api) -> None:
    response = Client().get("/api/public/matters/NOPE")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_public_lookup_is_rate_limited(api: Api, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.XINFANG_PUBLIC_LOOKUP_LIMIT = 3
    client = Client(REMOTE_ADDR="10.1.2.3")
    codes = [client.get("/api/public/matters/NOPE").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    assert client.get("/api/public/matters/NOPE").json()["code"] == "rate_limited"
    assert Client(REMOTE_ADDR="10.1.2.4").get("/api/public/matters/NOPE").status_code == 404
    cache.clear()


def test_anonymous_calls_to_the_matter_api_answer_401(api: Api) -> None:
    assert Client().get("/api/matters").status_code == 401
    assert Client().get(f"/api/organs/{api.mw.district_po.pk}/queue").status_code == 401


# ---------------------------------------------------------------------------------------------
# OpenAPI


MATTER_PATHS = {
    "/api/matters": {"get", "post"},
    "/api/matters/{matter_id}": {"get"},
    **{
        f"/api/matters/{{matter_id}}/{step}": {"post"}
        for step in (
            "route",
            "route-out",
            "send-to-other-organ",
            "send-to-discipline",
            "accept",
            "decline",
            "conclude",
            "review-request",
            "review",
            "rereview-request",
            "rereview",
            "close",
            "satisfaction",
            "follow-up",
            "supervision-orders",
        )
    },
    "/api/matters/{matter_id}/supervision-orders/{order_id}/reply": {"post"},
    "/api/matters/{matter_id}/extension-requests": {"get", "post"},
    "/api/matters/{matter_id}/extension-requests/{request_id}/approve": {"post"},
    "/api/matters/{matter_id}/extension-requests/{request_id}/refuse": {"post"},
    "/api/organs/{organ_id}/queue": {"get"},
    "/api/organs/{organ_id}/counts": {"get"},
    "/api/organs/{organ_id}/handling-list": {"get", "post"},
    "/api/handling-list/{entry_id}": {"patch"},
    "/api/routing/suggest": {"get"},
    "/api/matter-categories": {"get"},
    "/api/public/matters/{query_code}": {"get"},
}


def test_openapi_documents_every_matter_path_with_typed_schemas(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path, methods in MATTER_PATHS.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path
        for method in methods:
            operation = paths[path][method]
            assert operation.get("description") or operation.get("summary"), (path, method)
            success = {"200", "201"} & set(operation["responses"])
            assert success, (path, method)
            content = operation["responses"][success.pop()]["content"]["application/json"]
            assert content["schema"], (path, method)
    intake = paths["/api/matters"]["post"]
    assert {"409", "422"} <= set(intake["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in intake["parameters"])
    channel = schema["components"]["schemas"]["MatterCreateIn"]["properties"]["channel"]
    assert channel  # typed by the channel choices


def test_an_accused_person_never_sees_the_matter_but_colleagues_do(api: Api) -> None:
    from xinfang.orgs.models import Person

    accused = Person.objects.get(user=api.users["housing_staff"])
    colleague = account("housing_colleague", api.mw.district_housing)
    api.users["housing_colleague"] = colleague
    matter_id = api.routed(accused_person_ids=[accused.pk])
    assert api.get("housing_staff", f"/api/matters/{matter_id}").status_code == 404
    assert api.get("housing_staff", "/api/matters").json()["count"] == 0
    queue = api.get("housing_staff", f"/api/organs/{api.mw.district_housing.pk}/queue").json()
    assert queue["items"] == []
    assert api.get("housing_colleague", f"/api/matters/{matter_id}").status_code == 200
    denial = AuditEntry.objects.filter(action="access.denied").latest("id")
    assert denial.details["reason"] == "accused_person"


def test_list_and_queue_query_counts_do_not_grow_with_rows(api: Api) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str) -> int:
        client = api.client("po_clerk")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = ("/api/matters", f"/api/organs/{api.mw.district_po.pk}/queue")
    api.register(petitioner_id=None, petitioner=None)
    for url in urls:  # once first: what a process caches (content types) is not per row
        count(url)
    before = [count(url) for url in urls]
    for _ in range(4):
        api.register(petitioner=None)
    assert [count(url) for url in urls] == before


# ---------------------------------------------------------------------------------------------
# Bad input never answers 500 or HTML


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"accused_organ_ids": [2**63]}, "accused_organ_ids.0"),
        ({"accused_person_ids": [2**64]}, "accused_person_ids.0"),
        ({"petitioner_id": 2**63, "petitioner": None}, "petitioner_id"),
        ({"category_id": -1}, "category_id"),
        ({"organ_id": 0}, "organ_id"),
        ({"is_collective": True, "channel": "visit", "headcount": 2**63}, "headcount"),
    ],
)
def test_an_id_or_number_beyond_any_key_is_refused_by_field(
    api: Api, overrides: dict[str, Any], field: str
) -> None:
    response = api.post("po_clerk", "/api/matters", intake_body(api.mw, **overrides))
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"]
    assert not Matter.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"petitioner_id": True, "petitioner": None}, "petitioner_id"),
        ({"category_id": True}, "category_id"),
        ({"accused_organ_ids": [True]}, "accused_organ_ids"),
        ({"is_collective": True, "channel": "visit", "headcount": True}, "headcount"),
    ],
)
def test_true_is_not_the_number_one(api: Api, overrides: dict[str, Any], field: str) -> None:
    """Read as 1, ``"petitioner_id": true`` would file the matter under petitioner 1."""
    response = api.post("po_clerk", "/api/matters", intake_body(api.mw, **overrides))
    assert response.status_code == 422, response.content
    assert "true/false" in response.json()["fields"][field][0]
    assert not Matter.objects.exists()
    # A flag still takes a boolean.
    response = api.post("po_clerk", "/api/matters", intake_body(api.mw, may_be_public=True))
    assert response.status_code == 201, response.content


def test_a_misspelt_field_is_refused_by_name_not_dropped(api: Api) -> None:
    """Dropped, ``accused_organ_id`` would register an accusation with no accused unit, whose
    staff would then see the petitioner (细则第十一条第八项)."""
    body = intake_body(api.mw)
    body["accused_organ_id"] = [api.mw.district_housing.pk]
    response = api.post("po_clerk", "/api/matters", body)
    assert response.status_code == 422, response.content
    assert response.json()["fields"] == {"accused_organ_id": ["未知的字段，请核对字段名。"]}
    response = api.post(
        "po_clerk",
        "/api/matters",
        intake_body(api.mw, petitioner={"name": "张三", "id_numbr": "110105194912310021"}),
    )
    assert response.status_code == 422
    assert "petitioner.id_numbr" in response.json()["fields"]
    assert not Matter.objects.exists()
    # A query's parameters are not a body: an unknown one is ignored.
    assert api.get("po_clerk", "/api/matters", state="registered", _="1").status_code == 200


def test_a_headcount_beyond_reason_and_a_receipt_before_the_rules_are_refused(api: Api) -> None:
    collective = {"is_collective": True, "channel": "visit", "representatives": 3}
    response = api.post(
        "po_clerk", "/api/matters", intake_body(api.mw, **collective, headcount=1_000_000)
    )
    assert response.status_code == 422
    assert "人数超出合理范围" in response.json()["fields"]["headcount"][0]
    # 应当推选代表: a collective visit names how many representatives it chose.
    response = api.post(
        "po_clerk",
        "/api/matters",
        intake_body(api.mw, is_collective=True, channel="visit", headcount=30),
    )
    assert response.status_code == 422
    assert response.json()["fields"]["representatives"] == ["集体访应当推选代表，请填写代表人数。"]
    for received in ("0001-01-01T00:00:00+08:00", "1900-01-01T09:00:00+08:00"):
        response = api.post("po_clerk", "/api/matters", intake_body(api.mw, received_at=received))
        assert response.status_code == 422, response.content
        assert "最早施行日期" in response.json()["fields"]["received_at"][0]
    response = api.post(
        "po_clerk", "/api/matters", intake_body(api.mw, received_at="9999-12-31T23:59:59-12:00")
    )
    assert response.status_code == 422
    assert "不能晚于登记时间" in response.json()["fields"]["received_at"][0]
    assert not Matter.objects.exists()


def test_query_and_step_ids_beyond_any_key_are_refused_by_field(api: Api) -> None:
    matter_id = api.accepted()
    response = api.get("po_clerk", "/api/matters", organ_id=2**63)
    assert response.status_code == 422 and "organ_id" in response.json()["fields"]
    queue = f"/api/organs/{api.mw.district_housing.pk}/queue"
    response = api.get("housing_staff", queue, page=2**63)
    assert response.status_code == 422 and "page" in response.json()["fields"]
    response = api.post(
        "housing_staff",
        f"/api/matters/{matter_id}/extension-requests",
        {"days": 10, "reason": "情况复杂", "organ_id": 2**63},
    )
    assert response.status_code == 422 and "organ_id" in response.json()["fields"]


def test_a_reply_delivered_tomorrow_is_not_yet_a_fact(api: Api) -> None:
    matter_id = api.accepted()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = api.post(
        "housing_staff",
        f"/api/matters/{matter_id}/conclude",
        {**OPINION, "delivered_on": tomorrow},
    )
    assert response.status_code == 422
    assert response.json()["fields"]["delivered_on"] == ["送达日期不能晚于今天。"]
    assert Matter.objects.get(pk=matter_id).state == "accepted"


def test_errors_django_answers_under_the_api_are_json_too(api: Api, settings: Any) -> None:
    client = api.client("po_clerk")
    response = client.delete("/api/matters")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]
    response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = client.post("/api/matters", data="{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "bad_request"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post("po_clerk", "/api/matters", intake_body(api.mw, content="长" * 2000))
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert not Matter.objects.exists()


def test_a_nul_character_in_any_text_is_refused_by_field(api: Api) -> None:
    """PostgreSQL cannot store one: refused by field on every database, before any write."""
    for overrides, field in (
        ({"summary": "物业\x00多收"}, "summary"),
        ({"petitioner": {"name": "张\x00三"}}, "petitioner.name"),
    ):
        response = api.post("po_clerk", "/api/matters", intake_body(api.mw, **overrides))
        assert response.status_code == 422, response.content
        assert "NUL" in response.json()["fields"][field][0]
    matter_id = api.accepted()
    response = api.post(
        "housing_staff", f"/api/matters/{matter_id}/conclude", {**OPINION, "facts": "经查\x00"}
    )
    assert response.status_code == 422 and "facts" in response.json()["fields"]
    assert Matter.objects.count() == 1


def test_service_errors_name_the_fields_as_the_request_names_them(api: Api) -> None:
    response = api.post(
        "po_clerk",
        "/api/matters",
        intake_body(api.mw, petitioner={"name": "张三", "id_number": "110105194912310021"}),
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["petitioner.id_number"]
    matter_id = api.concluded()
    response = api.post(
        "po_clerk",
        f"/api/matters/{matter_id}/review-request",
        {"review_organ_id": api.mw.district_housing.pk},
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["review_organ_id"]


def test_schema_errors_speak_the_users_language(api: Api) -> None:
    body = intake_body(api.mw, channel="pigeon", summary="长" * 301)
    del body["content"]
    fields = api.post("po_clerk", "/api/matters", body).json()["fields"]
    assert fields["content"] == ["必填。"]
    assert fields["summary"] == ["不能超过 300 个字符。"]
    assert fields["channel"][0].startswith("不是可选的值，可选：")
    client = api.client("po_clerk")
    client.cookies["django_language"] = "en"
    english = client.post("/api/matters", data=json.dumps(body), content_type="application/json")
    assert english.json()["fields"]["content"] == ["Required."]


def test_a_form_body_is_refused_as_not_json(api: Api) -> None:
    """With the CSRF check a browser's session meets, which reads a form body first."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(api.users["po_clerk"], backend="xinfang.access.backends.ModelBackend")
    client.get("/api/docs")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    for data in ({"summary": "物业多收电梯维修费"}, {}):
        response = client.post("/api/matters", data=data, headers={"X-CSRFToken": token})
        assert response.status_code == 415, response.content
        assert response.json()["code"] == "unsupported_media_type"
    response = client.post(
        "/api/matters",
        data=b"--x\r\nbroken",
        content_type="multipart/form-data; boundary=x",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code in (400, 403, 415) and "code" in response.json()
    assert not Matter.objects.exists()


def test_accountability_ids_beyond_any_key_are_refused_by_field(api: Api) -> None:
    from xinfang.orgs.models import Person

    admin = UserFactory(username="root_admin", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin, backend="xinfang.access.backends.ModelBackend")
    response = client.post(
        "/api/accountability/leads",
        data=json.dumps(
            {
                "ground": 1,
                "organ_id": api.mw.district_housing.pk,
                "person_ids": [2**63],
                "description": "逾期未办结",
                "failure_date": "2026-01-05",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert "person_ids.0" in response.json()["fields"]
    assert Person.objects.exists()


def test_the_organ_named_must_be_what_the_step_says_it_is(api: Api) -> None:
    """A court is a court; a review goes up from the organ that handled the matter."""
    matter_id = api.register()["id"]
    response = api.post(
        "po_clerk",
        f"/api/matters/{matter_id}/send-to-other-organ",
        {"other_organ": "court", "notice": "请向人民法院提出", "to_organ_id": api.mw.city.pk},
    )
    assert response.status_code == 422
    assert response.json()["fields"]["to_organ_id"] == ["所选机关不是人民法院。"]
    concluded = api.concluded()
    for organ in (api.mw.township, api.mw.other_housing, api.mw.district_po):
        response = api.post(
            "po_clerk",
            f"/api/matters/{concluded}/review-request",
            {"review_organ_id": organ.pk},
        )
        assert response.status_code == 422, organ.name
        assert response.json()["fields"]["review_organ_id"] == ["复查、复核由上一级机关办理。"]
    assert Matter.objects.get(pk=concluded).state == "concluded"


def test_the_api_intake_refuses_a_place_not_in_the_registry(api: Api) -> None:
    response = api.post("po_clerk", "/api/matters", intake_body(api.mw, region_code="999999"))
    assert response.status_code == 422, response.content
    assert response.json()["fields"]["region_code"] == [
        "问题发生地 999999 不是机构名录中的行政区划，请核对行政区划代码。"
    ]
    assert not Matter.objects.exists()


def test_a_region_code_is_ascii_digits_and_a_receipt_is_dated_in_beijing(api: Api) -> None:
    for code in ("５００１０３", "٥٠٠١٠٣"):
        response = api.post("po_clerk", "/api/matters", intake_body(api.mw, region_code=code))
        assert response.status_code == 422 and "region_code" in response.json()["fields"]
    # 2017-05-23 00:30 at +14:00 is 2017-05-22 18:30 in Beijing: before the rules took effect.
    response = api.post(
        "po_clerk", "/api/matters", intake_body(api.mw, received_at="2017-05-23T00:30:00+14:00")
    )
    assert response.status_code == 422
    assert "最早施行日期" in response.json()["fields"]["received_at"][0]
    assert not Matter.objects.exists()


def test_a_department_takes_in_what_it_received_directly_and_cannot_route_it_on(
    api: Api,
) -> None:
    """Only a petition office registers and routes (细则第六条); a department's intake is a
    direct receipt it decides acceptance of itself."""
    petitioner = {"name": "张三丰", "phone": "13912345678", "address": "渝中区民生路88号"}
    body = api.post("housing_staff", "/api/matters", intake_body(api.mw, petitioner=petitioner))
    body = body.json()
    assert body["state"] == "routed" and body["action_period"] == "accept"
    assert body["handling_organ"]["id"] == api.mw.district_housing.pk
    response = api.post(
        "housing_staff",
        f"/api/matters/{body['id']}/route",
        {"kind": "assign", "to_organ_id": api.mw.city.pk},
    )
    assert response.status_code in (403, 409)
    assert api.post("housing_staff", f"/api/matters/{body['id']}/accept", {}).status_code == 200


def test_the_register_service_refuses_an_organ_that_is_no_petition_office(api: Api) -> None:
    from xinfang.petitions.matters.services import MatterRefused, matter_register

    with pytest.raises(MatterRefused) as info:
        matter_register(
            organ=api.mw.district_housing,
            actor="test",
            channel="letter",
            received_at=timezone.now(),
            summary="物业多收电梯维修费",
            content=HOUSING_TEXT,
            region_code="500103001",
        )
    assert info.value.code == "register_by_petition_office"
    assert info.value.basis_strings == ["细则第六条"]
    assert not Matter.objects.exists()


def test_a_petitioner_registered_again_by_id_number_is_the_same_petitioner(api: Api) -> None:
    """One person, one record: their earlier matter is found as theirs."""
    from tests.access.world import valid_id_number

    identity = {"name": "张三丰", "id_number": valid_id_number(5)}
    first = api.register(petitioner=identity)
    second = api.register(petitioner={**identity, "name": "张三丰 "}, summary="又来反映")
    ids = set(Matter.objects.values_list("petitioner_id", flat=True))
    assert len(ids) == 1 and Petitioner.objects.count() == 1
    assert [(r["earlier_id"], r["same_petitioner"]) for r in second["repeats"]] == [
        (first["id"], True)
    ]
    assert AuditEntry.objects.filter(action="petitioner.created").count() == 1
    # Another name with that number is for the clerk to check, by the request's field name.
    response = api.post(
        "po_clerk", "/api/matters", intake_body(api.mw, petitioner={**identity, "name": "赵六"})
    )
    assert response.status_code == 422
    assert "另一姓名的信访人" in response.json()["fields"]["petitioner.id_number"][0]
    assert Matter.objects.count() == 2
