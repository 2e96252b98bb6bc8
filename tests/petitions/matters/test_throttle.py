"""The limit on the public query-code look-up: failed guesses in a sliding window, kept in the
shared cache, per real client address, refused with ``Retry-After``; known codes always answered."""

from __future__ import annotations

import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory

from xinfang.petitions.matters import throttle
from xinfang.petitions.matters.throttle import client_address

from .factories import MatterWorld

API = "/api/public/matters/"


@pytest.fixture(autouse=True)
def _empty_cache(db: None) -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The throttle's clock, set by the test (the cache's own expiry runs on real time)."""
    now = [1_000_000.0]
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: now[0]))
    return now


def guesses(client: Client, count: int, **extra: Any) -> list[int]:
    return [client.get(f"{API}NOPE{n}", **extra).status_code for n in range(count)]


def test_guesses_straddling_a_window_boundary_get_no_second_allowance(
    settings: Any, clock: list[float]
) -> None:
    """Thirty failed guesses just before a five-minute boundary and thirty just after it: the
    second thirty are refused (a fixed window let all sixty through within seconds)."""
    settings.XINFANG_PUBLIC_LOOKUP_LIMIT = 30
    settings.XINFANG_PUBLIC_LOOKUP_WINDOW = 300
    client = Client(REMOTE_ADDR="198.51.100.7")
    clock[0] = 300 * 5000 - 1.0
    assert guesses(client, 30) == [404] * 30
    clock[0] += 2.0
    assert guesses(client, 30) == [429] * 30


def test_a_known_code_is_answered_from_an_address_throttled_for_guessing(
    mw: MatterWorld, settings: Any
) -> None:
    """Only unknown codes count: a petitioner behind the same address as a guesser still
    follows the matter, on the API and on the page, and so do repeated look-ups of it."""
    settings.XINFANG_PUBLIC_LOOKUP_LIMIT = 2
    code = mw.register().query_code
    client = Client(REMOTE_ADDR="198.51.100.8")
    for _ in range(5):
        assert client.get(f"{API}{code}").status_code == 200
    assert guesses(client, 3) == [404, 404, 429]
    assert client.get(f"{API}{code}").status_code == 200
    page = client.post("/query/", {"code": code})
    assert page.status_code == 200
    assert "查询过于频繁" not in page.content.decode()
    assert client.post("/query/", {"code": "NOPE"}).status_code == 429


def test_a_refused_lookup_says_when_to_try_again(settings: Any, clock: list[float]) -> None:
    """429 carries ``Retry-After``: the seconds until the oldest failed guess leaves the
    window; the page says it in minutes."""
    settings.XINFANG_PUBLIC_LOOKUP_LIMIT = 2
    settings.XINFANG_PUBLIC_LOOKUP_WINDOW = 300
    client = Client(REMOTE_ADDR="198.51.100.9")
    assert guesses(client, 2) == [404, 404]
    clock[0] += 100
    refused = client.get(f"{API}NOPE")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert refused["Retry-After"] == "200"
    page = client.post("/query/", {"code": "NOPE"})
    assert page.status_code == 429
    assert page["Retry-After"] == "200"
    assert "请 4 分钟后再试" in page.content.decode()


def test_failed_guesses_leave_the_window_as_it_slides(settings: Any) -> None:
    settings.XINFANG_PUBLIC_LOOKUP_LIMIT = 1
    settings.XINFANG_PUBLIC_LOOKUP_WINDOW = 2
    client = Client(REMOTE_ADDR="198.51.100.10")
    assert guesses(client, 2) == [404, 429]
    time.sleep(2.2)
    assert guesses(client, 2) == [404, 429]


def test_the_counts_are_kept_in_the_shared_database_cache(settings: Any) -> None:
    """Every worker process and server sees the same counts: they are rows of the cache
    table, not a process's memory."""
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        pytest.skip("counts in Redis")
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert guesses(Client(REMOTE_ADDR="198.51.100.11"), 3) == [404] * 3
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM xinfang_cache WHERE cache_key LIKE %s",
            ["%public-lookup:198.51.100.11:%"],
        )
        assert cursor.fetchone()[0] == 3


def test_clients_behind_a_trusted_proxy_are_told_apart(settings: Any) -> None:
    """Behind nginx every request comes from the proxy's address: the limit counts the
    client that ``X-Forwarded-For`` names, so one guesser does not shut out the city."""
    settings.XINFANG_PUBLIC_LOOKUP_LIMIT = 2
    settings.XINFANG_TRUSTED_PROXIES = ["127.0.0.1/32"]
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    guesser = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert guesses(proxy, 3, **guesser) == [404, 404, 429]
    assert guesses(proxy, 1, HTTP_X_FORWARDED_FOR="203.0.113.6") == [404]
    # A guesser who writes a header of his own is still the address the proxy saw.
    spoofed = {"HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.5"}
    assert guesses(proxy, 1, **spoofed) == [429]


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "client"),
    [
        ("203.0.113.5", "192.0.2.1", [], "203.0.113.5"),
        ("203.0.113.5", "192.0.2.1", ["127.0.0.1/32"], "203.0.113.5"),
        ("127.0.0.1", "192.0.2.1, 203.0.113.5", ["127.0.0.1/32"], "203.0.113.5"),
        ("10.0.0.2", "203.0.113.5, 10.0.0.9", ["10.0.0.0/8"], "203.0.113.5"),
        ("10.0.0.2", "not-an-address, 10.0.0.9", ["10.0.0.0/8"], "10.0.0.9"),
        ("127.0.0.1", "", ["127.0.0.1/32"], "127.0.0.1"),
        ("2001:db8:1:2:3:4:5:6", "", [], "2001:db8:1:2::/64"),
    ],
)
def test_the_client_address_believes_only_trusted_proxies(
    settings: Any, remote: str, forwarded: str, trusted: list[str], client: str
) -> None:
    settings.XINFANG_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client
