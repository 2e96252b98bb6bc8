"""Due dates of the statutory periods, checked by hand against the published 2025 and 2026
schedules: the start day is not counted, a last day on a rest day or holiday moves to the
next working day (民法典第二百零一条、第二百零三条), and an adjusted working day is a working
day."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinfang.rules.deadlines import DayBasis, compute_deadline
from xinfang.rules.errors import DeadlineError, ProfileError
from xinfang.rules.profiles import load_profile

from .schedules import calendar_2025_2026, d

CQ = load_profile("chongqing-2017")
NATIONAL = load_profile("national-2022")
CAL = calendar_2025_2026()


def due(profile, period, start, extension=0):
    return compute_deadline(
        profile=profile, period=period, start=d(start), calendar=CAL, extension_days=extension
    )


@pytest.mark.parametrize(
    ("profile", "period", "start", "expected", "why"),
    [
        # New Year 2026: 1 Jan–3 Jan off, Sunday 4 Jan is an adjusted working day.
        (NATIONAL, "route", "2025-12-17", "2026-01-04", "last day 1 Jan → the Sunday worked"),
        (NATIONAL, "route", "2025-12-18", "2026-01-04", "last day 2 Jan → the Sunday worked"),
        (NATIONAL, "route", "2025-12-21", "2026-01-05", "last day 5 Jan, an ordinary Monday"),
        # Spring Festival 2025: 28 Jan–4 Feb off; Sunday 26 Jan and Saturday 8 Feb worked.
        (CQ, "accept", "2025-01-13", "2025-02-05", "last day 28 Jan (除夕) → 5 Feb"),
        (CQ, "accept", "2025-01-11", "2025-01-26", "last day is the Sunday worked"),
        # Spring Festival 2026: 15–23 Feb off; Saturdays 14 and 28 Feb worked.
        (NATIONAL, "accept", "2026-01-31", "2026-02-24", "last day 15 Feb → 24 Feb"),
        (NATIONAL, "accept", "2026-01-30", "2026-02-14", "last day is the Saturday worked"),
        # Labour Day 2025: 1–5 May off; 2026: 1–5 May off, Saturday 9 May worked.
        (CQ, "route", "2025-04-16", "2025-05-06", "last day 1 May → 6 May"),
        (NATIONAL, "route", "2026-04-24", "2026-05-09", "last day is the Saturday worked"),
        # National Day 2025: 1–8 Oct off, Saturday 11 Oct worked.
        (NATIONAL, "handle", "2025-08-02", "2025-10-09", "60 days end 1 Oct → 9 Oct"),
        (NATIONAL, "review", "2025-09-11", "2025-10-11", "last day is the Saturday worked"),
        # National Day 2026: 1–7 Oct off, Sunday 20 Sep worked.
        (NATIONAL, "route", "2026-09-05", "2026-09-20", "last day is the Sunday worked"),
        (NATIONAL, "supervision_reply", "2026-09-03", "2026-10-08", "last day 3 Oct → 8 Oct"),
        # An ordinary weekend.
        (CQ, "route", "2025-03-01", "2025-03-17", "last day Sunday 16 Mar → Monday"),
        (CQ, "rereview_request", "2025-03-03", "2025-04-02", "an ordinary Wednesday"),
    ],
)
def test_calendar_day_periods_across_holidays(profile, period, start, expected, why):
    result = due(profile, period, start)
    assert result.due == d(expected), why
    assert result.day_basis is DayBasis.CALENDAR
    assert not result.provisional


def test_working_day_objection_across_national_day_2025():
    """5 working days from Tue 30 Sep 2025: 9, 10, 11 (Saturday worked), 13, 14 Oct."""
    result = due(NATIONAL, "objection", "2025-09-30")
    assert result.due == d("2025-10-14")
    assert result.day_basis is DayBasis.WORKING
    assert result.days == 5
    assert [str(b) for b in result.basis] == ["信访工作条例(2022)第二十三条第三款"]


def test_working_day_objection_across_spring_festival_2026():
    """From Thu 12 Feb 2026: 13, 14 (Saturday worked), then 24, 25, 26 Feb."""
    assert due(NATIONAL, "objection", "2026-02-12").due == d("2026-02-26")


def test_objection_period_exists_only_in_the_2022_profile():
    with pytest.raises(ProfileError):
        due(CQ, "objection", "2025-09-30")


def test_extended_handle_counts_sixty_plus_extension_from_the_same_start():
    result = due(NATIONAL, "handle", "2026-03-01", extension=30)
    assert result.days == 90
    assert result.due == d("2026-06-01")  # 30 May is a Saturday
    assert "信访工作条例(2022)第三十四条" in [str(b) for b in result.basis]


def test_handle_extension_is_limited_to_thirty_days():
    assert due(CQ, "handle", "2025-03-03", extension=30).days == 90
    with pytest.raises(DeadlineError, match="30"):
        due(CQ, "handle", "2025-03-03", extension=31)


def test_only_handle_can_be_extended():
    with pytest.raises(DeadlineError):
        due(CQ, "route", "2025-03-03", extension=5)


def test_negative_extension_is_refused():
    with pytest.raises(DeadlineError):
        due(CQ, "handle", "2025-03-03", extension=-1)


def test_period_into_an_unknown_year_is_provisional_with_the_reason():
    result = due(NATIONAL, "route", "2026-12-20")
    assert result.provisional
    assert result.due == d("2027-01-04")  # weekends alone: 4 Jan 2027 is a Monday
    assert "2027" in result.provisional_reason
    out = result.to_json()
    assert out["provisional"] is True
    assert out["unknown_years"] == [2027]


def test_deadline_json_shape():
    out = due(CQ, "handle", "2025-03-03").to_json()
    assert set(out) >= {
        "profile",
        "period",
        "start",
        "days",
        "day_basis",
        "due",
        "provisional",
        "basis",
    }
    assert out["basis"] == [
        "信访条例(2005)第三十三条第一款",
        "民法典第二百零一条",
        "民法典第二百零三条",
    ]


def test_unknown_period_names_the_known_ones():
    with pytest.raises(ProfileError, match="handle"):
        due(CQ, "nonsense", "2025-03-03")


START = st.dates(min_value=dt.date(2024, 11, 1), max_value=dt.date(2026, 9, 30))
CALENDAR_PERIODS = st.sampled_from(
    [
        (p, name)
        for p in (CQ, NATIONAL)
        for name, r in p.periods.items()
        if r.day_basis == "calendar"
    ]
)


@settings(max_examples=300, deadline=None)
@given(start=START, chosen=CALENDAR_PERIODS, extension=st.integers(0, 30))
def test_calendar_day_due_date_is_never_early_and_always_a_working_day(start, chosen, extension):
    profile, name = chosen
    ext = extension if name == "handle" else 0
    result = compute_deadline(
        profile=profile, period=name, start=start, calendar=CAL, extension_days=ext
    )
    assert result.due >= start + dt.timedelta(days=result.days)
    assert CAL.is_working_day(result.due)
    # It moves only over non-working days.
    day = start + dt.timedelta(days=result.days)
    while day < result.due:
        assert not CAL.is_working_day(day)
        day += dt.timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(start=START)
def test_working_day_due_date_counts_exactly_n_working_days(start):
    result = compute_deadline(profile=NATIONAL, period="objection", start=start, calendar=CAL)
    assert CAL.is_working_day(result.due)
    span = [start + dt.timedelta(days=i) for i in range(1, (result.due - start).days + 1)]
    assert sum(CAL.is_working_day(day) for day in span) == 5
