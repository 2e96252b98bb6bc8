"""Handling and review: conclude or reply, review and re-review, close (extension: ``extension``).

Each step is declared once and taken by the workflow runner over the matter machine
(``machine.MATTER``): validate, may the user act, lock, decide (``check_transition``), effect,
clocks, event and audit, in one transaction. Refusals are ``MatterRefused``; bad input is
``ValidationError``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.orgs.models import Organ
from xinfang.punctuation import join_list
from xinfang.rules.basis import basis_strings
from xinfang.rules.deadlines import Deadline
from xinfang.rules.procedure import REPLY_OUTCOMES, Action, Decision, HandlingWay, TransitionContext
from xinfang.rules.procedure import ReplyOutcome as RulesOutcome
from xinfang.rules.profiles import Profile
from xinfang.workflow import Act, Outcome, Step, run

from ..choices import OpinionKind, OpinionStage, ReplyOutcome, RouteKind
from ..errors import MatterRefused
from ..models import Matter, MatterRoute, Opinion, Reply
from ..selectors import hearing_is_running, review_base
from .common import Step as Applied
from .common import (
    assert_not_accused,
    assert_user_may_record_for_petitioner,
    deadline,
    handling_way_of,
    matter_calendar,
    profile_of,
    require_text,
)
from .dispatch import ReasonInput
from .machine import MATTER, MATTER_EVENT

# ---------------------------------------------------------------------------------------------
# Handling, review and re-review opinions


@dataclass(frozen=True)
class OpinionInput:
    """An opinion (支持 / 解释 / 不予支持) with its facts, reasons and legal basis, and the day
    the written reply reached the petitioner (``delivered_on``, today unless given)."""

    kind: str
    facts: str
    reasons: str
    legal_basis: str
    delivered_on: dt.date | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        if self.kind not in OpinionKind.values:
            raise ValidationError(
                {"kind": ValidationError(_("未知的意见类型。"), code="invalid_choice")}
            )
        require_text(facts=self.facts, reasons=self.reasons, legal_basis=self.legal_basis)
        if self.delivered_on is not None and self.delivered_on < on:
            raise ValidationError(
                {"delivered_on": ValidationError(_("送达日期不能早于出具日期。"), code="invalid")}
            )
        if self.delivered_on is not None and self.delivered_on > timezone.localdate():
            # The period to request a review runs from the day the reply was received: a day
            # still to come is not yet a fact to record.
            raise ValidationError(
                {"delivered_on": ValidationError(_("送达日期不能晚于今天。"), code="future")}
            )
        return {}


def _opinion_context(act: Act[Matter, OpinionInput]) -> TransitionContext:
    # The opinion follows the hearing: one still running is ended first (its end date moves
    # the re-review due date), never closed here in silence. A matter is concluded with an
    # opinion only if it is handled for one (第三十一条第六项).
    matter = act.subject
    way = handling_way_of(matter) if act.action == Action.CONCLUDE else HandlingWay.OPINION
    return TransitionContext(hearing_running=hearing_is_running(matter=matter), handling_way=way)


def _opinion_effect(act: Act[Matter, OpinionInput], decision: Decision) -> Outcome:
    start = act.data.delivered_on or act.on
    return Outcome(
        details={"kind": act.data.kind, "delivered_on": start.isoformat()},
        options={"starts_on": dict.fromkeys(decision.starts, start)},
    )


_STAGES = {
    Action.CONCLUDE: OpinionStage.HANDLE,
    Action.REVIEW: OpinionStage.REVIEW,
    Action.REREVIEW: OpinionStage.REREVIEW,
}


def _opinion_after(act: Act[Matter, OpinionInput], applied: Applied, outcome: Outcome) -> None:
    matter, data = act.subject, act.data
    execution = _execution_due(data.kind, profile=profile_of(matter), issued_on=act.on)
    # A review or re-review opinion replaces the opinion before it: what that one ordered and
    # was not yet carried out is no longer due (the later opinion says what is).
    superseded = list(
        Opinion.objects.filter(
            matter_id=matter.pk, execution_due__isnull=False, executed_at__isnull=True
        ).values_list("pk", flat=True)
    )
    if superseded:
        Opinion.objects.filter(pk__in=superseded).update(execution_due=None)
    values = require_text(facts=data.facts, reasons=data.reasons, legal_basis=data.legal_basis)
    opinion = Opinion.objects.create(
        matter=matter,
        stage=_STAGES[Action(act.action)],
        organ=act.organ,
        kind=data.kind,
        issued_at=act.at,
        execution_due=execution.due if execution is not None else None,
        **values,
    )
    if act.action == Action.CONCLUDE:
        _report_assignment(matter, act.at)
    outcome.details = {"opinion": opinion.pk, **outcome.details}
    if superseded:
        outcome.details["superseded_executions"] = superseded
    if execution is not None:
        outcome.details["execution"] = {
            "organ": opinion.executing_organ_id,
            "due": execution.due.isoformat(),
            "provisional": execution.provisional,
            "basis": basis_strings(execution.basis),
        }


def _execution_due(kind: str, *, profile: Profile, issued_on: dt.date) -> Deadline | None:
    """The date by which a supporting opinion is carried out (the profile's ``execute``
    period from the day of issue); none for an opinion that does not support the request.

    细则第十一条第一款第二项 makes not carrying out an opinion a ground; the period's length is
    the municipal petition office's (细则第十九条), kept in the profile.
    """
    if kind != OpinionKind.SUPPORT:
        return None
    return deadline(profile=profile, period="execute", start=issued_on, calendar=matter_calendar())


#: Concluding, reviewing and re-reviewing issue an opinion the same way.
CONCLUDE, REVIEW, REREVIEW = (
    Step(
        MATTER,
        action,
        OpinionInput,
        context=_opinion_context,
        effect=_opinion_effect,
        after=_opinion_after,
    )
    for action in (Action.CONCLUDE, Action.REVIEW, Action.REREVIEW)
)


def _opinion_service(
    step: Step[Matter, OpinionInput, Decision], name: str, doc: str
) -> Callable[..., Matter]:
    """The service of one of the three opinion steps: the same keywords, its own step."""

    def service(
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
        data = OpinionInput(kind, facts, reasons, legal_basis, delivered_on)
        return run(step, matter, organ=organ, actor=actor, data=data, at=at)

    service.__name__ = service.__qualname__ = name
    service.__doc__ = doc
    return service


matter_conclude = _opinion_service(
    CONCLUDE,
    "matter_conclude",
    """Conclude with a handling opinion (办结: 支持 / 解释 / 不予支持, facts, reasons, basis).

    The period to request a review runs from ``delivered_on`` (the day the written reply
    reached the petitioner; today unless given). An open assignment counts as reported. A
    supporting opinion is to be carried out by ``organ`` within the profile's ``execute``
    period (``Opinion.execution_due``).
    """,
)
matter_decide_review = _opinion_service(
    REVIEW,
    "matter_decide_review",
    """Issue the review opinion (复查意见); the re-review request period starts on delivery.

    A supporting review opinion is to be carried out by the original handling organ within the
    profile's ``execute`` period (``Opinion.execution_due``).
    """,
)
matter_decide_rereview = _opinion_service(
    REREVIEW,
    "matter_decide_rereview",
    """Issue the re-review opinion (复核意见): final; the same request is not accepted again.

    A supporting re-review opinion is to be carried out by the original handling organ within
    the profile's ``execute`` period (``Opinion.execution_due``).
    """,
)


def _report_assignment(matter: Matter, moment: dt.datetime) -> None:
    """An open assignment counts as reported when the matter is concluded. The organ that
    handled it reports; an assignment returned on an agreed objection was never handled there
    and reports nothing."""
    MatterRoute.objects.filter(
        matter_id=matter.pk, kind=RouteKind.ASSIGN, reported_at=None, returned_at=None
    ).update(reported_at=moment)


# ---------------------------------------------------------------------------------------------
# A reply (答复) concludes a duty or a suggestion (信访工作条例(2022)第三十一条第五项、第二十九条)


@dataclass(frozen=True)
class ReplyInput:
    """The outcome of the reply and what the petitioner is told."""

    outcome: str
    reply: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        values = require_text(reply=self.reply)
        if self.outcome not in ReplyOutcome.values:
            raise ValidationError(
                {"outcome": ValidationError(_("未知的答复结果。"), code="invalid_choice")}
            )
        return {"notice": values["reply"]}


def _reply_context(act: Act[Matter, ReplyInput]) -> TransitionContext:
    return TransitionContext(
        handling_way=handling_way_of(act.subject),
        reply=True,
        hearing_running=hearing_is_running(matter=act.subject),
    )


def _reply_effect(act: Act[Matter, ReplyInput], decision: Decision) -> Outcome:
    way = handling_way_of(act.subject)
    allowed = REPLY_OUTCOMES[way]
    if RulesOutcome(act.data.outcome) not in allowed:
        raise ValidationError(
            {
                "outcome": ValidationError(
                    _("按该办理方式办理的事项，答复结果只能是：%(outcomes)s。")
                    % {"outcomes": join_list(ReplyOutcome(o).label for o in allowed)},
                    code="invalid_choice",
                )
            }
        )
    _report_assignment(act.subject, act.at)
    return Outcome(details={"handling_way": way.value, "outcome": act.data.outcome})


def _reply_after(act: Act[Matter, ReplyInput], applied: Applied, outcome: Outcome) -> None:
    answer = Reply.objects.create(
        matter=act.subject,
        organ=act.organ,
        outcome=act.data.outcome,
        text=act.values["notice"],
        issued_at=act.at,
    )
    outcome.details["reply"] = answer.pk


REPLY = Step(
    MATTER,
    Action.CONCLUDE,
    ReplyInput,
    context=_reply_context,
    effect=_reply_effect,
    after=_reply_after,
)


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
    data = ReplyInput(outcome=outcome, reply=reply)
    return run(REPLY, matter, organ=organ, actor=actor, data=data, at=at)


# ---------------------------------------------------------------------------------------------
# Review and re-review requests (复查、复核): the petitioner's own acts


@dataclass(frozen=True)
class RequestInput:
    """The organ above that is asked to review or re-review, and the petitioner's reason."""

    to_organ: Organ
    reason: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        return {"to_organ": self.to_organ.pk, "reason": (self.reason or "").strip()}


