"""Writes of 细则第七条第一项 定期接访下访群众 (信访工作条例(2022)第十八条): a leader's reception
day or field visit published by the organ, then recorded as held (how many came, which matters
were registered on the spot) or not held. Publishing creates the record; recording it is a step
over the ``RECEPTION`` table machine (scheduled → held / not held).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.audit.services import audit_record
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.models import Matter
from xinfang.refusals import Refused
from xinfang.workflow import Act, Outcome, Step, run
from xinfang.workflow.table import RecordMachine, Transition

from ..models.leaders import Reception, ReceptionKind, ReceptionState
from .leaders import Checks, error, may_act_for, refuse_if_accused, required_text


class Action(StrEnum):
    HOLD = "hold"
    CANCEL = "cancel"


RECEPTION_STEPS = (
    Transition(
        Action.HOLD,
        sources=frozenset({ReceptionState.SCHEDULED}),
        target=ReceptionState.HELD,
        refusal=gettext_lazy("该次接访下访已记录。"),
        code="already_recorded",
        entry="duties.reception.held",
    ),
    Transition(
        Action.CANCEL,
        sources=frozenset({ReceptionState.SCHEDULED}),
        target=ReceptionState.NOT_HELD,
        refusal=gettext_lazy("该次接访下访已记录。"),
        code="already_recorded",
        entry="duties.reception.not_held",
    ),
)

RECEPTION: RecordMachine[Reception] = RecordMachine(
    "reception", Reception, RECEPTION_STEPS, related=("organ",), may_act=may_act_for
)


def reception_schedule(
    *,
    organ: Organ,
    leader: Person,
    kind: str,
    scheduled_on: dt.date,
    place: str,
    actor: Any,
    topic: str = "",
) -> Reception:
    """Publish a leader's reception day (接访) or field visit (下访) of ``organ``: who, when,
    where, on what (信访工作条例(2022)第十八条第一款 公布信访接待的时间和地点)."""
    may_act_for(actor, organ, action="duties.reception.scheduled")
    checks = Checks()
    if kind not in ReceptionKind.values:
        checks.add("kind", _("请选择接访或下访。"), "invalid")
    where = checks.value(lambda: required_text(place, "place", limit=200), "")
    subject = (topic or "").strip()
    if len(subject) > 200:
        checks.add("topic", _("内容过长。"), "max_length")
    checks.leader(leader, organ, scheduled_on)
    checks.done()
    with transaction.atomic():
        reception = Reception(
            organ=organ,
            leader=leader,
            kind=kind,
            scheduled_on=scheduled_on,
            place=where,
            topic=subject,
        )
        reception.full_clean()
        reception.save()
        audit_record(
            actor=actor,
            action="duties.reception.scheduled",
            target=reception,
            details={
                "organ": organ.pk,
                "leader": leader.pk,
                "kind": kind,
                "scheduled_on": scheduled_on.isoformat(),
                "place": where,
                "topic": subject,
            },
        )
    return reception


@dataclass(frozen=True)
class HoldInput:
    """What the session was: how many came, what was done, the matters registered there."""

    visitors: int
    note: str = ""
    matters: Sequence[Matter] = field(default_factory=tuple)

    def clean(self, on: dt.date) -> dict[str, Any]:
        if not isinstance(self.visitors, int) or self.visitors < 0:
            raise error("visitors", _("请填写来访人数（0 或以上）。"), "invalid")
        note = (self.note or "").strip()
        if len(note) > 20000:
            raise error("note", _("内容过长。"), "max_length")
        return {
            "visitors": self.visitors,
            "note": note,
            "matters": sorted(m.pk for m in self.matters),
        }


def _not_before_the_day(reception: Reception, on: dt.date) -> None:
    if reception.scheduled_on > on:
        raise Refused(_("接访下访日期未到，不能记录。"), code="reception_not_yet")


def _hold_effect(act: Act[Reception, HoldInput], decision: Transition) -> Outcome:
    record = act.subject
    _not_before_the_day(record, act.on)
    for matter in act.data.matters:
        refuse_if_accused(matter, record.organ)
    record.visitors = act.values["visitors"]
    record.note = act.values["note"]
    record.recorded_on = act.on
    record.matters.set(act.data.matters)
    return Outcome(options={"fields": ["visitors", "note", "recorded_on"]})


HOLD = Step(RECEPTION, Action.HOLD, HoldInput, effect=_hold_effect)


def reception_record_held(
    *,
    reception: Reception,
    visitors: int,
    actor: Any,
    note: str = "",
    matters: Sequence[Matter] = (),
) -> Reception:
    """Record that the session was held: how many came, and the matters registered on the
    spot (registered through the petitions app; linked here)."""
    data = HoldInput(visitors=visitors, note=note, matters=tuple(matters))
    return run(HOLD, reception, organ=reception.organ, actor=actor, data=data)


@dataclass(frozen=True)
class CancelInput:
    reason: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        return {"reason": required_text(self.reason, "reason")}


def _cancel_effect(act: Act[Reception, CancelInput], decision: Transition) -> Outcome:
    act.subject.note = act.values["reason"]
    act.subject.recorded_on = act.on
    return Outcome(options={"fields": ["note", "recorded_on"]})


CANCEL = Step(RECEPTION, Action.CANCEL, CancelInput, effect=_cancel_effect)


def reception_record_not_held(*, reception: Reception, reason: str, actor: Any) -> Reception:
    """Record that the session was not held, and why (it does not count toward the norm)."""
    return run(CANCEL, reception, organ=reception.organ, actor=actor, data=CancelInput(reason))
