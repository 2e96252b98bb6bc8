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
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xinfang.orgs.models import Organ
from xinfang.rules.procedure import Action, Decision, TransitionContext
from xinfang.workflow import Act, Outcome, Step, run

from ..choices import Channel, RouteKind
from ..models import Matter, MatterRoute
from .common import Step as Applied
from .common import assert_not_accused
from .machine import MATTER


@dataclass(frozen=True)
class PoliticsLawInput:
    """The political-legal organ a letter goes to (for a visit: optional), and the notice.

    ``visit`` is the matter's channel: whether the petitioner came in person."""

    visit: bool
    to_organ: Organ | None = None
    notice: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        text = (self.notice or "").strip()
        if self.to_organ is not None and not self.to_organ.is_politics_law:
            raise ValidationError(
                {"to_organ": ValidationError(_("所选机关不是政法部门。"), code="not_politics_law")}
            )
        if self.to_organ is None and not self.visit:
            raise ValidationError(
                {
                    "to_organ": ValidationError(
                        _("涉法涉诉信件应当转送政法部门依法处理：请选择接收的政法部门。"),
                        code="required",
                    )
                }
            )
        if self.visit and not text:
            raise ValidationError(
                {
                    "notice": ValidationError(
                        _("走访的，请写明向信访人释法明理、引导其向政法部门反映问题的情况。"),
                        code="required",
                    )
                }
            )
        return {"to_organ": self.to_organ.pk if self.to_organ else None, "notice": text}


def _context(act: Act[Matter, PoliticsLawInput]) -> TransitionContext:
    to_organ = act.data.to_organ
    return TransitionContext(
        visit=act.data.visit,
        same_level=to_organ is None or to_organ.region_code == act.organ.region_code,
    )


def _effect(act: Act[Matter, PoliticsLawInput], decision: Decision) -> Outcome:
    matter, to_organ = act.subject, act.data.to_organ
    if to_organ is not None:
        assert_not_accused(matter, to_organ)
    if not act.data.visit:
        assert to_organ is not None
        matter.current_organ = to_organ
        matter.handling_organ = to_organ
    # 第二十二条第二款: the letter's transfer, or the visitor's guidance.
    event = "guide_to_politics_law" if act.data.visit else "send_to_politics_law"
    return Outcome(options={"event": event})


def _after(act: Act[Matter, PoliticsLawInput], applied: Applied, outcome: Outcome) -> None:
    if not act.data.visit:
        assert act.data.to_organ is not None
        MatterRoute.objects.create(
            matter=act.subject,
            kind=RouteKind.TRANSFER,
            from_organ=act.organ,
            to_organ=act.data.to_organ,
            routed_at=act.at,
            note=act.values["notice"],
        )


SEND_TO_POLITICS_LAW = Step(
    MATTER,
    Action.SEND_TO_POLITICS_LAW,
    PoliticsLawInput,
    context=_context,
    effect=_effect,
    after=_after,
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
    data = PoliticsLawInput(visit=matter.channel == Channel.VISIT, to_organ=to_organ, notice=notice)
    return run(SEND_TO_POLITICS_LAW, matter, organ=organ, actor=actor, data=data, at=at)
