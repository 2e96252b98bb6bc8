"""The figures of a situation report (细则第六条: 分析研究信访情况; 信访工作条例(2022)第四十一条
第一款第一至三项): what the data says about a petition office's territory over a period.

Every figure is one aggregate query over the period's rows (grouped counts), never a loop over
the matters: a district's quarter or a city's year is read the same way. The territory is the
one the office serves (the subtree of the organ it belongs to, as its positions' scope): a
matter counts when it was received in the period and registered by, or sits now at, an organ
of that territory.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import organ_subtree
from xinfang.petitions.matters.models import Category, Matter, MatterClock

from ..models.recommendations import OfficeRecommendation, RecommendationState
from .days import day_start

#: How many places, and places × categories, a report lists.
TOP = 10
#: The clocks whose keeping a report rates: acceptance and handling.
RATED_PERIODS = ("accept", "handle")


def territory_root(office: Organ) -> Organ:
    """The organ whose subtree the office serves: the party committee or government it belongs
    to, or the office itself when it has none (细则第六条: 本地区的信访工作)."""
    if office.parent_id is None:
        return office
    return Organ.objects.get(pk=office.parent_id)


def last_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    """The quarter before the one ``today`` is in."""
    first_month = (today.month - 1) // 3 * 3 + 1
    end = dt.date(today.year, first_month, 1) - dt.timedelta(days=1)
    return dt.date(end.year, end.month - 2, 1), end


def this_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    """The quarter ``today`` is in, whole."""
    first_month = (today.month - 1) // 3 * 3 + 1
    last_month = first_month + 2
    end = dt.date(today.year, last_month, calendar.monthrange(today.year, last_month)[1])
    return dt.date(today.year, first_month, 1), end


def matters_received(office: Organ, start: dt.date, end: dt.date) -> QuerySet[Matter]:
    """The matters of the office's territory received from ``start`` to ``end`` (inclusive)."""
    organs = organ_subtree(territory_root(office)).order_by().values("pk")
    return Matter.objects.filter(
        received_at__gte=day_start(start),
        received_at__lt=day_start(end + dt.timedelta(days=1)),
    ).filter(Q(registering_organ_id__in=organs) | Q(current_organ_id__in=organs))


def _place_names(codes: list[str]) -> dict[str, str]:
    """A place's name by its region code: the short name of the government of that place (a
    township's, a district's) without 政府; the code itself when the registry has none."""
    names: dict[str, str] = {}
    for code, short, name, roles in (
        Organ.objects.filter(region_code__in=codes)
        .order_by("depth", "pk")
        .values_list("region_code", "short_name", "name", "roles")
    ):
        if code not in names and "government" in (roles or []):
            label = short or name
            names[code] = label[:-2] if label.endswith("政府") and len(label) > 2 else label
    return {code: names.get(code, code) for code in codes}


def _categories(ids: set[int]) -> dict[int, Category]:
    return Category.objects.in_bulk(sorted(ids))


def _category_item(category: Category | None) -> dict[str, Any]:
    if category is None:
        return {"category_id": None, "category": "", "category_en": ""}
    return {"category_id": category.pk, "category": category.name, "category_en": category.name_en}


def _on_time(office: Organ, start: dt.date, end: dt.date, today: dt.date) -> dict[str, Any]:
    """Acceptance and handling clocks of the territory's organs due in the period: kept
    (stopped by the due date), missed (stopped after it, or still running past it) and not
    yet due; the rate is kept over kept and missed."""
    organs = organ_subtree(territory_root(office)).order_by().values("pk")
    rows = (
        MatterClock.objects.filter(
            period__in=RATED_PERIODS, organ_id__in=organs, due__gte=start, due__lte=end
        )
        .order_by()
        .values_list("period")
        .annotate(
            kept=Count("id", filter=Q(stopped_on__isnull=False, stopped_on__lte=F("due"))),
            missed=Count(
                "id",
                filter=Q(stopped_on__gt=F("due")) | Q(stopped_on__isnull=True, due__lt=today),
            ),
            pending=Count("id", filter=Q(stopped_on__isnull=True, due__gte=today)),
        )
    )
    found = {period: (kept, missed, pending) for period, kept, missed, pending in rows}
    out: dict[str, Any] = {}
    for period in RATED_PERIODS:
        kept, missed, pending = found.get(period, (0, 0, 0))
        decided = kept + missed
        out[period] = {
            "kept": kept,
            "missed": missed,
            "pending": pending,
            "rate": round(kept / decided, 4) if decided else None,
        }
    return out


def _recommendations(office: Organ, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The office's recommendations sent in the period, by kind and by adoption
    (信访工作条例(2022)第四十一条第一款第三项)."""
    rows = (
        OfficeRecommendation.objects.filter(office_id=office.pk, sent_on__gte=start)
        .filter(sent_on__lte=end)
        .exclude(state=RecommendationState.WITHDRAWN)
        .order_by()
        .values_list("kind", "adoption")
        .annotate(n=Count("id"))
    )
    by_kind: dict[str, int] = {}
    by_adoption: dict[str, int] = {}
    for kind, adoption, n in rows:
        by_kind[kind] = by_kind.get(kind, 0) + n
        by_adoption[adoption or "awaiting"] = by_adoption.get(adoption or "awaiting", 0) + n
    return {"by_kind": by_kind, "by_adoption": by_adoption, "total": sum(by_kind.values())}


def situation_figures(
    office: Organ, start: dt.date, end: dt.date, *, today: dt.date
) -> dict[str, Any]:
    """The snapshot a situation report keeps: taken once, when it is generated."""
    received = matters_received(office, start, end).order_by()
    main = Coalesce(F("category__parent_id"), F("category_id"))
    totals = received.aggregate(
        total=Count("id"), collective=Count("id", filter=Q(is_collective=True))
    )
    by_channel = sorted(
        received.values_list("channel").annotate(n=Count("id")), key=lambda r: (-r[1], r[0])
    )
    by_category = sorted(
        received.annotate(main=main).values_list("main").annotate(n=Count("id")),
        key=lambda r: (-r[1], r[0] or 0),
    )
    by_place = list(
        received.values_list("region_code")
        .annotate(n=Count("id"))
        .order_by("-n", "region_code")[:TOP]
    )
    hot = list(
        received.annotate(main=main)
        .values_list("region_code", "main")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .order_by("-n", "region_code", "main")[:TOP]
    )
    repeaters = (
        received.filter(petitioner_id__isnull=False)
        .values("petitioner_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
    )
    repeat = repeaters.aggregate(petitioners=Count("petitioner_id"))
    categories = _categories({c for c, _n in by_category if c} | {c for _r, c, _n in hot if c})
    places = _place_names(sorted({code for code, _n in by_place} | {code for code, _c, _n in hot}))
    root = territory_root(office)
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "generated_on": today.isoformat(),
        "territory": {"id": root.pk, "name": root.name},
        "received": totals["total"],
        "collective": totals["collective"],
        "by_channel": [{"channel": channel, "count": n} for channel, n in by_channel],
        "by_category": [
            {**_category_item(categories.get(c) if c else None), "count": n} for c, n in by_category
        ],
        "by_place": [{"region": code, "place": places[code], "count": n} for code, n in by_place],
        "repeat_petitioners": repeat["petitioners"] or 0,
        "on_time": _on_time(office, start, end, today),
        "hot_spots": [
            {
                "region": code,
                "place": places[code],
                **_category_item(categories.get(c) if c else None),
                "count": n,
            }
            for code, c, n in hot
        ],
        "recommendations": _recommendations(office, start, end),
    }
