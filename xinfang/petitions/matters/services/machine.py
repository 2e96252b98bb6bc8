"""The petition matter as a workflow machine: how a matter is locked, decided, moved, recorded.

Every step of the procedure is a ``xinfang.workflow.Step`` over :data:`MATTER`; the runner
(``xinfang.workflow.run``) takes it. Its action is one of the procedure's
(``xinfang.rules.procedure.Action``): ``check_transition`` decides it with the organ's part in
the matter (``procedural_actor``), and it moves the matter and its clocks. A step over
:data:`MATTER_EVENT` (a rating, a supervision order, a hearing) leaves the state as it is: its
effect asks the rules core what it needs, and it is recorded as a plain event.

``Outcome.options`` a matter step may set:

- ``clock_organ``: the organ whose clock the decision starts (default none: a petitioner's
  period, or a step that starts nothing of the organ's);
- ``starts_on``: a period's start other than the day of the act;
- ``extension_days``: the days an extension adds to ``handle``;
- ``event``: the event's name when it is not the action's (``transfer`` or ``assign`` for
  ``route``);
- ``basis``: the citations of a plain event.
"""

from __future__ import annotations

from typing import Any

from xinfang.orgs.models import Organ
from xinfang.rules.procedure import Action, Actor, Decision
from xinfang.workflow import Act, Outcome

from ..models import Matter
from .common import Step as Applied
from .common import (
    apply_decision,
    assert_user_may_act,
    decide,
    lock_matter,
    matter_calendar,
    procedural_actor,
    profile_of,
    record,
    record_plain,
)


class _OnMatter:
    """What every step on a matter shares: who may act, and the lock."""

    kind = "matter"

    def assert_may_act(self, actor: Any, organ: Organ, *, action: str) -> None:
        assert_user_may_act(actor, organ, action=action)

    def lock(self, subject: Matter) -> None:
        lock_matter(subject)


class MatterMachine(_OnMatter):
    """The steps of the procedure: decided by ``check_transition``, they move the matter and
    its clocks (``matter.<action>`` in the access log and the trail)."""

    def decide(self, act: Act[Matter, Any], context: Any) -> Decision:
        matter = act.subject
        # A step taken for no organ is the petitioner's own (a review request), recorded by
        # the staff of an organ that works on the matter.
        actor = Actor.PETITIONER if act.organ is None else procedural_actor(matter, act.organ)
        return decide(
            matter,
            Action(act.action),
            actor=actor,
            profile=profile_of(matter),
            context=context,
        )

    def apply(self, act: Act[Matter, Any], decision: Decision, outcome: Outcome) -> Applied:
        options = outcome.options
        return apply_decision(
            act.subject,
            decision,
            at=act.at,
            on=act.on,
            profile=profile_of(act.subject),
            calendar=matter_calendar(),
            clock_organ=options.get("clock_organ"),
            starts_on=options.get("starts_on"),
            extension_days=options.get("extension_days", 0),
        )

    def record(self, act: Act[Matter, Any], applied: Applied, outcome: Outcome) -> Matter:
        event = outcome.options.get("event")
        record(applied, actor=act.actor, organ=act.organ, details=outcome.details, action=event)
        return act.subject


class MatterEvents(_OnMatter):
    """Steps that leave the state as it is (a rating, a supervision order, a hearing): their
    effect asks the rules core what it needs; they are recorded as plain events."""

    def decide(self, act: Act[Matter, Any], context: Any) -> None:
        return None

    def apply(self, act: Act[Matter, Any], decision: None, outcome: Outcome) -> None:
        return None

    def record(self, act: Act[Matter, Any], applied: None, outcome: Outcome) -> Matter:
        record_plain(
            act.subject,
            at=act.at,
            actor=act.actor,
            organ=act.organ,
            action=outcome.options.get("event") or act.action,
            details=outcome.details,
            basis=outcome.options.get("basis", ()),
        )
        return act.subject


#: The procedure's steps on a matter, and the plain events on one.
MATTER = MatterMachine()
MATTER_EVENT = MatterEvents()
