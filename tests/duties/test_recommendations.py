"""The petition office's three recommendations (细则第六条; 信访工作条例(2022)第四十条): sent with
a reply due date from the policy value, replied in writing on adoption, followed up, closed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.accountability.factories import World
from xinfang.access.policy import forget_scope
from xinfang.audit.models import AuditEntry
from xinfang.duties.models.recommendations import RecommendationState
from xinfang.duties.selectors import recommendations as selectors
from xinfang.duties.services import recommendations as services
from xinfang.refusals import Refused

from .recommendations_world import (
    TODAY,
    accuse,
    at,
    days_ago,
    matter_at_housing,
    reply,
    send,
    world_fixture,  # noqa: F401 (fixtures)
)

pytestmark = pytest.mark.django_db


def test_the_reply_is_due_after_the_policy_value_and_the_recommendation_cites_article_6(
    world: World,
) -> None:
    matter = matter_at_housing(world, received=days_ago(40))
    rec = send(world, sent_on=days_ago(3), matters=[matter])
    setting = selectors.reply_setting(rec.sent_on)
    assert rec.reply_due == rec.sent_on + dt.timedelta(days=setting.value)
    assert str(setting.label) == "政策设定值"
    assert not rec.reply_due_set and rec.state == RecommendationState.SENT
    assert list(rec.matters.all()) == [matter]
    cited = [str(b) for b in selectors.recommendation_basis(rec.kind, rec.sent_on)]
    assert cited == ["细则第六条", "信访工作条例(2022)第四十条第一款"]
    entry = AuditEntry.objects.get(action="duties.recommendation.sent")
    assert entry.details["reply_due"] == rec.reply_due.isoformat()
    assert entry.details["matters"] == [matter.pk]


def test_the_office_may_give_a_later_reply_date_never_an_earlier_one(world: World) -> None:
    policy_due = TODAY + dt.timedelta(days=selectors.reply_setting(TODAY).value)
    later = send(world, reply_due=policy_due + dt.timedelta(days=10))
    assert later.reply_due_set and later.reply_due == policy_due + dt.timedelta(days=10)
    with pytest.raises(ValidationError) as refused:
        send(world, reply_due=policy_due - dt.timedelta(days=1))
    assert "reply_due" in refused.value.message_dict


def test_a_policy_recommendation_goes_to_the_party_committee_or_government_of_its_level(
    world: World,
) -> None:
    with pytest.raises(ValidationError) as refused:
        send(world, kind="improve_policy", recipient="housing")
    assert "recipient" in refused.value.message_dict
    rec = send(world, kind="improve_policy", recipient="d_gov")
    assert rec.recipient == world.organ("d_gov")
    cited = [str(b) for b in selectors.recommendation_basis(rec.kind, rec.sent_on)]
    assert "信访工作条例(2022)第四十条第二款" in cited


def test_a_recommendation_goes_to_an_organ_of_the_offices_territory(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        send(world, recipient="b_gov")
    assert refused.value.message_dict["recipient"]


def test_only_a_petition_office_recommends(world: World) -> None:
    with pytest.raises(Refused) as refused:
        services.office_recommendation_send(
            office=world.organ("housing"),
            recipient=world.organ("d_hrss"),
            kind="improve_work",
            title="建议",
            content="内容",
            reasons="理由",
            actor=world.user("housing_clerk"),
        )
    assert refused.value.code == "not_petition_office"


def test_a_clerk_of_another_organ_cannot_recommend_for_the_office(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.office_recommendation_send(
            office=world.organ("d_po"),
            recipient=world.organ("housing"),
            kind="improve_work",
            title="建议",
            content="内容",
            reasons="理由",
            actor=world.user("b_po_clerk"),
        )


def test_a_recommendation_never_goes_to_an_organ_accused_in_its_matters(world: World) -> None:
    """细则第十一条第一款第八项: the accused never receives the accusation."""
    matter = matter_at_housing(world, received=days_ago(20))
    accuse(matter, world.organ("housing"))
    with pytest.raises(Refused) as refused:
        send(world, matters=[matter])
    assert refused.value.code == "routing_to_accused_unit"


def test_both_the_office_and_the_recipient_read_it_and_an_organ_accused_later_does_not(
    world: World,
) -> None:
    matter = matter_at_housing(world, received=days_ago(20))
    rec = send(world, matters=[matter])
    for name in ("d_po_clerk", "housing_clerk"):
        assert selectors.access_recommendation_by_id(world.user(name), rec.pk) == rec
    with pytest.raises(Http404):
        selectors.access_recommendation_by_id(world.user("b_po_clerk"), rec.pk)
    accuse(matter, world.organ("housing"))
    clerk = world.user("housing_clerk")
    forget_scope(clerk)
    with pytest.raises(Http404):
        selectors.access_recommendation_by_id(clerk, rec.pk)
    assert not selectors.recommendations_visible(clerk).exists()


def test_the_recipient_replies_in_writing_and_partly_adopting_needs_reasons(world: World) -> None:
    rec = send(world, sent_on=days_ago(10))
    with pytest.raises(ValidationError) as invalid:
        reply(world, rec, on=days_ago(2), adoption="partly")
    assert "adoption_reasons" in invalid.value.message_dict
    done = reply(world, rec, on=days_ago(2), adoption="partly", adoption_reasons="经费不足。")
    assert done.state == RecommendationState.REPLIED
    assert (done.replied_on, done.adoption) == (days_ago(2), "partly")
    entry = AuditEntry.objects.get(action="duties.recommendation.replied")
    assert entry.details["on_time"] is True
    with pytest.raises(Refused) as refused:
        reply(world, done, on=days_ago(1), adoption="adopted")
    assert refused.value.code == "recommendation_not_awaiting_reply"


def test_only_the_recipient_replies(world: World) -> None:
    rec = send(world)
    with pytest.raises(PermissionDenied):
        services.office_recommendation_reply(
            recommendation=rec, reply="采纳。", adoption="adopted", actor=world.user("d_po_clerk")
        )


def test_the_office_withdraws_only_before_the_reply(world: World) -> None:
    first = send(world, title="第一条建议")
    withdrawn = services.office_recommendation_withdraw(
        recommendation=first, reason="情况已变化。", actor=world.user("d_po_clerk")
    )
    assert withdrawn.state == RecommendationState.WITHDRAWN
    second = reply(world, send(world, sent_on=days_ago(5)), on=days_ago(1))
    with pytest.raises(Refused):
        services.office_recommendation_withdraw(
            recommendation=second, reason="撤回。", actor=world.user("d_po_clerk")
        )


def test_measures_adopted_are_followed_up_to_a_date_and_closed_once_done(world: World) -> None:
    clerk = world.user("d_po_clerk")
    rec = reply(world, send(world, sent_on=days_ago(30)), on=days_ago(20))
    with pytest.raises(ValidationError) as invalid:
        services.office_recommendation_follow_up(
            recommendation=rec, notes="已督促。", actor=clerk, at=at(days_ago(15))
        )
    assert "measures_due" in invalid.value.message_dict
    rec = services.office_recommendation_follow_up(
        recommendation=rec,
        notes="已督促。",
        measures_due=days_ago(5),
        actor=clerk,
        at=at(days_ago(15)),
    )
    assert rec.state == RecommendationState.FOLLOWED_UP and rec.measures_outstanding
    with pytest.raises(Refused) as refused:
        services.office_recommendation_close(recommendation=rec, actor=clerk)
    assert refused.value.code == "measures_not_done"
    rec = services.office_recommendation_follow_up(
        recommendation=rec,
        notes="制度已印发。",
        measures="印发首问负责制度。",
        measures_done_on=days_ago(6),
        actor=clerk,
    )
    closed = services.office_recommendation_close(recommendation=rec, note="已落实。", actor=clerk)
    assert closed.state == RecommendationState.CLOSED and closed.closed_on == TODAY


def test_a_recommendation_not_adopted_is_closed_without_measures(world: World) -> None:
    clerk = world.user("d_po_clerk")
    rec = reply(
        world,
        send(world, sent_on=days_ago(9)),
        on=days_ago(1),
        adoption="not_adopted",
        adoption_reasons="不属于本委职权。",
    )
    with pytest.raises(ValidationError):
        services.office_recommendation_follow_up(
            recommendation=rec, notes="核实。", measures_due=TODAY, actor=clerk
        )
    closed = services.office_recommendation_close(recommendation=rec, actor=clerk)
    assert closed.state == RecommendationState.CLOSED


def test_the_steps_offered_follow_the_table_and_the_organ_that_takes_them(world: World) -> None:
    rec = send(world)
    housing = [world.organ("housing").pk]
    office = [world.organ("d_po").pk]
    assert services.steps_open_to(rec, housing) == ["reply"]
    assert services.steps_open_to(rec, office) == ["withdraw"]
    rec = reply(world, rec, on=TODAY)
    assert services.steps_open_to(rec, housing) == []
    assert services.steps_open_to(rec, office) == ["follow_up", "close"]
