"""``xinfang deadline``: the due date of a statutory period, as JSON with its basis.

    xinfang deadline --profile P --period NAME --start YYYY-MM-DD [--extension-days N]

Prints ``{"profile", "period", "start", "days", "day_basis", "due", "provisional", "basis"}``
(plus ``provisional_reason`` and ``unknown_years`` when provisional). Invalid input → one
line on stderr and exit code 2. The contract is documented in docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError

from xinfang.legal.management.base import ContractCommand, one_line
from xinfang.legal.selectors import work_calendar_for_period
from xinfang.rules.deadlines import compute_deadline
from xinfang.rules.errors import RulesError
from xinfang.rules.profiles import load_profile

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: str) -> dt.date:
    """A strict ``YYYY-MM-DD`` date, or a one-line error."""
    if not _DATE.match(value):
        raise ContractCommand.invalid(
            f"--start: 日期格式应为 YYYY-MM-DD / expected YYYY-MM-DD, got {value!r}"
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ContractCommand.invalid(
            f"--start: 不是有效日期 / not a valid date: {value!r}"
        ) from None


class Command(ContractCommand):
    help = "计算法定期限的到期日 / Compute the due date of a statutory period (JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--profile", required=True, help="法规配置 / profile, e.g. national-2022"
        )
        parser.add_argument("--period", required=True, help="期间 / period, e.g. handle")
        parser.add_argument("--start", required=True, help="起算日 / start date YYYY-MM-DD")
        parser.add_argument(
            "--extension-days",
            type=int,
            default=None,
            help="延长天数（仅 handle）/ extension days (handle only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = parse_date(options["start"])
        extension = options["extension_days"]
        try:
            profile = load_profile(options["profile"])
            rule = profile.period(options["period"])
            if extension is not None and rule.name != "handle":
                raise self.invalid(
                    f"--extension-days: 只适用于 handle 期间 / applies to the handle period only, "
                    f"not {rule.name!r}"
                )
            calendar = work_calendar_for_period(start=start, days=rule.days + (extension or 0))
            deadline = compute_deadline(
                profile=profile,
                period=rule.name,
                start=start,
                calendar=calendar,
                extension_days=extension or 0,
            )
        except RulesError as exc:
            raise self.invalid(exc.message) from None
        except (OverflowError, ValueError) as exc:
            raise self.invalid(f"--start: 日期超出范围 / date out of range: {exc}") from None
        except DatabaseError as exc:
            raise CommandError(
                f"数据库不可用，请先运行 xinfang migrate / database not ready: {one_line(exc)}",
                returncode=1,
            ) from None
        self.stdout.write(json.dumps(deadline.to_json(), ensure_ascii=False))
