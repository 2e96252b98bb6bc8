"""``GET /api/matters`` takes the filters of the page of all matters through the same
FilterSet: the same rows for the same parameters, a refused value a 422 naming the API's
parameter, never a 500; an accused unit lists what it would list without the matter."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from tests.petitions.matters.factories import ACTOR
from xinfang.access.services import accusation_add
from xinfang.petitions.matters.models import Category, Matter

from .test_matters_api import Api, api  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def ids(api: Api, name: str = "po_clerk", **params: Any) -> list[int]:  # noqa: F811
    response = api.get(name, "/api/matters", **params)
    assert response.status_code == 200, response.content
    return [m["id"] for m in response.json()["items"]]


def page_ids(api: Api, query: str, name: str = "po_clerk") -> list[int]:  # noqa: F811
    """The rows the page of all matters lists for the same query."""
    html = api.client(name).get(f"/matters/list/?{query}&page_size=200").content.decode()
    return [int(pk) for pk in re.findall(r'<tr data-matter="(\d+)"', html)]


def test_every_filter_of_the_page_is_accepted(api: Api) -> None:  # noqa: F811
    routed = api.routed()
    visit = api.register(channel="visit", summary="来访事项")["id"]
    everything = ids(api)
    assert sorted(everything) == sorted([routed, visit])
    assert ids(api, state=["routed", "registered"]) == everything
    assert ids(api, channel="visit") == [visit]
    assert ids(api, channel=["visit", "letter"]) == everything
    assert ids(api, open="true") == everything and ids(api, open="false") == []
    assert ids(api, organ_id=api.mw.district.pk, subtree="true") == everything
    assert ids(api, organ_id=api.mw.district.pk) == []
    assert ids(api, handling_organ_id=api.mw.district_housing.pk) == []
    assert ids(api, category_id=api.mw.housing.pk) == everything
    assert ids(api, region="500103") == everything and ids(api, region="500105") == []
    today = timezone.localdate().isoformat()
    assert ids(api, received_from=today, received_to=today) == everything
    assert ids(api, due_soon="false", overdue="0", repeat="false") == ids(api, repeat="0")
    assert ids(api, collective="false") == everything
    assert ids(api, satisfaction="satisfied") == []
    assert ids(api, q="来访事项") == [visit]


def test_the_api_and_the_page_list_the_same_rows(api: Api) -> None:  # noqa: F811
    api.routed()
    api.register(channel="visit", summary="来访事项")
    api.register(summary="第三件")
    for params, query in (
        ({}, ""),
        ({"channel": "visit"}, "channel=visit"),
        ({"state": "registered", "sort": "number"}, "state=registered&sort=number"),
        ({"sort": "-due"}, "sort=-due"),
        ({"organ_id": api.mw.district.pk, "subtree": 1}, f"organ={api.mw.district.pk}&subtree=1"),
    ):
        assert ids(api, page_size=200, **params) == page_ids(api, query), params


def test_sort_orders_and_defaults_to_newest_received(api: Api) -> None:  # noqa: F811
    old = api.register(received_at=(timezone.now() - dt.timedelta(days=2)).isoformat())["id"]
    new = api.register(summary="新的")["id"]
    assert ids(api) == [new, old]
    assert ids(api, sort="received") == [old, new]
    assert ids(api, sort="number") == sorted([old, new])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "nonsense"}, "state"),
        ({"channel": "pigeon"}, "channel"),
        ({"open": "maybe"}, "open"),
        ({"organ_id": "abc"}, "organ_id"),
        ({"organ_id": 999999}, "organ_id"),
        ({"handling_organ_id": 999999}, "handling_organ_id"),
        ({"category_id": 999999}, "category_id"),
        ({"region": "50x"}, "region"),
        ({"received_from": "2025-02-30"}, "received_from"),
        ({"satisfaction": "delighted"}, "satisfaction"),
        ({"q": "长" * 201}, "q"),
        ({"sort": "sideways"}, "sort"),
    ],
)
def test_a_refused_value_answers_422_naming_the_parameter(
    api: Api,  # noqa: F811
    params: dict[str, Any],
    field: str,
) -> None:
    response = api.get("po_clerk", "/api/matters", **params)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert any(field in key for key in body["fields"]), body


def test_an_organ_the_user_may_not_read_is_refused(api: Api) -> None:  # noqa: F811
    response = api.get("po_clerk", "/api/matters", organ_id=api.mw.other_housing.pk)
    assert response.status_code == 422
    assert "organ_id" in response.json()["fields"]


def test_a_category_and_the_categories_under_it(api: Api) -> None:  # noqa: F811
    lift = Category.objects.create(code="LIFT", name="电梯", parent=api.mw.property_fees)
    in_lift = api.register(category_id=lift.pk)["id"]
    in_fees = api.register(summary="另一件")["id"]
    assert sorted(ids(api, category_id=api.mw.property_fees.pk)) == sorted([in_lift, in_fees])
    assert ids(api, category_id=lift.pk) == [in_lift]


def test_an_accused_unit_lists_and_counts_as_if_the_matter_did_not_exist(
    api: Api,  # noqa: F811
) -> None:
    api.accepted()
    queries: list[dict[str, Any]] = [
        {},
        {"open": "true"},
        {"state": "accepted"},
        {"q": "物业"},
        {"organ_id": api.mw.district_housing.pk},
        {"category_id": api.mw.housing.pk, "sort": "-due"},
    ]

    def seen() -> list[Any]:
        return [api.get("housing_staff", "/api/matters", **q).json() for q in queries]

    without = seen()
    assert without[0]["count"] == 1
    with transaction.atomic():
        accusing = api.accepted(summary="物业公司与住建委串通收费")
        accusation_add(
            record=Matter.objects.get(pk=accusing),
            accused_organ=api.mw.district_housing,
            actor=ACTOR,
        )
        assert seen() == without
        transaction.set_rollback(True)
