"""The search box posts, and what it answers never carries the identity typed: an ID number, a
phone number or a name leads to ``?petitioner=<number>``; an address's ``?q=`` refuses them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.access.test_no_signal import ID_NUMBER, PHONE, _account
from tests.petitions.test_search import two_matters

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(db: None) -> Any:
    return two_matters()


def _clerk(mw: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(
        _account("po_clerk", mw.district_po), backend="xinfang.access.backends.ModelBackend"
    )
    return client


@pytest.mark.parametrize("typed", [ID_NUMBER, PHONE, "张三丰"])
def test_an_identity_leads_to_the_petitioners_matters_by_number(two: Any, typed: str) -> None:
    mw, housing, _canteen = two
    client = _clerk(mw)
    answer = client.post("/matters/search/", {"q": typed})
    assert answer.status_code == 302
    location = answer["Location"]
    assert location == f"/matters/list/?petitioner={housing.petitioner_id}"
    assert typed not in location
    page = client.get(location).content.decode()
    assert 'data-total="1"' in page and f'data-matter="{housing.pk}"' in page


def test_an_identity_nobody_reachable_has_is_an_empty_list(two: Any) -> None:
    mw, _housing, _canteen = two
    answer = _clerk(mw).post("/matters/search/", {"q": "110105194912310011"})
    assert answer["Location"] == "/matters/list/?petitioner=0"


def test_words_are_searched_from_the_address(two: Any) -> None:
    mw, housing, _canteen = two
    client = _clerk(mw)
    answer = client.post("/matters/search/", {"q": "电梯"})
    assert answer["Location"] == "/matters/list/?q=%E7%94%B5%E6%A2%AF"
    page = client.get(answer["Location"]).content.decode()
    assert f'data-matter="{housing.pk}"' in page


def test_an_address_refuses_an_id_number_or_a_phone_number(two: Any) -> None:
    mw, _housing, _canteen = two
    client = _clerk(mw)
    for typed in (ID_NUMBER, PHONE):
        page = client.get("/matters/list/", {"q": typed})
        assert page.status_code == 200
        assert "个人信息不得放在网址中" in page.content.decode()
        api = client.get("/api/matters", {"q": typed})
        assert api.status_code == 422, api.content
    short = client.get("/matters/list/", {"q": "费"}).content.decode()
    assert "请至少输入两个字" in short


def test_the_api_lists_a_petitioners_matters_by_number(two: Any) -> None:
    mw, housing, _canteen = two
    listed = _clerk(mw).get("/api/matters", {"petitioner_id": housing.petitioner_id})
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [housing.pk]
