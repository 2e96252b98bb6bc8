"""``xinfang detect-leads [--today YYYY-MM-DD]``: turn failures in the data into leads.

Idempotent: a second run (or a concurrent one) creates nothing new. Meant for cron or a
systemd timer (docs/accountability.md); prints one JSON line with what it found.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import CommandParser

from xinfang.legal.management.base import ContractCommand

from ...detection import DEFAULT_LOOKBACK_DAYS, DETECTION_ACTOR, detect_leads, detector_names


class Command(ContractCommand):
    help = (
        "Detect accountability leads (线索发现): overdue matters, unanswered supervision "
        "orders, supporting opinions not carried out, missed rectification deadlines."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="the day to detect for, YYYY-MM-DD (default: today); for tests and backfill",
        )
        parser.add_argument(
            "--lookback-days",
            type=int,
            default=DEFAULT_LOOKBACK_DAYS,
            help="how far back to look for steps completed late (default: %(default)s)",
        )
        parser.add_argument(
            "--only", choices=detector_names(), action="append", help="run only these detectors"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise self.invalid(
                    "--today 应为 YYYY-MM-DD / --today must be YYYY-MM-DD, "
                    f"not {options['today']!r}"
                ) from None
        if options["lookback_days"] < 0:
            raise self.invalid("--lookback-days 不能为负数 / --lookback-days must not be negative")
        report = detect_leads(
            today=today,
            actor=DETECTION_ACTOR,
            lookback_days=options["lookback_days"],
            kinds=options.get("only") or None,
        )
        self.stdout.write(json.dumps(report.to_json(), ensure_ascii=False))
