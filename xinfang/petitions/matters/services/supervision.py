"""Supervision orders (督办): issued on a matter by a petition office, replied to by the organ
supervised within the profile's ``supervision_reply`` period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ
from xinfang.rules.basis import basis_strings, rules
from xinfang.rules.procedure import FINAL_STATE_RULES
from xinfang.rules.procedure import MatterState as RulesState
from xinfang.workflow import Act, Outcome, Step, run

from ..errors import MatterRefused
from ..models import Matter, SupervisionOrder
from .common import (
    assert_not_accused,
    deadline,
    matter_calendar,
    period_in_force,
    profile_of,
    require_text,
)
from .machine import MATTER_EVENT


@dataclass(frozen=True)
class SupervisionInput:
    """The organ supervised and the instructions."""

    to_organ: Organ
    instructions: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        require_text(instructions=self.instructions)
        return {"to_organ": self.to_organ.pk}


def _supervise_effect(act: Act[Matter, SupervisionInput], decision: None) -> Outcome:
    matter, organ, to_organ = act.subject, act.organ, act.data.to_organ
    if matter.is_final:
        raise MatterRefused(
            "final_state",
            "信访事项已终结，不再督办",
            "the matter is final; it is no longer supervised",
            basis=profile_of(matter).basis_for(FINAL_STATE_RULES[RulesState(matter.state)]),
        )
    assert_not_accused(matter, to_organ)
    if to_organ.pk not in (matter.handling_organ_id, matter.current_organ_id):
        raise ValidationError(
            {
                "to_organ": ValidationError(
                    _("督办对象应为正在办理该信访事项的机关。"), code="not_handling"
                )
            }
        )
    due = deadline(
        profile=profile_of(matter),
        period="supervision_reply",
        start=act.on,
        calendar=matter_calendar(),
    )
    order = SupervisionOrder.objects.create(
        matter=matter,
        issuing_organ=organ,
        to_organ=to_organ,
        issued_at=act.at,
        reply_due=due.due,
        reply_provisional=due.provisional,
        basis=basis_strings(due.basis),
        instructions=act.data.instructions.strip(),
    )
    return Outcome(
        details={"order": order.pk, "reply_due": due.due.isoformat()},
        options={"event": "supervision_issued", "basis": basis_strings(due.basis)},
    )


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
) -> SupervisionOrder:
    """Issue a supervision order (督办) on an open matter; the reply is due within the
    profile's ``supervision_reply`` period.

    A petition office supervises (细则第六条: 信访部门…督办信访事项) the organ that holds or
    handles the matter, never a unit the matter accuses; a final matter is not supervised
    (checked under the matter's lock, so a matter closed meanwhile is not)."""
    data = SupervisionInput(to_organ=to_organ, instructions=instructions)
    data.clean(timezone.localdate())
    if to_organ.pk == organ.pk:
        raise ValidationError(
            {"to_organ": ValidationError(_("不能督办本机关。"), code="same_organ")}
        )
    if not organ.has_role(OrganRole.PETITION_OFFICE):
        raise MatterRefused(
            "supervisor_not_petition_office",
            "督办信访事项由信访部门进行",
            "supervision orders are issued by petition offices",
            basis=(rules(6),),
        )
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
    """The supervised organ's written reply to a supervision order (once)."""
    data = SupervisionReplyInput(order=order, reply=reply)
    run(REPLY_TO_SUPERVISION, order.matter, organ=organ, actor=actor, data=data, at=at)
    return order
