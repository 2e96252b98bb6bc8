"""The way an accepted matter is handled and the scope of the handling period.

信访工作条例(2022)第三十四条: "对本条例第三十一条第六项规定的信访事项应当自受理之日起60日内办结".
A matter accepted to be handled under 第三十一条第五项 (依法履行或者答复) or 第二十九条 (建议意见)
has no handling period, is never extended, and is concluded by a reply that closes it: there is
no 信访处理意见 to review (第三十五条). 信访条例(2005)第三十三条 gives every accepted matter its
60 days, so under ``chongqing-2017`` only the opinion way exists.

Dates: registered Tue 2025-06-03, transferred 06-04, accepted 06-05 (national-2022); the
chongqing-2017 matter is registered 2021-06-01.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.errors import MatterRefused
from xinfang.petitions.matters.models import Matter, MatterClock, MatterRoute, Reply
from xinfang.petitions.matters.selectors import matter_for_petitioner
from xinfang.petitions.matters.services import (
    matter_accept,
    matter_conclude,
    matter_extension_request,
    matter_follow_up,
    matter_rate_satisfaction,
    matter_reply,
    matter_request_review,
    matter_route,
)

from .factories import ACTOR, OPINION_TEXT, MatterWorld, at, d

pytestmark = pytest.mark.django_db

REPLY = "经核查，已责令物业公司退还多收的电梯维修费并公开账目。"


def routed(mw: MatterWorld, day: str = "2025-06-03", kind: str = "transfer") -> Matter:
    m = mw.register(received_at=at(day, 9), at=at(day, 10))
    return matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind=kind,
        actor=ACTOR,
        at=at(day, 11),
    )


def accepted(mw: MatterWorld, way: str, **kw: Any) -> Matter:
    return matter_accept(
        matter=routed(mw, **kw),
        organ=mw.district_housing,
        handling_way=way,
        notice="已受理。",
        actor=ACTOR,
        at=at("2025-06-05"),
    )


def fresh(m: Matter) -> Matter:
    return Matter.objects.get(pk=m.pk)


def test_accepting_for_an_opinion_starts_the_handling_clock_as_before(mw: MatterWorld) -> None:
    by_default = matter_accept(
        matter=routed(mw), organ=mw.district_housing, actor=ACTOR, at=at("2025-06-05")
    )
    explicit = accepted(mw, "opinion")
    for m in (by_default, explicit):
        m = fresh(m)
        # 06-05 + 60 days = Mon 08-04.
        assert (m.state, m.action_period, m.action_due) == ("accepted", "handle", d("2025-08-04"))
        assert m.handling_way == "opinion"
        event = m.events.latest("id")
        assert event.details["handling_way"] == "opinion"
        assert event.basis[0] == "信访工作条例(2022)第二十三条"


@pytest.mark.parametrize(
    ("way", "article"),
    [("duty", "第三十一条第五项"), ("suggestion", "第二十九条第一款")],
)
def test_a_duty_or_a_suggestion_is_accepted_without_a_handling_period(
    mw: MatterWorld, way: str, article: str
) -> None:
    m = fresh(accepted(mw, way))
    assert (m.state, m.handling_way) == ("accepted", way)
    assert (m.action_period, m.action_due) == ("", None)
    assert not MatterClock.objects.filter(matter=m, period="handle").exists()
    assert not MatterClock.objects.filter(matter=m, stopped_on__isnull=True).exists()
    event = m.events.latest("id")
    assert event.details["handling_way"] == way
    assert f"信访工作条例(2022){article}" in event.basis
    assert "信访工作条例(2022)第三十四条" not in event.basis
    audit = AuditEntry.objects.filter(action="matter.accept", object_id=str(m.pk)).get()
    assert audit.details["handling_way"] == way


def test_an_assignment_keeps_its_report_date_when_no_handling_period_starts(
    mw: MatterWorld,
) -> None:
    m = accepted(mw, "duty", kind="assign")
    route = MatterRoute.objects.get(matter=m)
    # The default set on assignment (acceptance, then handling period) stays: no due to follow.
    assert route.report_due is not None
    assert fresh(m).action_due is None


def test_an_unknown_way_is_bad_input(mw: MatterWorld) -> None:
    m = routed(mw)
    with pytest.raises(ValidationError) as exc:
        matter_accept(matter=m, organ=mw.district_housing, handling_way="mediation", actor=ACTOR)
    assert "handling_way" in exc.value.message_dict
    assert fresh(m).state == "routed"


def test_the_2005_procedure_refuses_a_way_without_the_handling_period(mw: MatterWorld) -> None:
    """信访条例(2005)第三十三条: 信访事项应当自受理之日起60日内办结."""
    m = routed(mw, day="2021-06-01")
    assert m.profile == "chongqing-2017"
    with pytest.raises(MatterRefused) as exc:
        matter_accept(
            matter=m,
            organ=mw.district_housing,
            handling_way="duty",
            actor=ACTOR,
            at=at("2021-06-03"),
        )
    assert exc.value.code == "handling_way_not_in_procedure"
    assert exc.value.basis_strings == ["信访条例(2005)第三十三条"]
    assert (fresh(m).state, fresh(m).handling_way) == ("routed", "")
    m = matter_accept(matter=m, organ=mw.district_housing, actor=ACTOR, at=at("2021-06-03"))
    assert (fresh(m).action_period, fresh(m).handling_way) == ("handle", "opinion")


@pytest.mark.parametrize("way", ["duty", "suggestion"])
def test_a_matter_without_a_handling_period_is_not_extended(mw: MatterWorld, way: str) -> None:
    m = accepted(mw, way)
    with pytest.raises(MatterRefused) as exc:
        matter_extension_request(
            matter=m,
            organ=mw.district_housing,
            days=20,
            reason="情况复杂",
            actor=ACTOR,
            at=at("2025-07-01"),
        )
    assert exc.value.code == "extension_not_applicable"
    assert exc.value.basis_strings == ["信访工作条例(2022)第三十四条"]
    assert not m.extension_requests.exists()


def test_a_duty_is_concluded_by_a_reply_that_closes_the_matter(mw: MatterWorld) -> None:
    m = accepted(mw, "duty", kind="assign")
    m = matter_reply(
        matter=m,
        organ=mw.district_housing,
        outcome="performed",
        reply=REPLY,
        actor=ACTOR,
        at=at("2025-06-20"),
    )
    m = fresh(m)
    assert (m.state, m.action_due, m.request_due) == ("closed", None, None)
    assert m.final_at is not None
    reply = Reply.objects.get(matter=m)
    assert (reply.outcome, reply.text, reply.organ) == ("performed", REPLY, mw.district_housing)
    assert not m.opinions.exists()
    event = m.events.latest("id")
    assert (event.action, event.from_state, event.to_state) == ("conclude", "accepted", "closed")
    assert event.details["outcome"] == "performed"
    assert event.basis == ["信访工作条例(2022)第三十一条第五项"]
    assert AuditEntry.objects.filter(action="matter.conclude", object_id=str(m.pk)).exists()
    # The assignment's result is reported with the reply.
    assert MatterRoute.objects.get(matter=m).reported_at is not None
    # The petitioner reads the reply with the query code.
    public = matter_for_petitioner(query_code=m.query_code)
    assert public is not None
    assert [n["notice"] for n in public.notices if n["action"] == "conclude"] == [REPLY]
    # No 信访处理意见 to review (第三十五条): the matter is final.
    with pytest.raises(MatterRefused) as exc:
        matter_request_review(matter=m, review_organ=mw.district, actor=ACTOR)
    assert exc.value.code == "final_state"


def test_a_suggestion_is_answered_adopted_in_part(mw: MatterWorld) -> None:
    m = accepted(mw, "suggestion")
    m = matter_reply(
        matter=m,
        organ=mw.district_housing,
        outcome="partly_adopted",
        reply="建议已部分采纳，将在下月物业管理检查中公开收费账目。",
        actor=ACTOR,
        at=at("2025-06-20"),
    )
    assert fresh(m).state == "closed"
    assert Reply.objects.get(matter=m).outcome == "partly_adopted"
    assert m.events.latest("id").basis == ["信访工作条例(2022)第二十九条第一款"]


def test_the_petitioner_rates_a_matter_answered_by_a_reply(mw: MatterWorld) -> None:
    """The reply is the petitioner's answer: the handling is rated and followed up on it."""
    m = accepted(mw, "duty")
    m = matter_reply(
        matter=m, organ=mw.district_housing, outcome="answered", reply=REPLY, actor=ACTOR
    )
    m = matter_rate_satisfaction(matter=m, rating="satisfied", actor=ACTOR)
    assert fresh(m).satisfaction == "satisfied"
    visit = matter_follow_up(
        matter=m, organ=mw.district_po, method="phone", notes="信访人表示满意。", actor=ACTOR
    )
    assert visit.matter_id == m.pk


