"""Working days: public holidays and adjusted working days (调休).

The State Council publishes each year's schedule in the winter before. A
:class:`WorkCalendar` holds the special days (holidays and adjusted working days) of the years
it *knows*; every other day is a workday Monday to Friday and a rest day on the weekend. For a
year it does not know, that weekend rule is all it has, and callers are told so
(:meth:`WorkCalendar.knows`) so that a deadline computed across such a year is marked
provisional instead of silently guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class DayType(StrEnum):
    """What a date is for working purposes."""

    WORKDAY = "workday"  # 工作日
    REST_DAY = "rest_day"  # 休息日（周末）
    HOLIDAY = "holiday"  # 法定节假日及调休放假日
    ADJUSTED_WORKDAY = "adjusted_workday"  # 调休上班日

    @property
    def is_working(self) -> bool:
        """An adjusted working day is a working day; holidays and rest days are not."""
        return self in (DayType.WORKDAY, DayType.ADJUSTED_WORKDAY)


def weekday_type(day: dt.date) -> DayType:
    """The weekend rule alone: Saturday and Sunday rest, the other days work."""
    return DayType.REST_DAY if day.weekday() >= 5 else DayType.WORKDAY


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """The special days of the known years; everything else follows the weekend rule.

    Build one with :meth:`from_days`. Instances are immutable.
    """

    special_days: Mapping[dt.date, DayType] = field(default_factory=dict)
    known_years: frozenset[int] = frozenset()

    @classmethod
    def from_days(
        cls, days: Iterable[tuple[dt.date, DayType | str]], *, known_years: Iterable[int]
    ) -> WorkCalendar:
        """A calendar from ``(date, day_type)`` pairs and the years whose schedule is complete."""
        special = {day: DayType(kind) for day, kind in days}
        return cls(MappingProxyType(special), frozenset(known_years))

    def knows(self, year: int) -> bool:
        """Whether the year's official schedule is in this calendar."""
        return year in self.known_years

    def day_type(self, day: dt.date) -> DayType:
        """The type of ``day``: an entered special day, else the weekend rule."""
        return self.special_days.get(day) or weekday_type(day)

    def is_working_day(self, day: dt.date) -> bool:
        return self.day_type(day).is_working

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day


def weekend_calendar() -> WorkCalendar:
    """A calendar that knows no year: the weekend rule everywhere (for tests and fallbacks)."""
    return WorkCalendar()
