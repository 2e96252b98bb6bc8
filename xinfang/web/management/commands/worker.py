"""``xinfang worker``: the background worker that runs the periodic jobs.

Each job in ``settings.XINFANG_PERIODIC_JOBS`` (a management command and its interval in
seconds: lead detection by default) runs at start and then at its interval. Every job is
idempotent, so a restarted worker, or one running beside a cron entry, does no harm. Run one
worker per installation (a systemd service; see the README); app servers stay stateless.
"""

from __future__ import annotations

import json
import logging
import time
from io import StringIO
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger("xinfang.worker")


class Command(BaseCommand):
    help = "Run the periodic jobs (lead detection, ...) at their intervals; --once runs each once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every job once and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs: list[tuple[str, int]] = [
            (str(name), max(1, int(interval))) for name, interval in settings.XINFANG_PERIODIC_JOBS
        ]
        next_run = dict.fromkeys((name for name, _ in jobs), 0.0)
        while True:
            now = time.monotonic()
            for name, interval in jobs:
                if next_run[name] <= now:
                    self.run_job(name)
                    next_run[name] = time.monotonic() + interval
            if options["once"]:
                return
            time.sleep(max(1.0, min(next_run.values()) - time.monotonic()))

    def run_job(self, name: str) -> None:
        """Run one job; a failure is logged and retried at the next interval, never fatal."""
        out = StringIO()
        began = time.monotonic()
        try:
            call_command(name, stdout=out)
        except Exception:
            logger.exception("periodic job %s failed", name)
            ok = False
        else:
            ok = True
        line = {
            "job": name,
            "ok": ok,
            "seconds": round(time.monotonic() - began, 3),
            "output": out.getvalue().strip()[-500:],
        }
        self.stdout.write(json.dumps(line, ensure_ascii=False))
