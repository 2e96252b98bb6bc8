"""Every figure of the statistics for one query (``StatisticsQuery``) as one user may read them.

Each grouped figure is one GROUP BY over the matters of the query (``query.matters_for``: the
user's matters through the one matter filter); the drill-down of a group adds the one filter
parameter that selects it (``channel``, ``category``, ``region``, the month's dates), so the
list it links to shows the same rows. Scalar shares (repeat, collective, overdue) are counted
by the filter itself with their parameter. Clocks, opinions and follow-up ratings are counted
over the same matters; the filter has no parameter for them, so they link to those matters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.orgs.choices import OrganLevel
from xinfang.orgs.models import Organ
from xinfang.oversight.selectors.assessment_catalogue import Period as AssessedPeriod
from xinfang.oversight.selectors.assessment_catalogue import _clock_decided, _clock_kept
from xinfang.petitions.matters.choices import (
    PETITIONER_PERIODS,
    Channel,
    MatterState,
    OpinionStage,
    Period,
    Satisfaction,
)
from xinfang.petitions.matters.choices import SatisfactionSource as RatingSource
from xinfang.petitions.matters.models import Category, Matter, MatterClock, Opinion
from xinfang.petitions.matters.models.handling import FollowUp

from .figures import Figure, Rate
from .places import DISTRICT_BY_CODE, MUNICIPALITY
from .query import Params, StatisticsQuery, drill, matters_for

#: Ratings counted as satisfied (满意、基本满意), as the assessment counts them.
SATISFIED = (Satisfaction.SATISFIED.value, Satisfaction.BASICALLY_SATISFIED.value)
#: How many places the places × categories table shows.
TOP_PLACES = 10


# --- helpers ---------------------------------------------------------------------------------


def grouped(queryset: QuerySet[Any], key: Any) -> dict[Any, int]:
    """``{key: count}``: one GROUP BY (``key`` a field name or an expression)."""
    rows = queryset.order_by().annotate(_k=key).values_list("_k").annotate(n=Count("pk"))
    return dict(rows.values_list("_k", "n"))


def _count(
    user: Any, query: StatisticsQuery, today: dt.date, key: str, label: str, **extra: Any
) -> Figure:
    params = drill(query, **extra)
    return Figure(key, label, matters_for(user, params, today=today).count(), params)


@dataclass(frozen=True)
class Categories:
    """The category tree in memory (categories are few): each one's top-level ancestor."""

    by_id: dict[int, Category]

    @classmethod
    def load(cls) -> Categories:
        return cls({c.pk: c for c in Category.objects.all()})

    def top(self, category_id: int | None) -> Category | None:
        found = self.by_id.get(category_id) if category_id is not None else None
        while found is not None and found.parent_id is not None:
            found = self.by_id[found.parent_id]
        return found

    def fold(self, counts: dict[Any, int]) -> dict[int | None, int]:
        """Counts by category folded onto the top-level categories (None: uncategorised)."""
        out: dict[int | None, int] = {}
        for category_id, n in counts.items():
            top = self.top(category_id)
            key = top.pk if top is not None else None
            out[key] = out.get(key, 0) + n
        return out


def _sorted(figures: Iterable[Figure]) -> list[Figure]:
    return sorted(figures, key=lambda f: (-f.count, f.key))


def category_figures(
    query: StatisticsQuery, counts: dict[Any, int], tree: Categories, **extra: Any
) -> list[Figure]:
    """Figures by top-level category (``category=`` takes the categories under it)."""
    out = []
    for category_id, n in tree.fold(counts).items():
        if category_id is None:
            out.append(Figure("", _("未分类"), n, drill(query, **extra), exact=False))
        else:
            category = tree.by_id[category_id]
            params = drill(query, category=str(category_id), **extra)
            out.append(Figure(category.code, category.label, n, params))
    return _sorted(out)


# --- places ----------------------------------------------------------------------------------


