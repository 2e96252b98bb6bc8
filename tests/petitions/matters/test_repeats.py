"""Repeat petitions are found on registration and linked with a score; never merged."""

from __future__ import annotations

import pytest

from xinfang.petitions import similarity
from xinfang.petitions.matters.models import Matter, MatterBandKey, RepeatLink
from xinfang.petitions.matters.selectors import repeat_candidates

from .factories import OTHER_TEXT, MatterWorld, at

pytestmark = pytest.mark.django_db

REWORDED = (
    "我是恒达花园小区业主。恒达花园的物业公司从2023年开始每个月向我们多收120元电梯维修费，"
    "住在民生路88号的业主们找过物业和社区好几次，物业就是不退钱，电梯维修费怎么花的账目也不公开。"
    "请住建委让物业退还多收的钱、公开账目。"
)


def test_band_keys_are_stored_for_the_text(mw: MatterWorld) -> None:
    m = mw.register()
    expected = {value for _band, value in similarity.band_values(f"{m.summary}\n{m.content}")}
    assert set(MatterBandKey.objects.filter(matter=m).values_list("key", flat=True)) == expected
    assert len(expected) == similarity.BANDS


def test_reworded_complaint_by_another_petitioner_is_linked_by_content(mw: MatterWorld) -> None:
    first = mw.register(identity={"name": "张三"})
    second = mw.register(
        identity={"name": "李四"},
        content=REWORDED,
        summary="电梯费多收",
        received_at=at("2025-09-21", 9),
        at=at("2025-09-21", 10),
    )
    [link] = repeat_candidates(matter=second)
    assert link.earlier == first
    assert (link.reason, link.same_petitioner, link.similar) == ("similar_content", False, True)
    assert link.score >= similarity.REPEAT_THRESHOLD
    assert second.events.get().details["repeats"] == [first.pk]
    # Never merged: both matters stay, each with its own state and clock.
    assert Matter.objects.filter(state="registered").count() == 2


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
    [link] = repeat_candidates(matter=second)
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
    assert repeat_candidates(matter=other) == []
    assert not RepeatLink.objects.exists()


def test_anonymous_matters_are_compared_by_content_only(mw: MatterWorld) -> None:
    first = mw.register()
    second = mw.register(received_at=at("2025-09-21", 9), at=at("2025-09-21", 10))
    [link] = repeat_candidates(matter=second)
    assert (link.earlier, link.reason, link.score) == (first, "similar_content", 1.0)
