"""Statutory periods and their due dates.

Counting (民法典第二百零一条、第二百零三条, profile data): for a period in calendar days the
start day is not counted, and a period whose last day is a rest day or a holiday ends on the
next working day; an adjusted working day (调休上班日) is a working day. A period stated in
working days counts working days after the start day. An extended ``handle`` period counts
60 plus the extension from the same start.

Hearing time is not counted (信访条例(2005)第三十五条第二款, 信访工作条例(2022)第三十六条第二款:
听证所需时间不计算在前款规定的期限内): the re-review period is counted from the same start with the
hearing days added (``excluded_days``, from :func:`excluded_days`), then its last day moves off a
rest day as any other. Only a period whose profile cites such a rule (``PAUSE_RULES``) is paused.

If any day the computation looked at lies in a year the calendar does not know, the due date
is computed by the weekend rule for that year and marked provisional, with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .basis import Basis, basis_strings
from .calendar import WorkCalendar
from .errors import DeadlineError
from .profiles import DayBasis, PeriodRule, Profile, unverified_citations

__all__ = [
    "PAUSE_RULES",
    "DayBasis",
    "Deadline",
    "Pause",
    "compute_deadline",
    "excluded_days",
]

#: The periods the law stops for a hearing, and the profile's procedural rule that says so
#: (its citation is the basis of the exclusion): the re-review period only.
PAUSE_RULES: Mapping[str, str] = MappingProxyType({"rereview": "rereview_hearing"})


@dataclass(frozen=True, slots=True)
class Pause:
    """Days a period does not count: a hearing, from its first to its last day inclusive."""

    first: dt.date
    last: dt.date


def excluded_days(*, start: dt.date, pauses: Iterable[Pause]) -> int:
    """How many calendar days of ``pauses`` the period starting on ``start`` does not count.

    A hearing's time (听证所需时间) is counted in calendar days from its first to its last day,
    both included; a day two pauses share is excluded once, and a day on or before ``start``
    is not excluded because the period never counted it (民法典第二百零一条: 开始的当日不计入).
    """
    days: set[dt.date] = set()
    for pause in pauses:
        if pause.last < pause.first:
            raise DeadlineError(
                "听证结束日不能早于开始日",
                f"a pause cannot end ({pause.last}) before it starts ({pause.first})",
            )
        first = max(pause.first, start + dt.timedelta(days=1))
        days.update(first + dt.timedelta(days=i) for i in range((pause.last - first).days + 1))
    return len(days)


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
    excluded_days: int = 0

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
        if self.excluded_days:
            out["excluded_days"] = self.excluded_days
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


def _pause_basis(rule: PeriodRule, profile: Profile, excluded: int) -> tuple[Basis, ...]:
    """The citation that lets ``excluded`` days go uncounted, or ``DeadlineError``."""
    if excluded == 0:
        return ()
    if excluded < 0:
        raise DeadlineError("不计入期限的天数不能为负数", "excluded days must not be negative")
    basis = profile.basis_for(PAUSE_RULES.get(rule.name, ""))
    if not basis or rule.day_basis is not DayBasis.CALENDAR:
        raise DeadlineError(
            f"期间“{rule.name}”不因听证中止计算",
            f"period {rule.name!r} of profile {profile.name!r} does not stop for a hearing",
            basis=rule.source,
        )
    return basis


def compute_deadline(
    *,
    profile: Profile,
    period: str,
    start: dt.date,
    calendar: WorkCalendar,
    extension_days: int = 0,
    excluded_days: int = 0,
) -> Deadline:
    """The due date of ``period`` of ``profile`` starting on ``start``.

    ``excluded_days`` are calendar days the period does not count (a hearing's time in the
    re-review period, :func:`excluded_days`): the last day is that many days later, and then
    moves off a rest day as usual.

    Raises :class:`~xinfang.rules.errors.ProfileError` for an unknown period and
    :class:`~xinfang.rules.errors.DeadlineError` for an extension that is not allowed or days
    excluded from a period the law does not stop.
    """
    rule = profile.period(period)
    _check_extension(rule, profile, extension_days)
    pause_basis = _pause_basis(rule, profile, excluded_days)
    days = rule.days + extension_days
    looked_at: set[int] = set()
    if rule.day_basis is DayBasis.CALENDAR:
        last = start + dt.timedelta(days=days + excluded_days)
        due = calendar.next_working_day(last)
        looked_at.update(range(last.year, due.year + 1))
        basis = rule.source + profile.counting_source
    else:
        due = calendar.add_working_days(start, days)
        looked_at.update(range(start.year, due.year + 1))
        basis = rule.source
    if extension_days:
        basis = basis + rule.extension_source
    basis = basis + pause_basis
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
        excluded_days=excluded_days,
    )
