"""The portal's services: an online petition is registered at the petition office of its
district, followed by its query code, rated once by the petitioner within the period, and
reviewed on the petitioner's request by the organ the rules choose."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.petitions.matters.attachment_files import HTML, PDF, PNG
from tests.petitions.matters.factories import ACTOR, at, walk_to
from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters import services as s
from xinfang.petitions.matters.errors import MatterRefused
from xinfang.petitions.matters.models import Attachment, FollowUp, Matter, MatterEvent
from xinfang.petitions.matters.services.portal import (
    PORTAL_ACTOR,
    PortalFile,
    portal_matter,
    portal_progress,
    portal_rate,
    portal_receiving_organ,
    portal_request_review,
    portal_submit,
    rating_window,
)

from .conftest import handle_to_conclusion, identity

pytestmark = pytest.mark.django_db

CONTENT = "小区物业多收电梯维修费，请求责令退还。\n详细情况见附件。"


def submit(mw, **overrides):
    values = {
        **identity(),
        "content": CONTENT,
        "region_code": "500103001",
        "category": mw.property_fees,
        "at": at("2025-06-03", 9),
    }
    values.update(overrides)
    return portal_submit(**values)


def concluded(mw, day="2025-06-03"):
    """An online matter routed, accepted and concluded with an opinion on 2025-07-01."""
    m = submit(mw, at=at(day, 9))
    return handle_to_conclusion(mw, m, days=(at("2025-06-04"), at("2025-06-05"), at("2025-07-01")))


def test_an_online_petition_is_registered_by_the_petition_office_of_its_district(mw) -> None:
    matter = submit(mw, files=[PortalFile("材料.pdf", PDF), PortalFile("照片.png", PNG)])
    assert matter.channel == "online"
    assert matter.registering_organ == mw.district_po
    assert matter.state == "registered"
    assert matter.action_period == "route"
    assert matter.petitioner is not None
    assert matter.summary == "小区物业多收电梯维修费，请求责令退还。"
    assert Attachment.objects.filter(matter=matter).count() == 2
    assert portal_matter(query_code=matter.query_code.lower()) == matter


def test_a_place_in_a_district_without_a_petition_office_goes_to_the_city_office(mw) -> None:
    assert portal_receiving_organ("500105") == mw.city_po
    assert portal_receiving_organ("500103001") == mw.district_po
    assert portal_receiving_organ("") is None


def test_the_trail_names_the_petitioner_online_and_no_personal_data(mw) -> None:
    matter = submit(mw)
    event = MatterEvent.objects.get(matter=matter, action="register")
    assert event.actor == PORTAL_ACTOR
    entries = AuditEntry.objects.filter(actor=PORTAL_ACTOR)
    assert entries.exists()
    text = " ".join(str(e.details) for e in AuditEntry.objects.all())
    for personal in ("张三", identity()["id_number"], "13800138000", "民生路1号"):
        assert personal not in text


def test_a_wrong_check_digit_is_refused_by_field_and_nothing_is_written(mw) -> None:
    number = identity()["id_number"]
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError) as caught:
        submit(mw, id_number=wrong, phone="", files=[PortalFile("a.html", HTML)])
    errors = caught.value.message_dict
    assert "校验码" in errors["id_number"][0]
    assert "phone" in errors and "attachments" in errors
    assert not Matter.objects.exists()


def test_a_bad_file_refuses_the_whole_petition(mw) -> None:
    with pytest.raises(ValidationError) as caught:
        submit(mw, files=[PortalFile("a.pdf", PDF), PortalFile("x.pdf", HTML)])
    assert "x.pdf" in caught.value.message_dict["attachments"][0]
    assert not Matter.objects.exists()
    assert not Attachment.objects.exists()


def test_progress_shows_the_steps_with_their_dates_and_due_dates(mw) -> None:
    matter = concluded(mw)
    progress = portal_progress(query_code=matter.query_code, today=dt.date(2025, 7, 2))
    assert progress is not None
    actions = [step.action for step in progress.steps]
    assert actions == ["register", "transfer", "accept", "conclude"]
    register, transfer, accept, conclude = progress.steps
    assert register.organ == "渝中区信访办"
    assert register.dues and register.dues[0].label == "转送、交办期限"
    assert transfer.organ == "渝中区住房城乡建委"
    assert any(due.label == "办结期限" for due in accept.dues)
    assert any(due.label == "您请求复查的期限" for due in conclude.dues)
    assert progress.public.opinions
    assert progress.rating.open
    assert progress.review is not None and progress.review.organ == mw.district


def test_progress_never_shows_the_accused_internal_notes_or_identity(mw) -> None:
    matter = concluded(mw)
    Matter.objects.filter(pk=matter.pk).update(accused_names="李四科长")
    s.matter_follow_up(
        matter=matter,
        organ=mw.district_po,
        method="phone",
        notes="内部回访记录",
        actor=ACTOR,
        at=at("2025-07-03"),
    )
    progress = portal_progress(query_code=matter.query_code)
    shown = repr(progress)
    for hidden in ("李四", "张三", "13800138000", "内部回访记录", ACTOR):
        assert hidden not in shown


def test_the_petitioner_rates_once_and_it_is_recorded_as_the_petitioners(mw) -> None:
    matter = concluded(mw)
    matter = portal_rate(matter=matter, rating="satisfied", at=at("2025-07-05"))
    assert (matter.satisfaction, matter.satisfaction_source) == ("satisfied", "portal")
    event = MatterEvent.objects.get(matter=matter, action="rated")
    assert event.actor == PORTAL_ACTOR and event.details["source"] == "portal"
    with pytest.raises(MatterRefused) as caught:
        portal_rate(matter=matter, rating="dissatisfied", at=at("2025-07-06"))
    assert caught.value.code == "already_rated"
    matter.refresh_from_db()
    assert matter.satisfaction == "satisfied"


def test_an_office_rating_is_not_overwritten_by_the_portal_and_follow_ups_stay_apart(mw) -> None:
    matter = concluded(mw)
    s.matter_follow_up(
        matter=matter,
        organ=mw.district_po,
        method="phone",
        notes="电话回访",
        satisfaction="basically_satisfied",
        actor=ACTOR,
        at=at("2025-07-03"),
    )
    s.matter_rate_satisfaction(
        matter=matter, rating="dissatisfied", actor=ACTOR, at=at("2025-07-04")
    )
    matter.refresh_from_db()
    assert matter.satisfaction_source == "office"
    with pytest.raises(MatterRefused):
        portal_rate(matter=matter, rating="satisfied", at=at("2025-07-05"))
    matter.refresh_from_db()
    assert matter.satisfaction == "dissatisfied"
    assert FollowUp.objects.get(matter=matter).satisfaction == "basically_satisfied"


def test_no_rating_before_the_opinion(mw) -> None:
    matter = submit(mw)
    assert not rating_window(matter, today=dt.date(2025, 6, 4)).open
    with pytest.raises(MatterRefused) as caught:
        portal_rate(matter=matter, rating="satisfied", at=at("2025-06-04"))
    assert caught.value.code == "no_opinion_yet"


def test_no_rating_after_the_rating_period(mw, settings) -> None:
    settings.XINFANG_PORTAL_RATING_DAYS = 10
    matter = concluded(mw)
    window = rating_window(matter, today=dt.date(2025, 7, 11))
    assert window.open and window.closes_on == dt.date(2025, 7, 11)
    with pytest.raises(MatterRefused) as caught:
        portal_rate(matter=matter, rating="satisfied", at=at("2025-07-12"))
    assert caught.value.code == "rating_period_over"
    assert "信访工作条例(2022)第二十一条第二款" in caught.value.basis_strings


def test_the_petitioners_rating_is_no_organs(mw) -> None:
    """The handling organ never records its own rating; the petitioner's is recorded for no
    organ at all (the event names none), so no organ's staff can be said to have rated."""
    matter = portal_rate(matter=concluded(mw), rating="basically_satisfied", at=at("2025-07-02"))
    assert MatterEvent.objects.get(matter=matter, action="rated").organ is None


