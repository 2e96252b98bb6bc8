"""Carrying out opinions (细则第十一条第一款第二项: 不执行信访事项处理意见): the organ that has to
carry out a supporting opinion records that it did.

``matter_record_execution`` is the step as the pages and the API take it, on the matter: it
finds the opinion still to be carried out, or refuses when there is none.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from xinfang.orgs.models import Organ
from xinfang.rules.basis import rules

from ..errors import MatterRefused
from ..models import Matter, Opinion
from ..selectors import opinion_due_for_execution
from .common import act_time, assert_user_may_act, record_plain, require_text


def opinion_record_execution(
    *, opinion: Opinion, organ: Organ, note: str, actor: Any, at: dt.datetime | None = None
) -> Opinion:
    """The organ that has to carry out a supporting opinion records that it did, and how (once).

    That organ is the handling organ (``Opinion.executing_organ_id``). Recorded after
    ``execution_due`` it still counts as carried out, late; lead detection sees both.
    """
    moment, _today = act_time(at)
    values = require_text(note=note)
    assert_user_may_act(actor, organ, action="matter.opinion_execute")
    with transaction.atomic():
        opinion.refresh_from_db(from_queryset=Opinion.objects.select_for_update())
        if opinion.execution_due is None:
            raise MatterRefused(
                "nothing_to_execute",
                "该意见未支持信访请求，无需执行",
                "the opinion does not support the request; there is nothing to carry out",
                basis=(rules(11, 1, 2),),
            )
        if organ.pk != opinion.executing_organ_id:
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
        opinion.executed_at = moment
        opinion.execution_note = values["note"]
        opinion.save(update_fields=["executed_at", "execution_note"])
        record_plain(
            opinion.matter,
            at=moment,
            actor=actor,
            organ=organ,
            action="executed",
            details={
                "opinion": opinion.pk,
                "stage": opinion.stage,
                "execution_due": opinion.execution_due.isoformat(),
                "late": timezone.localdate(moment) > opinion.execution_due,
                "note": values["note"],
            },
            basis=[str(rules(11, 1, 2))],
        )
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