def _request_access(actor: Any, matter: Matter, organ: Any, data: RequestInput) -> None:
    action = Action.REQUEST_REREVIEW if matter.state == "reviewed" else Action.REQUEST_REVIEW
    assert_user_may_record_for_petitioner(actor, matter, also=data.to_organ, action=action.value)


def _request_context(act: Act[Matter, RequestInput]) -> TransitionContext:
    due = act.subject.request_due
    return TransitionContext(request_in_time=due is None or act.on <= due)


def _request_effect(act: Act[Matter, RequestInput], decision: Decision) -> Outcome:
    # The procedure first (the decision): a matter that cannot be reviewed (again) is refused
    # by its rule whatever organ was named.
    matter, to_organ = act.subject, act.data.to_organ
    base = review_base(matter, rereview=act.action == Action.REQUEST_REREVIEW)
    if base is None or to_organ.pk not in base.ancestor_ids:
        raise ValidationError(
            {"to_organ": ValidationError(_("复查、复核由上一级机关办理。"), code="not_above")}
        )
    assert_not_accused(matter, to_organ)
    matter.current_organ = to_organ
    return Outcome(options={"clock_organ": to_organ})


#: The petitioner asks for a review, then for a re-review, the same way.
REQUEST_REVIEW, REQUEST_REREVIEW = (
    Step(
        MATTER,
        action,
        RequestInput,
        context=_request_context,
        effect=_request_effect,
        access=_request_access,
    )
    for action in (Action.REQUEST_REVIEW, Action.REQUEST_REREVIEW)
)


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
    data = RequestInput(to_organ=review_organ, reason=reason)
    return run(REQUEST_REVIEW, matter, organ=None, actor=actor, data=data, at=at)


