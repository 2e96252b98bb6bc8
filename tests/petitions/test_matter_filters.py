"""The one filter of matter lists (``MatterFilter``): each parameter narrows the list the access
policy made, a refused value is an error on its field and leaves the list unfiltered by it, the
sort keys order it, and an accused unit gets exactly what it would get if the accusing matter
did not exist (细则第十一条第八项)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.http import QueryDict

from tests.factories import PersonFactory, PositionFactory, UserFactory
from tests.petitions.matters.factories import (
    ACTOR,
    MatterWorld,
    at,
    build_matter_world,
    walk_to,
)
from xinfang.access.services import accusation_add
from xinfang.orgs.choices import PositionKind
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.filters import (
    DEFAULT_SORT,
    MatterFilter,
    filter_summary,
    is_filtered,
    matter_filter,
    matter_sort,
    queue_filter,
    sorted_matters,
)
from xinfang.petitions.matters.models import Category, Matter, RepeatLink
from xinfang.petitions.matters.services import forget_calendar, matter_route

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 10, 1)


@pytest.fixture
def mw(db: None) -> MatterWorld:
    forget_calendar()
    return build_matter_world()


def account(organ: Organ, kind: str = PositionKind.STAFF) -> Any:
    user = UserFactory()
    person = PersonFactory(user=user)
    PositionFactory(person=person, organ=organ, kind=kind, start=dt.date(2015, 1, 1))
    return user


def ids(data: str, *, user: Any = None, today: dt.date = TODAY) -> list[int]:
    filterset = filtered(data, user=user, today=today)
    return sorted(filterset.qs.values_list("pk", flat=True))


def filtered(data: str, *, user: Any = None, today: dt.date = TODAY) -> MatterFilter:
    if user is None:
        return MatterFilter(QueryDict(data), queryset=Matter.objects.all(), today=today)
    return matter_filter(QueryDict(data), user=user, today=today)


def everything() -> list[int]:
    return sorted(Matter.objects.values_list("pk", flat=True))


def test_state_is_repeatable(mw: MatterWorld) -> None:
    registered = mw.register()
    accepted = walk_to(mw, "accepted")
    concluded = walk_to(mw, "concluded")
    assert ids("state=registered") == [registered.pk]
    assert ids("state=registered&state=accepted") == sorted([registered.pk, accepted.pk])
    assert concluded.pk not in ids("state=registered&state=accepted")


def test_open_one_and_zero_split_the_list(mw: MatterWorld) -> None:
    open_ = walk_to(mw, "accepted")
    closed = walk_to(mw, "concluded")
    assert ids("open=1") == [open_.pk]
    assert ids("open=0") == [closed.pk]


def test_organ_alone_and_with_its_subtree(mw: MatterWorld) -> None:
    at_office = mw.register()
    at_housing = walk_to(mw, "accepted")
    assert ids(f"organ={mw.district_po.pk}") == [at_office.pk]
    assert ids(f"organ={mw.district.pk}") == []
    assert ids(f"organ={mw.district.pk}&subtree=1") == sorted([at_office.pk, at_housing.pk])


def test_handling_organ(mw: MatterWorld) -> None:
    handled = walk_to(mw, "concluded")
    mw.register()
    assert ids(f"handling_organ={mw.district_housing.pk}") == [handled.pk]


def test_channel_is_repeatable(mw: MatterWorld) -> None:
    letter = mw.register(channel="letter")
    visit = mw.register(channel="visit", summary="来访事项")
    online = mw.register(channel="online", summary="网上事项")
    assert ids("channel=letter") == [letter.pk]
    assert ids("channel=letter&channel=visit") == sorted([letter.pk, visit.pk])
    assert online.pk not in ids("channel=visit")


def test_category_takes_the_categories_under_it(mw: MatterWorld) -> None:
    fees = mw.register()
    elevator = Category.objects.create(
        code="HOUSING-FEES-LIFT", name="电梯", parent=mw.property_fees
    )
    lift = mw.register(category=elevator, summary="电梯维修")
    other = Category.objects.create(code="EDU", name="教育")
    school = mw.register(category=other, summary="学校食堂")
    assert ids(f"category={mw.housing.pk}") == sorted([fees.pk, lift.pk])
    assert ids(f"category={mw.property_fees.pk}") == sorted([fees.pk, lift.pk])
    assert ids(f"category={elevator.pk}") == [lift.pk]
    assert ids(f"category={other.pk}") == [school.pk]


def test_region_is_a_code_and_every_code_under_it(mw: MatterWorld) -> None:
    township = mw.register(region_code="500103001")
    district = mw.register(region_code="500103", summary="区级事项")
    elsewhere = mw.register(region_code="500105002", summary="江北事项")
    assert ids("region=500103") == sorted([township.pk, district.pk])
    assert ids("region=500103001") == [township.pk]
    assert ids("region=500000") == sorted([township.pk, district.pk, elsewhere.pk])


def test_received_dates_are_inclusive_days_in_local_time(mw: MatterWorld) -> None:
    early = mw.register(received_at=at("2025-09-18", 0, 0), at=at("2025-09-20"))
    late = mw.register(received_at=at("2025-09-19", 23, 59), at=at("2025-09-20"), summary="晚")
    assert ids("received_from=2025-09-18&received_to=2025-09-18") == [early.pk]
    assert ids("received_from=2025-09-19") == [late.pk]
    assert ids("received_to=2025-09-19") == sorted([early.pk, late.pk])


def test_overdue_and_due_soon_are_of_open_matters_on_the_day(mw: MatterWorld) -> None:
    matter = walk_to(mw, "accepted")
    due = matter.action_due
    assert due is not None
    assert ids("overdue=1", today=due + dt.timedelta(days=1)) == [matter.pk]
    assert ids("overdue=1", today=due) == []
    assert ids("due_soon=1", today=due - dt.timedelta(days=3)) == [matter.pk]
    assert ids("due_soon=1", today=due - dt.timedelta(days=4)) == []
    assert ids("overdue=0", today=due + dt.timedelta(days=1)) == []
    # A clock a hearing pauses is neither (听证所需时间不计算在期限内).
    Matter.objects.filter(pk=matter.pk).update(action_paused=True)
    assert ids("overdue=1", today=due + dt.timedelta(days=1)) == []


def test_repeat_and_collective(mw: MatterWorld) -> None:
    first = mw.register()
    second = mw.register(channel="visit", is_collective=True, headcount=6, representatives=3)
    if not RepeatLink.objects.filter(matter=second).exists():
        RepeatLink.objects.create(matter=second, earlier=first, score=1.0, reason="similar_content")
    linked = sorted(set(RepeatLink.objects.values_list("matter_id", flat=True)))
    assert ids("repeat=1") == linked
    assert ids("repeat=0") == sorted(set(everything()) - set(linked))
    assert ids("collective=1") == [second.pk]
    assert ids("collective=0") == [first.pk]


def test_satisfaction(mw: MatterWorld) -> None:
    rated = walk_to(mw, "concluded")
    mw.register()
    Matter.objects.filter(pk=rated.pk).update(satisfaction="satisfied")
    assert ids("satisfaction=satisfied") == [rated.pk]
    assert ids("satisfaction=dissatisfied") == []


def test_q_searches(mw: MatterWorld) -> None:
    wanted = mw.register(summary="小区电梯停运")
    mw.register(summary="学校食堂")
    assert ids("q=电梯停运") == [wanted.pk]
    assert ids("q=") == everything()


def test_a_refused_value_is_an_error_on_its_field_and_filters_nothing(mw: MatterWorld) -> None:
    registered = mw.register()
    accepted = walk_to(mw, "accepted")
    for data in (
        "state=nonsense",
        "open=maybe",
        "organ=999999",
        "organ=abc",
        "handling_organ=-1",
        "channel=pigeon",
        "category=0",
        "region=50a",
        "received_from=2025-13-45",
        "received_to=yesterday",
        "overdue=2",
        "satisfaction=delighted",
        "q=" + "长" * 201,
    ):
        filterset = filtered(data + f"&state=accepted&organ_id={registered.pk}")
        name = data.split("=")[0]
        assert name in filterset.form.errors, data
        # The other filters still apply; the refused one filters nothing.
        expected = everything() if name == "state" else [accepted.pk]
        assert sorted(filterset.qs.values_list("pk", flat=True)) == expected, data


def test_the_organs_offered_are_those_the_user_may_read(mw: MatterWorld) -> None:
    clerk = account(mw.district_po)
    offered = filtered("", user=clerk).form.fields["organ"].queryset
    assert mw.other_housing not in offered
    refused = filtered(f"organ={mw.other_housing.pk}", user=clerk)
    assert "organ" in refused.form.errors
    assert "handling_organ" in filtered(f"handling_organ={mw.other.pk}", user=clerk).form.errors


def test_categories_are_offered_grouped_by_main_category(mw: MatterWorld) -> None:
    Category.objects.create(code="EDU", name="教育")
    choices = list(filtered("").form.fields["category"].choices)
    labels = [label for _value, label in choices]
    assert "教育" in labels  # nothing under it: a plain option
    group = next(members for label, members in choices if label == "住房城乡建设")
    assert [label for _value, label in group] == ["住房城乡建设（全部）", "物业收费"]


def test_sort_keys_order_the_list_and_an_unknown_key_is_none(mw: MatterWorld) -> None:
    first = mw.register(received_at=at("2025-09-18"), at=at("2025-09-20"))
    second = mw.register(received_at=at("2025-09-19"), at=at("2025-09-20"), summary="二")
    rows = Matter.objects.all()
    assert matter_sort(None) == matter_sort("") == DEFAULT_SORT == "-received"
    assert matter_sort("bogus") is None and matter_sort("-due") == "-due"
    assert list(sorted_matters(rows, "-received").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    assert list(sorted_matters(rows, "number").values_list("pk", flat=True)) == [
        first.pk,
        second.pk,
    ]
    assert list(sorted_matters(rows, "bogus").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    for key in ("due", "-due", "state", "-state", "received", "-number"):
        assert len(sorted_matters(rows, key)) == 2


def test_summary_and_is_filtered(mw: MatterWorld) -> None:
    filterset = filtered(f"state=registered&organ={mw.district_po.pk}&received_from=2025-09-01")
    assert filter_summary(filterset) == {
        "state": ["registered"],
        "organ": mw.district_po.pk,
        "received_from": "2025-09-01",
    }
    assert is_filtered(filterset)
    assert not is_filtered(filtered("page=2&sort=-due"))


def test_the_queue_filter_is_open_matters_at_the_organ(mw: MatterWorld) -> None:
    clerk = account(mw.district_po)
    registered = mw.register()
    mw.register(channel="visit", summary="来访")
    walk_to(mw, "concluded")
    queue = queue_filter(
        QueryDict("channel=letter&organ=1&open=0"), user=clerk, organ=mw.district_po
    )
    assert "organ" not in queue.form.fields and "open" not in queue.form.fields
    assert list(queue.qs.values_list("pk", flat=True)) == [registered.pk]


# ---------------------------------------------------------------------------------------------
# 细则第十一条第八项: the accused unit's lists, counts and filters as if the matter did not exist

FILTERS = (
    "",
    "open=1",
    "state=registered",
    "channel=letter",
    "q=物业",
    "repeat=1",
    "repeat=0",
    "region=500103",
    "overdue=1",
    "collective=0",
    "category={housing}",
    "organ={district_po}&subtree=0",
    "organ={district}&subtree=1",
)


def seen(user: Any, mw: MatterWorld) -> dict[str, list[int]]:
    shown = {}
    for template in FILTERS:
        data = template.format(
            housing=mw.housing.pk, district_po=mw.district_po.pk, district=mw.district.pk
        )
        filterset = matter_filter(QueryDict(data), user=user, today=TODAY)
        rows = list(sorted_matters(filterset.qs, "-received").values_list("pk", flat=True))
        assert filterset.qs.count() == len(rows)
        shown[data] = rows
    return shown


def test_an_accused_person_gets_what_they_would_get_if_the_matter_did_not_exist(
    mw: MatterWorld,
) -> None:
    """The matter accusing a person of the district housing committee is transferred there:
    the person's lists and counts, under every filter, are those of a world without it; a
    colleague lists it."""
    staff = account(mw.district_housing)
    colleague = account(mw.district_housing)
    ordinary = walk_to(mw, "accepted")
    without = seen(staff, mw)
    assert ordinary.pk in without[""]  # not an empty comparison
    with transaction.atomic():
        accusing = mw.register(
            summary="举报住建委工作人员包庇物业公司",
            accused_persons=[staff.person],
        )
        matter_route(
            matter=accusing,
            organ=mw.district_po,
            to_organ=mw.district_housing,
            kind="transfer",
            actor=ACTOR,
            at=at("2025-09-21"),
        )
        assert seen(staff, mw) == without
        assert accusing.pk in seen(colleague, mw)[""]
        transaction.set_rollback(True)


def test_an_accused_unit_gets_what_it_would_get_if_the_matter_did_not_exist(
    mw: MatterWorld,
) -> None:
    """A matter the district housing committee handles is found to accuse the committee
    itself: from then on its staff's lists and counts, under every filter, are those of a world
    without that matter; the district office still lists it."""
    staff = account(mw.district_housing)
    walk_to(mw, "accepted")
    without = seen(staff, mw)
    with transaction.atomic():
        accusing = walk_to(mw, "accepted", summary="物业公司与住建委串通收费")
        assert accusing.pk in seen(staff, mw)[""]  # before the accusation: listed
        accusation_add(record=accusing, accused_organ=mw.district_housing, actor=ACTOR)
        assert seen(staff, mw) == without
        assert accusing.pk in seen(account(mw.district_po), mw)[""]
        transaction.set_rollback(True)