def place_length(query: StatisticsQuery) -> int:
    """How many digits of the region code a place has on this query: districts (6) under the
    city, townships (9) under a district, villages (12) under a township."""
    region = query.region
    if not region or (len(region) == 6 and region.endswith("00")):
        return 6
    return 9 if len(region) == 6 else 12


def place_exact(code: str, length: int) -> bool:
    """Whether ``region=code`` selects exactly the matters grouped under ``code``: a code
    shorter than the group's (the place recorded only at a higher level) would take the ones
    below it too, and a 6-digit code ending in 00 stands for a whole city."""
    return len(code) == length and not (length == 6 and code.endswith("00"))


def place_labels(codes: Iterable[str]) -> dict[str, str]:
    """Names of places: the districts from their list, townships and villages from the organs
    of that level registered there; a code nobody registered shows as itself."""
    codes = set(codes)
    labels = {code: DISTRICT_BY_CODE[code].label for code in codes if code in DISTRICT_BY_CODE}
    if MUNICIPALITY in codes:
        labels[MUNICIPALITY] = _("全市（未细分到区县）")
    rest = codes - labels.keys()
    if rest:
        rows = (
            Organ.objects.filter(region_code__in=rest, level=OrganLevel.TOWNSHIP)
            .order_by("region_code", "pk")
            .values_list("region_code", "short_name", "name")
        )
        for code, short, name in rows:
            labels.setdefault(code, short or name)
    for code in codes - labels.keys():
        labels[code] = code if code else _("未填写")
    return labels


def place_figures(
    query: StatisticsQuery, counts: dict[Any, int], length: int, **extra: Any
) -> list[Figure]:
    labels = place_labels(counts)
    out = []
    for code, n in counts.items():
        if place_exact(code, length):
            out.append(Figure(code, labels[code], n, drill(query, region=code, **extra)))
        else:
            out.append(Figure(code, labels[code], n, drill(query, **extra), exact=False))
    return _sorted(out)


def place_key(length: int) -> Any:
    return Substr("region_code", 1, length)


# --- months ----------------------------------------------------------------------------------


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``month``'s month."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def as_month(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        day: dt.date = value.date()
        return day.replace(day=1)
    return dt.date.fromisoformat(str(value)[:10]).replace(day=1)


def month_figures(query: StatisticsQuery, counts: dict[Any, int], **extra: Any) -> list[Figure]:
    """Figures by month of receipt, every month of the period (0 where none), each linked to
    the month's days within the period."""
    by_month: dict[dt.date, int] = {}
    for value, n in counts.items():
        month = as_month(value)
        by_month[month] = by_month.get(month, 0) + n
    out = []
    month = query.date_from.replace(day=1)
    while month <= query.date_to:
        first, last = month_bounds(month)
        params = drill(
            query,
            received_from=max(first, query.date_from).isoformat(),
            received_to=min(last, query.date_to).isoformat(),
            **extra,
        )
        out.append(
            Figure(month.strftime("%Y-%m"), month.strftime("%Y-%m"), by_month.get(month, 0), params)
        )
        month = last + dt.timedelta(days=1)
    return out


# --- on-time, reviews, satisfaction ----------------------------------------------------------


@dataclass(frozen=True)
class StepTimeliness:
    """The organ clocks of one step (``MatterClock.period``) on the query's matters: kept (stopped
    by the due date), missed (stopped after it, or still running past it today), running
    within time; the on-time rate is kept of kept-or-missed, as the assessment counts it
    (``oversight.selectors.assessment_catalogue``)."""

    period: str
    label: str
    kept: Figure
    decided: Figure
    running: Figure

    @property
    def rate(self) -> Rate:
        return Rate(self.period, self.label, self.kept, self.decided)

    @property
    def missed(self) -> int:
        return self.decided.count - self.kept.count


