"""Open and overdue counts for every organ: the selector next to the raw GROUP BY.

``open_and_overdue_counts_by_organ`` feeds the oversight dashboards (every organ's load on a
day); target ≤ 150 ms at 1,000,000 matters, one query.
"""

from __future__ import annotations

import argparse

from .common import (
    RAW_OPEN,
    Figure,
    Report,
    percentile,
    raw_connection,
    say,
    summary_ms,
    time_runs,
)

#: Open matters with a due date or without; one without is never overdue (and an organ whose
#: open matters all have none counts 0 overdue, where ``SUM`` would answer NULL).
RAW_COUNTS = (
    "SELECT current_organ_id, COUNT(*), "
    "COUNT(*) FILTER (WHERE action_due < ? AND NOT action_paused) "
    "FROM petitions_matter "
    f"WHERE {RAW_OPEN} GROUP BY current_organ_id"
)


def run(report: Report, args: argparse.Namespace) -> None:
    from django.utils import timezone

    from xinfang.petitions.matters.selectors import open_and_overdue_counts_by_organ

    today = timezone.localdate()
    runs = max(5, min(args.runs, 50))
    orm = time_runs(lambda: open_and_overdue_counts_by_organ(today=today), runs=runs, warmup=2)
    loads = open_and_overdue_counts_by_organ(today=today)
    conn = raw_connection()
    raw = time_runs(
        lambda: conn.execute(RAW_COUNTS, (today.isoformat(),)).fetchall(), runs=runs, warmup=2
    )
    rows = conn.execute(RAW_COUNTS, (today.isoformat(),)).fetchall()
    plan = conn.execute("EXPLAIN QUERY PLAN " + RAW_COUNTS, (today.isoformat(),)).fetchall()
    conn.close()
    assert {r[0]: (r[1], r[2]) for r in rows} == {
        k: (v.open, v.overdue) for k, v in loads.items()
    }, "selector and raw SQL disagree"
    say(
        f"counts for every organ ({len(loads)} organs with open matters, "
        f"{sum(v.open for v in loads.values()):,} open, "
        f"{sum(v.overdue for v in loads.values()):,} overdue)"
    )
    say(f"  selector: {summary_ms(orm)}")
    say(f"  raw SQL:  {summary_ms(raw)}")
    say(f"  plan: {'; '.join(str(p[-1]) for p in plan)}")
    p95 = percentile(orm, 95)
    report.add(
        Figure(
            "open+overdue counts, all organs (p95)",
            p95,
            percentile(raw, 95),
            "ms",
            "≤ 150 ms",
            p95 <= 150.0,
        )
    )
