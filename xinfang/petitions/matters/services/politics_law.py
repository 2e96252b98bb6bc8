"""涉法涉诉: a matter of litigation rights leaves the petition procedure for the political-legal
organs (政法部门), under 信访工作条例(2022) only.

第二十二条第二款 names two acts of a petition office: a letter (涉法涉诉信件) is transferred
(转送) to the political-legal organ of the office's own level (同级) to handle it by law; a
visitor (走访) is given the law's explanation and guided (引导) to the political-legal organs
concerned (also 第二十条第二款). Every other organ separates such a matter it holds for them
(第二十八条第二款, 第三十一条第一项). A matter that did not come in person — a letter, an online
petition, a call, a fax, an e-mail — is material that can be sent on, and is transferred; a visit
is guidance, the organ named only if the clerk names one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xinfang.orgs.models import Organ
from xinfang.rules.procedure import Action, TransitionContext

from ..choices import Channel, RouteKind
from ..models import Matter, MatterRoute
from .common import (
    act_time,
    apply_decision,
    assert_not_accused,
    assert_user_may_act,
    decide,
    lock_matter,
    matter_calendar,
    procedural_actor,
    profile_of,
    record,
)


def matter_send_to_politics_law(
    *,
    matter: Matter,
    organ: Organ,
    actor: Any,
    to_organ: Organ | None = None,
    notice: str = "",
    at: dt.datetime | None = None,
) -> Matter:
    """Send a matter of litigation rights to the political-legal organs; it leaves the petition
    procedure (final), its routing or acceptance clock stops.

    A matter not brought in person is transferred to ``to_organ``, a political-legal organ
    (court, procuratorate, or an organ marked 政法部门) the matter does not accuse; from the
    petition office it is one of the office's own level (same region). The matter then sits
    there, that organ handling it, and the transfer is a ``MatterRoute``. A visit is guidance:
    ``notice`` records what the visitor was told and where to go; ``to_organ``, if named, is
    only recorded. Refused under a profile without the step (信访条例(2005): route the request
    out, or send it to the court or procuratorate), and by the holder rule.
    """
    moment, today = act_time(at)
    visit = matter.channel == Channel.VISIT
    text = (notice or "").strip()
    if to_organ is not None and not to_organ.is_politics_law:
        raise ValidationError(
            {"to_organ": ValidationError(_("所选机关不是政法部门。"), code="not_politics_law")}
        )
    if to_organ is None and not visit:
        raise ValidationError(
            {
                "to_organ": ValidationError(
                    _("涉法涉诉信件应当转送政法部门依法处理：请选择接收的政法部门。"),
                    code="required",
                )
            }
        )
    if visit and not text:
        raise ValidationError(
            {
                "notice": ValidationError(
                    _("走访的，请写明向信访人释法明理、引导其向政法部门反映问题的情况。"),
                    code="required",
                )
            }
        )
    assert_user_may_act(actor, organ, action="matter.send_to_politics_law")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        decision = decide(
            matter,
            Action.SEND_TO_POLITICS_LAW,
            actor=procedural_actor(matter, organ),
            profile=profile,
            context=TransitionContext(
                visit=visit,
                same_level=to_organ is None or to_organ.region_code == organ.region_code,
            ),
        )
        if to_organ is not None:
            assert_not_accused(matter, to_organ)
        if not visit:
            assert to_organ is not None
            matter.current_organ = to_organ
            matter.handling_organ = to_organ
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=None,
        )
        if not visit:
            assert to_organ is not None
            MatterRoute.objects.create(
                matter=matter,
                kind=RouteKind.TRANSFER,
                from_organ=organ,
                to_organ=to_organ,
                routed_at=moment,
                note=text,
            )
        record(
            step,
            actor=actor,
            organ=organ,
            # 第二十二条第二款: the letter's transfer, or the visitor's guidance.
            action="send_to_politics_law" if not visit else "guide_to_politics_law",
            details={"to_organ": to_organ.pk if to_organ else None, "notice": text},
        )
    return matter
