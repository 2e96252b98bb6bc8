"""Working days: holidays, rest days and adjusted working days (调休)."""

import datetime as dt

import pytest

from xinfang.rules.calendar import DayType, WorkCalendar, weekend_calendar

from .schedules import calendar_2025_2026, d


def test_adjusted_working_day_is_a_working_day():
    cal = calendar_2025_2026()
    assert cal.day_type(d("2026-01-04")) is DayType.ADJUSTED_WORKDAY  # a Sunday
    assert cal.is_working_day(d("2026-01-04"))


def test_holiday_on_a_weekday_is_not_a_working_day():
    cal = calendar_2025_2026()
    assert cal.day_type(d("2025-10-08")) is DayType.HOLIDAY  # a Wednesday
    assert not cal.is_working_day(d("2025-10-08"))


def test_plain_weekend_and_weekday():
    cal = calendar_2025_2026()
    assert cal.day_type(d("2025-03-15")) is DayType.REST_DAY
    assert cal.day_type(d("2025-03-17")) is DayType.WORKDAY


def test_unknown_year_follows_the_weekend_rule_and_says_so():
    cal = calendar_2025_2026()
    assert not cal.knows(2027)
    assert cal.knows(2026)
    assert cal.is_working_day(d("2027-01-01"))  # a Friday; its holiday is not entered yet


def test_next_working_day_skips_a_holiday_run():
    cal = calendar_2025_2026()
    assert cal.next_working_day(d("2026-02-15")) == d("2026-02-24")
    assert cal.next_working_day(d("2026-02-24")) == d("2026-02-24")


def test_add_working_days_does_not_count_the_start_day():
    cal = weekend_calendar()
    assert cal.add_working_days(d("2025-03-03"), 1) == d("2025-03-04")
    assert cal.add_working_days(d("2025-03-07"), 1) == d("2025-03-10")
    assert cal.add_working_days(d("2025-03-07"), 0) == d("2025-03-07")
    with pytest.raises(ValueError):
        cal.add_working_days(d("2025-03-07"), -1)


def test_calendar_accepts_string_day_types():
    cal = WorkCalendar.from_days([(dt.date(2030, 1, 1), "holiday")], known_years=[2030])
    assert cal.day_type(dt.date(2030, 1, 1)) is DayType.HOLIDAY
