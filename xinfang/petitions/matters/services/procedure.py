"""Handling and review: conclude, review and re-review, close (extension: ``extension``).

Each service locks the matter, asks ``check_transition`` whether the acting organ may take the
step, applies the clocks the decision names (``compute_deadline``), and writes the event and
the audit entry in the same transaction. Refusals are ``MatterRefused``; bad input is
``ValidationError``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.orgs.models import Organ
from xinfang.punctuation import join_list
from xinfang.rules.basis import basis_strings
from xinfang.rules.deadlines import Deadline
from xinfang.rules.procedure import REPLY_OUTCOMES, Action, Actor, HandlingWay, TransitionContext
from xinfang.rules.procedure import ReplyOutcome as RulesOutcome
from xinfang.rules.profiles import Profile

from ..choices import OpinionKind, OpinionStage, ReplyOutcome, RouteKind
from ..errors import MatterRefused
from ..models import Hearing, Matter, MatterRoute, Opinion, Reply
from ..selectors import review_base
from .common import (
    act_time,
    apply_decision,
    assert_not_accused,
    assert_user_may_act,
    assert_user_may_record_for_petitioner,
    deadline,
    decide,
    handling_way_of,
    lock_matter,
    matter_calendar,
    procedural_actor,
    profile_of,
    record,
    require_text,
)

# ---------------------------------------------------------------------------------------------
# Handling


def _opinion_values(kind: str, facts: str, reasons: str, legal_basis: str) -> dict[str, str]:
    if kind not in OpinionKind.values:
        raise ValidationError(
            {"kind": ValidationError(_("未知的意见类型。"), code="invalid_choice")}
        )
    return require_text(facts=facts, reasons=reasons, legal_basis=legal_basis)


def _decide_with_opinion(
    *,
    matter: Matter,
    organ: Organ,
    action: Action,
    stage: str,
    kind: str,
    facts: str,
    reasons: str,
    legal_basis: str,
    actor: Any,
    at: dt.datetime | None,
    delivered_on: dt.date | None,
) -> Matter:
    moment, today = act_time(at)
    values = _opinion_values(kind, facts, reasons, legal_basis)
    if delivered_on is not None and delivered_on < today:
        raise ValidationError(
            {"delivered_on": ValidationError(_("送达日期不能早于出具日期。"), code="invalid")}
        )
    if delivered_on is not None and delivered_on > timezone.localdate():
        # The period to request a review runs from the day the reply was received: a day
        # still to come is not yet a fact to record.
        raise ValidationError(
            {"delivered_on": ValidationError(_("送达日期不能晚于今天。"), code="future")}
        )
    assert_user_may_act(actor, organ, action=f"matter.{action.value}")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        # The opinion follows the hearing: one still running is ended first (its end date moves
        # the re-review due date), never closed here in silence. A matter is concluded with an
        # opinion only if it is handled for one (ç¬¬ä¸åä¸æ¡ç¬¬å­é¡¹).
        running = Hearing.objects.filter(matter_id=matter.pk, ended_on__isnull=True).exists()
        way = handling_way_of(matter) if action is Action.CONCLUDE else HandlingWay.OPINION
        decision = decide(
            matter,
            action,
            actor=procedural_actor(matter, organ),
            profile=profile,
            context=TransitionContext(hearing_running=running, handling_way=way),
        )
        start = delivered_on or today
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=None,
            starts_on=dict.fromkeys(decision.starts, start),
        )
        execution = _execution_due(kind, profile=profile, issued_on=today)
        # A review or re-review opinion replaces the opinion before it: what that one ordered
        # and was not yet carried out is no longer due (the later opinion says what is).
        superseded = list(
            Opinion.objects.filter(
                matter_id=matter.pk, execution_due__isnull=False, executed_at__isnull=True
            ).values_list("pk", flat=True)
        )
        if superseded:
            Opinion.objects.filter(pk__in=superseded).update(execution_due=None)
        opinion = Opinion.objects.create(
            matter=matter,
            stage=stage,
            organ=organ,
            kind=kind,
            issued_at=moment,
            execution_due=execution.due if execution is not None else None,
            **values,
        )
        if action is Action.CONCLUDE:
            _report_assignment(matter, moment)
        details: dict[str, Any] = {
            "opinion": opinion.pk,
            "kind": kind,
            "delivered_on": start.isoformat(),
        }
        if superseded:
            details["superseded_executions"] = superseded
        if execution is not None:
            details["execution"] = {
                "organ": opinion.executing_organ_id,
                "due": execution.due.isoformat(),
                "provisional": execution.provisional,
                "basis": basis_strings(execution.basis),
            }
        record(step, actor=actor, organ=organ, details=details)
    return matter


def _execution_due(kind: str, *, profile: Profile, issued_on: dt.date) -> Deadline | None:
    """The date by which a supporting opinion is carried out (the profile's ``execute``
    period from the day of issue); none for an opinion that does not support the request.

    细则第十一条第一款第二项 makes not carrying out an opinion a ground; the period's length is
    the municipal petition office's (细则第十九条), kept in the profile.
    """
    if kind != OpinionKind.SUPPORT:
        return None
    return deadline(profile=profile, period="execute", start=issued_on, calendar=matter_calendar())


def matter_conclude(
    *,
    matter: Matter,
    organ: Organ,
    kind: str,
    facts: str,
    reasons: str,
    legal_basis: str,
    actor: Any,
    delivered_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Matter:
    """Conclude with a handling opinion (办结: 支持 / 解释 / 不予支持, facts, reasons, basis).

    The period to request a review runs from ``delivered_on`` (the day the written reply
    reached the petitioner; today unless given). An open assignment counts as reported. A
    supporting opinion is to be carried out by ``organ`` within the profile's ``execute``
    period (``Opinion.execution_due``).
    """
    return _decide_with_opinion(
        matter=matter,
        organ=organ,
        action=Action.CONCLUDE,
        stage=OpinionStage.HANDLE,
        kind=kind,
        facts=facts,
        reasons=reasons,
        legal_basis=legal_basis,
        actor=actor,
        at=at,
        delivered_on=delivered_on,
    )


def _report_assignment(matter: Matter, moment: dt.datetime) -> None:
    """An open assignment counts as reported when the matter is concluded. The organ that
    handled it reports; an assignment returned on an agreed objection was never handled there
    and reports nothing."""
    MatterRoute.objects.filter(
        matter_id=matter.pk, kind=RouteKind.ASSIGN, reported_at=None, returned_at=None
    ).update(reported_at=moment)


def matter_reply(
    *,
    matter: Matter,
    organ: Organ,
    outcome: str,
    reply: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> Matter:
    """Conclude a matter handled without a 信访处理意见书 with the reply (答复).

    信访工作条例(2022)第三十一条第五项: a duty is performed or the request answered (``performed``,
    ``answered``); 第二十九条: a suggestion is adopted, partly adopted or not, and answered
    (``adopted``, ``partly_adopted``, ``not_adopted``). ``reply`` is what the petitioner is told
    (shown on the public lookup). There is no 信访处理意见 to review (第三十五条), so the matter
    is closed. Refused (``handling_way_mismatch``) for a matter handled for an opinion, which
    ``matter_conclude`` concludes; an outcome of the other way is bad input.
    """
    moment, today = act_time(at)
    values = require_text(reply=reply)
    if outcome not in ReplyOutcome.values:
        raise ValidationError(
            {"outcome": ValidationError(_("未知的答复结果。"), code="invalid_choice")}
        )
    assert_user_may_act(actor, organ, action="matter.conclude")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        way = handling_way_of(matter)
        running = Hearing.objects.filter(matter_id=matter.pk, ended_on__isnull=True).exists()
        decision = decide(
            matter,
            Action.CONCLUDE,
            actor=procedural_actor(matter, organ),
            profile=profile,
            context=TransitionContext(handling_way=way, reply=True, hearing_running=running),
        )
        allowed = REPLY_OUTCOMES[way]
        if RulesOutcome(outcome) not in allowed:
            raise ValidationError(
                {
                    "outcome": ValidationError(
                        _("按该办理方式办理的事项，答复结果只能是：%(outcomes)s。")
                        % {"outcomes": join_list(ReplyOutcome(o).label for o in allowed)},
                        code="invalid_choice",
                    )
                }
            )
        _report_assignment(matter, moment)
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=None,
        )
        answer = Reply.objects.create(
            matter=matter, organ=organ, outcome=outcome, text=values["reply"], issued_at=moment
        )
        record(
            step,
            actor=actor,
            organ=organ,
            details={
                "handling_way": way.value,
                "reply": answer.pk,
                "outcome": outcome,
                "notice": values["reply"],
            },
        )
    return matter


# ---------------------------------------------------------------------------------------------
# Review and re-review (复查、复核)


def _request(
    *,
    matter: Matter,
    to_organ: Organ,
    action: Action,
    actor: Any,
    reason: str,
    at: dt.datetime | None,
) -> Matter:
    moment, today = act_time(at)
    assert_user_may_record_for_petitioner(actor, matter, also=to_organ, action=action.value)
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        in_time = matter.request_due is None or today <= matter.request_due
        # The procedure first: a matter that cannot be reviewed (again) is refused by its rule
        # whatever organ was named.
        decision = decide(
            matter,
            action,
            actor=Actor.PETITIONER,
            profile=profile,
            context=TransitionContext(request_in_time=in_time),
        )
        base = review_base(matter, rereview=action is Action.REQUEST_REREVIEW)
        if base is None or to_organ.pk not in base.ancestor_ids:
            raise ValidationError(
                {"to_organ": ValidationError(_("复查、复核由上一级机关办理。"), code="not_above")}
            )
        assert_not_accused(matter, to_organ)
        matter.current_organ = to_organ
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=to_organ,
        )
        record(
            step,
            actor=actor,
            organ=None,
            details={"to_organ": to_organ.pk, "reason": (reason or "").strip()},
        )
    return matter


def matter_request_review(
    *,
    matter: Matter,
    review_organ: Organ,
    actor: Any,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Matter:
    """Record the petitioner's request for a review (复查) by ``review_organ``.

    The review period runs from the day the request is received; a request after the review
    request period is refused (``late_request``).
    """
    return _request(
        matter=matter,
        to_organ=review_organ,
        action=Action.REQUEST_REVIEW,
        actor=actor,
        reason=reason,
        at=at,
    )


def matter_decide_review(
    *,
    matter: Matter,
    organ: Organ,
    kind: str,
    facts: str,
    reasons: str,
    legal_basis: str,
    actor: Any,
    delivered_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Matter:
    """Issue the review opinion (复查意见); the re-review request period starts on delivery.

    A supporting review opinion is to be carried out by the original handling organ within the
    profile's ``execute`` period (``Opinion.execution_due``).
    """
    return _decide_with_opinion(
        matter=matter,
        organ=organ,
        action=Action.REVIEW,
        stage=OpinionStage.REVIEW,
        kind=kind,
        facts=facts,
        reasons=reasons,
        legal_basis=legal_basis,
        actor=actor,
        at=at,
        delivered_on=delivered_on,
    )


def matter_request_rereview(
    *,
    matter: Matter,
    rereview_organ: Organ,
    actor: Any,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Matter:
    """Record the petitioner's request for a re-review (复核) by ``rereview_organ``."""
    return _request(
        matter=matter,
        to_organ=rereview_organ,
        action=Action.REQUEST_REREVIEW,
        actor=actor,
        reason=reason,
        at=at,
    )


