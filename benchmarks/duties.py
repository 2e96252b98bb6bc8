"""The reads of the duties that count a territory's matters: the early warning of a district
and the situation report figures of a petition office, each next to raw SQL.

- **Early warning** (细则第四条第二款, ``region_warnings``): the district with the most matters,
  read as the principal leader of its party committee (a demo position; may see the warnings,
  ``may_see_warnings``). The raw SQL computes the same spikes (place × category × fortnight at
  the threshold), repeat petitioners and collective visits over the same ninety days in one
  statement; the warnings' matter links (``visible``) and names are the product's alone.
- **Situation report figures** (细则第六条, ``situation_figures``) of the last quarter, for the
  municipal petition office (500000-petition: the whole city) and that district's office. The
  raw SQL computes the main counts (received, by main category, the top places, repeat
  petitioners) in one statement; the product's figure also holds the channels, hot spots,
  on-time clocks and recommendations.

Both sides are checked to give the same numbers before they are timed. Target: p95 ≤ 500 ms
at 1,000,000 matters for each read.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from .common import Figure, Report, percentile, raw_connection, say, summary_ms, time_runs

TARGET_MS = 500.0

#: The window's matters as the warning reads them: the region's (its code and every place
#: within it: a binary range on the digits, as ``startswith``), received on a local day from
#: ``since`` to ``today`` (the bounds are the UTC instants of those local midnights), each with
#: its local day (``{offset}``: the zone's UTC offset) and the first day of its fortnight
#: (fortnights counted from ``{epoch}``, every ``{days}`` days).
RAW_WARNINGS = (
    "WITH w AS MATERIALIZED ("
    "SELECT region_code, category_id, petitioner_id, is_collective, headcount, "
    "date(received_at, '{offset}') AS day FROM petitions_matter "
    "WHERE region_code >= :low AND region_code < :high "
    "AND received_at >= :since AND received_at < :until), "
    "f AS (SELECT region_code, category_id, "
    "date(day, '-' || (CAST(julianday(day) - julianday('{epoch}') AS INTEGER) % {days}) "
    "|| ' days') AS start FROM w) "
    "SELECT 'spike', region_code, category_id, start, COUNT(*) FROM f "
    "GROUP BY region_code, category_id, start HAVING COUNT(*) >= :spike "
    "UNION ALL SELECT 'repeat', NULL, NULL, NULL, COUNT(*) FROM w "
    "WHERE petitioner_id IS NOT NULL GROUP BY petitioner_id HAVING COUNT(*) >= :repeat "
    "UNION ALL SELECT 'collective', NULL, NULL, SUM(headcount), COUNT(*) FROM w "
    "WHERE is_collective"
)

#: The matters of a petition office's territory received in the period (``matters_received``:
#: registered by, or now at, an organ of the subtree of the organ the office belongs to),
#: counted: received, by main category (the parent of a subcategory), the top ten places,
#: the petitioners with two matters or more.
RAW_SITUATION = (
    "WITH t AS (SELECT id FROM orgs_organ WHERE path >= :path_low AND path < :path_high), "
    "r AS MATERIALIZED (SELECT m.id, m.region_code, m.petitioner_id, "
    "COALESCE(c.parent_id, m.category_id) AS main FROM petitions_matter m "
    "LEFT JOIN petitions_category c ON c.id = m.category_id "
    "WHERE m.received_at >= :start AND m.received_at < :until "
    "AND (m.registering_organ_id IN t OR m.current_organ_id IN t)) "
    "SELECT 'received', NULL, COUNT(*) FROM r "
    "UNION ALL SELECT 'category', main, COUNT(*) FROM r GROUP BY main "
    "UNION ALL SELECT * FROM (SELECT 'place', region_code, COUNT(*) AS n FROM r "
    "GROUP BY region_code ORDER BY n DESC, region_code LIMIT :top) "
    "UNION ALL SELECT 'repeat', NULL, COUNT(*) FROM (SELECT petitioner_id FROM r "
    "WHERE petitioner_id IS NOT NULL GROUP BY petitioner_id HAVING COUNT(*) >= 2)"
)


def _utc_text(moment: dt.datetime) -> str:
    """An aware instant as the SQLite column holds it (UTC, ``YYYY-MM-DD HH:MM:SS``)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _local_midnight(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def busiest_district() -> str:
    """The region code of the district or county with the most matters (its places' included)."""
    conn = raw_connection()
    try:
        row = conn.execute(
            "SELECT o.region_code, COUNT(*) AS n FROM petitions_matter m "
            "JOIN orgs_organ o ON o.code = substr(m.region_code, 1, 6) || '-gov' "
            "WHERE o.level = 'district' GROUP BY o.region_code ORDER BY n DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return str(row[0])


def leader_user(person_code: str) -> Any:
    """The login of a demo position's holder (linked once, through the services)."""
    from django.contrib.auth import get_user_model

    from xinfang.orgs.models import Person
    from xinfang.orgs.services import person_link_user

    person = Person.objects.select_related("user").get(code=person_code)
    if person.user is not None:
        return person.user
    user_model = get_user_model()
    username = f"bench_{person_code.replace('-', '_').replace(':', '_')}"
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(username=username, password=None)
    person_link_user(actor="command:bench", person=person, user=user)
    return user


def raw_warnings(conn: Any, region: str, today: dt.date, spike: int, repeat: int) -> Any:
    """The warning's numbers in raw SQL: spikes, repeat counts, collective visits."""
    from xinfang.duties.selectors.agenda_warnings import (
        FORTNIGHT_DAYS,
        FORTNIGHT_EPOCH,
        WINDOW_DAYS,
    )

    since = today - dt.timedelta(days=WINDOW_DAYS - 1)
    offset = _local_midnight(today).utcoffset() or dt.timedelta()
    sql = RAW_WARNINGS.format(
        offset=f"{int(offset.total_seconds()):+d} seconds",
        epoch=FORTNIGHT_EPOCH.isoformat(),
        days=FORTNIGHT_DAYS,
    )
    params = {
        "low": region,
        "high": region[:-1] + chr(ord(region[-1]) + 1),
        "since": _utc_text(_local_midnight(since)),
        "until": _utc_text(_local_midnight(today + dt.timedelta(days=1))),
        "spike": spike,
        "repeat": repeat,
    }
    return conn.execute(sql, params).fetchall()


def _warning_numbers(rows: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    spikes = sorted(
        (place, category, dt.date.fromisoformat(start), n)
        for kind, place, category, start, n in rows
        if kind == "spike"
    )
    repeats = sorted((n for kind, *_rest, n in rows if kind == "repeat"), reverse=True)
    collective = next((row[3] or 0, row[4]) for row in rows if row[0] == "collective")
    return spikes, repeats, collective


def run_warnings(report: Report, args: argparse.Namespace, region: str) -> None:
    from django.utils import timezone

    from xinfang.duties.selectors.agenda_warnings import may_see_warnings, region_warnings
    from xinfang.orgs.models import Organ
    from xinfang.petitions.matters.models import Category

    today = timezone.localdate()
    organ = Organ.objects.get(code=f"{region}-party")
    user = leader_user(f"{region}-party:principal")
    assert may_see_warnings(user, organ, today), "the bench leader may not see the warnings"
    runs = max(3, min(args.runs, 20))
    orm = time_runs(lambda: region_warnings(user, organ, today), runs=runs, warmup=1)
    found = region_warnings(user, organ, today)
    spike, repeat = found.spike_setting.value, found.repeat_setting.value
    conn = raw_connection()
    raw = time_runs(lambda: raw_warnings(conn, region, today, spike, repeat), runs=runs, warmup=1)
    spikes, repeats, collective = _warning_numbers(raw_warnings(conn, region, today, spike, repeat))
    conn.close()
    names = dict(Category.objects.values_list("pk", "name"))
    spikes = sorted(
        (place, names.get(c, "") if c else "", start, n) for place, c, start, n in spikes
    )
    product_spikes = sorted((s.place, s.category, s.start, s.count) for s in found.spikes)
    assert product_spikes == spikes, "warning spikes: selector and raw SQL disagree"
    assert [r.count for r in found.repeats] == repeats, "repeat petitioners disagree"
    assert (found.collective_headcount, found.collective_count) == collective, (
        "collective visits disagree"
    )
    say(
        f"early warning of {organ.name} ({region}, {found.since}–{found.today}) as "
        f"{user.username}: {len(found.spikes)} spikes (≥ {spike}), {len(found.repeats)} repeat "
        f"petitioners (≥ {repeat}), {found.collective_count} collective visits "
        f"({found.collective_headcount} people)"
    )
    say(f"  selector: {summary_ms(orm)}")
    say(f"  raw SQL:  {summary_ms(raw)}")
    p95 = percentile(orm, 95)
    report.add(
        Figure(
            "early warning, busiest district (p95)",
            p95,
            percentile(raw, 95),
            "ms",
            f"≤ {TARGET_MS:.0f} ms",
            p95 <= TARGET_MS,
        )
    )


def raw_situation(conn: Any, office: Any, start: dt.date, end: dt.date) -> Any:
    """The situation report's main counts in raw SQL."""
    from xinfang.duties.selectors.recommendations_figures import TOP, territory_root

    root = territory_root(office)
    params = {
        "path_low": root.path,
        "path_high": root.path[:-1] + "0",  # the subtree: paths hold digits and "/"
        "start": _utc_text(_local_midnight(start)),
        "until": _utc_text(_local_midnight(end + dt.timedelta(days=1))),
        "top": TOP,
    }
    return conn.execute(RAW_SITUATION, params).fetchall()


def _situation_numbers(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    return {
        "received": next(n for kind, _k, n in rows if kind == "received"),
        "by_category": {k: n for kind, k, n in rows if kind == "category"},
        "by_place": [(k, n) for kind, k, n in rows if kind == "place"],
        "repeat_petitioners": next(n for kind, _k, n in rows if kind == "repeat"),
    }


def _product_numbers(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        "received": figures["received"],
        "by_category": {c["category_id"]: c["count"] for c in figures["by_category"]},
        "by_place": [(p["region"], p["count"]) for p in figures["by_place"]],
        "repeat_petitioners": figures["repeat_petitioners"],
    }


def run_situation(report: Report, args: argparse.Namespace, region: str) -> None:
    from django.utils import timezone

    from xinfang.duties.selectors.recommendations_figures import last_quarter, situation_figures
    from xinfang.orgs.models import Organ

    today = timezone.localdate()
    start, end = last_quarter(today)
    runs = max(3, min(args.runs, 20))
    conn = raw_connection()
    for code, label in (("500000-petition", "municipal"), (f"{region}-petition", "district")):
        office = Organ.objects.get(code=code)
        orm = time_runs(
            lambda office=office: situation_figures(office, start, end, today=today),
            runs=runs,
            warmup=1,
        )
        figures = situation_figures(office, start, end, today=today)
        raw = time_runs(
            lambda office=office: raw_situation(conn, office, start, end), runs=runs, warmup=1
        )
        numbers = _situation_numbers(raw_situation(conn, office, start, end))
        assert _product_numbers(figures) == numbers, f"{code}: selector and raw SQL disagree"
        say(
            f"situation figures of {office.name} ({code}), {start}–{end}: "
            f"{figures['received']:,} received, {len(figures['by_category'])} categories, "
            f"top place {figures['by_place'][0]['place'] if figures['by_place'] else '–'}, "
            f"{figures['repeat_petitioners']:,} repeat petitioners"
        )
        say(f"  selector: {summary_ms(orm)}")
        say(f"  raw SQL:  {summary_ms(raw)}")
        p95 = percentile(orm, 95)
        report.add(
            Figure(
                f"situation figures, {label} office (p95)",
                p95,
                percentile(raw, 95),
                "ms",
                f"≤ {TARGET_MS:.0f} ms",
                p95 <= TARGET_MS,
            )
        )
    conn.close()


def run(report: Report, args: argparse.Namespace) -> None:
    region = busiest_district()
    run_warnings(report, args, region)
    run_situation(report, args, region)
