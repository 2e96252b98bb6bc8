"""What every benchmark shares: the isolated database, Django set-up, timing, the result table.

The benchmarks never touch the development database: ``XINFANG_VAR_DIR`` defaults to
``var/bench/`` (set before Django is imported), so the SQLite file, the key ring and the static
directory are the benchmark's own.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The rules core imports no Django: safe before the environment is configured.
from xinfang.rules.procedure import OPEN_STATES, MatterState

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_VAR_DIR = BASE_DIR / "var" / "bench"
#: 1 GB, the peak memory target of issue 5.
MEMORY_TARGET_MB = 1024.0


#: Open matters in raw SQL, as the queue's partial index (``matter_queue_idx``) states them:
#: the matter waits for the organ where it sits, with a due date or without — its state none
#: of the others (``NOT_OPEN_STATE_VALUES``).
RAW_OPEN = "NOT (state IN ({}))".format(
    ", ".join(f"'{state.value}'" for state in MatterState if state not in OPEN_STATES)
)


def configure_environment(var_dir: Path | None) -> Path:
    """Point the project at the benchmark's own directory; call before importing Django."""
    chosen = Path(var_dir or os.environ.get("XINFANG_VAR_DIR") or DEFAULT_VAR_DIR).resolve()
    chosen.mkdir(parents=True, exist_ok=True)
    os.environ["XINFANG_VAR_DIR"] = str(chosen)
    # Development settings (the embedded SQLite under VAR_DIR), with DEBUG turned off below:
    # DEBUG keeps every query in memory and would make the ORM figures meaningless.
    os.environ["DJANGO_SETTINGS_MODULE"] = "xinfang.settings.dev"
    os.environ.pop("DATABASE_URL", None)
    return chosen


def setup_django() -> None:
    """``django.setup()`` with DEBUG off and ``testserver`` allowed for the test client."""
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def database_path() -> Path:
    """The SQLite file Django uses (the benchmark's own, under ``XINFANG_VAR_DIR``)."""
    from django.conf import settings

    return Path(settings.DATABASES["default"]["NAME"])


def raw_connection() -> sqlite3.Connection:
    """A plain ``sqlite3`` connection to the same file with the project's pragmas.

    The ``init_command`` of ``xinfang.settings.base.sqlite_database`` (WAL, ``synchronous=FULL``,
    the page cache), so a raw commit costs what a Django commit costs and both sides read
    through the same cache. ``isolation_level=None``: transactions are explicit (``BEGIN
    IMMEDIATE`` ... ``COMMIT``).
    """
    from django.conf import settings

    conn = sqlite3.connect(database_path(), isolation_level=None, timeout=60)
    options: dict[str, str] = settings.DATABASES["default"]["OPTIONS"]  # type: ignore[assignment]
    conn.executescript(options["init_command"])
    return conn


def warm_page_cache(path: Path) -> tuple[int, float]:
    """Read the database file (and its WAL) once, so the OS holds it in its page cache;
    returns ``(bytes read, seconds)``."""
    started = time.perf_counter()
    read = 0
    for name in (path, Path(f"{path}-wal")):
        if not name.exists():
            continue
        with name.open("rb", buffering=0) as handle:
            while chunk := handle.read(8 << 20):
                read += len(chunk)
    return read, time.perf_counter() - started


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (``ru_maxrss`` is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024.0 if sys.platform != "darwin" else peak / (1024.0 * 1024.0)


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0–100) by the nearest-rank method."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    rank = max(1, round(q / 100.0 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def time_runs(fn: Callable[[], Any], *, runs: int, warmup: int = 5) -> list[float]:
    """Wall-clock milliseconds of ``runs`` calls of ``fn`` after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def summary_ms(samples: list[float]) -> str:
    return (
        f"p50 {percentile(samples, 50):.2f} ms, p95 {percentile(samples, 95):.2f} ms, "
        f"mean {statistics.fmean(samples):.2f} ms (n={len(samples)})"
    )


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as t: ...`` then ``t[0]`` is the elapsed seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


def say(message: str) -> None:
    print(message, flush=True)


@dataclass
class Figure:
    """One line of the final table: the figure, the same work in raw SQL, the target."""

    name: str
    value: float
    raw: float | None
    unit: str
    target: str
    met: bool | None
    higher_is_better: bool = False
    note: str = ""

    @property
    def ratio(self) -> str:
        if self.raw is None or not self.raw or not self.value:
            return "–"
        ratio = self.raw / self.value if self.higher_is_better else self.value / self.raw
        return f"{ratio:.1f}×"


@dataclass
class Report:
    """The figures collected by a run, printed as one table at the end."""

    figures: list[Figure] = field(default_factory=list)
    context: list[str] = field(default_factory=list)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure

    def table(self) -> str:
        header = ("figure", "value", "raw SQL", "ratio", "target", "met")
        rows = [header]
        for f in self.figures:
            met = "–" if f.met is None else ("yes" if f.met else "NO")
            raw = "–" if f.raw is None else f"{_fmt(f.raw)} {f.unit}"
            rows.append((f.name, f"{_fmt(f.value)} {f.unit}", raw, f.ratio, f.target, met))
        widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
        lines = []
        for n, row in enumerate(rows):
            lines.append(
                "| " + " | ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)) + " |"
            )
            if n == 0:
                lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        return "\n".join(lines)


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def archive_summary() -> list[str]:
    """A few lines describing the archive measured (sizes, open and overdue matters)."""
    import datetime as dt

    path = database_path()
    conn = sqlite3.connect(path)
    try:
        today = dt.date.today().isoformat()
        matters, open_, overdue = conn.execute(
            f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {RAW_OPEN}), SUM(action_due < ?) "
            "FROM petitions_matter",
            (today,),
        ).fetchone()
        row = conn.execute("SELECT value FROM bench_meta WHERE key = 'band_keys'").fetchone()
        keys = int(row[0]) if row else 0
        audit = conn.execute("SELECT MAX(seq) FROM audit_auditentry").fetchone()[0] or 0
        petitioners = conn.execute("SELECT COUNT(*) FROM petitions_petitioner").fetchone()[0]
    finally:
        conn.close()
    size = sum(
        Path(f"{path}{suffix}").stat().st_size
        for suffix in ("", "-wal")
        if Path(f"{path}{suffix}").exists()
    )
    return [
        f"archive: {matters:,} matters ({open_:,} open, {overdue or 0:,} overdue), "
        f"{petitioners:,} petitioners, {keys:,} band keys (generated), {audit:,} audit entries, "
        f"{size / 2**30:.2f} GiB on disk",
    ]
