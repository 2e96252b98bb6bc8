"""The petition matter as a workflow machine: how a matter is locked, decided, moved, recorded.

Every step of the procedure is a ``xinfang.workflow.Step`` over :data:`MATTER`; the runner
(``xinfang.workflow.run``) takes it. The law decides through ``check_transition`` (rules core)
with the organ's part in the matter (``procedural_actor``); the clocks the decision names are
computed with the profile and the determinations in force (``deadline``).

``Outcome.options`` a matter step may set:

- ``clock_organ``: the organ whose clock the decision starts (default none: a petitioner's
  period, or a step that starts nothing of the organ's);
- ``starts_on``: a period's start other than the day of the act;
- ``extension_days``: the days an extension adds to ``handle``.
"""

from __future__ import annotations

from typing import Any

from xinfang.rules.procedure import Action, Decision
from xinfang.workflow import Act, Outcome

from ..models import Matter
from .common import (
    Step,
    apply_decision,
    assert_user_may_act,
    decide,
    lock_matter,
    matter_calendar,
    procedural_actor,
    profile_of,
    record,
)


class MatterMachine:
    """The machine of petition matters (``matter.<action>`` in the audit trail)."""

    kind = "matter"

    def assert_may_act(self, actor: Any, organ: Any, *, action: str) -> None:
        assert_user_may_act(actor, organ, action=action)

    def lock(self, subject: Matter) -> None:
        lock_matter(subject)

    def decide(self, act: Act[Matter, Any], action: str, context: Any) -> Decision:
        matter = act.subject
        return decide(
            matter,
            Action(action),
            actor=procedural_actor(matter, act.organ),
            profile=profile_of(matter),
            context=context,
        )

    def apply(self, act: Act[Matter, Any], decision: Decision, outcome: Outcome) -> Step:
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

    def record(self, act: Act[Matter, Any], applied: Step, outcome: Outcome) -> Matter:
        record(applied, actor=act.actor, organ=act.organ, details=outcome.details)
        return act.subject


MATTER = MatterMachine()
