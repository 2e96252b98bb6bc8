"""Idempotent intake: a replay returns the original result and creates exactly one matter."""

from __future__ import annotations

import pytest

from xinfang.petitions.matters.models import IdempotencyKey, Matter
from xinfang.petitions.matters.services import IdempotencyConflict, intake_idempotent

from .factories import MatterWorld

pytestmark = pytest.mark.django_db


def test_replay_returns_the_original_response_and_creates_one_matter(mw: MatterWorld) -> None:
    calls = []

    def create() -> dict:
        calls.append(1)
        m = mw.register()
        return {"id": m.pk, "query_code": m.query_code}

    first, replayed = intake_idempotent(key="k-1", body_hash="h1", create=create, scope="user:1")
    assert replayed is False
    again, replayed = intake_idempotent(key="k-1", body_hash="h1", create=create, scope="user:1")
    assert (again, replayed) == (first, True)
    assert len(calls) == 1
    assert Matter.objects.count() == 1


def test_same_key_with_another_body_is_refused(mw: MatterWorld) -> None:
    intake_idempotent(key="k-1", body_hash="h1", create=lambda: {"id": 1})
    with pytest.raises(IdempotencyConflict) as info:
        intake_idempotent(key="k-1", body_hash="h2", create=lambda: {"id": 2})
    assert info.value.code == "idempotency_key_reused"
    assert info.value.message_zh == "幂等键已用于内容不同的请求"


def test_keys_are_scoped_per_client(mw: MatterWorld) -> None:
    intake_idempotent(key="k", body_hash="h1", create=lambda: {"id": 1}, scope="a")
    response, replayed = intake_idempotent(
        key="k", body_hash="h2", create=lambda: {"id": 2}, scope="b"
    )
    assert (response, replayed) == ({"id": 2}, False)


def test_a_failed_creation_keeps_no_key(mw: MatterWorld) -> None:
    def fail() -> dict:
        mw.register()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        intake_idempotent(key="k", body_hash="h", create=fail)
    assert not IdempotencyKey.objects.exists()
    assert not Matter.objects.exists()
    response, replayed = intake_idempotent(key="k", body_hash="h", create=lambda: {"ok": True})
    assert (response, replayed) == ({"ok": True}, False)
