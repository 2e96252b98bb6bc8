"""Seed the working calendar for 2004–2026 from the pinned ``chinese_calendar`` package.

Holidays (including the days off moved to join them) and adjusted working days are stored;
every year 2004–2026 is marked complete. ``holidays.China`` was compared with
``chinese_calendar`` for every seeded year (tests/legal/test_calendar_seed.py): they agree
on every date except 2005-12-31, a Saturday that the State Council's notice for 2006
(国办发明电〔2005〕35号: "12月31日（星期六）上班") made a working day. ``chinese_calendar``
1.11.0 misses it (its issue #125); ``holidays`` has it, and the official notice wins, so the
correction below is applied.
"""

import datetime

from django.db import migrations

FIRST_YEAR = 2004
LAST_YEAR = 2026
SOURCE = "chinese_calendar 1.11.0（国务院办公厅节假日安排通知）"

# Dates where the official notice overrides chinese_calendar (see the module docstring).
CORRECTIONS = {
    datetime.date(2005, 12, 31): (
        "adjusted_workday",
        "国办发明电〔2005〕35号",
        "元旦调休上班（chinese_calendar 缺此日，依国务院办公厅通知更正）",
    ),
}


def seed(apps, schema_editor):
    from chinese_calendar.constants import holidays, in_lieu_days, workdays

    CalendarDay = apps.get_model("legal", "CalendarDay")
    CalendarYear = apps.get_model("legal", "CalendarYear")
    rows = {}
    for day, name in holidays.items():
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            note = _chinese(name) + ("（调休）" if day in in_lieu_days else "")
            rows[day] = ("holiday", SOURCE, note)
    for day, name in workdays.items():
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            rows[day] = ("adjusted_workday", SOURCE, _chinese(name) + "调休上班")
    rows.update(CORRECTIONS)
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(date=day, day_type=kind, source=source, note=note)
            for day, (kind, source, note) in sorted(rows.items())
            if day not in existing
        ],
        batch_size=500,
    )
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        CalendarYear.objects.update_or_create(
            year=year,
            defaults={
                "complete": True,
                "source": f"国务院办公厅关于{year}年部分节假日安排的通知（经 chinese_calendar 1.11.0）",
            },
        )


def _chinese(name):
    from chinese_calendar.constants import Holiday

    for holiday in Holiday:
        if holiday.value == name:
            return holiday.chinese
    return str(name or "")


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("legal", "CalendarDay")
    CalendarYear = apps.get_model("legal", "CalendarYear")
    CalendarDay.objects.filter(
        date__gte=datetime.date(FIRST_YEAR, 1, 1), date__lte=datetime.date(LAST_YEAR, 12, 31)
    ).delete()
    CalendarYear.objects.filter(year__gte=FIRST_YEAR, year__lte=LAST_YEAR).delete()


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
