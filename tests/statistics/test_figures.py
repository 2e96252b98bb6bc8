"""Every figure of the statistics counts what the list it links to shows; organ, subtree, place
and period bound the matters as the matter filter does; clocks, opinions and ratings are
counted as the assessment counts them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.http import QueryDict

from tests.statistics.world import PERIOD, TODAY, StatsWorld, build_stats_world
from xinfang.petitions.matters.filters import MatterFilter
from xinfang.petitions.matters.models import Matter, MatterClock
from xinfang.petitions.matters.selectors import matter_list
from xinfang.statistics.figures import Figure
from xinfang.statistics.query import StatisticsQuery
from xinfang.statistics.selectors import (
    SATISFACTION_SOURCES,
    SatisfactionSource,
    register_satisfaction_source,
    statistics_figures,
)
from xinfang.statistics.tables import statistics_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> StatsWorld:
    return build_stats_world()


def listed(user: Any, figure: Figure) -> int:
    """The rows of the list of all matters at the figure's link, as that list filters them."""
    url = urlsplit(figure.url)
    assert url.path == "/matters/list/"
    filtered = MatterFilter(QueryDict(url.query), queryset=matter_list(user=user), today=TODAY)
    assert filtered.is_valid(), filtered.errors
    return int(filtered.qs.count())


def every_figure(user: Any, query: StatisticsQuery) -> list[Figure]:
    report = statistics_report(user=user, query=query, today=TODAY)
    found = [report.figures.total]
    for table in report.tables:
        for line in table.lines:
            found += [cell for cell in line.cells if isinstance(cell, Figure)]
    return found


@pytest.mark.parametrize("account", ["city_clerk", "po_clerk", "housing_staff"])
def test_every_exact_figure_counts_the_rows_of_the_list_it_links_to(
    world: StatsWorld, account: str
) -> None:
    user = world.users[account]
    figures = every_figure(user, PERIOD)
    exact = [f for f in figures if f.exact]
    assert len(exact) > 100
    assert [(f.key, f.count) for f in exact] == [(f.key, listed(user, f)) for f in exact]


def test_the_figures_of_the_world(world: StatsWorld) -> None:
    figures = statistics_figures(user=world.users["city_clerk"], query=PERIOD, today=TODAY)
    assert figures.total.count == 6  # the 2024 matter is outside the period
    assert {f.key: f.count for f in figures.by_channel} == {
        "letter": 2,
        "visit": 2,
        "online": 1,
        "phone": 1,
    }
    places = {f.key: (f.count, f.exact) for f in figures.by_place}
    # 綦江区 500110 and 大足区 500111 are two places, not one prefix 50011.
    assert places["500110"] == (1, True)
    assert places["500111"] == (1, True)
    assert places["500103"] == (2, True)
    assert places["500000"] == (1, False)  # recorded for the whole city
    months = {f.key: f.count for f in figures.by_month}
    assert months["2025-03"] == 2  # 03-31 23:30 in Chongqing is March
    assert len(months) == 12
    shares = {r.key: (r.part.count, r.whole.count) for r in figures.shares}
    assert shares["collective"] == (1, 6)
    assert shares["repeat"][0] >= 1


def test_a_district_breaks_down_by_township(world: StatsWorld) -> None:
    query = StatisticsQuery(date_from=PERIOD.date_from, date_to=PERIOD.date_to, region="500103")
    figures = statistics_figures(user=world.users["city_clerk"], query=query, today=TODAY)
    assert figures.place_length == 9
    places = {f.key: (f.label, f.count, f.exact) for f in figures.by_place}
    assert places["500103001"] == ("解放碑街道办事处", 1, True)
    assert places["500103"][1:] == (1, False)  # recorded for the district only


