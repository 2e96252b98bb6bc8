"""细则第九条: 每年至少开展一次专项督查 — coverage of the plan's scope, gaps on the inspecting
organ's home page from 1 July, an authority that ran none, and the checklist's figures."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.accountability.factories import World, make_overdue_matter
from xinfang.duties.models import MajorDecision, Reception, RiskAssessment
from xinfang.oversight.selectors.coverage import (
    authorities_inspecting,
    coverage_counts,
    plan_coverage,
)
from xinfang.oversight.selectors.inspections import todo_items
from xinfang.oversight.selectors.inspections_checklist import checklist_figures
from xinfang.oversight.services import inspections as services
from xinfang.petitions.matters.models import MatterClock

from .inspections_world import (
    YEAR,
    make_inspection,
    make_plan,
    world_fixture,  # noqa: F401 (fixtures)
)

pytestmark = pytest.mark.django_db


def test_only_a_started_special_inspection_covers_its_organs(world: World) -> None:
    plan = make_plan(world)
    inspection = make_inspection(world, plan, organs=("d_party", "d_gov"))
    assert plan_coverage(plan) == (0, 5)  # planned only: not yet
    services.inspection_start(inspection=inspection, actor=world.user("inspector"))
    assert plan_coverage(plan) == (2, 5)
    make_inspection(world, plan, organs=("b_party",), kind="outstanding_problem", problem="拆迁")
    assert plan_coverage(plan) == (2, 5)  # a prompt inspection is not the special one


def test_coverage_counts_for_many_authorities_in_a_few_queries(
    world: World, django_assert_max_num_queries: object
) -> None:
    plan = make_plan(world)
    services.inspection_start(
        inspection=make_inspection(world, plan, organs=("d_party",)),
        actor=world.user("inspector"),
    )
    ids = [world.organ(n).pk for n in ("city_party", "d_party", "b_gov")]
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        counts = coverage_counts(ids, YEAR)
    # 市委: 1 of its 5; D区委 has no plan: none of its 3 (组织部, 纪委监委, 检察院); B区政府 has
    # no plan: its own level below it (B区信访办).
    assert counts == {ids[0]: (1, 5), ids[1]: (0, 3), ids[2]: (0, 1)}
    # No plan last year: the whole default scope, the office included (no inspecting organ
    # was named to leave out).
    assert coverage_counts([ids[0]], YEAR - 1) == {ids[0]: (0, 6)}


def test_an_authority_that_ran_no_special_inspection_is_told_to_the_level_above(
    world: World,
) -> None:
    make_plan(world)
    d_plan = services.inspection_plan_create(
        authority=world.organ("d_party"),
        inspecting_organ=world.organ("d_party"),
        year=YEAR,
        actor=world.user("d_secretary"),
    )
    ids = [world.organ(n).pk for n in ("d_party", "b_party")]
    assert authorities_inspecting(ids, YEAR) == set()
    services.inspection_start(
        inspection=make_inspection(
            world, d_plan, organs=("d_org",), actor=world.user("d_secretary")
        ),
        actor=world.user("d_secretary"),
    )
    assert authorities_inspecting(ids, YEAR) == {ids[0]}


def test_gaps_reach_the_inspectors_home_page_from_the_first_of_july(world: World) -> None:
    make_plan(world)
    inspector = world.user("inspector")
    kinds = lambda day: [str(i.kind) for i in todo_items(inspector, day)]  # noqa: E731
    assert "年度专项督查未覆盖" not in kinds(dt.date(YEAR, 6, 30))
    assert "年度专项督查未覆盖" in kinds(dt.date(YEAR, 7, 1))
    items = {str(i.kind): i for i in todo_items(inspector, dt.date(YEAR, 12, 31))}
    assert "5 个单位尚未开展专项督查" in items["年度专项督查未覆盖"].title
    # The district party committees and governments that ran no inspection of their own: a
    # finding for the municipal level.
    silent = items["下级未开展专项督查"].title
    assert all(f"测试{n}" in silent for n in ("d_party", "d_gov", "b_party", "b_gov"))
    # Not on an unrelated organ's user's page.
    assert todo_items(world.user("b_po_clerk"), dt.date(YEAR, 12, 31)) == []


def test_the_checklist_is_prefilled_with_the_organs_figures_of_the_year(world: World) -> None:
    housing = world.organ("housing")
    today = dt.date(YEAR, 11, 30)
    # Matters: one clock still running past its due, one stopped on time, one stopped late,
    # one due last year (not counted).
    running = make_overdue_matter(world, due=dt.date(YEAR, 3, 14))
    on_time = make_overdue_matter(world, due=dt.date(YEAR, 4, 1))
    late = make_overdue_matter(world, due=dt.date(YEAR, 5, 1))
    make_overdue_matter(world, due=dt.date(YEAR - 1, 5, 1))
    MatterClock.objects.filter(matter=on_time).update(stopped_on=dt.date(YEAR, 3, 30))
    MatterClock.objects.filter(matter=late).update(stopped_on=dt.date(YEAR, 5, 9))
    assert running.pk
    director = world.person("housing_director")
    for n, in_scope in enumerate((True, True, False)):
        decision = MajorDecision.objects.create(
            organ=housing,
            title=f"决策{n}",
            decided_on=dt.date(YEAR, 2, 1 + n),
            decision_maker=director,
            in_scope=in_scope,
        )
        if n == 0:
            RiskAssessment.objects.create(
                decision=decision,
                assessed_on=dt.date(YEAR, 1, 20),
                conclusion="低",
                risk_level="low",
            )
    for n, state in enumerate(("held", "held", "not_held", "scheduled")):
        Reception.objects.create(
            organ=housing,
            leader=director,
            kind="reception",
            scheduled_on=dt.date(YEAR, 6, 1 + n),
            place="接待室",
            state=state,
        )
    figures = checklist_figures(housing, YEAR, today)
    matters = figures["matters"]
    assert (matters["periods"], matters["on_time"], matters["late"], matters["overdue_open"]) == (
        3,
        1,
        1,
        1,
    )
    decisions = figures["decisions"]
    assert (decisions["decisions"], decisions["assessable"], decisions["assessed"]) == (3, 2, 1)
    assert decisions["not_assessed"] == 1
    receptions = figures["receptions"]
    assert (receptions["scheduled"], receptions["held"], receptions["not_held"]) == (4, 2, 1)
    assert figures["agenda"]["items"] == 0
    assert matters["to"] == today.isoformat()


def test_the_snapshot_stays_as_taken_when_the_inspection_started(world: World) -> None:
    plan = make_plan(world)
    services.inspection_plan_scope_add(
        plan=plan, organ=world.organ("housing"), actor=world.user("inspector")
    )
    make_overdue_matter(world, due=dt.date(YEAR, 1, 10))
    inspection = services.inspection_start(
        inspection=make_inspection(world, plan, organs=("housing",)),
        actor=world.user("inspector"),
    )
    item = inspection.items.get(key="matters")
    assert item.figures["overdue_open"] == 1
    make_overdue_matter(world, due=dt.date(YEAR, 1, 11))
    item.refresh_from_db()
    assert item.figures["overdue_open"] == 1
