"""Reads of the working calendar, as the rules core wants them."""

from __future__ import annotations

import datetime as dt

from xinfang.rules.calendar import WorkCalendar

from .models import CalendarDay, CalendarYear


def calendar_known_years() -> list[int]:
    """The years whose official schedule is entered in full."""
    return list(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))


def calendar_missing_years(*, today: dt.date) -> list[int]:
    """This year and next year, where their schedule is not (completely) entered yet."""
    known = set(calendar_known_years())
    return [year for year in (today.year, today.year + 1) if year not in known]


def work_calendar(*, first_year: int | None = None, last_year: int | None = None) -> WorkCalendar:
    """The rules-core calendar built from the table, optionally limited to a range of years.

    A year outside the range is treated as unknown, so limit the range only to years the
    computation cannot reach.
    """
    days = CalendarDay.objects.all()
    years = CalendarYear.objects.filter(complete=True)
    if first_year is not None:
        days = days.filter(date__gte=dt.date(first_year, 1, 1))
        years = years.filter(year__gte=first_year)
    if last_year is not None:
        days = days.filter(date__lte=dt.date(last_year, 12, 31))
        years = years.filter(year__lte=last_year)
    return WorkCalendar.from_days(
        days.values_list("date", "day_type"),
        known_years=years.values_list("year", flat=True),
    )


def work_calendar_for_period(*, start: dt.date, days: int) -> WorkCalendar:
    """Enough of the calendar for a period of ``days`` from ``start`` (with room for holidays).

    Working-day periods can stretch past ``days`` calendar days; twice the length plus a
    month covers the longest holiday run with room to spare.
    """
    end = start + dt.timedelta(days=2 * days + 31)
    return work_calendar(first_year=start.year, last_year=end.year)
