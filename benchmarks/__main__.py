"""``python -m benchmarks``: build (or reuse) the archive, measure the heavy paths, print a table.

    make bench BENCH_ARGS="--matters 1000000 --reuse"
    .venv/bin/python -m benchmarks --matters 1000000            # a fresh archive
    .venv/bin/python -m benchmarks --matters 1000000 --reuse    # keep the generated one

The database is ``$XINFANG_VAR_DIR/xinfang.sqlite3`` (default ``var/bench/``), never the
development one. Without ``--reuse`` it is deleted and rebuilt (migrate, demo, generate);
with it, a finished archive of the same size is used as it is and an interrupted one resumes.
Generation runs in a child process, so the peak memory printed is that of the measurements.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import BASE_DIR, MEMORY_TARGET_MB, Figure, Report, configure_environment, say

BENCHMARKS = (
    "counts",
    "queue",
    "repeats",
    "intake",
    "api",
    "duties",
    "assessment",
    "search",
    "statistics",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--matters", type=int, default=1_000_000, help="archive size (1,000,000)")
    parser.add_argument("--reuse", action="store_true", help="keep a generated archive")
    parser.add_argument(
        "--var-dir", type=Path, default=None, help="default $XINFANG_VAR_DIR or var/bench"
    )
    parser.add_argument(
        "--only", default=",".join(BENCHMARKS), help=f"comma-separated subset of {BENCHMARKS}"
    )
    parser.add_argument(
        "--recall-sample", type=int, default=400, help="generated repeat pairs checked"
    )
    parser.add_argument("--intake", type=int, default=5_000, help="matters registered in batches")
    parser.add_argument("--batch", type=int, default=500, help="items per matter_register_batch")
    parser.add_argument("--api", type=int, default=1_000, help="API intake requests")
    parser.add_argument(
        "--runs", type=int, default=200, help="timed runs of the reads (duties: at most 20)"
    )
    parser.add_argument("--workers", type=int, default=2, help="generator worker processes")
    parser.add_argument("--seed", type=int, default=20_170_523)
    parser.add_argument("--profile", action="store_true", help="cProfile the intake paths")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def prepare(args: argparse.Namespace, var_dir: Path) -> None:
    """A fresh or reused database: migrate, demo, then the archive (in a child process)."""
    database = var_dir / "xinfang.sqlite3"
    if not args.reuse:
        if var_dir == (BASE_DIR / "var").resolve():
            raise SystemExit("refusing to delete the development database; use var/bench")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    from django.core.management import call_command

    from xinfang.demo.orgs import load_demo

    started = time.perf_counter()
    # A reused archive takes new migrations as a deployed database would (their data
    # migrations included), then must match what the migrations create from scratch.
    call_command("migrate", interactive=False, verbosity=0)
    if args.reuse and database.exists():
        stale = stale_schema(database)
        if stale:
            raise SystemExit(
                "the archive's schema differs from the migrations (a migration was edited in "
                "place?); run without --reuse to rebuild it. Differences:\n  "
                + "\n  ".join(stale[:10])
            )
    load_demo()
    say(f"migrate + demo: {time.perf_counter() - started:.1f} s")
    command = [sys.executable, "-m", "benchmarks", "--generate-only", "--reuse"]
    command += ["--matters", str(args.matters), "--workers", str(args.workers)]
    command += ["--seed", str(args.seed), "--var-dir", str(var_dir)]
    subprocess.run(command, check=True, env=os.environ.copy())


def _schema(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {
            " ".join(sql.split())
            for (sql,) in conn.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                "AND name NOT LIKE 'bench_%' AND name NOT LIKE 'sqlite_%'"
            )
        }
    finally:
        conn.close()


def stale_schema(database: Path) -> list[str]:
    """Tables and indexes whose DDL differs from what the migrations create today."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "XINFANG_VAR_DIR": scratch}
        subprocess.run(
            [sys.executable, "-m", "xinfang.cli", "migrate", "--noinput"],
            check=True,
            env=env,
            capture_output=True,
        )
        fresh = _schema(Path(scratch) / "xinfang.sqlite3")
    mine = _schema(database)
    return sorted(f"- {sql[:160]}" for sql in mine - fresh) + sorted(
        f"+ {sql[:160]}" for sql in fresh - mine
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    var_dir = configure_environment(args.var_dir)
    from .common import setup_django

    setup_django()
    if args.generate_only:
        from .generate import generate

        generate(matters=args.matters, seed=args.seed, workers=args.workers, log=say)
        return 0

    say(f"xinfang benchmarks — {args.matters:,} matters, database under {var_dir}")
    prepare(args, var_dir)
    from .common import archive_summary, peak_rss_mb, warm_page_cache

    report = Report()
    # A running server's database sits in the OS page cache; a benchmark started after a
    # reboot, or after the machine dropped its cache (this one does, within minutes, with
    # most of its memory free), would time the disk instead (seen: a repeat look-up 1.4 ms
    # warm, 17 to 40 ms cold). Reading the file warms it: before each figure.
    database = var_dir / "xinfang.sqlite3"

    def warm() -> None:
        read, seconds = warm_page_cache(database)
        say(f"archive read into the OS page cache: {read / 2**30:.2f} GiB in {seconds:.1f} s")

    say(f"load average before measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for line in archive_summary():
        say(line)
    wanted = [name.strip() for name in args.only.split(",") if name.strip()]
    if "counts" in wanted:
        from . import counts

        warm()
        counts.run(report, args)
    if "queue" in wanted:
        from . import queue

        warm()
        queue.run(report, args)
    if "repeats" in wanted:
        from . import repeats

        warm()
        repeats.run(report, args)
    if "duties" in wanted:
        from . import duties

        warm()
        duties.run(report, args)
    if "assessment" in wanted:
        from . import assessment

        warm()
        assessment.run(report, args)
    if "search" in wanted:
        from . import search

        warm()
        search.run(report, args)
    if "statistics" in wanted:
        from . import statistics

        warm()
        statistics.run(report, args)
    if "intake" in wanted or "api" in wanted:
        from . import intake

        if "intake" in wanted:
            warm()
            intake.run_batch(report, args)
        if "api" in wanted:
            warm()
            intake.run_api(report, args)
    peak = peak_rss_mb()
    report.add(
        Figure("peak memory (ru_maxrss)", peak, None, "MB", "≤ 1,024 MB", peak <= MEMORY_TARGET_MB)
    )
    say("")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    say(f"## {args.matters:,} matters on SQLite — {stamp}, {os.cpu_count()} CPUs, load {load}")
    say(report.table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
