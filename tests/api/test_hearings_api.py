"""Hearings over HTTP: the re-review organ records one, the clock pauses, its end moves the due
date (信访条例(2005)第三十五条第二款, 信访工作条例(2022)第三十六条第二款).

The matter is walked through the services with 2025 dates (``walk_to``): the re-review request
reached the city government on 2025-07-25 and was due 2025-08-25, long before today, so it is
overdue until a hearing pauses it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.petitions.matters.factories import MatterWorld, build_matter_world, walk_to
from xinfang.orgs.choices import PositionKind
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.services import forget_calendar

from .test_matters_api import OPINION, account

pytestmark = pytest.mark.django_db

ART_36_2 = "信访工作条例(2022)第三十六条第二款"


class Clients:
    def __init__(self, mw: MatterWorld) -> None:
        self.mw = mw
        self.users = {
            "city_gov": account("city_gov", mw.city, PositionKind.TEAM_MEMBER),
            "housing_staff": account("housing_staff", mw.district_housing),
        }

    def client(self, name: str) -> Client:
        client = Client()
        client.force_login(self.users[name], backend="xinfang.access.backends.ModelBackend")
        return client

    def post(self, name: str, url: str, body: dict[str, Any]) -> Any:
        return self.client(name).post(url, data=json.dumps(body), content_type="application/json")

    def get(self, name: str, url: str, **params: Any) -> Any:
        return self.client(name).get(url, params)


@pytest.fixture
def http(db: None) -> Clients:
    forget_calendar()
    return Clients(build_matter_world())


@pytest.fixture
def matter(http: Clients) -> Matter:
    return walk_to(http.mw, "rereview_requested")


def overdue_ids(http: Clients, overdue: bool) -> set[int]:
    response = http.get("city_gov", "/api/matters", overdue=str(overdue).lower())
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_a_hearing_pauses_the_rereview_clock_and_its_end_moves_the_due_date(
    http: Clients, matter: Matter
) -> None:
    url = f"/api/matters/{matter.pk}/hearings"
    assert matter.pk in overdue_ids(http, True)

    response = http.post(
        "city_gov", url, {"started_on": "2025-08-11", "place": "市信访听证室", "note": "三方到场"}
    )
    assert response.status_code == 201, response.content
    hearing = response.json()
    assert (hearing["stage"], hearing["pauses"], hearing["ended_on"]) == (
        "rereview",
        "rereview",
        None,
    )
    assert hearing["organ"]["id"] == http.mw.city.pk
    assert (hearing["action_paused"], hearing["action_due"]) == (True, "2025-08-25")
    assert hearing["basis"] == [ART_36_2]

    # Paused: past its nominal due date, yet not overdue anywhere.
    assert matter.pk not in overdue_ids(http, True)
    assert matter.pk in overdue_ids(http, False)
    detail = http.get("city_gov", f"/api/matters/{matter.pk}").json()
    assert (detail["action_paused"], detail["is_overdue"]) == (True, False)
    assert [h["id"] for h in detail["hearings"]] == [hearing["id"]]
    clock = next(c for c in detail["clocks"] if c["period"] == "rereview")
    assert (clock["paused_on"], clock["paused_days"]) == ("2025-08-11", 0)
    queue = http.get("city_gov", f"/api/organs/{http.mw.city.pk}/queue").json()["items"]
    assert [(i["id"], i["action_paused"], i["is_overdue"]) for i in queue] == [
        (matter.pk, True, False)
    ]
    assert http.get("city_gov", f"/api/organs/{http.mw.city.pk}/counts").json()["overdue"] == 0
    public = Client().get(f"/api/public/matters/{matter.query_code}").json()
    assert (public["action_due"], public["action_paused"]) == ("2025-08-25", True)

    response = http.post("city_gov", f"{url}/{hearing['id']}/end", {"ended_on": "2025-08-20"})
    assert response.status_code == 200, response.content
    ended = response.json()
    assert (ended["ended_on"], ended["excluded_days"]) == ("2025-08-20", 10)
    assert (ended["action_paused"], ended["action_due"]) == (False, "2025-09-03")
    detail = http.get("city_gov", f"/api/matters/{matter.pk}").json()
    clock = next(c for c in detail["clocks"] if c["period"] == "rereview")
    assert (clock["due"], clock["paused_on"], clock["paused_days"]) == ("2025-09-03", None, 10)
    assert ART_36_2 in clock["basis"]
    assert [e["action"] for e in detail["timeline"]][-2:] == ["hearing_started", "hearing_ended"]
    # 2025-09-03 is long past: overdue again, on the recomputed date.
    assert matter.pk in overdue_ids(http, True)


def test_hearing_refusals_answer_409_with_the_rule(http: Clients, matter: Matter) -> None:
    url = f"/api/matters/{matter.pk}/hearings"
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = http.post("city_gov", url, {"started_on": tomorrow})
    assert (response.status_code, response.json()["code"]) == (409, "hearing_in_future")
    # The handling organ has no part in the re-review.
    response = http.post("housing_staff", url, {"started_on": "2025-08-11"})
    assert (response.status_code, response.json()["code"]) == (409, "actor_not_allowed")
    response = http.post("city_gov", url, {"started_on": "2025-08-26"})
    assert (response.status_code, response.json()["code"]) == (409, "hearing_after_expiry")

    first = http.post("city_gov", url, {"started_on": "2025-08-11"}).json()
    response = http.post("city_gov", url, {"started_on": "2025-08-12"})
    assert (response.status_code, response.json()["code"]) == (409, "hearing_running")
    assert response.json()["basis"] == [ART_36_2]
    # The opinion waits for the hearing's end, and says so.
    response = http.post("city_gov", f"/api/matters/{matter.pk}/rereview", OPINION)
    assert (response.status_code, response.json()["code"]) == (409, "hearing_running")
    assert "请先登记听证结束日期" in response.json()["message"]

    end = f"{url}/{first['id']}/end"
    response = http.post("city_gov", end, {"ended_on": tomorrow})
    assert (response.status_code, response.json()["code"]) == (409, "hearing_in_future")
    assert http.post("city_gov", end, {"ended_on": "2025-08-12"}).status_code == 200
    response = http.post("city_gov", end, {"ended_on": "2025-08-13"})
    assert (response.status_code, response.json()["code"]) == (409, "hearing_not_running")
    response = http.post("city_gov", f"/api/matters/{matter.pk}/rereview", OPINION)
    assert response.status_code == 200, response.content


def test_hearing_input_errors_answer_422_by_field(http: Clients, matter: Matter) -> None:
    url = f"/api/matters/{matter.pk}/hearings"
    response = http.post("city_gov", url, {})
    assert response.status_code == 422
    assert "started_on" in response.json()["fields"]
    response = http.post("city_gov", url, {"started_on": "2025-08-11", "place": "x" * 201})
    assert response.status_code == 422
    assert "place" in response.json()["fields"]
    # Before the re-review request was received.
    response = http.post("city_gov", url, {"started_on": "2025-07-20"})
    assert response.status_code == 422
    assert "started_on" in response.json()["fields"]

    hearing = http.post("city_gov", url, {"started_on": "2025-08-11"}).json()
    response = http.post("city_gov", f"{url}/{hearing['id']}/end", {"ended_on": "2025-08-10"})
    assert response.status_code == 422
    assert "ended_on" in response.json()["fields"]
    assert http.post("city_gov", f"{url}/999999/end", {"ended_on": "2025-08-12"}).status_code == (
        404
    )
