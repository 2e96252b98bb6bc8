"""Writes of 细则第六条: the petition office's recommendations (situation reports:
``recommendations_reports``).

A petition office makes a recommendation to an organ (``office_recommendation_send``: a new
record, validated and audited in one transaction). Every step on it is a
``xinfang.workflow.Step`` over ``RECOMMENDATION``, decided by the transition table below:

    sent ──reply (the recipient)──▶ replied ──follow_up (the office)──▶ followed_up
      │                               │                                   │
      └─withdraw (the office)─▶ withdrawn   └──────close (the office)──────┴─▶ closed

The recipient replies in writing on its adoption (信访工作条例(2022)第四十条第四款) by the
reply due date; partly or not adopting needs reasons. Measures adopted are followed up by the
office to a date it sets, and the recommendation is closed once they are done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.policy import RoutingRefused, assert_may_act_in, assert_routable
from xinfang.audit.services import actor_label, audit_record
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import Matter
from xinfang.punctuation import join_list
from xinfang.refusals import Refused
from xinfang.rules.basis import basis_strings, rules
from xinfang.rules.profiles import earliest_effective
from xinfang.workflow import Act, Outcome, Step, act_time, run
from xinfang.workflow.table import ReasonInput, RecordMachine, Transition

from ..models.recommendations import (
    MEASURES_ADOPTION,
    Adoption,
    OfficeRecommendation,
    RecommendationKind,
    RecommendationState,
)
from ..selectors.recommendations import (
    default_reply_due,
    is_petition_office,
    policy_recipients,
    recommendation_basis,
)
from ..selectors.recommendations_figures import territory_root

TITLE_MAX = 200
TEXT_MAX = 20000


class Action(StrEnum):
    """The steps on a recommendation."""

    REPLY = "reply"
    FOLLOW_UP = "follow_up"
    CLOSE = "close"
    WITHDRAW = "withdraw"


def may_act(actor: Any, organ: Organ, *, action: str) -> None:
    """A user acts only for an organ where they hold a position (本单位); a command or a
    scheduled job (an actor named by text, ``system:demo``) is the system's own code."""
    if isinstance(actor, str):
        return
    assert_may_act_in(actor, organ, action=action)


_FOLLOWED = frozenset({RecommendationState.REPLIED, RecommendationState.FOLLOWED_UP})

# The refusals are lazy: read when a step is refused, in the reader's language.
RECOMMENDATION_STEPS = (
    Transition(
        Action.REPLY,
        sources=frozenset({RecommendationState.SENT}),
        target=RecommendationState.REPLIED,
        refusal=gettext_lazy("该建议已反馈或已撤回，不能再反馈。"),
        code="recommendation_not_awaiting_reply",
        entry="duties.recommendation.replied",
    ),
    Transition(
        Action.FOLLOW_UP,
        sources=_FOLLOWED,
        target=RecommendationState.FOLLOWED_UP,
        refusal=gettext_lazy("只能对已反馈、未办结的建议跟踪落实。"),
        code="recommendation_not_replied",
        entry="duties.recommendation.followed_up",
    ),
    Transition(
        Action.CLOSE,
        sources=_FOLLOWED,
        target=RecommendationState.CLOSED,
        refusal=gettext_lazy("只能办结已反馈、未办结的建议。"),
        code="recommendation_not_replied",
        entry="duties.recommendation.closed",
    ),
    Transition(
        Action.WITHDRAW,
        sources=frozenset({RecommendationState.SENT}),
        target=RecommendationState.WITHDRAWN,
        refusal=gettext_lazy("建议已反馈，不能撤回。"),
        code="recommendation_not_awaiting_reply",
        entry="duties.recommendation.withdrawn",
    ),
)

RECOMMENDATION = RecordMachine(
    "duties.recommendation",
    OfficeRecommendation,
    RECOMMENDATION_STEPS,
    related=("office", "recipient"),
    may_act=may_act,
)
#: The organ that takes each step: the recipient replies, the office does the rest.
STEP_ORGAN: dict[str, str] = {
    Action.REPLY: "recipient",
    Action.FOLLOW_UP: "office",
    Action.CLOSE: "office",
    Action.WITHDRAW: "office",
}


