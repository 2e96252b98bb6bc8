"""``xinfang deadline``: the due date of a statutory period, as JSON with its basis.

    xinfang deadline --profile P --period NAME --start YYYY-MM-DD [--extension-days N]

Prints ``{"profile", "period", "start", "days", "day_basis", "due", "provisional", "basis"}``
(plus ``provisional_reason`` and ``unknown_years`` when provisional). A period the municipal
petition office sets (细则第十九条) is computed with its determination in force on the start
date, as the application does, and adds ``determination`` (or null) and, without one,
``policy``. Invalid input → one line on stderr and exit code 2. The contract is documented
in docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError

from xinfang.legal.management.base import ContractCommand, one_line
from xinfang.legal.models import Determination
from xinfang.legal.selectors import period_determination_in_force, work_calendar_for_period
from xinfang.rules.basis import PENDING_DEFAULT
from xinfang.rules.deadlines import compute_deadline
from xinfang.rules.errors import RulesError
from xinfang.rules.profiles import is_office_period, load_profile, with_determinations

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
        determination: Determination | None = None
        try:
            profile = load_profile(options["profile"])
            rule = profile.period(options["period"])
            if extension is not None and rule.name != "handle":
                raise self.invalid(
                    f"--extension-days: 只适用于 handle 期间 / applies to the handle period only, "
                    f"not {rule.name!r}"
                )
            office = is_office_period(rule)
            if office:
                # 细则第十九条: the office's determination in force on the start, as the app
                # layers it (petitions' ``deadline``).
                determination = period_determination_in_force(
                    profile=profile.name, period=rule.name, on=start
                )
                if determination is not None:
                    profile = with_determinations(profile, (determination.override(),))
                    rule = profile.period(rule.name)
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
        out = deadline.to_json()
        # Added keys; the existing ones keep their meaning (docs/rules.md).
        if determination is not None:
            out["determination"] = {
                "number": determination.number,
                "organ": determination.organ,
                "issued_on": determination.issued_on.isoformat(),
                "effective_on": determination.effective_on.isoformat(),
            }
        elif office:
            out["determination"] = None
            out["policy"] = " / ".join(PENDING_DEFAULT)
        self.stdout.write(json.dumps(out, ensure_ascii=False))