def matter_decide_rereview(
    *,
    matter: Matter,
    organ: Organ,
    kind: str,
    facts: str,
    reasons: str,
    legal_basis: str,
    actor: Any,
    delivered_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Matter:
    """Issue the re-review opinion (复核意见): final; the same request is not accepted again.

    A supporting re-review opinion is to be carried out by the original handling organ within
    the profile's ``execute`` period (``Opinion.execution_due``).
    """
    return _decide_with_opinion(
        matter=matter,
        organ=organ,
        action=Action.REREVIEW,
        stage=OpinionStage.REREVIEW,
        kind=kind,
        facts=facts,
        reasons=reasons,
        legal_basis=legal_basis,
        actor=actor,
        at=at,
        delivered_on=delivered_on,
    )


def matter_close(
    *, matter: Matter, organ: Organ, reason: str, actor: Any, at: dt.datetime | None = None
) -> Matter:
    """Close a concluded or reviewed matter (结案): the petitioner accepts the opinion or lets
    the request period pass."""
    moment, today = act_time(at)
    values = require_text(reason=reason)
    assert_user_may_act(actor, organ, action="matter.close")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        decision = decide(
            matter, Action.CLOSE, actor=procedural_actor(matter, organ), profile=profile
        )
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=None,
        )
        record(step, actor=actor, organ=organ, details=values)
    return matter


