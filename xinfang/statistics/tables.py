"""The monthly and annual tables in the layout petition offices exchange (信访统计月报表、年报表).

Monthly (月报表): one line an indicator — the total, each channel (信访形式), collective
visits (批次 and 人次), repeat petitions, then each top-level category (内容分类) — and four
columns: 本月, 本年累计 (1 January to the month's end), 上年同期累计 and 同比增减. Annual (年报表):
one line a month of the year and a total line; columns the total, each channel, collective and
repeat. Every count is the matter filter's (organ, subtree, place, dates of receipt), so each
cell links to exactly its matters; 人次 (people) is not a count of matters and links to the
cell's matters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from xinfang.petitions.matters.choices import Channel
from xinfang.petitions.matters.models import Category
from xinfang.rules.assessment import rate

from .figures import Figure, Rate, percent
from .query import StatisticsQuery, drill, matters_for
from .selectors import (
    Categories,
    StatisticsFigures,
    as_month,
    grouped,
    month_bounds,
    statistics_figures,
)


@dataclass(frozen=True)
class Line:
    """A line of a table: its label and its cells (a figure, or a text such as 同比)."""

    key: str
    label: str
    cells: list[Figure | str]


@dataclass(frozen=True)
class Table:
    """A table: its title, the header of each column (the first is the lines' labels)."""

    key: str
    title: str
    columns: list[str]
    lines: list[Line]


def year_on_year(now: int, before: int) -> str:
    """同比增减: ``+12.5%``; ``—`` when there was nothing the year before."""
    if before == 0:
        return "—"
    return f"{(now - before) * 100 / before:+.1f}%"


@dataclass(frozen=True)
class Window:
    """The monthly table's counts for one period of receipt (a few grouped queries)."""

    query: StatisticsQuery
    total: int
    channels: dict[Any, int]
    categories: dict[int | None, int]
    collective: int
    people: int
    repeat: int

    @classmethod
    def count(cls, user: Any, query: StatisticsQuery, today: dt.date, tree: Categories) -> Window:
        matters = matters_for(user, query.params(), today=today)
        collective = matters_for(user, drill(query, collective="1"), today=today).aggregate(
            n=Count("pk"), people=Sum("headcount")
        )
        return cls(
            query=query,
            total=matters.count(),
            channels=grouped(matters, F("channel")),
            categories=tree.fold(grouped(matters, F("category_id"))),
            collective=collective["n"],
            people=collective["people"] or 0,
            repeat=matters_for(user, drill(query, repeat="1"), today=today).count(),
        )


def _year_start(day: dt.date) -> dt.date:
    return day.replace(month=1, day=1)


def _a_year_before(day: dt.date) -> dt.date:
    if day.month == 2 and day.day == 29:
        return day.replace(year=day.year - 1, day=28)
    return day.replace(year=day.year - 1)


def monthly_table(*, user: Any, query: StatisticsQuery, month: dt.date, today: dt.date) -> Table:
    """The monthly report of ``month``: the query's organ, subtree and place, the period
    replaced by the month, the year to its end, and the same of the year before."""
    first, last = month_bounds(month)
    tree = Categories.load()
    windows = [
        Window.count(user, query.between(first, last), today, tree),
        Window.count(user, query.between(_year_start(first), last), today, tree),
        Window.count(
            user,
            query.between(_year_start(_a_year_before(first)), _a_year_before(last)),
            today,
            tree,
        ),
    ]

    def line(
        key: str, label: str, value: Callable[[Window], int], *, exact: bool = True, **extra: Any
    ) -> Line:
        cells: list[Figure | str] = [
            Figure(key, label, value(w), drill(w.query, **extra), exact=exact) for w in windows
        ]
        cells.append(year_on_year(value(windows[1]), value(windows[2])))
        return Line(key, label, cells)

    lines = [line("total", _("信访总量（件）"), lambda w: w.total)]

    def channel_count(code: str) -> Callable[[Window], int]:
        return lambda w: w.channels.get(code, 0)

    def category_count(pk: int | None) -> Callable[[Window], int]:
        return lambda w: w.categories.get(pk, 0)

    for code, name in Channel.choices:
        lines.append(line(f"channel:{code}", str(name), channel_count(code), channel=[code]))
    lines += [
        line("collective", _("集体访（批次）"), lambda w: w.collective, collective="1"),
        line("people", _("集体访（人次）"), lambda w: w.people, exact=False, collective="1"),
        line("repeat", _("重复信访（件）"), lambda w: w.repeat, repeat="1"),
    ]
    for category in Category.objects.filter(parent__isnull=True).order_by("code"):
        lines.append(
            line(
                f"category:{category.code}",
                category.label,
                category_count(category.pk),
                category=str(category.pk),
            )
        )
    uncategorised = [w.categories.get(None, 0) for w in windows]
    if any(uncategorised):
        lines.append(line("category:", _("未分类"), category_count(None), exact=False))
    return Table(
        "monthly",
        _("信访情况月报表（%(month)s）") % {"month": first.strftime("%Y-%m")},
        [_("指标"), _("本月"), _("本年累计"), _("上年同期累计"), _("同比增减")],
        lines,
    )


def _by_month(matters: Any, key: Any = None) -> dict[tuple[dt.date, Any], int]:
    """Counts by (month of receipt, ``key``): one GROUP BY."""
    qs = matters.order_by().annotate(_m=TruncMonth("received_at"))
    if key is None:
        rows = qs.values_list("_m").annotate(n=Count("pk")).values_list("_m", "n")
        pairs = ((as_month(m), None, n) for m, n in rows)
    else:
        rows3 = qs.annotate(_k=key).values_list("_m", "_k").annotate(n=Count("pk"))
        pairs = ((as_month(m), k, n) for m, k, n in rows3)
    out: dict[tuple[dt.date, Any], int] = {}
    for month, k, n in pairs:
        out[(month, k)] = out.get((month, k), 0) + n
    return out


def annual_table(*, user: Any, query: StatisticsQuery, year: int, today: dt.date) -> Table:
    """The annual report of ``year``: a line a month (and the year's total), columns the total,
    each channel, collective visits and repeat petitions."""
    year_query = query.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    base = year_query.params()
    matters = matters_for(user, base, today=today)
    by_channel = _by_month(matters, F("channel"))
    collective = _by_month(matters_for(user, drill(year_query, collective="1"), today=today))
    repeat = _by_month(matters_for(user, drill(year_query, repeat="1"), today=today))
    columns: list[tuple[str, str, Callable[[dt.date | None], int], dict[str, Any]]] = []

    def channel_count(code: str | None) -> Callable[[dt.date | None], int]:
        def count(month: dt.date | None) -> int:
            return sum(
                n
                for (m, c), n in by_channel.items()
                if (month is None or m == month) and (code is None or c == code)
            )

        return count

    def plain(table: dict[tuple[dt.date, Any], int]) -> Callable[[dt.date | None], int]:
        return lambda month: sum(n for (m, _k), n in table.items() if month is None or m == month)

    columns.append(("total", _("合计"), channel_count(None), {}))
    for code, name in Channel.choices:
        columns.append((code, str(name), channel_count(code), {"channel": [code]}))
    columns.append(("collective", _("集体访（批次）"), plain(collective), {"collective": "1"}))
    columns.append(("repeat", _("重复信访（件）"), plain(repeat), {"repeat": "1"}))

    lines = []
    months: list[tuple[str, str, dt.date | None, StatisticsQuery]] = []
    for number in range(1, 13):
        first, last = month_bounds(dt.date(year, number, 1))
        months.append(
            (first.strftime("%Y-%m"), first.strftime("%Y-%m"), first, query.between(first, last))
        )
    months.append(("year", _("全年"), None, year_query))
    for key, label, month, window in months:
        cells: list[Figure | str] = [
            Figure(f"{key}/{c}", title, count(month), drill(window, **extra))
            for c, title, count, extra in columns
        ]
        lines.append(Line(key, label, cells))
    return Table(
        "annual",
        _("信访情况年报表（%(year)s年）") % {"year": year},
        [_("月份"), *(title for _c, title, _n, _e in columns)],
        lines,
    )


# --- the figures as tables (pages, downloads and the API show the same) ----------------------


def _share_of(part: int, whole: int) -> str:
    return percent(rate(part, whole)) if part <= whole else "—"


def volume_table(key: str, title: str, head: str, figures: list[Figure], total: int) -> Table:
    """Counts by one dimension with each one's share of the total."""
    lines = [Line(f.key, f.label, [f, _share_of(f.count, total)]) for f in figures]
    return Table(key, title, [head, _("件数"), _("占比")], lines)


def rate_table(key: str, title: str, head: str, rates: list[Rate]) -> Table:
    lines = [Line(r.key, r.label, [r.part, r.whole, r.percent]) for r in rates]
    return Table(key, title, [head, _("件数"), _("基数"), _("比率")], lines)


def figure_tables(figures: StatisticsFigures) -> list[Table]:
    """Every figure of the statistics as a table, in the order the page shows them."""
    total = figures.total.count
    place_head = _("区县") if figures.place_length == 6 else _("乡镇（街道）")
    tables = [
        volume_table("channel", _("按信访形式"), _("信访形式"), figures.by_channel, total),
        volume_table("category", _("按内容分类"), _("内容分类"), figures.by_category, total),
        volume_table("place", _("按问题发生地"), place_head, figures.by_place, total),
        volume_table("month", _("按月份"), _("月份"), figures.by_month, total),
        rate_table("shares", _("重复信访、集体访与办理情况"), _("指标"), figures.shares),
        Table(
            "on_time",
            _("各环节按期办理率"),
            [_("办理环节（期限）"), _("按期"), _("已到期"), _("按期率"), _("计时中未到期")],
            [
                Line(s.period, s.label, [s.kept, s.decided, s.rate.percent, s.running])
                for s in figures.on_time
            ],
        ),
        rate_table("reviews", _("复查、复核与改变率"), _("指标"), figures.reviews.rates),
    ]
    for source in figures.satisfaction:
        rated = source.rated.count
        lines = [Line(f.key, f.label, [f, _share_of(f.count, rated)]) for f in source.ratings]
        satisfied = source.satisfied
        lines.append(Line("satisfied", satisfied.label, [satisfied.part, satisfied.percent]))
        tables.append(
            Table(
                f"satisfaction_{source.key}", source.label, [_("评价"), _("件数"), _("占比")], lines
            )
        )
    cross = figures.cross
    tables.append(
        Table(
            "cross",
            _("问题发生地 × 内容分类（件数最多的地区）"),
            [place_head, *(c.label for c in cross.categories), _("合计")],
            [
                Line(place.key, place.label, [*row, place])
                for place, row in zip(cross.places, cross.cells, strict=True)
            ],
        )
    )
    return tables


@dataclass(frozen=True)
class StatisticsReport:
    """What the statistics page and the API show: the figures, their tables, and the monthly
    table of the period's last month and the annual table of its year."""

    figures: StatisticsFigures
    sections: list[Table]
    reports: list[Table]

    @property
    def tables(self) -> list[Table]:
        return [*self.sections, *self.reports]


def statistics_report(*, user: Any, query: StatisticsQuery, today: dt.date) -> StatisticsReport:
    figures = statistics_figures(user=user, query=query, today=today)
    end = query.date_to
    return StatisticsReport(
        figures=figures,
        sections=figure_tables(figures),
        reports=[
            monthly_table(user=user, query=query, month=end.replace(day=1), today=today),
            annual_table(user=user, query=query, year=end.year, today=today),
        ],
    )
