"""Carrying out an opinion that supports the request (细则第十一条第一款第二项).

A supporting opinion is due to be carried out within the profile's ``execute`` period from the
day it is issued; the organ that has to act on it records, once, that it did.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PersonFactory, PositionFactory, UserFactory
from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.models import Opinion
from xinfang.petitions.matters.services import (
    MatterRefused,
    matter_conclude,
    matter_decide_review,
    matter_record_execution,
    opinion_record_execution,
)

from .factories import ACTOR, OPINION_TEXT, MatterWorld, at, d, walk_to

pytestmark = pytest.mark.django_db

EXECUTE_BASIS = [
    "细则第十一条第一款第二项",
    "细则第十九条",
    "系统默认，待市信访办确定",  # no determination of the office in force (细则第十九条)
    "民法典第二百零一条",
    "民法典第二百零三条",
]


def conclude(mw: MatterWorld, *, kind: str, on: str) -> Opinion:
    m = walk_to(mw, "accepted")
    matter_conclude(
        matter=m, organ=mw.district_housing, kind=kind, actor=ACTOR, at=at(on), **OPINION_TEXT
    )
    return Opinion.objects.get(matter=m, stage="handle")


def refused(**kwargs) -> MatterRefused:
    with pytest.raises(MatterRefused) as info:
        opinion_record_execution(**kwargs)
    return info.value


def test_a_supporting_opinion_is_due_30_days_after_issue_counted_across_national_day(
    mw: MatterWorld,
) -> None:
    """Issued Fri 2025-09-05: day 30 is Sun 10-05, in the National Day holiday → Thu 10-09."""
    opinion = conclude(mw, kind="support", on="2025-09-05")
    assert opinion.execution_due == d("2025-10-09")
    assert (opinion.executed_at, opinion.execution_note) == (None, "")
    assert opinion.executing_organ_id == mw.district_housing.pk
    event = opinion.matter.events.get(action="conclude")
    assert event.details["execution"] == {
        "organ": mw.district_housing.pk,
        "due": "2025-10-09",
        "provisional": False,
        "basis": EXECUTE_BASIS,
    }


def test_an_opinion_that_does_not_support_the_request_has_nothing_to_carry_out(
    mw: MatterWorld,
) -> None:
    opinion = conclude(mw, kind="explain", on="2025-07-01")
    assert opinion.execution_due is None
    assert "execution" not in opinion.matter.events.get(action="conclude").details
    exc = refused(opinion=opinion, organ=mw.district_housing, note="已办理", actor=ACTOR)
    assert exc.code == "nothing_to_execute"


def test_a_supporting_review_opinion_is_carried_out_by_the_original_handling_organ(
    mw: MatterWorld,
) -> None:
    """The district government reviews and supports; the housing department must act on it."""
    m = walk_to(mw, "review_requested")
    matter_decide_review(
        matter=m,
        organ=mw.district,
        kind="support",
        actor=ACTOR,
        at=at("2025-07-20"),
        **OPINION_TEXT,
    )
    opinion = Opinion.objects.get(matter=m, stage="review")
    assert opinion.execution_due == d("2025-08-19")
    assert opinion.executing_organ_id == mw.district_housing.pk
    exc = refused(opinion=opinion, organ=mw.district, note="已责令退费", actor=ACTOR)
    assert exc.code == "organ_not_party"
    opinion_record_execution(
        opinion=opinion, organ=mw.district_housing, note="已责令退费", actor=ACTOR
    )
    assert Opinion.objects.get(pk=opinion.pk).executed_at is not None


def test_execution_is_recorded_once_with_its_event_and_audit_entry(mw: MatterWorld) -> None:
    opinion = conclude(mw, kind="support", on="2025-09-05")
    opinion_record_execution(
        opinion=opinion,
        organ=mw.district_housing,
        note="  物业公司已退还多收费用并公开账目  ",
        actor=ACTOR,
        at=at("2025-09-30"),
    )
    opinion = Opinion.objects.get(pk=opinion.pk)
    assert opinion.executed_at == at("2025-09-30")
    assert opinion.execution_note == "物业公司已退还多收费用并公开账目"
    event = opinion.matter.events.get(action="executed")
    assert event.organ == mw.district_housing
    assert event.details == {
        "opinion": opinion.pk,
        "stage": "handle",
        "execution_due": "2025-10-09",
        "late": False,
        "note": "物业公司已退还多收费用并公开账目",
    }
    assert event.basis == ["细则第十一条第一款第二项"]
    audit = AuditEntry.objects.get(action="matter.executed")
    assert audit.object_id == str(opinion.matter_id)
    assert audit.details["opinion"] == opinion.pk

    exc = refused(opinion=opinion, organ=mw.district_housing, note="再次登记", actor=ACTOR)
    assert exc.code == "already_executed"
    assert exc.message_zh == "该意见的执行情况已经登记"
    assert Opinion.objects.get(pk=opinion.pk).execution_note == "物业公司已退还多收费用并公开账目"
    assert AuditEntry.objects.filter(action="matter.executed").count() == 1


def test_execution_recorded_after_the_due_date_is_marked_late(mw: MatterWorld) -> None:
    opinion = conclude(mw, kind="support", on="2025-09-05")
    opinion_record_execution(
        opinion=opinion, organ=mw.district_housing, note="已退费", actor=ACTOR, at=at("2025-10-10")
    )
    assert opinion.matter.events.get(action="executed").details["late"] is True


def test_execution_is_refused_for_an_organ_that_does_not_have_to_carry_it_out(
    mw: MatterWorld,
) -> None:
    opinion = conclude(mw, kind="support", on="2025-09-05")
    exc = refused(opinion=opinion, organ=mw.district_po, note="已退费", actor=ACTOR)
    assert exc.code == "organ_not_party"
    assert [str(b) for b in exc.basis] == ["细则第十一条第一款第二项"]
    assert Opinion.objects.get(pk=opinion.pk).executed_at is None
    assert not opinion.matter.events.filter(action="executed").exists()


def test_execution_without_a_note_is_refused(mw: MatterWorld) -> None:
    opinion = conclude(mw, kind="support", on="2025-09-05")
    with pytest.raises(ValidationError) as info:
        opinion_record_execution(
            opinion=opinion, organ=mw.district_housing, note="   ", actor=ACTOR
        )
    assert "note" in info.value.message_dict
    assert Opinion.objects.get(pk=opinion.pk).executed_at is None


def test_a_user_records_execution_only_within_their_own_organ(mw: MatterWorld) -> None:
    """A signed-in clerk of another organ cannot record it for the handling organ."""
    opinion = conclude(mw, kind="support", on="2025-09-05")
    stranger = UserFactory()
    PositionFactory(
        person=PersonFactory(user=stranger), organ=mw.other_housing, start=dt.date(2020, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        opinion_record_execution(
            opinion=opinion, organ=mw.district_housing, note="已退费", actor=stranger
        )
    clerk = UserFactory()
    PositionFactory(
        person=PersonFactory(user=clerk), organ=mw.district_housing, start=dt.date(2020, 1, 1)
    )
    opinion_record_execution(opinion=opinion, organ=mw.district_housing, note="已退费", actor=clerk)
    event = opinion.matter.events.get(action="executed")
    assert event.actor == f"user:{clerk.pk}:{clerk.username}"


def test_a_review_opinion_replaces_what_the_handling_opinion_ordered(mw: MatterWorld) -> None:
    """The handling opinion supported the request; the review finds otherwise. What the first
    opinion ordered and was not yet carried out is no longer due, and the event says so."""
    from xinfang.petitions.matters.services import matter_request_review

    m = walk_to(mw, "accepted")
    matter_conclude(
        matter=m,
        organ=mw.district_housing,
        kind="support",
        actor=ACTOR,
        at=at("2025-07-01"),
        **OPINION_TEXT,
    )
    handling = Opinion.objects.get(matter=m, stage="handle")
    assert handling.execution_due is not None
    matter_request_review(matter=m, review_organ=mw.district, actor=ACTOR, at=at("2025-07-10"))
    matter_decide_review(
        matter=m,
        organ=mw.district,
        kind="not_supported",
        actor=ACTOR,
        at=at("2025-07-20"),
        **OPINION_TEXT,
    )
    assert Opinion.objects.get(pk=handling.pk).execution_due is None
    event = m.events.get(action="review")
    assert event.details["superseded_executions"] == [handling.pk]


def test_the_step_on_the_matter_records_the_opinion_waiting_to_be_carried_out(
    mw: MatterWorld,
) -> None:
    """The pages and the API take the step on the matter: it finds the opinion due."""
    opinion = conclude(mw, kind="support", on="2025-09-05")
    done = matter_record_execution(
        matter=opinion.matter, organ=mw.district_housing, note="已退费", actor=ACTOR
    )
    assert done.pk == opinion.pk
    assert Opinion.objects.get(pk=opinion.pk).execution_note == "已退费"


def test_the_step_on_the_matter_is_refused_when_no_opinion_waits(mw: MatterWorld) -> None:
    """Nothing supports the request, or it was carried out already: the rule, with its basis."""
    opinion = conclude(mw, kind="explain", on="2025-07-01")
    with pytest.raises(MatterRefused) as info:
        matter_record_execution(
            matter=opinion.matter, organ=mw.district_housing, note="已办理", actor=ACTOR
        )
    assert info.value.code == "nothing_to_execute"
    assert [str(b) for b in info.value.basis] == ["细则第十一条第一款第二项"]
    assert not opinion.matter.events.filter(action="executed").exists()
    supported = conclude(mw, kind="support", on="2025-09-05")
    matter_record_execution(
        matter=supported.matter, organ=mw.district_housing, note="已退费", actor=ACTOR
    )
    with pytest.raises(MatterRefused) as info:
        matter_record_execution(
            matter=supported.matter, organ=mw.district_housing, note="再次", actor=ACTOR
        )
    assert info.value.code == "nothing_to_execute"
