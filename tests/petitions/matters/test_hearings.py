"""Hearings (听证) and the pause of the re-review clock (信访条例(2005)第三十五条第二款,
信访工作条例(2022)第三十六条第二款: 听证所需时间不计算在前款规定的期限内).

Dates (``walk_to``): the re-review request reaches the city government on Fri 2025-07-25; 30
days end Sun 08-24, so the re-review is due Mon 2025-08-25.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.errors import MatterRefused
from xinfang.petitions.matters.models import Hearing, Matter, MatterClock
from xinfang.petitions.matters.selectors import (
    department_queue,
    due_soon_matters,
    open_and_overdue_counts_by_organ,
    overdue_matters,
    time_flags,
)
from xinfang.petitions.matters.services import (
    matter_decide_rereview,
    matter_hearing_end,
    matter_hearing_start,
)

from .factories import ACTOR, OPINION_TEXT, MatterWorld, at, d, walk_to

pytestmark = pytest.mark.django_db

ART_36_2 = "信访工作条例(2022)第三十六条第二款"
ART_35_2 = "信访条例(2005)第三十五条第二款"
PLACE = "重庆市人民政府信访听证室"


def rereview_clock(m: Matter) -> MatterClock:
    return MatterClock.objects.get(matter=m, period="rereview")


def start(mw: MatterWorld, m: Matter, first: str, recorded: str | None = None, **kw) -> Hearing:
    kw.setdefault("organ", mw.city)
    return matter_hearing_start(
        matter=m,
        started_on=d(first),
        place=PLACE,
        note="三方到场陈述",
        actor=ACTOR,
        at=at(recorded or first, 16),
        **kw,
    )


def end(mw: MatterWorld, hearing: Hearing, last: str, recorded: str | None = None, **kw):
    kw.setdefault("organ", mw.city)
    return matter_hearing_end(
        hearing=hearing, ended_on=d(last), actor=ACTOR, at=at(recorded or last, 17), **kw
    )


def reload(m: Matter) -> Matter:
    return Matter.objects.get(pk=m.pk)


def test_a_rereview_hearing_pauses_the_clock_and_its_end_moves_the_due_date(
    mw: MatterWorld,
) -> None:
    m = walk_to(mw, "rereview_requested")
    assert (m.action_period, m.action_due) == ("rereview", d("2025-08-25"))

    hearing = start(mw, m, "2025-08-11")
    m = reload(m)
    assert m.action_paused
    assert (hearing.stage, hearing.pauses, hearing.ended_on) == ("rereview", "rereview", None)
    assert hearing.basis == [ART_36_2]
    assert rereview_clock(m).paused_on == d("2025-08-11")
    event = m.events.order_by("-id").first()
    assert (event.action, event.from_state, event.to_state) == (
        "hearing_started",
        "rereview_requested",
        "rereview_requested",
    )
    assert event.details["paused"] == {"period": "rereview", "due_before": "2025-08-25"}
    assert event.basis == [ART_36_2]
    assert AuditEntry.objects.filter(action="matter.hearing_started", object_id=str(m.pk)).exists()

    # Ten days, 08-11 to 08-20, are not counted: 07-25 + 30 + 10 = Wed 09-03.
    hearing = end(mw, hearing, "2025-08-20", "2025-08-21")
    m = reload(m)
    clock = rereview_clock(m)
    assert not m.action_paused
    assert m.action_due == clock.due == d("2025-09-03")
    assert (clock.paused_on, clock.paused_days, hearing.excluded_days) == (None, 10, 10)
    assert ART_36_2 in clock.basis
    event = m.events.order_by("-id").first()
    assert event.action == "hearing_ended"
    assert event.details["days"] == 10
    assert event.details["clock"]["due_before"] == "2025-08-25"
    assert event.details["clock"]["due"] == "2025-09-03"
    assert ART_36_2 in event.basis
    assert AuditEntry.objects.filter(action="matter.hearing_ended", object_id=str(m.pk)).exists()


def test_a_paused_matter_past_its_nominal_due_is_not_overdue_and_yields_no_lead(
    mw: MatterWorld,
) -> None:
    """While the hearing runs nothing counts: not the queue, the counts, nor lead detection."""
    m = walk_to(mw, "rereview_requested")
    hearing = start(mw, m, "2025-08-11")
    m = reload(m)
    past_nominal = d("2025-09-01")  # a week after 08-25
    assert m not in overdue_matters(today=past_nominal)
    assert m not in due_soon_matters(today=d("2025-08-24"))
    assert open_and_overdue_counts_by_organ(today=past_nominal)[mw.city.pk].overdue == 0
    assert open_and_overdue_counts_by_organ(today=past_nominal)[mw.city.pk].open == 1
    [row] = department_queue(organ=mw.city, today=past_nominal)
    assert (row.pk, row.is_overdue) == (m.pk, False)
    assert time_flags(m, past_nominal) == {"is_overdue": False, "is_due_soon": False}
    assert detect_leads(today=past_nominal, kinds=["matters"]).total_created == 0

    # Ended on 08-20 (recorded late): due 09-03, which then runs out like any other.
    end(mw, hearing, "2025-08-20", "2025-09-02")
    m = reload(m)
    assert m not in overdue_matters(today=d("2025-09-03"))
    assert m in overdue_matters(today=d("2025-09-04"))
    report = detect_leads(today=d("2025-09-04"), kinds=["matters"])
    assert report.total_created == 1
    lead = Lead.objects.get()
    assert (lead.matter_id, lead.failure_date) == (m.pk, d("2025-09-03"))


def test_under_the_2005_regulation_the_rereview_due_date_also_moves_off_a_weekend(
    mw: MatterWorld,
) -> None:
    """Registered in 2021: chongqing-2017 (信访条例 2005). Thirteen days 08-11 to 08-23 make
    the last day Sat 09-06, so the re-review is due Mon 09-08 (民法典第二百零三条)."""
    m = walk_to(mw, "rereview_requested", received_at=at("2021-06-01", 9), at=at("2021-06-01"))
    assert m.profile == "chongqing-2017"
    hearing = start(mw, m, "2025-08-11")
    assert hearing.basis == [ART_35_2]
    end(mw, hearing, "2025-08-23", "2025-08-25")
    m = reload(m)
    assert m.action_due == d("2025-09-08")
    assert ART_35_2 in rereview_clock(m).basis


def test_the_days_of_every_rereview_hearing_are_left_out(mw: MatterWorld) -> None:
    """Two hearings of two days each: 07-25 + 30 + 4 = Thu 08-28."""
    m = walk_to(mw, "rereview_requested")
    first = start(mw, m, "2025-08-11")
    end(mw, first, "2025-08-12")
    second = start(mw, m, "2025-08-14")
    second = end(mw, second, "2025-08-15")
    assert reload(m).action_due == d("2025-08-28")
    assert (rereview_clock(m).paused_days, second.excluded_days) == (4, 2)


def test_a_second_hearing_while_one_runs_is_refused(mw: MatterWorld) -> None:
    m = walk_to(mw, "rereview_requested")
    start(mw, m, "2025-08-11")
    with pytest.raises(MatterRefused) as exc:
        start(mw, m, "2025-08-12")
    assert exc.value.code == "hearing_running"
    assert Hearing.objects.filter(matter=m).count() == 1


def test_a_hearing_in_the_future_is_refused(mw: MatterWorld) -> None:
    m = walk_to(mw, "rereview_requested")
    with pytest.raises(MatterRefused) as exc:
        start(mw, m, "2025-08-12", "2025-08-11")
    assert exc.value.code == "hearing_in_future"
    hearing = start(mw, m, "2025-08-11")
    with pytest.raises(MatterRefused) as exc:
        end(mw, hearing, "2025-08-14", "2025-08-13")
    assert exc.value.code == "hearing_in_future"
    assert reload(m).action_paused


def test_an_end_before_the_start_is_invalid(mw: MatterWorld) -> None:
    m = walk_to(mw, "rereview_requested")
    hearing = start(mw, m, "2025-08-11")
    with pytest.raises(ValidationError) as exc:
        end(mw, hearing, "2025-08-10", "2025-08-12")
    assert "ended_on" in exc.value.error_dict


def test_a_hearing_before_the_request_or_overlapping_the_last_one_is_invalid(
    mw: MatterWorld,
) -> None:
    m = walk_to(mw, "rereview_requested")
    with pytest.raises(ValidationError) as exc:
        start(mw, m, "2025-07-24", "2025-08-01")
    assert "started_on" in exc.value.error_dict
    first = start(mw, m, "2025-08-11")
    end(mw, first, "2025-08-13")
    with pytest.raises(ValidationError) as exc:
        start(mw, m, "2025-08-13", "2025-08-14")
    assert "started_on" in exc.value.error_dict


def test_a_hearing_begun_after_the_period_ran_out_does_not_stop_it(mw: MatterWorld) -> None:
    m = walk_to(mw, "rereview_requested")
    with pytest.raises(MatterRefused) as exc:
        start(mw, m, "2025-08-26", "2025-08-27")
    assert exc.value.code == "hearing_after_expiry"


def test_only_the_rereview_organ_holds_and_ends_the_rereview_hearing(mw: MatterWorld) -> None:
    m = walk_to(mw, "rereview_requested")
    with pytest.raises(MatterRefused) as exc:
        start(mw, m, "2025-08-11", organ=mw.district_housing)
    assert exc.value.code == "actor_not_allowed"
    hearing = start(mw, m, "2025-08-11")
    with pytest.raises(MatterRefused) as exc:
        end(mw, hearing, "2025-08-12", organ=mw.district_housing)
    assert exc.value.code == "actor_not_allowed"


def test_the_rereview_opinion_waits_for_the_end_of_the_hearing(mw: MatterWorld) -> None:
    """Refused while the hearing runs, with the way out; once it ends the opinion is on time."""
    m = walk_to(mw, "rereview_requested")
    hearing = start(mw, m, "2025-08-11")

    def rereview(day: str) -> Matter:
        return matter_decide_rereview(
            matter=m, organ=mw.city, kind="explain", actor=ACTOR, at=at(day), **OPINION_TEXT
        )

    with pytest.raises(MatterRefused) as exc:
        rereview("2025-08-29")
    assert exc.value.code == "hearing_running"
    assert "请先登记听证结束日期" in exc.value.message_zh
    end(mw, hearing, "2025-08-20", "2025-08-29")
    m = rereview("2025-09-01")  # after the nominal 08-25, before the 09-03 the hearing leaves
    assert m.state == "rereviewed"
    clock = rereview_clock(m)
    assert (clock.stopped_on, clock.due) == (d("2025-09-01"), d("2025-09-03"))
    assert detect_leads(today=d("2025-09-10"), kinds=["matters"]).total_created == 0


def test_a_hearing_in_handling_leaves_the_handling_period_running(mw: MatterWorld) -> None:
    """第三十一条: a hearing while the matter is handled; the law does not stop the 60 days."""
    from xinfang.petitions.matters.services import matter_conclude

    m = walk_to(mw, "accepted")
    due = m.action_due
    hearing = start(mw, m, "2025-06-20", organ=mw.district_housing)
    assert (hearing.stage, hearing.pauses) == ("handle", "")
    assert hearing.basis == ["信访工作条例(2022)第三十一条第六项"]
    m = reload(m)
    assert (m.action_paused, m.action_due) == (False, due)
    with pytest.raises(MatterRefused) as exc:
        matter_conclude(
            matter=m,
            organ=mw.district_housing,
            kind="support",
            actor=ACTOR,
            at=at("2025-06-25"),
            **OPINION_TEXT,
        )
    assert exc.value.code == "hearing_running"
    end(mw, hearing, "2025-06-21", organ=mw.district_housing)
    assert reload(m).action_due == due
    assert Hearing.objects.get(pk=hearing.pk).excluded_days == 0


def test_an_ended_hearing_is_not_ended_again(mw: MatterWorld) -> None:
    m = walk_to(mw, "rereview_requested")
    hearing = start(mw, m, "2025-08-11")
    end(mw, hearing, "2025-08-12")
    with pytest.raises(MatterRefused) as exc:
        end(mw, hearing, "2025-08-13")
    assert exc.value.code == "hearing_not_running"
    assert reload(m).action_due == d("2025-08-26")  # 07-25 + 30 + 2 = Tue 08-26
