"""Repeat petitions are found on registration and linked with a score; never merged."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from xinfang.audit.models import AuditEntry
from xinfang.petitions import similarity
from xinfang.petitions.matters import repeats
from xinfang.petitions.matters.models import (
    Matter,
    MatterBandKey,
    MatterFingerprint,
    RecentBandKey,
    RepeatLink,
    StopBandKey,
)
from xinfang.petitions.matters.selectors import repeat_candidates
from xinfang.petitions.matters.services import index
from xinfang.petitions.matters.services.index import MergeResult, repeat_index_merge

from .factories import OTHER_TEXT, MatterWorld, at

pytestmark = pytest.mark.django_db

REWORDED = (
    "我是恒达花园小区业主。恒达花园的物业公司从2023年开始每个月向我们多收120元电梯维修费，"
    "住在民生路88号的业主们找过物业和社区好几次，物业就是不退钱，电梯维修费怎么花的账目也不公开。"
    "请住建委让物业退还多收的钱、公开账目。"
)


def test_band_keys_and_fingerprint_are_stored_for_the_text(mw: MatterWorld) -> None:
    m = mw.register()
    text = f"{m.summary}\n{m.content}"
    plain = [value for _band, value in similarity.band_values(text)]
    expected = set(similarity.place_keys(plain, m.region_code[:6]))
    assert set(RecentBandKey.objects.filter(matter=m).values_list("key", flat=True)) == expected
    assert len(expected) == similarity.BANDS
    assert not MatterBandKey.objects.filter(matter=m).exists()  # archive tier: after a merge
    stored = bytes(MatterFingerprint.objects.get(matter=m).data)
    assert stored == similarity.fingerprint(similarity.shingles(text))


def test_reworded_complaint_by_another_petitioner_is_linked_by_content(mw: MatterWorld) -> None:
    first = mw.register(identity={"name": "张三"})
    second = mw.register(
        identity={"name": "李四"},
        content=REWORDED,
        summary="电梯费多收",
        received_at=at("2025-09-21", 9),
        at=at("2025-09-21", 10),
    )
    [link] = repeat_candidates(matter=second, user=None)
    assert link.earlier == first
    assert (link.reason, link.same_petitioner, link.similar) == ("similar_content", False, True)
    assert link.score >= similarity.REPEAT_THRESHOLD
    assert second.events.get().details["repeats"] == [first.pk]
    # Never merged: both matters stay, each with its own state and clock.
    assert Matter.objects.filter(state="registered").count() == 2


def test_the_same_text_about_another_district_is_not_linked_by_content(mw: MatterWorld) -> None:
    """Keys are placed in the district of occurrence: a repeat is the same complaint about the
    same place. The same petitioner's matters are still linked wherever they happened."""
    first = mw.register(identity={"name": "张三"})
    elsewhere = mw.register(
        identity={"name": "李四"},
        region_code="500105001",
        received_at=at("2025-09-21", 9),
        at=at("2025-09-21", 10),
    )
    assert repeat_candidates(matter=elsewhere, user=None) == []
    same_person = mw.register(
        petitioner=first.petitioner.pk,
        region_code="500105",
        received_at=at("2025-09-22", 9),
        at=at("2025-09-22", 10),
    )
    assert {link.earlier for link in repeat_candidates(matter=same_person, user=None)} == {
        first,
        elsewhere,
    }


def test_same_petitioner_is_linked_even_about_something_else(mw: MatterWorld) -> None:
    first = mw.register(identity={"name": "张三"})
    second = mw.register(
        petitioner=first.petitioner.pk,
        content=OTHER_TEXT,
        summary="食堂问题",
        region_code="500105001",
        received_at=at("2025-09-21", 9),
        at=at("2025-09-21", 10),
    )
    [link] = repeat_candidates(matter=second, user=None)
    assert (link.earlier, link.reason, link.same_petitioner, link.similar) == (
        first,
        "same_petitioner",
        True,
        False,
    )


def test_unrelated_matters_of_different_petitioners_are_not_linked(mw: MatterWorld) -> None:
    mw.register(identity={"name": "张三"})
    other = mw.register(
        identity={"name": "李四"},
        content=OTHER_TEXT,
        summary="食堂问题",
        received_at=at("2025-09-21", 9),
        at=at("2025-09-21", 10),
    )
    assert repeat_candidates(matter=other, user=None) == []
    assert not RepeatLink.objects.exists()