def on_time_by_step(
    matters: QuerySet[Matter], base: Params, today: dt.date
) -> list[StepTimeliness]:
    """On-time figures of every organ step: one GROUP BY over the matters' clocks."""
    period = AssessedPeriod(start=today, end=today, cutoff=today)
    rows = (
        MatterClock.objects.filter(matter_id__in=matters.values("pk"))
        .exclude(period__in=PETITIONER_PERIODS)
        .order_by()
        .values_list("period")
        .annotate(
            total=Count("pk"),
            kept=Count("pk", filter=_clock_kept()),
            decided=Count("pk", filter=_clock_decided(period)),
        )
    )
    found = {code: (total, kept, decided) for code, total, kept, decided in rows}
    out = []
    for code, label in Period.choices:
        if code not in found:
            continue
        total, kept, decided = found[code]
        out.append(
            StepTimeliness(
                code,
                str(label),
                Figure(code, str(label), kept, base, exact=False),
                Figure(code, str(label), decided, base, exact=False),
                Figure(code, str(label), total - decided, base, exact=False),
            )
        )
    return out


@dataclass(frozen=True)
class Reviews:
    """Handling, review and re-review opinions on the query's matters; a review or re-review
    opinion overturns when its answer differs from the handling opinion's (改变率, as the
    assessment counts it)."""

    handled: Figure
    reviewed: Figure
    rereviewed: Figure
    overturned: Figure
    compared: Figure

    @property
    def rates(self) -> list[Rate]:
        return [
            Rate("review", _("复查率"), self.reviewed, self.handled),
            Rate("rereview", _("复核率"), self.rereviewed, self.reviewed),
            Rate(
                "overturn", _("改变率（复查、复核改变原处理意见）"), self.overturned, self.compared
            ),
        ]


def reviews(matters: QuerySet[Matter], base: Params) -> Reviews:
    """One GROUP BY over the opinions of the matters, by stage."""
    handle_kind = Opinion.objects.filter(
        matter_id=OuterRef("matter_id"), stage=OpinionStage.HANDLE
    ).values("kind")[:1]
    compared = Q(handle_kind__isnull=False)
    rows = (
        Opinion.objects.filter(matter_id__in=matters.values("pk"))
        .annotate(handle_kind=Subquery(handle_kind))
        .order_by()
        .values_list("stage")
        .annotate(
            n=Count("pk"),
            compared=Count("pk", filter=compared),
            changed=Count("pk", filter=compared & ~Q(kind=F("handle_kind"))),
        )
    )
    found = {stage: (n, c, ch) for stage, n, c, ch in rows}
    later = (OpinionStage.REVIEW, OpinionStage.REREVIEW)
    reviewed_states = {
        "state": [
            MatterState.REVIEWED.value,
            MatterState.REREVIEW_REQUESTED.value,
            MatterState.REREVIEWED.value,
        ]
    }

    def figure(key: str, label: str, n: int, *, states: bool = False) -> Figure:
        params = {**base, **reviewed_states} if states else base
        return Figure(key, label, n, params, exact=False)

    return Reviews(
        handled=figure("handle", _("出具处理意见"), found.get(OpinionStage.HANDLE, (0, 0, 0))[0]),
        reviewed=figure(
            "review", _("复查意见"), found.get(OpinionStage.REVIEW, (0, 0, 0))[0], states=True
        ),
        rereviewed=figure(
            "rereview", _("复核意见"), found.get(OpinionStage.REREVIEW, (0, 0, 0))[0], states=True
        ),
        overturned=figure(
            "overturned",
            _("改变原处理意见"),
            sum(found.get(s, (0, 0, 0))[2] for s in later),
            states=True,
        ),
        compared=figure(
            "compared",
            _("有原处理意见的复查、复核意见"),
            sum(found.get(s, (0, 0, 0))[1] for s in later),
            states=True,
        ),
    )


