"""Reads of the working calendar and the office's determinations, as the rules core wants them."""

from __future__ import annotations

import datetime as dt

from xinfang.rules.calendar import WorkCalendar
from xinfang.rules.profiles import PeriodOverride
from xinfang.rules.readings import READINGS, Reading, reading_problem

from .choices import DeterminationKind
from .models import CalendarDay, CalendarYear, Determination


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


def period_overrides_in_force(*, profile: str, on: dt.date) -> tuple[PeriodOverride, ...]:
    """The office's period determinations for ``profile`` in force on ``on`` (细则第十九条).

    For each period the newest determination whose effective date is on or before ``on``
    prevails (a later effective date, then a later issue date, then the later entry).
    """
    found: dict[str, PeriodOverride] = {}
    rows = Determination.objects.filter(
        kind=DeterminationKind.PERIOD, profile=profile, effective_on__lte=on
    ).order_by("-effective_on", "-issued_on", "-pk")
    for row in rows:
        found.setdefault(row.period, row.override())
    return tuple(found.values())


def period_determination_in_force(
    *, profile: str, period: str, on: dt.date
) -> Determination | None:
    """The determination of ``period`` of ``profile`` in force on ``on`` (the newest, as in
    ``period_overrides_in_force``), or None."""
    return (
        Determination.objects.filter(
            kind=DeterminationKind.PERIOD, profile=profile, period=period, effective_on__lte=on
        )
        .order_by("-effective_on", "-issued_on", "-pk")
        .first()
    )


def reading_in_force(*, key: str, on: dt.date) -> Determination | None:
    """The newest determination of the named reading in force on ``on``, or None."""
    return (
        Determination.objects.filter(
            kind=DeterminationKind.READING, reading_key=key, effective_on__lte=on
        )
        .order_by("-effective_on", "-issued_on", "-pk")
        .first()
    )


def readings_in_force(*, on: dt.date) -> tuple[Reading, ...]:
    """Every named reading of the rules core with a determination in force on ``on``, as the
    rules core takes them (``decide``'s ``readings``); a stored value the core does not know
    (entered around the validation) is left out rather than applied."""
    found: list[Reading] = []
    for key in READINGS:
        row = reading_in_force(key=key, on=on)
        if row is not None and reading_problem(row.reading_key, row.reading_value) is None:
            found.append(row.reading())
    return tuple(found)
