"""A tiny run of every benchmark: it completes and prints its figures. Never a timing check.

The benchmark builds its own SQLite file under ``XINFANG_VAR_DIR`` (a temporary directory
here), so it runs in a child process, outside pytest-django's test database.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    var_dir = Path(os.environ.get("XINFANG_VAR_DIR") or tmp_path_factory.mktemp("bench"))
    # One directory per xdist worker: the module's tests may run on two workers at once.
    var_dir = var_dir / f"smoke-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    command = [
        sys.executable,
        "-m",
        "benchmarks",
        "--matters",
        "200",
        "--var-dir",
        str(var_dir),
        "--intake",
        "40",
        "--batch",
        "20",
        "--api",
        "10",
        "--runs",
        "5",
        "--workers",
        "1",
    ]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_every_benchmark_prints_its_figure_next_to_raw_sql(bench_output: str) -> None:
    """Each heavy path has a line in the final table with a raw SQL figure beside it."""
    for name in (
        "open+overdue counts, all organs",
        "queue selector",
        "queue page, rendered",
        "batch intake (services)",
        "API intake (POST /api/matters)",
        "early warning, busiest district",
        "situation figures, municipal office",
        "situation figures, district office",
        "statistics page, municipal",
        "search: ",
    ):
        line = next((row for row in bench_output.splitlines() if row.startswith(f"| {name}")), "")
        assert line, f"no table row for {name!r}"
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[2] != "–", f"{name!r} has no raw SQL figure"


def test_peak_memory_is_reported(bench_output: str) -> None:
    """The run ends with the process's peak memory."""
    assert "| peak memory (ru_maxrss)" in bench_output


def test_archive_is_generated(bench_output: str) -> None:
    """The generator wrote the requested number of matters before the measurements."""
    assert "archive: 200 matters" in bench_output


def test_generated_audit_chain_verifies(bench_output: str) -> None:
    """Every generated event has its audit entry, chained: ``verify-audit`` passes."""
    var_dir = next(
        line.split("database under ", 1)[1].strip()
        for line in bench_output.splitlines()
        if "database under " in line
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env["XINFANG_VAR_DIR"] = var_dir
    result = subprocess.run(
        [sys.executable, "-m", "xinfang.cli", "verify-audit"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_repeat_recall_by_content_is_reported(bench_output: str) -> None:
    """The content index is checked against the generator's own retellings at archive size."""
    line = next(
        row for row in bench_output.splitlines() if row.startswith("repeat recall by content")
    )
    hits, total = (int(n) for n in re.findall(r"(\d+) of (\d+)", line)[0])
    assert 0 < hits <= total  # a small archive has few stop keys: most are found
    assert "| repeat recall by content (generated)" in bench_output
