"""The assessment run (细则第十条第一款): every indicator of the catalogue for every organ of a
registry over the archive's last year, next to the matter-based indicators in raw SQL.

Two registries: the demo's (789 organs: the city and its 38 districts and counties) and the
same grown to 10,000 organs (generated departments under each district's government, no
matters of their own: the run still folds and scores them). Each run computes the scheme's
inputs (one or two grouped queries an indicator over all organs, folded onto the organs
assessed) and its canonical result (normalised by kind and level, scored, ranked,
explained). The raw SQL computes four matter-based indicators (及时受理率, 按期办结率, 群众满意率,
重复信访率) with one ``GROUP BY`` statement each, folded the same way, and is checked to give
the product's counts before both are timed. The generated organs, the scheme and its run are
rolled back at the end: the archive is left as it was.

Target: a whole run < 60 s on SQLite at 1,000,000 matters. Peak memory of one run by
``tracemalloc`` (Python allocations).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import tracemalloc
from typing import Any

from .common import Figure, Report, raw_connection, say

TARGET_S = 60.0
REGISTRY = 10_000
#: The four indicators computed both ways, each one raw statement (``{kept}`` etc. per clock).
RAW_CLOCKS = (
    "SELECT organ_id, SUM(stopped_on IS NOT NULL AND stopped_on <= due), "
    "SUM((stopped_on IS NOT NULL AND stopped_on <= due) OR stopped_on > due "
    "OR (stopped_on IS NULL AND due < :cutoff)) FROM petitions_matterclock "
    "WHERE period = :period AND due >= :start AND due <= :end GROUP BY organ_id"
)
RAW_SATISFACTION = (
    "SELECT handling_organ_id, SUM(satisfaction IN ('satisfied', 'basically_satisfied')), "
    "COUNT(*) FROM petitions_matter WHERE satisfaction_at >= :since AND satisfaction_at < :until "
    "AND satisfaction != '' GROUP BY handling_organ_id"
)
RAW_REPEAT = (
    "SELECT COALESCE(m.handling_organ_id, m.current_organ_id), "
    "SUM(EXISTS (SELECT 1 FROM petitions_repeatlink r WHERE r.matter_id = m.id "
    "AND r.same_petitioner)), COUNT(*) FROM petitions_matter m "
    "WHERE m.received_at >= :since AND m.received_at < :until GROUP BY 1"
)
RAW_CODES = ("on_time_acceptance", "on_time_conclusion", "satisfaction", "repeat_rate")


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def raw_counts(conn: Any, attribution: Any, period: Any) -> dict[str, dict[int, tuple[int, int]]]:
    """The four indicators' counts per assessed organ in raw SQL (folded as the product folds)."""
    dates = {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "cutoff": period.cutoff.isoformat(),
    }
    instants = {"since": _utc_text(period.start_at), "until": _utc_text(period.end_at)}
    found = {}
    for code, name in (("on_time_acceptance", "accept"), ("on_time_conclusion", "handle")):
        rows = conn.execute(RAW_CLOCKS, {**dates, "period": name}).fetchall()
        found[code] = attribution.fold(rows)
    found["satisfaction"] = attribution.fold(conn.execute(RAW_SATISFACTION, instants).fetchall())
    found["repeat_rate"] = attribution.fold(conn.execute(RAW_REPEAT, instants).fetchall())
    return found


def _region(governments: list[Any], n: int) -> str:
    """A place code within the district of the ``n``-th generated organ."""
    return f"{governments[n % len(governments)].region_code}9{n // len(governments):03d}"[:12]


def grow_registry(size: int) -> int:
    """Departments under each district's government until the registry holds ``size``
    organs (written in bulk, inside the benchmark's transaction); how many were added."""
    from django.db import connection

    from xinfang.orgs.models import Organ

    have = Organ.objects.count()
    governments = [o for o in Organ.objects.filter(level="district") if o.has_role("government")]
    if have >= size or not governments:
        return 0
    missing = size - have
    rows = [
        Organ(
            code=f"bench-organ-{n}",
            name=f"基准测试单位{n}",
            kind="administrative",
            level="township",
            region_code=_region(governments, n),
            parent=governments[n % len(governments)],
            roles=["department"],
            path="",
            depth=2,
        )
        for n in range(missing)
    ]
    Organ.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE orgs_organ SET path = (SELECT p.path FROM orgs_organ p "
            "WHERE p.id = orgs_organ.parent_id) || id || '/' WHERE code LIKE 'bench-organ-%%'"
        )
    return missing


def measure(report: Report, label: str, scheme: Any, today: dt.date) -> None:
    from xinfang.oversight.selectors.assessment_catalogue import CATALOGUE, Attribution
    from xinfang.oversight.selectors.assessment_runs import compute, period_of
    from xinfang.rules.assessment import canonical_json

    organs = list(scheme.organs.all())
    period = period_of(scheme, today)
    started = time.perf_counter()
    _inputs, result = compute(scheme, today=today)
    canonical_json(result)
    whole = time.perf_counter() - started
    tracemalloc.start()
    compute(scheme, today=today)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    attribution = Attribution(organs)
    started = time.perf_counter()
    product = {code: CATALOGUE[code].compute(attribution, period) for code in RAW_CODES}
    four = time.perf_counter() - started
    conn = raw_connection()
    try:
        attribution = Attribution(organs)
        started = time.perf_counter()
        raw = raw_counts(conn, attribution, period)
        raw_seconds = time.perf_counter() - started
    finally:
        conn.close()
    assert raw == product, f"{label}: product and raw SQL disagree"
    ranked = sum(1 for line in result["lines"] if line["rank"] is not None)
    say(
        f"assessment run over {len(organs):,} organs, {period.start}–{period.end}: "
        f"{len(scheme.indicators.all())} indicators, {ranked:,} organs ranked, "
        f"{whole:.2f} s, peak {peak / 2**20:.1f} MiB (tracemalloc)"
    )
    say(f"  four matter indicators: product {four:.2f} s, raw SQL {raw_seconds:.2f} s")
    report.add(
        Figure(
            f"assessment run, {label} (all indicators)",
            whole,
            None,
            "s",
            "< 60 s",
            whole < TARGET_S,
        )
    )
    report.add(
        Figure(f"assessment: 4 matter indicators, {label}", four, raw_seconds, "s", "–", None)
    )
    report.add(Figure(f"assessment run peak memory, {label}", peak / 2**20, None, "MiB", "–", None))


def run(report: Report, args: argparse.Namespace) -> None:
    from django.db import transaction
    from django.utils import timezone

    from xinfang.orgs.models import Organ
    from xinfang.oversight.services import assessment as services

    today = timezone.localdate()
    start, end = today - dt.timedelta(days=365), today - dt.timedelta(days=1)
    party = Organ.objects.get(code="500000-party")
    with transaction.atomic():
        for label, size in (("demo registry", 0), (f"{REGISTRY:,} organs", REGISTRY)):
            added = grow_registry(size) if size else 0
            if added:
                say(f"registry grown by {added:,} generated organs (rolled back at the end)")
            scheme = services.assessment_scheme_create(
                assessing_organ=party,
                title=f"benchmark {label}",
                period_kind="year",
                period_start=start,
                period_end=end,
                organs=list(Organ.objects.all()),
                actor="command:bench",
            )
            services.assessment_scheme_activate(scheme=scheme, actor="command:bench")
            scheme.refresh_from_db()
            measure(report, label, scheme, today)
        transaction.set_rollback(True)
