"""The State Council's published schedules for 2025 and 2026, typed in by hand from the
notices (国办发明电〔2024〕12号 for 2025; the notice of November 2025 for 2026), so the rules
tests do not depend on either calendar package."""

from __future__ import annotations

import datetime as dt

from xinfang.rules.calendar import DayType, WorkCalendar

H = DayType.HOLIDAY
W = DayType.ADJUSTED_WORKDAY


def _span(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


HOLIDAYS_2025 = [
    d("2025-01-01"),  # 元旦
    *_span(d("2025-01-28"), d("2025-02-04")),  # 春节，除夕至初七，共8天
    *_span(d("2025-04-04"), d("2025-04-06")),  # 清明
    *_span(d("2025-05-01"), d("2025-05-05")),  # 劳动节
    *_span(d("2025-05-31"), d("2025-06-02")),  # 端午
    *_span(d("2025-10-01"), d("2025-10-08")),  # 国庆、中秋
]
WORKDAYS_2025 = [
    d("2025-01-26"),
    d("2025-02-08"),
    d("2025-04-27"),
    d("2025-09-28"),
    d("2025-10-11"),
]

HOLIDAYS_2026 = [
    *_span(d("2026-01-01"), d("2026-01-03")),  # 元旦
    *_span(d("2026-02-15"), d("2026-02-23")),  # 春节，共9天
    *_span(d("2026-04-04"), d("2026-04-06")),  # 清明
    *_span(d("2026-05-01"), d("2026-05-05")),  # 劳动节
    *_span(d("2026-06-19"), d("2026-06-21")),  # 端午
    *_span(d("2026-09-25"), d("2026-09-27")),  # 中秋
    *_span(d("2026-10-01"), d("2026-10-07")),  # 国庆
]
WORKDAYS_2026 = [
    d("2026-01-04"),
    d("2026-02-14"),
    d("2026-02-28"),
    d("2026-05-09"),
    d("2026-09-20"),
    d("2026-10-10"),
]


def calendar_2025_2026() -> WorkCalendar:
    """A calendar that knows 2025 and 2026 and nothing else."""
    days = [(day, H) for day in HOLIDAYS_2025 + HOLIDAYS_2026]
    days += [(day, W) for day in WORKDAYS_2025 + WORKDAYS_2026]
    return WorkCalendar.from_days(days, known_years={2025, 2026})
