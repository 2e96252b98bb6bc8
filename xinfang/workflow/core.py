"""A step declared once, and the one runner that takes any step.

Every procedure the project models — a petition matter's steps, and the duties, inspections
and accountability cases built the same way — is a state machine over one kind of record
(its *subject*). A :class:`Machine` says, once per kind, how such a record is locked, how the
law decides a step on it (the rules core), how the decision is applied (state, clocks) and how
the step is written down (event and audit entry). A :class:`Step` says, once per step, which
action it is, what input it takes, the facts the decision needs and what the step itself does.
:func:`run` does the rest, always in the same order and in one transaction::

    validate input → may the user act for the organ → lock → facts → decision (rules core)
    → effect → apply (state, clocks) → after → event + audit

so no service writes that skeleton out again, and the web and API edges call the same
declaration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone


class StepInput(Protocol):
    """What a step's input must offer: a check of its own values (no database)."""

    def clean(self, on: dt.date) -> Mapping[str, Any]:
        """The values the step records (stripped, normalised), checked as of the day of the
        act ``on``; ``ValidationError`` by field."""
        ...


SubjectT = TypeVar("SubjectT")
InputT = TypeVar("InputT", bound=StepInput)
DecisionT = TypeVar("DecisionT")


@dataclass(frozen=True, slots=True)
class Act(Generic[SubjectT, InputT]):
    """One taking of a step: which, on what, by whom, for which organ, with what, when."""

    action: str
    subject: SubjectT
    organ: Any
    actor: Any
    data: InputT
    values: Mapping[str, Any]
    at: dt.datetime
    on: dt.date
    #: What ``context`` found that ``effect`` and ``after`` use too (the route objected to).
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Outcome:
    """What a step's effect adds to its decision before the machine applies it.

    ``details`` go into the event and the audit entry, after the input's cleaned values;
    ``options`` are for the machine (for a
    matter: the organ whose clock starts, a period's start other than today, extension days);
    ``made`` is what the step made, when its service returns that rather than the subject
    (the case an investigation opens on a lead, the letters a recommendation goes out in).
    """

    details: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    made: Any = None


class Machine(Protocol[SubjectT, DecisionT]):
    """How one kind of record moves: lock, decide, apply, record."""

    #: The prefix of the step names and audit actions (``matter`` → ``matter.accept``).
    kind: str

    def assert_may_act(self, actor: Any, organ: Any, *, action: str) -> None:
        """Refuse (``PermissionDenied``) a user who may not act for ``organ``."""
        ...

    def lock(self, subject: SubjectT) -> SubjectT | None:
        """Reload ``subject`` under a row lock, inside the runner's transaction: in place
        (``None``), or as a copy the step then works on (returned)."""
        ...

    def decide(self, act: Act[SubjectT, Any], context: Any) -> DecisionT:
        """The rules core's decision on the step (``act.action``), or its refusal."""
        ...

    def apply(self, act: Act[SubjectT, Any], decision: DecisionT, outcome: Outcome) -> Any:
        """Apply the decision to the subject (state, clocks) and save it."""
        ...

    def record(self, act: Act[SubjectT, Any], applied: Any, outcome: Outcome) -> SubjectT:
        """Write the step's event and audit entry (and anything counted from them); the
        subject as the step left it."""
        ...


@dataclass(frozen=True, slots=True)
class Step(Generic[SubjectT, InputT, DecisionT]):
    """One step, declared once.

    ``context`` gathers the facts the decision needs (under the lock); ``effect`` does what the
    step itself does once the law allows it (checks that need the decision, fields it sets,
    records it creates) and returns the :class:`Outcome`; ``after`` runs once the decision is
    applied (for what depends on the new clocks), with what the machine applied and the
    outcome.
    """

    machine: Machine[SubjectT, DecisionT]
    action: str
    input: type[InputT]
    effect: Callable[[Act[SubjectT, InputT], DecisionT], Outcome] | None = None
    context: Callable[[Act[SubjectT, InputT]], Any] | None = None
    after: Callable[[Act[SubjectT, InputT], Any, Outcome], None] | None = None
    #: Who may take the step, when not the machine's rule (``actor, subject, organ, data``;
    #: raises ``PermissionDenied``, or the law's refusal when the law names who takes it): a
    #: petitioner's request recorded by the staff of an organ that works on the matter.
    access: Callable[[Any, SubjectT, Any, InputT], None] | None = None
    #: The action named in the access log and the audit trail, when not ``kind.action``.
    audit_action: str = ""

    @property
    def name(self) -> str:
        return self.audit_action or f"{self.machine.kind}.{self.action}"


def act_time(at: dt.datetime | None) -> tuple[dt.datetime, dt.date]:
    """The moment of the act (now unless given) and its local date."""
    moment = at or timezone.now()
    if timezone.is_naive(moment):
        raise ValidationError({"at": ValidationError("aware datetime required", code="naive")})
    return moment, timezone.localdate(moment)


@dataclass(frozen=True, slots=True)
class Taken(Generic[SubjectT]):
    """What a step left: its subject, and the outcome of its effect (with what it made)."""

    subject: SubjectT
    outcome: Outcome


def run(
    step: Step[SubjectT, InputT, DecisionT],
    subject: SubjectT,
    *,
    organ: Any,
    actor: Any,
    data: InputT,
    at: dt.datetime | None = None,
) -> SubjectT:
    """Take ``step`` on ``subject`` for ``organ``; returns the subject as the step left it.

    Bad input is refused (``ValidationError``) before anything is locked; a user acting for
    an organ not their own is refused next; then, in one transaction, the machine locks the
    subject, the law decides, the effect runs, the decision is applied and recorded. Any
    refusal on the way rolls everything back.
    """
    return take(step, subject, organ=organ, actor=actor, data=data, at=at).subject


def take(
    step: Step[SubjectT, InputT, DecisionT],
    subject: SubjectT,
    *,
    organ: Any,
    actor: Any,
    data: InputT,
    at: dt.datetime | None = None,
) -> Taken[SubjectT]:
    """:func:`run`, returning the outcome too: for a step whose service returns what the step
    made (``Outcome.made``) rather than its subject."""
    moment, today = act_time(at)
    values = data.clean(today)
    machine = step.machine
    if step.access is not None:
        step.access(actor, subject, organ, data)
    else:
        machine.assert_may_act(actor, organ, action=step.name)
    with transaction.atomic():
        locked = machine.lock(subject)
        if locked is not None:
            subject = locked
        act: Act[SubjectT, InputT] = Act(
            action=step.action,
            subject=subject,
            organ=organ,
            actor=actor,
            data=data,
            values=values,
            at=moment,
            on=today,
        )
        context = step.context(act) if step.context is not None else None
        decision = machine.decide(act, context)
        outcome = step.effect(act, decision) if step.effect is not None else Outcome()
        outcome.details = {**values, **outcome.details}
        applied = machine.apply(act, decision, outcome)
        if step.after is not None:
            step.after(act, applied, outcome)
        return Taken(machine.record(act, applied, outcome), outcome)