def matter_request_rereview(
    *,
    matter: Matter,
    rereview_organ: Organ,
    actor: Any,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Matter:
    """Record the petitioner's request for a re-review (复核) by ``rereview_organ``."""
    data = RequestInput(to_organ=rereview_organ, reason=reason)
    return run(REQUEST_REREVIEW, matter, organ=None, actor=actor, data=data, at=at)


# ---------------------------------------------------------------------------------------------
# Closing, and the same-request flag


CLOSE = Step(MATTER, Action.CLOSE, ReasonInput)


def matter_close(
    *, matter: Matter, organ: Organ, reason: str, actor: Any, at: dt.datetime | None = None
) -> Matter:
    """Close a concluded or reviewed matter (结案): the petitioner accepts the opinion or lets
    the request period pass."""
    return run(CLOSE, matter, organ=organ, actor=actor, data=ReasonInput(reason), at=at)


def _clear_flag_effect(act: Act[Matter, ReasonInput], decision: None) -> Outcome:
    matter = act.subject
    if act.organ.pk != matter.registering_organ_id or matter.rereviewed_match_id is None:
        raise MatterRefused(
            "organ_not_party",
            "只有登记机关可以撤销“同一请求已复核”标记",
            "only the registering office clears the same-request flag",
            basis=profile_of(matter).basis_for("same_request_after_rereview"),
        )
    earlier = matter.rereviewed_match_id
    matter.rereviewed_match = None
    matter.save(update_fields=["rereviewed_match"])
    return Outcome(details={"earlier": earlier}, options={"event": "rereview_flag_cleared"})


CLEAR_REREVIEW_FLAG = Step(
    MATTER_EVENT, "clear_rereview_flag", ReasonInput, effect=_clear_flag_effect
)


def matter_clear_rereview_flag(
    *, matter: Matter, organ: Organ, reason: str, actor: Any, at: dt.datetime | None = None
) -> Matter:
    """The registering office finds the request is not the one already re-reviewed.

    Registration flags a matter whose petitioner's earlier, similar matter was re-reviewed;
    routing and acceptance are then refused. A clerk who finds new facts or grounds clears the
    flag with the reason; the event keeps both.
    """
    data = ReasonInput(reason)
    return run(CLEAR_REREVIEW_FLAG, matter, organ=organ, actor=actor, data=data, at=at)
