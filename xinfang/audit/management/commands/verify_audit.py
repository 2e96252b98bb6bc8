"""``xinfang verify-audit``: walk the whole audit chain; non-zero exit at the first break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the hash-chained audit trail (审计日志完整性校验)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain(batch_size=options["batch_size"])
        if report.broken is not None:
            raise CommandError(str(report.broken), returncode=1)
        self.stdout.write(
            f"audit chain OK: {report.entries} entries, head seq {report.last_seq}, "
            f"hash {report.last_hash}"
        )