def test_the_petitioner_requests_a_review_online_by_the_organ_above(mw) -> None:
    matter = concluded(mw)
    matter = portal_request_review(
        matter=matter, reason="处理意见未退还全部费用。", at=at("2025-07-10")
    )
    assert matter.state == "review_requested"
    assert matter.current_organ == mw.district
    event = MatterEvent.objects.get(matter=matter, action="request_review")
    assert event.actor == PORTAL_ACTOR


def test_a_late_review_request_is_refused(mw) -> None:
    matter = concluded(mw)
    with pytest.raises(MatterRefused) as caught:
        portal_request_review(matter=matter, reason="理由", at=at("2025-09-01"))
    assert caught.value.code == "late_request"


def test_no_review_request_before_the_opinion(mw) -> None:
    matter = submit(mw)
    with pytest.raises(MatterRefused) as caught:
        portal_request_review(matter=matter, reason="理由", at=at("2025-06-05"))
    assert caught.value.code == "no_review_now"


def test_a_reviewed_matter_is_re_reviewed_one_level_above_the_reviewer(mw) -> None:
    matter = walk_to(mw, "reviewed")
    matter = portal_request_review(matter=matter, reason="复查意见不当。", at=at("2025-07-25"))
    assert matter.state == "rereview_requested"
    assert matter.current_organ == mw.city