def matter_clear_rereview_flag(
    *, matter: Matter, organ: Organ, reason: str, actor: Any, at: dt.datetime | None = None
) -> Matter:
    """The registering office finds the request is not the one already re-reviewed.

    Registration flags a matter whose petitioner's earlier, similar matter was re-reviewed;
    routing and acceptance are then refused. A clerk who finds new facts or grounds clears the
    flag with the reason; the event keeps both.
    """
    moment, _today = act_time(at)
    values = require_text(reason=reason)
    assert_user_may_act(actor, organ, action="matter.clear_rereview_flag")
    with transaction.atomic():
        lock_matter(matter)
        if organ.pk != matter.registering_organ_id or matter.rereviewed_match_id is None:
            raise MatterRefused(
                "organ_not_party",
                "只有登记机关可以撤销“同一请求已复核”标记",
                "only the registering office clears the same-request flag",
                basis=profile_of(matter).basis_for("same_request_after_rereview"),
            )
        earlier = matter.rereviewed_match_id
        matter.rereviewed_match = None
        matter.save(update_fields=["rereviewed_match"])
        from .common import record_plain

        record_plain(
            matter,
            at=moment,
            actor=actor,
            organ=organ,
            action="rereview_flag_cleared",
            details={"earlier": earlier, **values},
        )
    return matter