def test_anonymous_matters_are_compared_by_content_only(mw: MatterWorld) -> None:
    first = mw.register()
    second = mw.register(received_at=at("2025-09-21", 9), at=at("2025-09-21", 10))
    [link] = repeat_candidates(matter=second, user=None)
    assert (link.earlier, link.reason, link.score) == (first, "similar_content", 1.0)


# ---- the two tiers of the index ------------------------------------------------------------


def _registered(mw: MatterWorld, n: int, name: str) -> Matter:
    return mw.register(
        identity={"name": name},
        received_at=at(f"2025-09-2{n}", 9),
        at=at(f"2025-09-2{n}", 10),
    )


def test_a_merge_moves_recent_keys_to_the_archive_and_repeats_are_still_found(
    mw: MatterWorld,
) -> None:
    first = mw.register(identity={"name": "张三"})
    keys = set(RecentBandKey.objects.filter(matter=first).values_list("key", flat=True))
    result = repeat_index_merge(actor="test:worker")
    assert (result.moved, result.stop_keys, result.dropped) == (len(keys), 0, 0)
    assert not RecentBandKey.objects.exists()
    assert set(MatterBandKey.objects.filter(matter=first).values_list("key", flat=True)) == keys
    entry = AuditEntry.objects.get(action="repeats.index_merged")
    assert entry.details == {"moved": len(keys), "stop_keys": 0, "dropped": 0}
    # Found through the archive tier now; the new matter's keys wait in the recent tier.
    second = _registered(mw, 1, "李四")
    [link] = repeat_candidates(matter=second, user=None)
    assert (link.earlier, link.reason) == (first, "similar_content")
    assert RecentBandKey.objects.filter(matter=second).count() == len(keys)


def test_an_empty_merge_writes_nothing(mw: MatterWorld) -> None:
    assert repeat_index_merge(actor="test:worker") == MergeResult(0, 0, 0)
    assert not AuditEntry.objects.filter(action="repeats.index_merged").exists()


def test_keys_shared_by_too_many_matters_become_stop_keys_and_are_no_longer_looked_up(
    mw: MatterWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "STOP_KEY_MATTERS", 2)
    matters = [_registered(mw, n, name) for n, name in enumerate(["甲", "乙", "丙"], start=1)]
    keys = set(RecentBandKey.objects.filter(matter=matters[0]).values_list("key", flat=True))
    result = repeat_index_merge(actor="test:worker")
    assert result.stop_keys == len(keys)  # the same text three times: every key, 3 > 2
    assert result.dropped == 3 * len(keys)
    assert set(StopBandKey.objects.values_list("key", flat=True)) == keys
    assert set(StopBandKey.objects.values_list("matters", flat=True)) == {3}
    assert not MatterBandKey.objects.exists()
    # A fourth telling by another petitioner: its keys are all stop keys, so nothing is found
    # by content (the petitioner's own earlier matters are still found by the petitioner).
    fourth = _registered(mw, 5, "丁")
    assert repeat_candidates(matter=fourth, user=None) == []
    # ...and the next merge does not index stop keys again.
    assert repeat_index_merge(actor="test:worker") == MergeResult(0, 0, 0)
    assert not RecentBandKey.objects.exists() and not MatterBandKey.objects.exists()


def test_merge_repeat_index_command_prints_what_it_did(mw: MatterWorld) -> None:
    mw.register()
    out = io.StringIO()
    call_command("merge_repeat_index", stdout=out)
    assert json.loads(out.getvalue()) == {
        "moved": similarity.BANDS,
        "stop_keys": 0,
        "dropped": 0,
    }


def test_the_worker_merges_the_index_periodically(settings) -> None:
    assert ("merge_repeat_index", 600) in settings.XINFANG_PERIODIC_JOBS


def test_a_key_held_by_too_many_matters_is_not_used_even_before_a_merge(
    mw: MatterWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repeats, "STOP_KEY_MATTERS", 2)
    first, second = (_registered(mw, n, name) for n, name in ((1, "甲"), (2, "乙")))
    # Two holders of every key: still used.
    assert {link.earlier for link in repeat_candidates(matter=second, user=None)} == {first}
    third = _registered(mw, 3, "丙")
    assert {link.earlier for link in repeat_candidates(matter=third, user=None)} == {first, second}
    # Now three matters hold every key of this text: the keys say nothing any more.
    fourth = _registered(mw, 4, "丁")
    assert repeat_candidates(matter=fourth, user=None) == []
    assert not StopBandKey.objects.exists()  # no merge has run