def test_a_reply_with_an_outcome_of_the_other_way_is_bad_input(mw: MatterWorld) -> None:
    m = accepted(mw, "duty")
    with pytest.raises(ValidationError) as exc:
        matter_reply(
            matter=m, organ=mw.district_housing, outcome="adopted", reply=REPLY, actor=ACTOR
        )
    assert exc.value.message_dict["outcome"] == [
        "按该办理方式办理的事项，答复结果只能是：已依法履行、已答复。"
    ]
    assert fresh(m).state == "accepted"
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        matter_reply(
            matter=m, organ=mw.district_housing, outcome="adopted", reply=REPLY, actor=ACTOR
        )
    assert exc.value.message_dict["outcome"] == [
        "A matter handled this way is answered with one of: Duty performed, Answered."
    ]
    with pytest.raises(ValidationError) as exc:
        matter_reply(
            matter=m, organ=mw.district_housing, outcome="performed", reply=" ", actor=ACTOR
        )
    assert "reply" in exc.value.message_dict


def test_each_matter_is_concluded_the_way_it_is_handled(mw: MatterWorld) -> None:
    duty = accepted(mw, "duty")
    with pytest.raises(MatterRefused) as exc:
        matter_conclude(
            matter=duty, organ=mw.district_housing, kind="support", actor=ACTOR, **OPINION_TEXT
        )
    assert exc.value.code == "handling_way_mismatch"
    assert not duty.opinions.exists()
    opinion = accepted(mw, "opinion")
    with pytest.raises(MatterRefused) as exc:
        matter_reply(
            matter=opinion,
            organ=mw.district_housing,
            outcome="answered",
            reply=REPLY,
            actor=ACTOR,
        )
    assert exc.value.code == "handling_way_mismatch"
    assert "信访工作条例(2022)第三十一条第六项" in exc.value.basis_strings
    assert not Reply.objects.exists()


def test_no_handling_overdue_lead_for_a_matter_without_a_handling_period(
    mw: MatterWorld,
) -> None:
    """Ground 2 (细则第十一条第一款第二项) is detected on the clocks the law sets: none here."""
    duty = accepted(mw, "duty")
    opinion = accepted(mw, "opinion")
    report = detect_leads(today=d("2025-10-01"))
    assert report.created == {"handle_overdue": 1}
    assert list(Lead.objects.values_list("matter_id", flat=True)) == [opinion.pk]
    assert not Lead.objects.filter(matter_id=duty.pk).exists()