def test_subtree_counts_the_organs_below_and_the_organ_alone_does_not(world: StatsWorld) -> None:
    user = world.users["city_clerk"]
    district = world.mw.district
    alone = StatisticsQuery(date_from=PERIOD.date_from, date_to=PERIOD.date_to, organ=district)
    below = StatisticsQuery(
        date_from=PERIOD.date_from, date_to=PERIOD.date_to, organ=district, subtree=True
    )
    received = Matter.objects.filter(
        received_at__year=2025, received_at__lt=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    in_tree = received.filter(current_organ__path__startswith=district.path).count()
    at_organ = received.filter(current_organ=district).count()
    assert statistics_figures(user=user, query=below, today=TODAY).total.count == in_tree
    assert statistics_figures(user=user, query=alone, today=TODAY).total.count == at_organ
    assert in_tree > at_organ


def test_the_period_takes_both_days_whole(world: StatsWorld) -> None:
    user = world.users["city_clerk"]

    def total(start: str, end: str) -> int:
        query = StatisticsQuery(
            date_from=dt.date.fromisoformat(start), date_to=dt.date.fromisoformat(end)
        )
        return statistics_figures(user=user, query=query, today=TODAY).total.count

    assert total("2025-03-03", "2025-03-03") == 1
    assert total("2025-03-04", "2025-03-31") == 1  # received 23:30 on the last day
    assert total("2025-04-01", "2025-04-30") == 0
    assert total("2024-01-01", "2024-12-31") == 1


def test_on_time_figures_are_the_clocks_of_the_matters(world: StatsWorld) -> None:
    figures = statistics_figures(user=world.users["city_clerk"], query=PERIOD, today=TODAY)
    steps = {s.period: s for s in figures.on_time}
    walked = world.matters[0]
    for period in ("accept", "handle", "review", "rereview"):
        clock = MatterClock.objects.get(matter=walked, period=period)
        assert clock.stopped_on is not None and clock.stopped_on <= clock.due
        assert (steps[period].kept.count, steps[period].decided.count) == (1, 1)
        assert steps[period].rate.percent == "100.0%"
    # Unrouted matters' routing clocks ran past their due date: missed.
    route = steps["route"]
    assert (
        route.decided.count
        == MatterClock.objects.filter(period="route", matter__received_at__year=2025).count()
    )
    assert route.missed == route.decided.count - route.kept.count > 0
    assert "review_request" not in steps  # the petitioner's periods are not the organs'


def test_review_and_overturn_rates(world: StatsWorld) -> None:
    """The walked matter: handled with support, reviewed and re-reviewed with an explanation;
    both later opinions change the original answer."""
    figures = statistics_figures(user=world.users["city_clerk"], query=PERIOD, today=TODAY)
    rates = {r.key: (r.part.count, r.whole.count) for r in figures.reviews.rates}
    assert rates == {"review": (1, 1), "rereview": (1, 1), "overturn": (2, 2)}


def test_satisfaction_sources_are_shown_apart_and_another_can_be_added(
    world: StatsWorld,
) -> None:
    """The petitioner's own rating on the portal, the office's record of a rating and the
    follow-ups are counted apart; each rating of the first two lists exactly its matters."""
    by_office, by_portal = world.matters[0], world.matters[1]
    Matter.objects.filter(pk=by_office.pk).update(
        satisfaction="satisfied", satisfaction_source="office"
    )
    Matter.objects.filter(pk=by_portal.pk).update(
        satisfaction="dissatisfied", satisfaction_source="portal"
    )
    source = SatisfactionSource(
        "hotline", lambda: "热线回访", lambda matters: {"dissatisfied": matters.count()}
    )
    register_satisfaction_source(source)
    try:
        figures = statistics_figures(user=world.users["city_clerk"], query=PERIOD, today=TODAY)
    finally:
        SATISFACTION_SOURCES.remove(source)
    by_source = {s.key: {f.key: f.count for f in s.ratings} for s in figures.satisfaction}
    assert by_source["office"] == {"satisfied": 1, "basically_satisfied": 0, "dissatisfied": 0}
    assert by_source["portal"] == {"satisfied": 0, "basically_satisfied": 0, "dissatisfied": 1}
    assert by_source["follow_up"] == {"satisfied": 0, "basically_satisfied": 0, "dissatisfied": 0}
    assert by_source["hotline"]["dissatisfied"] == 6
    office = next(s for s in figures.satisfaction if s.key == "office")
    assert office.satisfied.percent == "100.0%"
    for key, matter in (("office", by_office), ("portal", by_portal)):
        rating = next(f for s in figures.satisfaction if s.key == key for f in s.ratings if f.count)
        listed = MatterFilter(rating.params, queryset=matter_list(user=world.users["city_clerk"]))
        assert listed.is_valid(), listed.errors
        assert list(listed.qs.values_list("pk", flat=True)) == [matter.pk]
