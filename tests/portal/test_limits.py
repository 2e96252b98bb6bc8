"""The portal's limits: submissions per client address (behind trusted proxies only the
forwarded address counts), the petitioner's acts per query code from any address, both kept
in the shared cache so that every worker process sees the same counts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test import Client

from xinfang.petitions.matters import throttle
from xinfang.petitions.matters.models import Matter

from .conftest import handle_to_conclusion, identity

pytestmark = pytest.mark.django_db


def body(mw) -> dict[str, Any]:
    return {
        **identity(),
        "region_code": "500103",
        "category_id": mw.property_fees.pk,
        "content": "小区物业多收电梯维修费，请求责令退还。",
    }


def submit(client: Client, mw, **extra: Any) -> int:
    return client.post(
        "/api/portal/matters",
        data=json.dumps(body(mw)),
        content_type="application/json",
        **extra,
    ).status_code


def test_submissions_are_limited_per_client(mw, settings) -> None:
    settings.XINFANG_PORTAL_SUBMIT_LIMIT = 2
    one, other = Client(REMOTE_ADDR="203.0.113.1"), Client(REMOTE_ADDR="203.0.113.2")
    assert [submit(one, mw) for _ in range(3)] == [201, 201, 429]
    assert submit(other, mw) == 201
    assert Matter.objects.count() == 3


def test_the_page_counts_submissions_too(mw, settings) -> None:
    settings.XINFANG_PORTAL_SUBMIT_LIMIT = 1
    client = Client(REMOTE_ADDR="203.0.113.3")
    data = {**identity(), "district": "500103", "content": "物业多收费。"}
    assert client.post("/portal/submit/", data).status_code == 302
    refused = client.post("/portal/submit/", data)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert "物业多收费。" in refused.content.decode()  # nothing typed lost


def test_behind_a_trusted_proxy_the_forwarded_client_counts(mw, settings) -> None:
    settings.XINFANG_PORTAL_SUBMIT_LIMIT = 1
    settings.XINFANG_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    assert submit(proxy, mw, HTTP_X_FORWARDED_FOR="203.0.113.7") == 201
    assert submit(proxy, mw, HTTP_X_FORWARDED_FOR="203.0.113.8") == 201
    assert submit(proxy, mw, HTTP_X_FORWARDED_FOR="203.0.113.7") == 429
    # A client's own header does not make it someone else.
    assert submit(proxy, mw, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7") == 429


def test_an_untrusted_peer_cannot_choose_its_address(mw, settings) -> None:
    settings.XINFANG_PORTAL_SUBMIT_LIMIT = 1
    settings.XINFANG_TRUSTED_PROXIES = []
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert submit(client, mw, HTTP_X_FORWARDED_FOR="198.51.100.1") == 201
    assert submit(client, mw, HTTP_X_FORWARDED_FOR="198.51.100.2") == 429


def concluded_code(mw) -> str:
    code = (
        Client()
        .post("/api/portal/matters", data=json.dumps(body(mw)), content_type="application/json")
        .json()["query_code"]
    )
    handle_to_conclusion(mw, Matter.objects.get(query_code=code))
    return code


def test_acts_on_a_code_are_limited_per_code_from_any_address(mw, settings) -> None:
    settings.XINFANG_PORTAL_CODE_LIMIT = 2
    code = concluded_code(mw)

    def review(address: str) -> int:
        return (
            Client(REMOTE_ADDR=address)
            .post(
                "/api/portal/review",
                data=json.dumps({"query_code": code, "reason": ""}),
                content_type="application/json",
            )
            .status_code
        )

    # Empty reasons fail the schema before any count; a blank one reaches the service.
    assert review("203.0.113.20") == 422
    bodies = [{"query_code": code, "reason": " "}] * 3
    answers = [
        Client(REMOTE_ADDR=f"203.0.113.{30 + n}")
        .post("/api/portal/review", data=json.dumps(b), content_type="application/json")
        .status_code
        for n, b in enumerate(bodies)
    ]
    assert answers == [422, 422, 429]
    # Another act on the same code has its own count; reading is never limited.
    rated = Client().post(
        "/api/portal/rate",
        data=json.dumps({"query_code": code, "rating": "satisfied"}),
        content_type="application/json",
    )
    assert rated.status_code == 200
    for _ in range(5):
        assert (
            Client()
            .post(
                "/api/portal/progress",
                data=json.dumps({"query_code": code}),
                content_type="application/json",
            )
            .status_code
            == 200
        )


def test_the_counts_hold_across_two_cache_clients(mw, settings, monkeypatch) -> None:
    """Two worker processes each open their own cache client on the shared table: a limit
    reached through one holds through the other."""
    if not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        pytest.skip("the shared cache is not the database here")
    settings.XINFANG_PORTAL_CODE_LIMIT = 2
    location = settings.CACHES["default"]["LOCATION"]
    first, second = DatabaseCache(location, {}), DatabaseCache(location, {})
    monkeypatch.setattr(throttle, "cache", first)
    assert throttle.portal_code_allowed("CODE", action="rate") is None
    monkeypatch.setattr(throttle, "cache", second)
    assert throttle.portal_code_allowed("CODE", action="rate") is None
    assert throttle.portal_code_allowed("CODE", action="rate") is not None
    monkeypatch.setattr(throttle, "cache", first)
    assert throttle.portal_code_allowed("CODE", action="rate") is not None
    assert throttle.portal_code_allowed("CODE", action="review") is None


def test_the_cache_holds_the_codes_hash_never_the_code(mw, settings) -> None:
    if not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        pytest.skip("the shared cache is not the database here")
    throttle.portal_code_allowed("SECRETCODE", action="rate")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM xinfang_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("portal-code:rate:" in key for key in keys)
    assert not any("SECRETCODE" in key for key in keys)
