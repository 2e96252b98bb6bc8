"""Hearings (听证) and the time they take out of the re-review period.

信访条例(2005)第三十五条第二款 and 信访工作条例(2022)第三十六条第二款: the re-review organ may hold
a hearing, and 听证所需时间不计算在前款规定的期限内. The handling organ may hold one for a major,
complex or difficult matter (2005 第三十一条第二款; 2022 第三十一条第六项), and the handling period
keeps running. Dates checked by hand against the 2025 and 2026 schedules (``schedules``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.rules.deadlines import Pause, compute_deadline, excluded_days
from xinfang.rules.errors import DeadlineError
from xinfang.rules.procedure import (
    Action,
    Actor,
    HearingStage,
    MatterState,
    TransitionContext,
    TransitionRefused,
    check_hearing_end,
    check_hearing_start,
    check_transition,
    hearing_for,
)
from xinfang.rules.profiles import load_profile

from .schedules import calendar_2025_2026, d

CQ = load_profile("chongqing-2017")
NATIONAL = load_profile("national-2022")
CAL = calendar_2025_2026()
S, P = MatterState, Actor

REREVIEW_PAUSE = {
    "chongqing-2017": "信访条例(2005)第三十五条第二款",
    "national-2022": "信访工作条例(2022)第三十六条第二款",
}
HANDLING_HEARING = {
    "chongqing-2017": "信访条例(2005)第三十一条第二款",
    "national-2022": "信访工作条例(2022)第三十一条第六项",
}


def rereview_due(profile, start, *pauses):
    spans = [Pause(d(first), d(last)) for first, last in pauses]
    excluded = excluded_days(start=d(start), pauses=spans)
    return compute_deadline(
        profile=profile,
        period="rereview",
        start=d(start),
        calendar=CAL,
        excluded_days=excluded,
    )


# ---------------------------------------------------------------------------------------------
# The arithmetic


def test_a_hearing_pushes_the_rereview_due_date_into_national_day_and_past_it():
    """Received Mon 2025-08-25: 30 days end Wed 09-24. A 7-day hearing (09-10 to 09-16) is not
    counted: the last day becomes 1 October, a holiday, so the period ends on Thu 9 October."""
    assert rereview_due(NATIONAL, "2025-08-25").due == d("2025-09-24")
    result = rereview_due(NATIONAL, "2025-08-25", ("2025-09-10", "2025-09-16"))
    assert result.excluded_days == 7
    assert result.days == 30
    assert result.due == d("2025-10-09")
    assert [str(b) for b in result.basis] == [
        "信访工作条例(2022)第三十六条第一款",
        "民法典第二百零一条",
        "民法典第二百零三条",
        REREVIEW_PAUSE["national-2022"],
    ]
    assert result.to_json()["excluded_days"] == 7


def test_a_hearing_pushes_the_rereview_due_date_past_the_spring_festival_2026():
    """Received Sat 2026-01-10: 30 days end Mon 02-09. A 6-day hearing (01-20 to 01-25) makes
    the last day 15 February, in the Spring Festival (15–23 Feb off): due Tue 24 February."""
    assert rereview_due(CQ, "2026-01-10").due == d("2026-02-09")
    result = rereview_due(CQ, "2026-01-10", ("2026-01-20", "2026-01-25"))
    assert (result.excluded_days, result.due) == (6, d("2026-02-24"))
    assert str(result.basis[-1]) == REREVIEW_PAUSE["chongqing-2017"]


@pytest.mark.parametrize("profile", [CQ, NATIONAL], ids=lambda p: p.name)
def test_hearing_days_are_calendar_days_first_and_last_included(profile):
    """A one-day hearing excludes one day; a hearing over a weekend excludes the weekend too."""
    one_day = rereview_due(profile, "2025-03-03", ("2025-03-10", "2025-03-10"))
    over_weekend = rereview_due(profile, "2025-03-03", ("2025-03-07", "2025-03-10"))
    plain = rereview_due(profile, "2025-03-03")
    assert plain.due == d("2025-04-02")  # an ordinary Wednesday
    assert (one_day.excluded_days, one_day.due) == (1, d("2025-04-03"))
    assert (over_weekend.excluded_days, over_weekend.due) == (4, d("2025-04-07"))  # Sun 04-06 → Mon


def test_a_hearing_on_the_day_the_request_came_excludes_only_the_days_after_it():
    """The start day is never counted (民法典第二百零一条), so it cannot be taken out again."""
    start = d("2025-08-25")
    assert excluded_days(start=start, pauses=[Pause(start, d("2025-08-26"))]) == 1
    assert excluded_days(start=start, pauses=[Pause(d("2025-08-20"), start)]) == 0


def test_days_shared_by_two_hearings_are_excluded_once():
    pauses = [Pause(d("2025-09-10"), d("2025-09-12")), Pause(d("2025-09-12"), d("2025-09-14"))]
    assert excluded_days(start=d("2025-08-25"), pauses=pauses) == 5


def test_a_pause_that_ends_before_it_starts_is_an_error():
    with pytest.raises(DeadlineError):
        excluded_days(start=d("2025-08-25"), pauses=[Pause(d("2025-09-12"), d("2025-09-10"))])


@pytest.mark.parametrize("period", ["handle", "review", "accept", "route", "rereview_request"])
@pytest.mark.parametrize("profile", [CQ, NATIONAL], ids=lambda p: p.name)
def test_only_the_rereview_period_stops_for_a_hearing(profile, period):
    """The law takes hearing time out of the re-review period alone: the handling period runs
    on during a hearing in handling (第三十一条 says nothing of it)."""
    with pytest.raises(DeadlineError) as caught:
        compute_deadline(
            profile=profile, period=period, start=d("2025-03-03"), calendar=CAL, excluded_days=3
        )
    assert "不因听证中止计算" in caught.value.message_zh


def test_excluded_days_are_never_negative():
    with pytest.raises(DeadlineError):
        compute_deadline(
            profile=NATIONAL,
            period="rereview",
            start=d("2025-03-03"),
            calendar=CAL,
            excluded_days=-1,
        )


# ---------------------------------------------------------------------------------------------
# Who may hold a hearing, and when


def start(state, actor, profile=NATIONAL, **kwargs):
    kwargs.setdefault("started_on", d("2025-09-10"))
    kwargs.setdefault("today", d("2025-09-12"))
    return check_hearing_start(state, actor=actor, profile=profile, **kwargs)


def start_refused(state, actor, profile=NATIONAL, **kwargs):
    with pytest.raises(TransitionRefused) as caught:
        start(state, actor, profile, **kwargs)
    assert caught.value.basis, caught.value.rule
    return caught.value


@pytest.mark.parametrize("profile", [CQ, NATIONAL], ids=lambda p: p.name)
def test_the_rereview_organ_holds_a_hearing_that_stops_the_rereview_clock(profile):
    decision = start(S.REREVIEW_REQUESTED, P.HIGHER_ORGAN, profile)
    assert (decision.stage, decision.pauses) == (HearingStage.REREVIEW, "rereview")
    assert [str(b) for b in decision.basis] == [REREVIEW_PAUSE[profile.name]]


@pytest.mark.parametrize("state", [S.ACCEPTED, S.EXTENDED])
@pytest.mark.parametrize("profile", [CQ, NATIONAL], ids=lambda p: p.name)
def test_the_handling_organ_holds_a_hearing_while_the_handling_period_runs_on(profile, state):
    decision = start(state, P.HANDLING_ORGAN, profile)
    assert (decision.stage, decision.pauses) == (HearingStage.HANDLE, "")
    assert [str(b) for b in decision.basis] == [HANDLING_HEARING[profile.name]]


def test_only_the_organ_whose_step_it_is_holds_the_hearing():
    exc = start_refused(S.REREVIEW_REQUESTED, P.HANDLING_ORGAN)
    assert exc.rule == "actor_not_allowed"
    assert "应由上一级机关举行" in exc.message_zh
    assert start_refused(S.REREVIEW_REQUESTED, P.PETITION_OFFICE).rule == "actor_not_allowed"
    assert start_refused(S.ACCEPTED, P.HIGHER_ORGAN).rule == "actor_not_allowed"


@pytest.mark.parametrize(
    "state", [S.REGISTERED, S.ROUTED, S.CONCLUDED, S.REVIEW_REQUESTED, S.REVIEWED]
)
def test_no_hearing_outside_handling_and_rereview(state):
    """The review article (2005 第三十四条, 2022 第三十五条) says nothing of a hearing."""
    exc = start_refused(state, P.HIGHER_ORGAN)
    assert exc.rule == "not_allowed_from_state"
    assert "仅在办理中、延期办理中或复核中时可以" in exc.message_zh


def test_no_hearing_on_a_final_matter():
    assert start_refused(S.REREVIEWED, P.HIGHER_ORGAN).rule == "final_state"


def test_a_second_hearing_while_one_runs_is_refused():
    exc = start_refused(S.REREVIEW_REQUESTED, P.HIGHER_ORGAN, running=True)
    assert exc.rule == "hearing_running"


def test_a_hearing_that_has_not_begun_is_not_recorded():
    exc = start_refused(
        S.REREVIEW_REQUESTED, P.HIGHER_ORGAN, started_on=d("2025-09-13"), today=d("2025-09-12")
    )
    assert exc.rule == "hearing_in_future"


def test_a_hearing_begun_after_the_rereview_period_ran_out_does_not_stop_it():
    due = d("2025-09-24")
    exc = start_refused(
        S.REREVIEW_REQUESTED,
        P.HIGHER_ORGAN,
        started_on=due + dt.timedelta(days=1),
        today=d("2025-09-30"),
        period_due=due,
    )
    assert exc.rule == "hearing_after_expiry"
    assert "2025-09-24" in exc.message_zh
    # On the last day itself the period still runs.
    start(S.REREVIEW_REQUESTED, P.HIGHER_ORGAN, started_on=due, today=due, period_due=due)


def test_a_hearing_ends_once_and_not_in_the_future():
    kwargs = {"profile": NATIONAL, "today": d("2025-09-12")}
    decision = check_hearing_end("rereview", running=True, ended_on=d("2025-09-12"), **kwargs)
    assert decision.pauses == "rereview"
    with pytest.raises(TransitionRefused) as caught:
        check_hearing_end("rereview", running=False, ended_on=d("2025-09-12"), **kwargs)
    assert caught.value.rule == "hearing_not_running"
    with pytest.raises(TransitionRefused) as caught:
        check_hearing_end("handle", running=True, ended_on=d("2025-09-13"), **kwargs)
    assert caught.value.rule == "hearing_in_future"


@pytest.mark.parametrize(
    ("state", "action"),
    [(S.REREVIEW_REQUESTED, Action.REREVIEW), (S.ACCEPTED, Action.CONCLUDE)],
)
def test_no_opinion_while_a_hearing_runs(state, action):
    """The opinion follows the hearing: its end date must be known (it moves the due date)."""
    actor = P.HIGHER_ORGAN if action is Action.REREVIEW else P.HANDLING_ORGAN
    context = TransitionContext(hearing_running=True)
    with pytest.raises(TransitionRefused) as caught:
        check_transition(state, action, actor=actor, profile=NATIONAL, context=context)
    assert caught.value.rule == "hearing_running"
    assert "请先登记听证结束日期" in caught.value.message_zh
    # An extension of the handling period is not an opinion: the hearing may go on.
    check_transition(
        S.ACCEPTED,
        Action.EXTEND,
        actor=P.HANDLING_ORGAN,
        profile=NATIONAL,
        context=TransitionContext(hearing_running=True, extension_days=10),
    )


def test_a_page_offers_the_hearing_to_the_organ_whose_step_it_is():
    assert hearing_for(S.REREVIEW_REQUESTED, P.HIGHER_ORGAN).pauses == "rereview"
    assert hearing_for(S.EXTENDED, P.HANDLING_ORGAN).stage is HearingStage.HANDLE
    assert hearing_for(S.REREVIEW_REQUESTED, P.HANDLING_ORGAN) is None
    assert hearing_for(S.REVIEW_REQUESTED, P.HIGHER_ORGAN) is None
