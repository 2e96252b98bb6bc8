"""Carrying out opinions (细则第十一条第一款第二项: 不执行信访事项处理意见): the organ that has to
carry out a supporting opinion records that it did.

``matter_record_execution`` is the step as the pages and the API take it, on the matter: it
finds the opinion still to be carried out, or refuses when there is none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from xinfang.orgs.models import Organ
from xinfang.rules.basis import rules
from xinfang.workflow import Act, Outcome, Step, run

from ..errors import MatterRefused
from ..models import Matter, Opinion
from ..selectors import opinion_due_for_execution
from .common import require_text
from .machine import MATTER_EVENT


@dataclass(frozen=True)
class ExecutionInput:
    """The opinion carried out, and how."""

    opinion: Opinion
    note: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        require_text(note=self.note)
        return {"opinion": self.opinion.pk}


def _execution_effect(act: Act[Matter, ExecutionInput], decision: None) -> Outcome:
    opinion = act.data.opinion
    opinion.refresh_from_db(from_queryset=Opinion.objects.select_for_update())
    if opinion.execution_due is None:
        raise MatterRefused(
            "nothing_to_execute",
            "该意见未支持信访请求，无需执行",
            "the opinion does not support the request; there is nothing to carry out",
            basis=(rules(11, 1, 2),),
        )
    if act.organ.pk != opinion.executing_organ_id:
        raise MatterRefused(
            "organ_not_party",
            "只有负责执行该意见的机关可以登记执行情况",
            "only the organ that has to carry out the opinion records its execution",
            basis=(rules(11, 1, 2),),
        )
    if opinion.executed_at is not None:
        raise MatterRefused(
            "already_executed",
            "该意见的执行情况已经登记",
            "the execution of this opinion has already been recorded",
            basis=(rules(11, 1, 2),),
        )
    note = act.data.note.strip()
    opinion.executed_at = act.at
    opinion.execution_note = note
    opinion.save(update_fields=["executed_at", "execution_note"])
    return Outcome(
        details={
            "stage": opinion.stage,
            "execution_due": opinion.execution_due.isoformat(),
            "late": act.on > opinion.execution_due,
            "note": note,
        },
        options={"event": "executed", "basis": [str(rules(11, 1, 2))]},
    )


EXECUTE = Step(
    MATTER_EVENT,
    "execute",
    ExecutionInput,
    effect=_execution_effect,
    audit_action="matter.opinion_execute",
)


def opinion_record_execution(
    *, opinion: Opinion, organ: Organ, note: str, actor: Any, at: dt.datetime | None = None
) -> Opinion:
    """The organ that has to carry out a supporting opinion records that it did, and how (once).

    That organ is the handling organ (``Opinion.executing_organ_id``). Recorded after
    ``execution_due`` it still counts as carried out, late; lead detection sees both.
    """
    data = ExecutionInput(opinion=opinion, note=note)
    run(EXECUTE, opinion.matter, organ=organ, actor=actor, data=data, at=at)
    return opinion


def matter_record_execution(
    *, matter: Matter, organ: Organ, note: str, actor: Any, at: dt.datetime | None = None
) -> Opinion:
    """Record that the matter's opinion still to be carried out (the latest supporting one)
    was carried out; refused when none is waiting."""
    opinion = opinion_due_for_execution(matter=matter)
    if opinion is None:
        raise MatterRefused(
            "nothing_to_execute",
            "没有待执行的支持信访请求的处理意见",
            "there is no opinion supporting the request waiting to be carried out",
            basis=(rules(11, 1, 2),),
        )
    return opinion_record_execution(opinion=opinion, organ=organ, note=note, actor=actor, at=at)
