"""Building the rules calendar from the table, and the missing-years warning for admins."""

import datetime as dt

import pytest

from xinfang.legal.models import CalendarDay, CalendarYear
from xinfang.legal.selectors import (
    calendar_missing_years,
    work_calendar,
    work_calendar_for_period,
)
from xinfang.rules.calendar import DayType

pytestmark = pytest.mark.django_db


def test_work_calendar_knows_the_seeded_years_and_their_days():
    cal = work_calendar()
    assert cal.knows(2004) and cal.knows(2026)
    assert not cal.knows(2027)
    assert cal.day_type(dt.date(2026, 1, 4)) is DayType.ADJUSTED_WORKDAY


def test_work_calendar_for_a_period_covers_the_years_it_can_reach():
    cal = work_calendar_for_period(start=dt.date(2025, 12, 20), days=15)
    assert cal.knows(2025) and cal.knows(2026)
    assert cal.day_type(dt.date(2026, 1, 1)) is DayType.HOLIDAY


def test_a_year_is_known_only_once_marked_complete():
    CalendarDay.objects.create(date=dt.date(2027, 1, 1), day_type="holiday", source="test")
    CalendarYear.objects.create(year=2027, complete=False)
    assert not work_calendar().knows(2027)
    assert calendar_missing_years(today=dt.date(2026, 11, 27)) == [2027]
    CalendarYear.objects.filter(year=2027).update(complete=True)
    assert work_calendar().knows(2027)
    assert calendar_missing_years(today=dt.date(2026, 11, 27)) == []


def test_missing_years_are_this_year_and_next_when_unknown():
    assert calendar_missing_years(today=dt.date(2030, 6, 1)) == [2030, 2031]
    assert calendar_missing_years(today=dt.date(2025, 6, 1)) == []


@pytest.mark.parametrize("url", ["/admin/legal/calendarday/", "/admin/legal/calendaryear/"])
def test_admin_list_pages_name_the_missing_years(admin_client, url):
    next_year = dt.date.today().year + 1
    CalendarYear.objects.filter(year__gte=next_year - 1).delete()
    response = admin_client.get(url)
    assert response.status_code == 200
    assert str(next_year) in response.content.decode()
    assert "尚未完整录入" in response.content.decode()


def test_admin_edit_is_audited(admin_client):
    from xinfang.audit.models import AuditEntry

    response = admin_client.post(
        "/admin/legal/calendaryear/add/",
        {"year": 2027, "source": "国务院办公厅通知", "complete": "on", "note": ""},
    )
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).complete
    assert AuditEntry.objects.filter(action="legal.calendar_year.save").exists()
