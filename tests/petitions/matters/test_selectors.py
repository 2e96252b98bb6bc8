"""Queues, counts, overdue and due-soon at any ``today`` (no job), timelines, the public view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory, PositionFactory, UserFactory
from xinfang.access.models import Recusal
from xinfang.petitions.matters.selectors import (
    department_queue,
    department_queue_rows,
    due_soon_matters,
    matter_clocks,
    matter_counts_by_state,
    matter_for_petitioner,
    matter_timeline,
    open_and_overdue_counts_by_organ,
    organ_counts,
    overdue_matters,
)
from xinfang.petitions.matters.services import (
    matter_accept,
    matter_decline,
    matter_receive,
    matter_reply,
    matter_route,
)

from .factories import ACTOR, MatterWorld, at, d, walk_to

pytestmark = pytest.mark.django_db


def routed_on(mw: MatterWorld, day: str, summary: str, to=None):
    m = mw.register(
        received_at=at(day, 8), at=at(day, 9), summary=summary, content=f"{summary}。内容。"
    )
    return matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=to or mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at(day, 10),
    )


@pytest.fixture
def queue(mw: MatterWorld) -> dict[str, object]:
    """Four open matters at the district housing department, one elsewhere, one declined."""
    c = routed_on(mw, "2025-06-01", "C")  # accept due 06-16 (Mon)
    a = routed_on(mw, "2025-06-03", "A")  # accept due 06-18 (Wed)
    b = routed_on(mw, "2025-06-10", "B")  # accept due 06-25 (Wed)
    h = routed_on(mw, "2025-06-02", "H")
    h = matter_accept(matter=h, organ=mw.district_housing, actor=ACTOR, at=at("2025-06-04"))
    # H: handle due 06-04 + 60 = 08-03 (Sun) → Mon 08-04.
    elsewhere = routed_on(mw, "2025-06-01", "E", to=mw.other_housing)
    declined = routed_on(mw, "2025-06-01", "X")
    matter_decline(
        matter=declined,
        organ=mw.district_housing,
        reason="r",
        notice="n",
        actor=ACTOR,
        at=at("2025-06-05"),
    )
    registered = mw.register(received_at=at("2025-06-19", 8), at=at("2025-06-19", 9))
    return {"a": a, "b": b, "c": c, "h": h, "e": elsewhere, "r": registered}


def test_due_dates_of_the_queue_fixture(queue: dict[str, object]) -> None:
    assert [queue[k].action_due for k in "cabh"] == [
        d("2025-06-16"),
        d("2025-06-18"),
        d("2025-06-25"),
        d("2025-08-04"),
    ]


def test_department_queue_is_overdue_first_then_by_due_date(
    mw: MatterWorld, queue: dict[str, object], django_assert_num_queries
) -> None:
    """On 06-20, C and A are overdue; B and H follow by due date. One query."""
    with django_assert_num_queries(1):
        rows = list(department_queue(organ=mw.district_housing, today=d("2025-06-20")))
    assert [m.summary for m in rows] == ["C", "A", "B", "H"]
    assert [m.is_overdue for m in rows] == [True, True, False, False]
    with django_assert_num_queries(1):
        page = list(
            department_queue(organ=mw.district_housing, today=d("2025-06-20"), limit=2, offset=2)
        )
    assert [m.summary for m in page] == ["B", "H"]


def test_department_queue_uses_the_queue_index(mw: MatterWorld, queue: dict[str, object]) -> None:
    qs = department_queue(organ=mw.district_housing, today=d("2025-06-20"))
    plan = qs.explain()
    if connection.vendor == "sqlite":
        assert "matter_queue_idx" in plan
        assert "TEMP B-TREE" not in plan  # ordered by the index, no sort step


def test_queue_for_a_user_hides_what_the_user_may_not_see(
    mw: MatterWorld, queue: dict[str, object], django_assert_max_num_queries
) -> None:
    """With ``user``, the access chokepoint applies: a recused clerk does not see A."""
    user = UserFactory()
    person = PersonFactory(user=user)
    PositionFactory(person=person, organ=mw.district_housing, start=dt.date(2020, 1, 1))
    from django.contrib.contenttypes.models import ContentType

    Recusal.objects.create(
        content_type=ContentType.objects.get_for_model(queue["a"]),
        object_id=queue["a"].pk,
        user=user,
    )
    rows = list(department_queue(organ=mw.district_housing, today=d("2025-06-20"), user=user))
    assert [m.summary for m in rows] == ["C", "B", "H"]
    with django_assert_max_num_queries(2):  # the scope is cached on the user object
        list(department_queue(organ=mw.district_housing, today=d("2025-06-20"), user=user))


def test_queue_rows_are_the_queue_as_each_user_may_see_it(
    mw: MatterWorld, queue: dict[str, object], django_assert_num_queries
) -> None:
    """The rows the pages and the API show: the same matters, in the same order, as the
    queue, for a recused member of the organ and a district leader (the compiled statement)
    and for a department of another organ, which sees none of them (the queryset)."""
    from django.contrib.contenttypes.models import ContentType

    member = UserFactory()
    PositionFactory(
        person=PersonFactory(user=member), organ=mw.district_housing, start=dt.date(2020, 1, 1)
    )
    Recusal.objects.create(
        content_type=ContentType.objects.get_for_model(queue["a"]),
        object_id=queue["a"].pk,
        user=member,
    )
    leader = UserFactory()
    PositionFactory(
        person=PersonFactory(user=leader),
        organ=mw.district,
        kind="principal_leader",
        start=dt.date(2020, 1, 1),
    )
    outsider = UserFactory()
    PositionFactory(
        person=PersonFactory(user=outsider), organ=mw.city_housing, start=dt.date(2020, 1, 1)
    )
    today = d("2025-06-20")
    fields = ("pk", "summary", "action_due", "received_at")
    for user, expected in (
        (member, ["C", "B", "H"]),
        (leader, ["C", "A", "B", "H"]),
        (outsider, []),
    ):
        rows = department_queue_rows(organ=mw.district_housing, user=user, fields=fields)
        models = department_queue(organ=mw.district_housing, today=today, user=user)
        assert rows == [(m.pk, m.summary, m.action_due, m.received_at) for m in models]
        assert [row[1] for row in rows] == expected
        page = department_queue_rows(
            organ=mw.district_housing, user=user, fields=fields, limit=2, offset=1
        )
        assert page == rows[1:3]
    with django_assert_num_queries(1):  # compiled once; the scope is cached on the user
        department_queue_rows(organ=mw.district_housing, user=member, fields=fields)


def test_overdue_and_due_soon_are_derived_at_any_day(
    mw: MatterWorld, queue: dict[str, object]
) -> None:
    """No job runs: the same rows are overdue or not depending only on ``today``."""
    assert [m.summary for m in overdue_matters(today=d("2025-06-16"))] == []
    assert [m.summary for m in overdue_matters(today=d("2025-06-17"))] == ["C", "E"]
    assert [
        m.summary for m in overdue_matters(today=d("2025-06-20"), organ=mw.district_housing)
    ] == ["C", "A"]
    assert [m.summary for m in due_soon_matters(today=d("2025-06-15"))] == ["C", "E", "A"]
    assert [
        m.summary for m in due_soon_matters(today=d("2025-06-22"), organ=mw.district_housing)
    ] == ["B"]
    assert [
        m.summary
        for m in due_soon_matters(today=d("2025-06-22"), days=1, organ=mw.district_housing)
    ] == []
    # The registered matter waits at the office: route due 06-19 + 15 = Fri 07-04.
    assert [m.pk for m in overdue_matters(today=d("2025-07-05"), organ=mw.district_po)] == [
        queue["r"].pk
    ]


def test_counts_by_state_for_an_organ_and_a_subtree(
    mw: MatterWorld, queue: dict[str, object], django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        counts = matter_counts_by_state(organ=mw.district_housing)
    assert counts["routed"] == 3
    assert counts["accepted"] == 1
    assert counts["declined"] == 1
    assert counts["concluded"] == 0
    with django_assert_num_queries(1):
        district = matter_counts_by_state(subtree=mw.district)
    assert district["registered"] == 1
    assert district["routed"] == 3  # other_housing lies in another district
    city = matter_counts_by_state(subtree=mw.city)
    assert city["routed"] == 4
    assert sum(city.values()) == 7


def test_open_and_overdue_counts_for_every_organ_in_one_query(
    mw: MatterWorld, queue: dict[str, object], django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        loads = open_and_overdue_counts_by_organ(today=d("2025-06-20"))
    assert loads[mw.district_housing.pk].open == 4
    assert loads[mw.district_housing.pk].overdue == 2
    assert loads[mw.other_housing.pk].open == 1
    assert loads[mw.other_housing.pk].overdue == 1
    assert loads[mw.district_po.pk].open == 1
    assert loads[mw.district_po.pk].overdue == 0
    assert mw.city.pk not in loads


@pytest.fixture
def clockless(mw: MatterWorld, queue: dict[str, object]) -> dict[str, object]:
    """Beside the queue fixture, at the district housing department: D, a duty accepted on
    06-05 (信访工作条例(2022)第三十一条第五项: no handling period, 第三十四条); U, a letter it
    received directly on 06-06 from an anonymous petitioner (第二十三条第二款: no notice
    period); and two matters it no longer works: Y, a duty answered by a reply (closed), and
    K, concluded with an opinion (the petitioner's review period runs)."""
    duty = routed_on(mw, "2025-06-04", "D")
    duty = matter_accept(
        matter=duty,
        organ=mw.district_housing,
        handling_way="duty",
        actor=ACTOR,
        at=at("2025-06-05"),
    )
    unclear = matter_receive(
        organ=mw.district_housing,
        actor=ACTOR,
        channel="letter",
        received_at=at("2025-06-06", 9),
        at=at("2025-06-06", 10),
        summary="U",
        content="U。匿名来信，反映电梯维修费。",
        region_code="500103",
    )
    replied = routed_on(mw, "2025-06-04", "Y")
    replied = matter_accept(
        matter=replied,
        organ=mw.district_housing,
        handling_way="duty",
        actor=ACTOR,
        at=at("2025-06-05"),
    )
    matter_reply(
        matter=replied,
        organ=mw.district_housing,
        outcome="performed",
        reply="已责令退还。",
        actor=ACTOR,
        at=at("2025-06-09"),
    )
    concluded = walk_to(mw, "concluded", summary="K", content="K。内容。")
    return {"d": duty, "u": unclear, "y": replied, "k": concluded}


def test_matters_waiting_without_a_clock_stay_in_the_queue_after_the_dated_ones(
    mw: MatterWorld, queue: dict[str, object], clockless: dict[str, object]
) -> None:
    """A duty accepted and an anonymous letter received directly have no due date, yet wait
    for the department: in its queue after every dated matter (oldest first), neither overdue
    nor due soon. The duty answered and the matter concluded are not there."""
    assert [clockless[k].action_due for k in "du"] == [None, None]
    assert [clockless[k].state for k in "duyk"] == ["accepted", "routed", "closed", "concluded"]
    today = d("2025-06-20")
    rows = list(department_queue(organ=mw.district_housing, today=today))
    assert [m.summary for m in rows] == ["C", "A", "B", "H", "D", "U"]
    assert [m.is_overdue for m in rows] == [True, True, False, False, False, False]
    page = department_queue(organ=mw.district_housing, today=today, limit=2, offset=3)
    assert [m.summary for m in page] == ["H", "D"]


def test_the_queue_of_each_user_and_its_counts_hold_the_clockless_matters(
    mw: MatterWorld, queue: dict[str, object], clockless: dict[str, object]
) -> None:
    """The rows the pages and the API show (the compiled statement for a clerk of the
    department, the queryset for a leader reaching it through another organ's scope) and the
    counts beside them: the open count is the queue's length, the clockless matters included;
    overdue and due soon count only dated ones."""
    clerk = UserFactory()
    PositionFactory(
        person=PersonFactory(user=clerk), organ=mw.district_housing, start=dt.date(2020, 1, 1)
    )
    leader = UserFactory()
    PositionFactory(
        person=PersonFactory(user=leader),
        organ=mw.district,
        kind="principal_leader",
        start=dt.date(2020, 1, 1),
    )
    today = d("2025-06-20")
    for user in (clerk, leader):
        rows = department_queue_rows(organ=mw.district_housing, user=user, limit=50)
        assert [row[1] for row in rows] == ["C", "A", "B", "H", "D", "U"]
        assert [row[5] for row in rows][-2:] == [None, None]
        counts = organ_counts(user=user, organ=mw.district_housing, today=today)
        assert (counts["open"], counts["overdue"], counts["due_soon"]) == (len(rows), 2, 0)
        assert counts["by_state"]["accepted"] == 2  # H and D
        assert counts["by_state"]["routed"] == 4  # C, A, B and U
    loads = open_and_overdue_counts_by_organ(today=today)
    assert (loads[mw.district_housing.pk].open, loads[mw.district_housing.pk].overdue) == (6, 2)


def test_the_queue_with_clockless_matters_is_read_in_the_index_order(
    mw: MatterWorld, queue: dict[str, object], clockless: dict[str, object]
) -> None:
    """Undated matters last is the index's own order (SQLite reads the NULLs in a second pass;
    PostgreSQL's index keeps them last): no sort step."""
    if connection.vendor != "sqlite":
        pytest.skip("the planner's choice on PostgreSQL depends on statistics")
    plan = department_queue(organ=mw.district_housing, today=d("2025-06-20")).explain()
    assert "matter_queue_idx" in plan
    assert "TEMP B-TREE" not in plan


def test_the_open_counts_read_the_queue_index(
    mw: MatterWorld, queue: dict[str, object], clockless: dict[str, object]
) -> None:
    """The counts of every organ and of one organ read the queue's partial index, not the
    state indexes (which would seek each open state and sort or group what they found)."""
    if connection.vendor != "sqlite":
        pytest.skip("the planner's choice on PostgreSQL depends on statistics")
    today = d("2025-06-20")
    clerk = UserFactory()
    PositionFactory(
        person=PersonFactory(user=clerk), organ=mw.district_housing, start=dt.date(2020, 1, 1)
    )
    with CaptureQueriesContext(connection) as every:
        open_and_overdue_counts_by_organ(today=today)
    with CaptureQueriesContext(connection) as one:
        organ_counts(user=clerk, organ=mw.district_housing, today=today)
    (counts,) = [q["sql"] for q in every.captured_queries]
    (open_counts,) = [
        q["sql"]
        for q in one.captured_queries
        if "COUNT(" in q["sql"] and "state" in q["sql"] and "FILTER" in q["sql"]
    ]
    with connection.cursor() as cursor:
        for sql in (counts, open_counts):
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "matter_queue_idx" in plan, plan
            assert "TEMP B-TREE" not in plan, plan


def test_timeline_and_clocks(mw: MatterWorld) -> None:
    m = walk_to(mw, "accepted")
    timeline = matter_timeline(matter=m)
    assert [(e.action, e.organ) for e in timeline] == [
        ("register", mw.district_po),
        ("transfer", mw.district_po),
        ("accept", mw.district_housing),
    ]
    assert [(c.period, c.is_running) for c in matter_clocks(matter=m)] == [
        ("route", False),
        ("accept", False),
        ("handle", True),
    ]


def test_petitioner_lookup_shows_only_what_the_petitioner_may_see(mw: MatterWorld) -> None:
    m = walk_to(mw, "concluded", identity={"name": "张三"})
    code = m.query_code
    assert len(code) == 16
    typed = "-".join(code[i : i + 4] for i in range(0, 16, 4)).lower()
    view = matter_for_petitioner(query_code=typed)
    assert view is not None
    assert view.state == "concluded"
    assert view.handling_organ == mw.district_housing.name
    assert view.request_due == d("2025-07-31")
    assert [(o.stage, o.kind) for o in view.opinions] == [("handle", "support")]
    fields = set(view.__dataclass_fields__)
    assert not fields & {"content", "petitioner", "accused_names", "current_organ", "events"}
    assert matter_for_petitioner(query_code="AAAABBBBCCCCDDDD") is None
    assert matter_for_petitioner(query_code="") is None


def test_petitioner_lookup_shows_the_decline_notice_not_the_reason(mw: MatterWorld) -> None:
    m = walk_to(mw, "routed")
    matter_decline(
        matter=m,
        organ=mw.district_housing,
        reason="内部：重复信访",
        notice="不予受理告知书",
        actor=ACTOR,
        at=at("2025-06-06"),
    )
    view = matter_for_petitioner(query_code=m.query_code)
    assert [(n["action"], n["notice"]) for n in view.notices] == [("decline", "不予受理告知书")]
    assert "内部" not in repr(view)
