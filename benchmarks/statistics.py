"""The statistics page (``/statistics/``) over the archive's last year: every figure, the
monthly and the annual table (``statistics_report``), and the whole page with its charts,
next to the main grouped counts in raw SQL.

Two readers: the city petition office's clerk (the municipality: every matter the scope
covers, conflicts excluded) and a district petition office's clerk (its district's subtree).
The raw SQL counts the year's matters by channel, by district (the first six digits of the
place) and by month of receipt (Beijing time) with one ``GROUP BY`` each, and the organ clocks
by step; the municipal reader's figures are checked to equal them before both are timed.

Target: the whole page < 5 s on SQLite at 1,000,000 matters (a report, read a few times a day).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from .common import Figure, Report, percentile, raw_connection, say, summary_ms, time_runs

TARGET_S = 5.0
RAW_BY = (
    "SELECT {key}, COUNT(*) FROM petitions_matter "
    "WHERE received_at >= :since AND received_at < :until GROUP BY 1"
)
RAW_KEYS = {
    "channel": "channel",
    "place": "substr(region_code, 1, 6)",
    # Stored in UTC: a matter received at 23:30 on the last day of a month in Chongqing is
    # that month's.
    "month": "strftime('%Y-%m', received_at, '+8 hours')",
}
RAW_CLOCKS = (
    "SELECT c.period, COUNT(*), SUM(c.stopped_on IS NOT NULL AND c.stopped_on <= c.due) "
    "FROM petitions_matterclock c JOIN petitions_matter m ON m.id = c.matter_id "
    "WHERE m.received_at >= :since AND m.received_at < :until "
    "AND c.period NOT IN ('review_request', 'rereview_request') GROUP BY 1"
)


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def raw_figures(conn: Any, start: dt.date, end: dt.date) -> dict[str, dict[Any, Any]]:
    from django.utils import timezone

    def bound(day: dt.date) -> str:
        return _utc_text(timezone.make_aware(dt.datetime.combine(day, dt.time.min)))

    window = {"since": bound(start), "until": bound(end + dt.timedelta(days=1))}
    found: dict[str, dict[Any, Any]] = {
        name: dict(conn.execute(RAW_BY.format(key=key), window).fetchall())
        for name, key in RAW_KEYS.items()
    }
    found["clocks"] = {p: (n, kept) for p, n, kept in conn.execute(RAW_CLOCKS, window)}
    return found


def product_figures(figures: Any) -> dict[str, dict[Any, Any]]:
    return {
        "channel": {f.key: f.count for f in figures.by_channel},
        "place": {f.key: f.count for f in figures.by_place},
        "month": {f.key: f.count for f in figures.by_month if f.count},
        "clocks": {
            s.period: (s.decided.count + s.running.count, s.kept.count) for s in figures.on_time
        },
    }


def run(report: Report, args: argparse.Namespace) -> None:
    from django.contrib.auth import get_user_model
    from django.db.models import Max
    from django.test import Client
    from django.utils import timezone

    from xinfang.orgs.models import Organ
    from xinfang.petitions.matters.models import Matter
    from xinfang.statistics.query import StatisticsQuery
    from xinfang.statistics.tables import statistics_report

    latest = Matter.objects.aggregate(at=Max("received_at"))["at"]
    today = timezone.localdate(latest) if latest else timezone.localdate()
    start = today - dt.timedelta(days=364)
    # A report read a few times a day: ten timed runs at most (the default 200 runs gives 10).
    runs = max(1, min(args.runs // 20, 10))
    users = get_user_model().objects
    readers = [
        ("municipal", users.get(username="city_petition_clerk"), None),
        (
            "district subtree",
            users.get(username="district_petition_clerk"),
            Organ.objects.get(code="500103-gov"),
        ),
    ]
    conn = raw_connection()
    try:
        raw = raw_figures(conn, start, today)
        raw_runs = time_runs(lambda: raw_figures(conn, start, today), runs=runs, warmup=1)
        plans = [
            str(row[-1])
            for key in RAW_KEYS.values()
            for row in conn.execute(
                "EXPLAIN QUERY PLAN " + RAW_BY.format(key=key), {"since": "", "until": ""}
            )
        ]
    finally:
        conn.close()
    for label, user, organ in readers:
        query = StatisticsQuery(
            date_from=start, date_to=today, organ=organ, subtree=organ is not None
        )
        report_runs = time_runs(
            lambda q=query, u=user: statistics_report(user=u, query=q, today=today),
            runs=runs,
            warmup=1,
        )
        figures = statistics_report(user=user, query=query, today=today).figures
        if organ is None:
            assert product_figures(figures) == raw, "statistics and raw SQL disagree"
        client = Client()
        client.force_login(user, backend="xinfang.access.backends.ModelBackend")
        url = f"/statistics/?date_from={start}&date_to={today}" + (
            f"&organ={organ.pk}&subtree=1" if organ is not None else ""
        )
        page_runs = time_runs(lambda c=client, u=url: c.get(u), runs=runs, warmup=1)
        assert client.get(url).status_code == 200
        say(f"statistics, {label}: {figures.total.count:,} matters {start} – {today}")
        say(f"  figures + monthly + annual tables: {summary_ms(report_runs)}")
        say(f"  whole page (with charts):          {summary_ms(page_runs)}")
        p95 = percentile(page_runs, 95)
        report.add(
            Figure(
                f"statistics page, {label} (p95)",
                p95,
                percentile(raw_runs, 95) if organ is None else None,
                "ms",
                f"< {TARGET_S:.0f} s",
                p95 <= TARGET_S * 1000,
            )
        )
    say(f"  raw SQL (channel, place, month, clocks): {summary_ms(raw_runs)}")
    say(f"  plans: {'; '.join(plans)}")
