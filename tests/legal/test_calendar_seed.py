"""The migration seeds 2004–2026, and the two calendar packages agree on every seeded year
except one date where the official notice decides (documented in the migration)."""

import datetime as dt
import importlib

import chinese_calendar
import holidays
import pytest
from holidays.countries.china import ChinaStaticHolidays

from xinfang.legal.models import CalendarDay, CalendarYear
from xinfang.legal.selectors import work_calendar

seed = importlib.import_module("xinfang.legal.migrations.0002_seed_calendar_2004_2026")
YEARS = range(seed.FIRST_YEAR, seed.LAST_YEAR + 1)
# 2005-12-31 (Saturday) was worked under 国办发明电〔2005〕35号; chinese_calendar 1.11.0 misses
# it (its issue #125), holidays.China has it. The official notice wins.
KNOWN_DISAGREEMENTS = {dt.date(2005, 12, 31): "work"}


def _days(year):
    day = dt.date(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


def _holidays_package_workdays(year):
    """Adjusted working days of holidays.China: the dates its in-lieu days were moved from."""
    out = set()
    for y in (year, year + 1):
        for entry in ChinaStaticHolidays.special_public_holidays.get(y, ()):
            if len(entry) >= 4 and isinstance(entry[2], int):
                moved_from = dt.date(entry[4] if len(entry) == 5 else y, entry[2], entry[3])
                if moved_from.year == year:
                    out.add(moved_from)
    return out


def _holidays_package_rest(year):
    """Whether each day of the year is a rest day according to holidays.China."""
    public = holidays.China(years=year)
    worked = _holidays_package_workdays(year)
    return {day: day in public or (day.weekday() >= 5 and day not in worked) for day in _days(year)}


@pytest.mark.parametrize("year", YEARS)
def test_holidays_and_chinese_calendar_agree_on_every_seeded_year(year):
    rest = _holidays_package_rest(year)
    disagreements = {
        day: "rest" if rest[day] else "work"
        for day in _days(year)
        if rest[day] == chinese_calendar.is_workday(day)
    }
    expected = {d: v for d, v in KNOWN_DISAGREEMENTS.items() if d.year == year}
    assert disagreements == expected


@pytest.mark.django_db
def test_migration_marks_every_seeded_year_complete():
    complete = set(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
    assert set(YEARS) <= complete
    assert CalendarDay.objects.filter(date__year=2004).exists()
    assert CalendarDay.objects.filter(date__year=2026).exists()


@pytest.mark.django_db
def test_seeded_table_agrees_with_the_official_schedule_every_day_2004_to_2026():
    cal = work_calendar()
    for year in YEARS:
        rest = _holidays_package_rest(year)
        wrong = [day for day in _days(year) if cal.is_working_day(day) == rest[day]]
        assert wrong == [], year


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "day_type"),
    [
        ("2005-12-31", "adjusted_workday"),  # the correction
        ("2026-01-04", "adjusted_workday"),  # Sunday worked after New Year 2026
        ("2026-02-15", "holiday"),
        ("2026-02-28", "adjusted_workday"),
        ("2025-10-08", "holiday"),
        ("2025-10-11", "adjusted_workday"),
        ("2020-01-31", "holiday"),  # the Spring Festival extension of 2020
    ],
)
def test_seeded_days(day, day_type):
    assert CalendarDay.objects.get(date=dt.date.fromisoformat(day)).day_type == day_type
