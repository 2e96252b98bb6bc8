"""Supervision orders (督办): issued on a matter by a petition office (细则第六条), or by a
vertically managed department on the organs of its system below it (细则第五条第二款), and
replied to by the organ supervised within the profile's ``supervision_reply`` period.

An order presses the handling of an open matter, or carrying out an opinion that supports the
request (also once the matter is final). Orders on one matter, organ and subject climb a
ladder — 催办, 督办, 通报 — one rung at a time: the next rung follows an order left unanswered
past its reply date, or answered while the problem persists (the reason is recorded); a
circulated notice (通报) records the scope it is circulated in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ
from xinfang.rules.basis import Basis, basis_strings, rules
from xinfang.rules.procedure import FINAL_STATE_RULES
from xinfang.rules.procedure import MatterState as RulesState
from xinfang.workflow import Act, Outcome, Step, run

from ..choices import SUPERVISION_LADDER, OpinionKind, SupervisionLevel, SupervisionSubject
from ..errors import MatterRefused
from ..models import Matter, MatterRoute, Opinion, Reply, SupervisionOrder
from .common import (
    assert_not_accused,
    deadline,
    matter_calendar,
    period_in_force,
    profile_of,
    require_text,
)
from .machine import MATTER_EVENT

#: Longest chain of vertical parents walked (a registry never has one this deep).
_VERTICAL_DEPTH = 16


def vertical_superior_ids(organ: Organ) -> list[int]:
    """The organs above ``organ`` in its vertically managed system, nearest first
    (细则第五条第二款: 垂直管理部门负责本系统的信访工作)."""
    found: list[int] = []
    parent_id = organ.vertical_parent_id
    while parent_id is not None and parent_id not in found and len(found) < _VERTICAL_DEPTH:
        found.append(parent_id)
        parent_id = (
            Organ.objects.filter(pk=parent_id).values_list("vertical_parent_id", flat=True).first()
        )
    return found


def organs_on_matter(matter: Matter) -> set[int]:
    """The organs that worked on the matter: where it was registered, sits and was accepted,
    those that routed it or received it (not one that returned it on an agreed objection), and
    those that issued an opinion or the reply."""
    ids = {matter.registering_organ_id, matter.current_organ_id, matter.handling_organ_id}
    routes = MatterRoute.objects.filter(matter_id=matter.pk)
    for from_id, to_id, returned in routes.values_list(
        "from_organ_id", "to_organ_id", "returned_at"
    ):
        ids.add(from_id)
        if returned is None:
            ids.add(to_id)
    ids.update(Opinion.objects.filter(matter_id=matter.pk).values_list("organ_id", flat=True))
    ids.update(Reply.objects.filter(matter_id=matter.pk).values_list("organ_id", flat=True))
    return {pk for pk in ids if pk is not None}


def opinion_to_execute(matter: Matter, organ: Organ) -> Opinion | None:
    """The supporting opinion ``organ`` has yet to carry out on the matter (the latest)."""
    opinions = Opinion.objects.filter(
        matter_id=matter.pk,
        kind=OpinionKind.SUPPORT,
        execution_due__isnull=False,
        executed_at__isnull=True,
    ).select_related("matter")
    due = [o for o in opinions.order_by("-issued_at", "-id") if o.executing_organ_id == organ.pk]
    return due[0] if due else None


def supervisor_basis(organ: Organ, to_organ: Organ) -> tuple[Any, ...]:
    """Why ``organ`` may supervise ``to_organ``: a petition office (细则第六条), or a vertically
    managed department above it in its system (细则第五条第二款); ``MatterRefused`` otherwise."""
    if organ.has_role(OrganRole.PETITION_OFFICE):
        return (rules(6),)
    if organ.vertical_system:
        if organ.pk in vertical_superior_ids(to_organ):
            return (rules(5, 2),)
        raise MatterRefused(
            "not_in_vertical_system",
            "垂直管理部门只督办本系统下级部门和单位",
            "a vertically managed department supervises only the units below it in its system",
            basis=(rules(5, 2),),
        )
    raise MatterRefused(
        "supervisor_not_petition_office",
        "督办信访事项由信访部门进行",
        "supervision orders are issued by petition offices",
        basis=(rules(6),),
    )


def previous_order(matter: Matter, to_organ: Organ, subject: str) -> SupervisionOrder | None:
    """The latest order on the matter to the organ on the same subject: the rung a new one
    climbs from."""
    return (
        SupervisionOrder.objects.filter(matter_id=matter.pk, to_organ_id=to_organ.pk)
        .filter(subject=subject)
        .order_by("-issued_at", "-id")
        .first()
    )


def rung(level: str) -> int:
    """The place of a level on the ladder (催办 0, 督办 1, 通报 2)."""
    return SUPERVISION_LADDER.index(level)


def _level_error(message: str, code: str) -> ValidationError:
    return ValidationError({"level": ValidationError(message, code=code)})


def _climb(
    previous: SupervisionOrder | None, *, level: str, reason: str, on: dt.date
) -> SupervisionOrder | None:
    """The order the new one escalates from (None: no escalation), or the refusal: one rung
    at a time, and only over an order left unanswered past its reply date or answered while
    the problem persists (the reason given)."""
    if previous is None:
        if level == SupervisionLevel.CIRCULATE:
            raise _level_error(_("通报应在督办未果后进行，请先督办。"), "escalation_skipped")
        return None
    if rung(level) <= rung(previous.level):
        return None
    if rung(level) > rung(previous.level) + 1:
        raise _level_error(_("只能逐级升级：催办、督办、通报。"), "escalation_skipped")
    if previous.replied_at is None and previous.reply_due >= on:
        with translation.override("zh-hans"):
            rung_zh = str(previous.get_level_display())
        raise MatterRefused(
            "previous_not_due",
            f"上一次{rung_zh}的反馈期限（{previous.reply_due}）尚未届满，不能升级",
            f"the reply to the previous order is due on {previous.reply_due}; "
            "it cannot be escalated before then",
            basis=tuple(b for b in map(Basis.parse, previous.basis or []) if b is not None),
        )
    if previous.replied_at is not None and not reason:
        raise ValidationError(
            {
                "escalation_reason": ValidationError(
                    _("上一次督办已反馈，升级须说明问题仍未解决的情况。"), code="required"
                )
            }
        )
    return previous


@dataclass(frozen=True)
class SupervisionInput:
    """The organ supervised, the instructions, what is pressed and on which rung."""

    to_organ: Organ
    instructions: str
    level: str = SupervisionLevel.SUPERVISE
    subject: str = SupervisionSubject.HANDLING
    circulation_scope: str = ""
    escalation_reason: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        require_text(instructions=self.instructions)
        errors: dict[str, ValidationError] = {}
        if self.level not in SupervisionLevel.values:
            errors["level"] = ValidationError(_("未知的督办层级。"), code="invalid_choice")
        if self.subject not in SupervisionSubject.values:
            errors["subject"] = ValidationError(_("未知的督办事项。"), code="invalid_choice")
        if self.level == SupervisionLevel.CIRCULATE and not (self.circulation_scope or "").strip():
            errors["circulation_scope"] = ValidationError(
                _("通报须写明通报范围。"), code="required"
            )
        if errors:
            raise ValidationError(errors)
        return {"to_organ": self.to_organ.pk, "level": self.level, "subject": self.subject}


def _refuse_final(matter: Matter) -> None:
    raise MatterRefused(
        "final_state",
        "信访事项已终结，不再督办",
        "the matter is final; it is no longer supervised",
        basis=profile_of(matter).basis_for(FINAL_STATE_RULES[RulesState(matter.state)]),
    )


def _subject_checks(matter: Matter, to_organ: Organ, subject: str) -> Opinion | None:
    """What the order presses must be there: an open matter the organ worked on, or an
    opinion the organ has yet to carry out."""
    if subject == SupervisionSubject.EXECUTION:
        opinion = opinion_to_execute(matter, to_organ)
        if opinion is None:
            raise MatterRefused(
                "nothing_to_execute",
                "该机关没有尚未执行的支持信访请求的处理意见",
                "the organ has no supporting opinion left to carry out on this matter",
                basis=profile_of(matter).basis_for("execute"),
            )
        return opinion
    if matter.is_final:
        _refuse_final(matter)
    return None


def _supervise_effect(act: Act[Matter, SupervisionInput], decision: None) -> Outcome:
    matter, organ, data = act.subject, act.organ, act.data
    to_organ = data.to_organ
    opinion = _subject_checks(matter, to_organ, data.subject)
    assert_not_accused(matter, to_organ)
    if to_organ.pk not in organs_on_matter(matter):
        raise ValidationError(
            {
                "to_organ": ValidationError(
                    _(
                        "督办对象应为经手该信访事项的机关（登记、转送交办、受理、办理或出具意见的机关）。"
                    ),
                    code="not_handling",
                )
            }
        )
    reason = (data.escalation_reason or "").strip()
    escalated_from = _climb(
        previous_order(matter, to_organ, data.subject), level=data.level, reason=reason, on=act.on
    )
    due = deadline(
        profile=profile_of(matter),
        period="supervision_reply",
        start=act.on,
        calendar=matter_calendar(),
    )
    extra = list(supervisor_basis(organ, to_organ))
    if data.level == SupervisionLevel.CIRCULATE:
        extra.append(rules(9))  # 并在适当范围内通报督查情况
    basis = basis_strings([*due.basis, *(b for b in extra if b != rules(6))])
    order = SupervisionOrder.objects.create(
        matter=matter,
        issuing_organ=organ,
        to_organ=to_organ,
        issued_at=act.at,
        reply_due=due.due,
        reply_provisional=due.provisional,
        basis=basis,
        instructions=data.instructions.strip(),
        subject=data.subject,
        level=data.level,
        opinion=opinion,
        escalated_from=escalated_from,
        escalation_reason=reason if escalated_from is not None else "",
        circulation_scope=(
            data.circulation_scope.strip() if data.level == SupervisionLevel.CIRCULATE else ""
        ),
    )
    details: dict[str, Any] = {"order": order.pk, "reply_due": due.due.isoformat()}
    if data.level != SupervisionLevel.SUPERVISE or data.subject != SupervisionSubject.HANDLING:
        details.update(level=order.level, subject=order.subject)
    if escalated_from is not None:
        details["escalated_from"] = escalated_from.pk
    return Outcome(details=details, options={"event": "supervision_issued", "basis": basis})


SUPERVISE = Step(
    MATTER_EVENT,
    "supervise",
    SupervisionInput,
    effect=_supervise_effect,
)


def supervision_order_issue(
    *,
    matter: Matter,
    organ: Organ,
    to_organ: Organ,
    instructions: str,
    actor: Any,
    at: dt.datetime | None = None,
    level: str = SupervisionLevel.SUPERVISE,
    subject: str = SupervisionSubject.HANDLING,
    circulation_scope: str = "",
    escalation_reason: str = "",
) -> SupervisionOrder:
    """Issue a supervision order (督办) on a matter; the reply is due within the profile's
    ``supervision_reply`` period, whatever the rung.

    A petition office supervises (细则第六条: 信访部门…督办信访事项) any organ that worked on the
    matter; a vertically managed department the organs below it in its system (细则第五条第二款:
    督促下级部门和单位依法、及时、就地解决信访问题) — never a unit the matter accuses. The handling
    of a final matter is not supervised (checked under the matter's lock, so a matter closed
    meanwhile is not); carrying out its supporting opinion is (``subject="execution"``).
    ``level`` climbs one rung over the previous order on the same matter, organ and subject
    (``escalation_reason`` when that one was answered); 通报 needs ``circulation_scope``."""
    data = SupervisionInput(
        to_organ=to_organ,
        instructions=instructions,
        level=level,
        subject=subject,
        circulation_scope=circulation_scope,
        escalation_reason=escalation_reason,
    )
    data.clean(timezone.localdate())
    if to_organ.pk == organ.pk:
        raise ValidationError(
            {"to_organ": ValidationError(_("不能督办本机关。"), code="same_organ")}
        )
    supervisor_basis(organ, to_organ)
    run(SUPERVISE, matter, organ=organ, actor=actor, data=data, at=at)
    return SupervisionOrder.objects.filter(matter_id=matter.pk).latest("id")


@dataclass(frozen=True)
class SupervisionReplyInput:
    """The order replied to, and the reply."""

    order: SupervisionOrder
    reply: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        require_text(reply=self.reply)
        return {"order": self.order.pk}


def _reply_effect(act: Act[Matter, SupervisionReplyInput], decision: None) -> Outcome:
    order = act.data.order
    order.refresh_from_db(from_queryset=SupervisionOrder.objects.select_for_update())
    # The reply period as the order's due date was computed: with the office's determination
    # in force on the day of issue (细则第十九条).
    period = period_in_force(
        profile=profile_of(act.subject),
        period="supervision_reply",
        on=timezone.localdate(order.issued_at),
    )
    if act.organ.pk != order.to_organ_id:
        raise MatterRefused(
            "organ_not_party",
            "只有被督办机关可以反馈督办",
            "only the supervised organ replies to a supervision order",
            basis=period.source,
        )
    if order.replied_at is not None:
        raise MatterRefused(
            "already_replied",
            "该督办已经反馈",
            "this supervision order has been replied to",
            basis=period.source,
        )
    order.replied_at = act.at
    order.reply = act.data.reply.strip()
    order.save(update_fields=["replied_at", "reply"])
    return Outcome(
        details={"late": act.on > order.reply_due},
        options={"event": "supervision_replied"},
    )


REPLY_TO_SUPERVISION = Step(
    MATTER_EVENT,
    "supervision_reply",
    SupervisionReplyInput,
    effect=_reply_effect,
)


def supervision_order_reply(
    *, order: SupervisionOrder, organ: Organ, reply: str, actor: Any, at: dt.datetime | None = None
) -> SupervisionOrder:
    """The supervised organ's written reply to a supervision order (once), at any rung."""
    data = SupervisionReplyInput(order=order, reply=reply)
    run(REPLY_TO_SUPERVISION, order.matter, organ=organ, actor=actor, data=data, at=at)
    return order
