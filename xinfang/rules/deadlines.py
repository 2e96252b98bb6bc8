"""Statutory periods and their due dates.

Counting (民法典第二百零一条、第二百零三条, profile data): for a period in calendar days the
start day is not counted, and a period whose last day is a rest day or a holiday ends on the
next working day; an adjusted working day (调休上班日) is a working day. A period stated in
working days counts working days after the start day. An extended ``handle`` period counts
60 plus the extension from the same start.

If any day the computation looked at lies in a year the calendar does not know, the due date
is computed by the weekend rule for that year and marked provisional, with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .basis import Basis, basis_strings
from .calendar import WorkCalendar
from .errors import DeadlineError
from .profiles import DayBasis, PeriodRule, Profile, unverified_citations

__all__ = ["DayBasis", "Deadline", "compute_deadline"]


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed due date with everything needed to explain it."""

    profile: str
    period: str
    start: dt.date
    days: int
    day_basis: DayBasis
    due: dt.date
    provisional: bool
    provisional_reason: str
    basis: tuple[Basis, ...]
    extension_days: int = 0
    unknown_years: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape of ``xinfang deadline`` (docs/rules.md)."""
        out: dict[str, Any] = {
            "profile": self.profile,
            "period": self.period,
            "start": self.start.isoformat(),
            "days": self.days,
            "day_basis": self.day_basis.value,
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "basis": basis_strings(self.basis),
        }
        unverified = [b for b in out["basis"] if b in unverified_citations()]
        if unverified:
            out["unverified_basis"] = unverified  # not yet checked against the text (未核对)
        if self.extension_days:
            out["extension_days"] = self.extension_days
        if self.provisional:
            out["provisional_reason"] = self.provisional_reason
            out["unknown_years"] = list(self.unknown_years)
        return out


def _check_extension(rule: PeriodRule, profile: Profile, extension_days: int) -> None:
    if extension_days == 0:
        return
    if extension_days < 0:
        raise DeadlineError("延长天数不能为负数", "extension days must not be negative")
    if not rule.extendable:
        raise DeadlineError(
            f"期间“{rule.name}”不得延长",
            f"period {rule.name!r} of profile {profile.name!r} cannot be extended",
            basis=rule.source,
        )
    if extension_days > rule.extension_limit:
        raise DeadlineError(
            f"延长期限不得超过{rule.extension_limit}日",
            f"an extension of {extension_days} days exceeds the limit of {rule.extension_limit}",
            basis=rule.extension_source or rule.source,
        )


def compute_deadline(
    *,
    profile: Profile,
    period: str,
    start: dt.date,
    calendar: WorkCalendar,
    extension_days: int = 0,
) -> Deadline:
    """The due date of ``period`` of ``profile`` starting on ``start``.

    Raises :class:`~xinfang.rules.errors.ProfileError` for an unknown period and
    :class:`~xinfang.rules.errors.DeadlineError` for an extension that is not allowed.
    """
    rule = profile.period(period)
    _check_extension(rule, profile, extension_days)
    days = rule.days + extension_days
    looked_at: set[int] = set()
    if rule.day_basis is DayBasis.CALENDAR:
        last = start + dt.timedelta(days=days)
        due = calendar.next_working_day(last)
        looked_at.update(range(last.year, due.year + 1))
        basis = rule.source + profile.counting_source
    else:
        due = calendar.add_working_days(start, days)
        looked_at.update(range(start.year, due.year + 1))
        basis = rule.source
    if extension_days:
        basis = basis + rule.extension_source
    unknown = tuple(sorted(year for year in looked_at if not calendar.knows(year)))
    reason = ""
    if unknown:
        years = "、".join(str(y) for y in unknown)
        reason = (
            f"{years}年的放假安排尚未录入日历，按周末规则推算，录入后请重新计算 / "
            f"the holiday schedule of {', '.join(str(y) for y in unknown)} is not in the "
            "calendar yet; computed on weekends alone until it is entered"
        )
    return Deadline(
        profile=profile.name,
        period=rule.name,
        start=start,
        days=days,
        day_basis=rule.day_basis,
        due=due,
        provisional=bool(unknown),
        provisional_reason=reason,
        basis=basis,
        extension_days=extension_days,
        unknown_years=unknown,
    )