@dataclass(frozen=True)
class SatisfactionSource:
    """Where petitioners' ratings come from: ``counts`` answers ``{rating: count}`` for a set of
    matters; ``params`` the drill-down of one rating (None: the filter cannot select it, the
    rating links to the matters it was counted over). Another source (the petitioner's own
    rating on the portal) is added with ``register_satisfaction_source``."""

    key: str
    label: Callable[[], str]
    counts: Callable[[QuerySet[Matter]], dict[str, int]]
    params: Callable[[str], Params] | None = None


def _portal_ratings(matters: QuerySet[Matter]) -> dict[str, int]:
    rows = matters.filter(satisfaction_source=RatingSource.PORTAL).exclude(satisfaction="")
    return grouped(rows, F("satisfaction"))


def _office_ratings(matters: QuerySet[Matter]) -> dict[str, int]:
    rows = matters.exclude(satisfaction="").exclude(satisfaction_source=RatingSource.PORTAL)
    return grouped(rows, F("satisfaction"))


def _follow_up_ratings(matters: QuerySet[Matter]) -> dict[str, int]:
    rows = FollowUp.objects.filter(matter_id__in=matters.values("pk")).exclude(satisfaction="")
    return grouped(rows, F("satisfaction"))


SATISFACTION_SOURCES: list[SatisfactionSource] = [
    # The petitioner's own rating on the portal and the one a petition office recorded for
    # the petitioner: one rating a matter (``Matter.satisfaction``), by who gave it.
    SatisfactionSource(
        "portal",
        lambda: _("信访人网上评价"),
        _portal_ratings,
        lambda rating: {
            "satisfaction": rating,
            "satisfaction_source": str(RatingSource.PORTAL.value),
        },
    ),
    SatisfactionSource(
        "office",
        lambda: _("信访部门代为记录的评价"),
        _office_ratings,
        lambda rating: {
            "satisfaction": rating,
            "satisfaction_source": str(RatingSource.OFFICE.value),
        },
    ),
    SatisfactionSource("follow_up", lambda: _("回访满意度"), _follow_up_ratings),
]


def register_satisfaction_source(source: SatisfactionSource) -> None:
    """Add a source of ratings (once; a source of the same key is replaced)."""
    SATISFACTION_SOURCES[:] = [s for s in SATISFACTION_SOURCES if s.key != source.key]
    SATISFACTION_SOURCES.append(source)


@dataclass(frozen=True)
class SatisfactionFigures:
    """One source's ratings: a figure per rating and the satisfied rate (满意、基本满意)."""

    key: str
    label: str
    ratings: list[Figure]

    @property
    def rated(self) -> Figure:
        total = sum(f.count for f in self.ratings)
        base = self.ratings[0].params if self.ratings else {}
        return Figure("rated", _("评价总数"), total, base, exact=False)

    @property
    def satisfied(self) -> Rate:
        part = sum(f.count for f in self.ratings if f.key in SATISFIED)
        base = self.ratings[0].params if self.ratings else {}
        return Rate(
            "satisfied",
            _("满意率（满意、基本满意）"),
            Figure("satisfied", _("满意、基本满意"), part, base, exact=False),
            self.rated,
        )


def satisfaction(query: StatisticsQuery, matters: QuerySet[Matter]) -> list[SatisfactionFigures]:
    out = []
    for source in SATISFACTION_SOURCES:
        counts = source.counts(matters)
        ratings = []
        for rating, label in Satisfaction.choices:
            n = counts.get(rating, 0)
            if source.params is not None:
                ratings.append(Figure(rating, str(label), n, drill(query, **source.params(rating))))
            else:
                ratings.append(Figure(rating, str(label), n, query.params(), exact=False))
        out.append(SatisfactionFigures(source.key, source.label(), ratings))
    return out


# --- places × categories ---------------------------------------------------------------------


@dataclass(frozen=True)
class CrossTable:
    """The places with the most matters (rows) by top-level category (columns)."""

    places: list[Figure]
    categories: list[Figure]
    cells: list[list[Figure]]


