"""Objection to a transfer or assignment (信访工作条例(2022)第二十三条第三款): the objection
period; object, agree, refuse, withdraw.

Each step is declared once and taken by the workflow runner over the matter machine
(``machine.MATTER``), as in ``dispatch``. Refusals are ``MatterRefused``; bad input is
``ValidationError``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from xinfang.orgs.models import Organ
from xinfang.rules.calendar import WorkCalendar
from xinfang.rules.deadlines import Deadline
from xinfang.rules.procedure import Action, Decision, TransitionContext
from xinfang.rules.profiles import Profile
from xinfang.workflow import Act, Outcome, Step, run

from ..choices import MatterState
from ..errors import MatterRefused
from ..models import Matter, MatterRoute
from ..selectors import latest_route
from .common import deadline, matter_calendar, profile_of, require_text
from .dispatch import ReasonInput
from .machine import MATTER


def _objection_due(route: MatterRoute, *, profile: Profile, calendar: WorkCalendar) -> Deadline:
    """The objection period of the route: 5 working days from receipt, the day it was routed
    (信访工作条例(2022)第二十三条第三款: 自收到之日起5个工作日内)."""
    received = timezone.localdate(route.routed_at)
    return deadline(profile=profile, period="objection", start=received, calendar=calendar)


def objection_deadline(matter: Matter) -> Deadline | None:
    """The objection period of the organ a matter waits at, while it may still object.

    None when the step is not open to it: a profile whose procedure has no objection (2005), a
    matter not waiting for its acceptance decision (``routed``), or one brought to the organ
    directly rather than transferred or assigned there. A due date already past is returned
    as it is: the page says so, and the step refuses a late objection.
    """
    profile = profile_of(matter)
    if "objection" not in profile.periods or matter.state != MatterState.ROUTED:
        return None
    route = latest_route(matter)
    if route is None:
        return None
    return _objection_due(route, profile=profile, calendar=matter_calendar())


@dataclass(frozen=True)
class NoteInput:
    """A step with a note, required or not."""

    note: str = ""
    required: bool = False

    def clean(self, on: dt.date) -> dict[str, Any]:
        if self.required:
            return require_text(note=self.note)
        return {"note": (self.note or "").strip()}


def _objection_context(act: Act[Matter, ReasonInput]) -> TransitionContext:
    matter, profile = act.subject, profile_of(act.subject)
    route = latest_route(matter) if matter.current_organ_id == act.organ.pk else None
    due = None
    if route is not None and "objection" in profile.periods:
        due = _objection_due(route, profile=profile, calendar=matter_calendar())
    act.facts.update(route=route, due=due)
    return TransitionContext(
        routed_here=route is not None, objection_in_time=due is None or act.on <= due.due
    )


def _object_effect(act: Act[Matter, ReasonInput], decision: Decision) -> Outcome:
    route, due = act.facts["route"], act.facts["due"]
    assert route is not None
    return Outcome(
        details={
            "reason": act.values["reason"],
            "to_organ": route.from_organ_id,
            "objection_due": due.due.isoformat() if due else None,
        },
        options={"clock_organ": act.organ},
    )


OBJECT = Step(MATTER, Action.OBJECT, ReasonInput, context=_objection_context, effect=_object_effect)


def matter_object(
    *,
    matter: Matter,
    organ: Organ,
    reason: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> Matter:
    """Object to a transfer or assignment of a matter outside ``organ``'s competence.

    信访工作条例(2022)第二十三条第三款: within 5 working days of receipt (the profile's
    ``objection`` period, from the day the matter was routed here), with detailed reasons. The
    matter waits for the routing office to verify; the acceptance clock keeps running. Refused
    under a profile whose procedure has no objection (2005), for a matter received directly,
    and when late.
    """
    return run(OBJECT, matter, organ=organ, actor=actor, data=ReasonInput(reason), at=at)


def _objection_route(matter: Matter, organ: Organ) -> MatterRoute:
    """The route objected to; only the organ that made it decides on the objection."""
    route = latest_route(matter)
    if route is None or route.from_organ_id != organ.pk:
        raise MatterRefused(
            "objection_not_router",
            "异议由转送、交办该信访事项的信访部门或者上级机关、单位核实",
            "the objection is verified by the petition office or higher organ that transferred "
            "or assigned the matter",
            basis=profile_of(matter).basis_for("objection"),
        )
    return route


def _agree_effect(act: Act[Matter, NoteInput], decision: Decision) -> Outcome:
    matter = act.subject
    route = _objection_route(matter, act.organ)
    returned_by = matter.current_organ_id
    # 交还相关材料: the organ returns the matter; it reports nothing on it.
    route.returned_at = act.at
    route.save(update_fields=["returned_at"])
    matter.current_organ = act.organ
    return Outcome(
        details={"from_organ": returned_by, "route": route.pk},
        options={"clock_organ": act.organ},
    )


AGREE_OBJECTION = Step(MATTER, Action.AGREE_OBJECTION, NoteInput, effect=_agree_effect)


def matter_objection_agree(
    *,
    matter: Matter,
    organ: Organ,
    note: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> Matter:
    """Agree to the objection after verifying it (核实同意): the material goes back to
    ``organ``, which routed the matter, and the matter is registered there again to be routed
    anew (a fresh routing period from today). The receiving organ's acceptance clock stops, and
    the route objected to is marked returned: an assignment's report is no longer due."""
    data = NoteInput(note=note, required=True)
    return run(AGREE_OBJECTION, matter, organ=organ, actor=actor, data=data, at=at)


def _refuse_effect(act: Act[Matter, ReasonInput], decision: Decision) -> Outcome:
    route = _objection_route(act.subject, act.organ)
    return Outcome(details={"to_organ": route.to_organ_id}, options={"clock_organ": route.to_organ})


REFUSE_OBJECTION = Step(MATTER, Action.REFUSE_OBJECTION, ReasonInput, effect=_refuse_effect)


def matter_objection_refuse(
    *,
    matter: Matter,
    organ: Organ,
    reason: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> Matter:
    """Refuse the objection: the matter stays with the organ it was routed to, which decides
    on acceptance within its acceptance period (that clock never stopped)."""
    data = ReasonInput(reason)
    return run(REFUSE_OBJECTION, matter, organ=organ, actor=actor, data=data, at=at)


WITHDRAW_OBJECTION = Step(
    MATTER,
    Action.WITHDRAW_OBJECTION,
    NoteInput,
    effect=lambda act, decision: Outcome(options={"clock_organ": act.organ}),
)


def matter_objection_withdraw(
    *,
    matter: Matter,
    organ: Organ,
    actor: Any,
    note: str = "",
    at: dt.datetime | None = None,
) -> Matter:
    """Withdraw ``organ``'s objection before the office that routed the matter decides on it.

    The matter waits for ``organ``'s acceptance decision again, within the acceptance period
    that kept running while the objection stood (信访工作条例(2022)第二十三条第三款). Only the
    organ that objected withdraws; under a profile without the step it is refused.
    """
    data = NoteInput(note=note)
    return run(WITHDRAW_OBJECTION, matter, organ=organ, actor=actor, data=data, at=at)