def steps_open_to(recommendation: OfficeRecommendation, organ_ids: Iterable[int]) -> list[str]:
    """The steps the table allows now that an organ among ``organ_ids`` takes."""
    mine = set(organ_ids)
    return [
        action
        for action in RECOMMENDATION.allowed(recommendation)
        if getattr(recommendation, f"{STEP_ORGAN[action]}_id") in mine
    ]


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _text(errors: dict[str, list[ValidationError]], field: str, value: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        errors.setdefault(field, []).append(ValidationError(_("此项为必填项。"), code="required"))
    elif len(text) > limit:
        errors.setdefault(field, []).append(ValidationError(_("内容过长。"), code="max_length"))
    return text


def _not_future(
    errors: dict[str, list[ValidationError]], field: str, day: dt.date | None, on: dt.date
) -> None:
    if day is not None and day > on:
        errors.setdefault(field, []).append(ValidationError(_("日期不能晚于今天。"), code="future"))


# --- sending ---------------------------------------------------------------------------------


def _check_recipient(
    errors: dict[str, list[ValidationError]], *, office: Organ, recipient: Organ, kind: str
) -> None:
    if recipient.pk == office.pk:
        errors.setdefault("recipient", []).append(
            ValidationError(_("建议不能向本信访部门提出。"), code="own_office")
        )
    elif not recipient.is_active:
        errors.setdefault("recipient", []).append(
            ValidationError(_("该机关已撤销。"), code="inactive")
        )
    elif kind == RecommendationKind.IMPROVE_POLICY:
        if recipient not in policy_recipients(office):
            names = join_list(organ.name for organ in policy_recipients(office))
            errors.setdefault("recipient", []).append(
                ValidationError(
                    _("完善政策的建议向本级党委和政府提出（%(names)s）。")
                    % {"names": names or "—"},
                    code="policy_recipient",
                )
            )
    elif not recipient.path.startswith(territory_root(office).path):
        errors.setdefault("recipient", []).append(
            ValidationError(
                _("信访部门就本地区的信访工作向本地区的机关提出建议。"), code="not_in_territory"
            )
        )


def _assert_not_accused(matters: Iterable[Matter], recipient: Organ) -> None:
    """A recommendation never goes to an organ accused in a matter it rests on (细则第十一条
    第一款第八项)."""
    for matter in matters:
        try:
            assert_routable(matter, recipient)
        except RoutingRefused as refused:
            raise Refused(
                refused.messages[0], code="routing_to_accused_unit", basis=[rules(11, 1, 8)]
            ) from refused


def office_recommendation_send(
    *,
    office: Organ,
    recipient: Organ,
    kind: str,
    title: str,
    content: str,
    reasons: str,
    actor: Any,
    matters: Iterable[Matter] = (),
    sent_on: dt.date | None = None,
    reply_due: dt.date | None = None,
    at: dt.datetime | None = None,
) -> OfficeRecommendation:
    """The petition office ``office`` makes a recommendation to ``recipient`` (细则第六条).

    ``sent_on`` is today unless an earlier day is given (a letter sent before it was
    recorded). The reply is due ``recommendation_reply_days`` after it (a policy value), or on
    the later ``reply_due`` the office sets; never earlier. A recommendation to perfect a
    policy goes to the party committee or government of the office's level (信访工作条例
    (2022)第四十条第二款). Only a petition office makes them (``not_petition_office``), and
    never to an organ accused in a matter it rests on (``routing_to_accused_unit``).
    """
    moment, today = act_time(at)
    if not is_petition_office(office):
        raise Refused(
            _("改进工作、完善政策和给予处分的建议由信访部门提出。"),
            code="not_petition_office",
            basis=[rules(6)],
        )
    may_act(actor, office, action="duties.recommendation.sent")
    errors: dict[str, list[ValidationError]] = {}
    if kind not in RecommendationKind.values:
        errors["kind"] = [ValidationError(_("建议类别不正确。"), code="invalid_choice")]
    title = _text(errors, "title", title, TITLE_MAX)
    content = _text(errors, "content", content, TEXT_MAX)
    reasons = _text(errors, "reasons", reasons, TEXT_MAX)
    day = sent_on or today
    _not_future(errors, "sent_on", day, today)
    if day < earliest_effective():
        errors.setdefault("sent_on", []).append(
            ValidationError(_("发出日期早于细则施行日期。"), code="before_rules")
        )
    _check_recipient(errors, office=office, recipient=recipient, kind=kind)
    due = default_reply_due(day, recipient) if "sent_on" not in errors else day
    if reply_due is not None and reply_due < due:
        errors["reply_due"] = [
            ValidationError(
                _("反馈期限不得早于 %(due)s（政策设定值）。") % {"due": due.isoformat()},
                code="before_policy_due",
            )
        ]
    if errors:
        raise ValidationError(errors)
    matters = list(matters)
    _assert_not_accused(matters, recipient)
    with transaction.atomic():
        recommendation = OfficeRecommendation(
            office=office,
            recipient=recipient,
            kind=kind,
            title=title,
            content=content,
            reasons=reasons,
            sent_on=day,
            reply_due=reply_due or due,
            reply_due_set=reply_due is not None and reply_due != due,
            created_at=moment,
            created_by=actor_label(actor),
        )
        recommendation.full_clean()
        recommendation.save()
        recommendation.matters.set(matters)
        audit_record(
            actor=actor,
            action="duties.recommendation.sent",
            target=recommendation,
            details={
                "office": office.pk,
                "recipient": recipient.pk,
                "kind": kind,
                "title": title,
                "sent_on": day.isoformat(),
                "reply_due": recommendation.reply_due.isoformat(),
                "reply_due_set": recommendation.reply_due_set,
                "matters": sorted(m.pk for m in matters),
                "basis": basis_strings(recommendation_basis(kind, day)),
            },
        )
    return recommendation


# --- the reply -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplyInput:
    """The recipient's written reply on adoption (信访工作条例(2022)第四十条第四款)."""

    reply: str
    adoption: str
    adoption_reasons: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        errors: dict[str, list[ValidationError]] = {}
        reply = _text(errors, "reply", self.reply, TEXT_MAX)
        if self.adoption not in Adoption.values:
            errors["adoption"] = [ValidationError(_("请选择采纳情况。"), code="invalid_choice")]
        reasons = (self.adoption_reasons or "").strip()
        if self.adoption in (Adoption.PARTLY, Adoption.NOT_ADOPTED) and not reasons:
            errors["adoption_reasons"] = [
                ValidationError(_("部分采纳或未采纳的，请说明理由。"), code="required")
            ]
        if errors:
            raise ValidationError(errors)
        return {"reply": reply, "adoption": self.adoption, "adoption_reasons": reasons}


def _reply_effect(act: Act[OfficeRecommendation, ReplyInput], transition: Transition) -> Outcome:
    rec = act.subject
    rec.reply = act.values["reply"]
    rec.adoption = act.values["adoption"]
    rec.adoption_reasons = act.values["adoption_reasons"]
    rec.replied_on = act.on
    rec.replied_by = actor_label(act.actor)
    return Outcome(
        details={"replied_on": act.on.isoformat(), "on_time": act.on <= rec.reply_due},
        options={"fields": ["reply", "adoption", "adoption_reasons", "replied_on", "replied_by"]},
    )


REPLY = Step(RECOMMENDATION, Action.REPLY, ReplyInput, effect=_reply_effect)


def office_recommendation_reply(
    *,
    recommendation: OfficeRecommendation,
    reply: str,
    adoption: str,
    actor: Any,
    adoption_reasons: str = "",
    at: dt.datetime | None = None,
) -> OfficeRecommendation:
    """The recipient replies in writing on the recommendation's adoption, acting for itself."""
    return run(
        REPLY,
        recommendation,
        organ=recommendation.recipient,
        actor=actor,
        data=ReplyInput(reply=reply, adoption=adoption, adoption_reasons=adoption_reasons),
        at=at,
    )


# --- following up ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpInput:
    """What the office found following the recommendation up; for measures adopted, the date
    it sets for them, what they are and when they were done."""

    notes: str
    measures_due: dt.date | None = None
    measures: str = ""
    measures_done_on: dt.date | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        errors: dict[str, list[ValidationError]] = {}
        notes = _text(errors, "notes", self.notes, TEXT_MAX)
        measures = (self.measures or "").strip()
        if len(measures) > TEXT_MAX:
            errors["measures"] = [ValidationError(_("内容过长。"), code="max_length")]
        _not_future(errors, "measures_done_on", self.measures_done_on, on)
        if errors:
            raise ValidationError(errors)
        return {
            "notes": notes,
            "measures_due": self.measures_due.isoformat() if self.measures_due else None,
            "measures": measures,
            "measures_done_on": (
                self.measures_done_on.isoformat() if self.measures_done_on else None
            ),
        }


def _follow_up_measures(act: Act[OfficeRecommendation, FollowUpInput]) -> None:
    """The measures part of a follow-up: only for measures adopted; the due date is set once
    (or moved while it has not passed) and never before the reply."""
    rec, data = act.subject, act.data
    if rec.adoption not in MEASURES_ADOPTION:
        if data.measures_due or data.measures_done_on or act.values["measures"]:
            raise _error("measures", _("未采纳的建议没有需要落实的措施。"), "not_adopted")
        return
    if data.measures_due is not None and data.measures_due != rec.measures_due:
        if (
            rec.measures_due is not None
            and rec.measures_due < act.on
            and rec.measures_done_on is None
        ):
            raise _error("measures_due", _("原定落实期限已过，不能变更。"), "measures_due_passed")
        if rec.replied_on is not None and data.measures_due < rec.replied_on:
            raise _error("measures_due", _("落实期限不得早于反馈日期。"), "before_reply")
        rec.measures_due = data.measures_due
    if rec.measures_due is None:
        raise _error("measures_due", _("请确定采纳的措施落实期限。"), "required")
    if act.values["measures"]:
        rec.measures = act.values["measures"]
    if data.measures_done_on is not None:
        if not rec.measures:
            raise _error("measures", _("请写明落实的措施。"), "required")
        if data.measures_done_on < rec.sent_on:
            raise _error("measures_done_on", _("完成日期不得早于建议发出日期。"), "before_sent")
        rec.measures_done_on = data.measures_done_on


def _follow_up_effect(
    act: Act[OfficeRecommendation, FollowUpInput], transition: Transition
) -> Outcome:
    rec = act.subject
    _follow_up_measures(act)
    rec.follow_up_notes = act.values["notes"]
    rec.followed_up_on = act.on
    return Outcome(
        options={
            "fields": [
                "follow_up_notes",
                "followed_up_on",
                "measures_due",
                "measures",
                "measures_done_on",
            ]
        }
    )


FOLLOW_UP = Step(RECOMMENDATION, Action.FOLLOW_UP, FollowUpInput, effect=_follow_up_effect)


def office_recommendation_follow_up(
    *,
    recommendation: OfficeRecommendation,
    notes: str,
    actor: Any,
    measures_due: dt.date | None = None,
    measures: str = "",
    measures_done_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> OfficeRecommendation:
    """The office records how the recommendation is being carried out."""
    return run(
        FOLLOW_UP,
        recommendation,
        organ=recommendation.office,
        actor=actor,
        data=FollowUpInput(
            notes=notes,
            measures_due=measures_due,
            measures=measures,
            measures_done_on=measures_done_on,
        ),
        at=at,
    )


# --- closing and withdrawing -----------------------------------------------------------------


@dataclass(frozen=True)
class CloseInput:
    """A note on closing, optional."""

    note: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        note = (self.note or "").strip()
        if len(note) > TEXT_MAX:
            raise _error("note", _("内容过长。"), "max_length")
        return {"note": note}


def _close_effect(act: Act[OfficeRecommendation, CloseInput], transition: Transition) -> Outcome:
    rec = act.subject
    if rec.adoption in MEASURES_ADOPTION and rec.measures_done_on is None:
        raise Refused(
            _("采纳的措施尚未落实完成，不能办结。"),
            code="measures_not_done",
            basis=[rules(6), rules(11, 1, 5)],
        )
    rec.closed_on = act.on
    rec.closing_note = act.values["note"]
    return Outcome(options={"fields": ["closed_on", "closing_note"]})


CLOSE = Step(RECOMMENDATION, Action.CLOSE, CloseInput, effect=_close_effect)


def office_recommendation_close(
    *,
    recommendation: OfficeRecommendation,
    actor: Any,
    note: str = "",
    at: dt.datetime | None = None,
) -> OfficeRecommendation:
    """The office closes the recommendation: replied, and any measures adopted done."""
    return run(
        CLOSE,
        recommendation,
        organ=recommendation.office,
        actor=actor,
        data=CloseInput(note=note),
        at=at,
    )


def _withdraw_effect(
    act: Act[OfficeRecommendation, ReasonInput], transition: Transition
) -> Outcome:
    act.subject.withdrawn_reason = act.values["reason"]
    return Outcome(options={"fields": ["withdrawn_reason"]})


WITHDRAW = Step(RECOMMENDATION, Action.WITHDRAW, ReasonInput, effect=_withdraw_effect)


def office_recommendation_withdraw(
    *,
    recommendation: OfficeRecommendation,
    reason: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> OfficeRecommendation:
    """The office withdraws a recommendation not yet replied to, saying why."""
    return run(
        WITHDRAW,
        recommendation,
        organ=recommendation.office,
        actor=actor,
        data=ReasonInput(reason=reason),
        at=at,
    )