def cross_table(
    query: StatisticsQuery,
    matters: QuerySet[Matter],
    places: list[Figure],
    categories: list[Figure],
    tree: Categories,
    length: int,
) -> CrossTable:
    top_places = places[:TOP_PLACES]
    rows = (
        matters.annotate(_place=place_key(length))
        .filter(_place__in=[p.key for p in top_places])
        .values_list("_place", "category_id")
        .annotate(n=Count("pk"))
    )
    found: dict[tuple[str, int | None], int] = {}
    for place, category_id, n in rows:
        top = tree.top(category_id)
        key = (place, top.pk if top is not None else None)
        found[key] = found.get(key, 0) + n
    ids = {c.code: c for c in tree.by_id.values()}
    cells = []
    for place in top_places:
        row = []
        for column in categories:
            category = ids.get(column.key)
            n = found.get((place.key, category.pk if category else None), 0)
            params = dict(place.params)
            if category is not None:
                params["category"] = str(category.pk)
            exact = place.exact and category is not None
            row.append(Figure(f"{place.key}/{column.key}", column.label, n, params, exact=exact))
        cells.append(row)
    return CrossTable(top_places, categories, cells)


# --- everything ------------------------------------------------------------------------------


@dataclass
class StatisticsFigures:
    """Every figure of one query for one user."""

    query: StatisticsQuery
    today: dt.date
    total: Figure
    by_channel: list[Figure]
    by_category: list[Figure]
    place_length: int
    by_place: list[Figure]
    overdue_by_place: list[Figure]
    by_month: list[Figure]
    shares: list[Rate]
    on_time: list[StepTimeliness]
    reviews: Reviews
    satisfaction: list[SatisfactionFigures]
    cross: CrossTable


def statistics_figures(
    *, user: Any, query: StatisticsQuery, today: dt.date | None = None
) -> StatisticsFigures:
    """Every figure of ``query`` over the matters ``user`` may read."""
    today = today or timezone.localdate()
    base = query.params()
    matters = matters_for(user, base, today=today)
    tree = Categories.load()
    length = place_length(query)

    total = Figure("total", _("信访事项总量"), matters.count(), base)
    channels = grouped(matters, F("channel"))
    labels = dict(Channel.choices)
    by_channel = [
        Figure(code, str(labels.get(code, code)), n, drill(query, channel=[code]))
        for code, n in channels.items()
    ]
    by_category = category_figures(query, grouped(matters, F("category_id")), tree)
    by_place = place_figures(query, grouped(matters, place_key(length)), length)
    overdue = matters_for(user, drill(query, overdue="1"), today=today)
    overdue_by_place = place_figures(
        query, grouped(overdue, place_key(length)), length, overdue="1"
    )
    by_month = month_figures(query, grouped(matters, TruncMonth("received_at")))

    def share(key: str, label: str, part_label: str, **extra: str) -> Rate:
        return Rate(key, label, _count(user, query, today, key, part_label, **extra), total)

    shares = [
        share("repeat", _("重复信访占比"), _("重复信访"), repeat="1"),
        share("collective", _("集体访占比"), _("集体访"), collective="1"),
        share("open", _("未办结占比"), _("未办结"), open="1"),
        share("overdue", _("逾期未办占比"), _("已逾期"), overdue="1"),
    ]
    return StatisticsFigures(
        query=query,
        today=today,
        total=total,
        by_channel=_sorted(by_channel),
        by_category=by_category,
        place_length=length,
        by_place=by_place,
        overdue_by_place=overdue_by_place,
        by_month=by_month,
        shares=shares,
        on_time=on_time_by_step(matters, base, today),
        reviews=reviews(matters, base),
        satisfaction=satisfaction(query, matters),
        cross=cross_table(query, matters, by_place, by_category, tree, length),
    )
