"""A machine decided by a transition table: the steps on one kind of record declared as data.

Most records the responsibility system moves (a lead, a case, a leader's instruction, an
incident, a recommendation) have a plain life: a step leaves from some states and reaches one,
any other state is refused with a reason, and the step writes one audit entry. Such a record's
machine is a :class:`RecordMachine` over a table of :class:`Transition` rows; its steps are
ordinary :class:`~xinfang.workflow.Step` declarations run by :func:`~xinfang.workflow.run`, and
:meth:`RecordMachine.allowed` answers "which steps may be taken on this record now" for the
pages and the API from the same table.

``Outcome.options`` a step over a record machine may set:

- ``fields``: the fields of the subject its effect set, saved with the state (none: the whole
  record is saved);
- ``target``: what the step's audit entry is about, when not the subject;
- ``entries``: the step's own audit entries, when there is not exactly one: ``audit_record``
  arguments without the actor;
- ``then``: entries of what follows from the step, written after its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from xinfang.audit.services import audit_record_many
from xinfang.refusals import Refused
from xinfang.rules.basis import Basis

from .core import Act, Outcome

RecordT = TypeVar("RecordT", bound=models.Model)
#: An audit entry a step writes: ``audit_record``'s arguments but the actor (the step's).
Entry = dict[str, Any]


@dataclass(frozen=True)
class Transition:
    """One step on one kind of record: the states it leaves from, the state it reaches, what a
    step from any other state is told (``refusal``, ``code``, ``basis``), and the action of
    the audit entry it writes."""

    action: str
    sources: frozenset[str]
    target: str
    refusal: Promise | str
    code: str
    entry: str
    basis: tuple[Basis, ...] = ()
    #: A move that only follows from another step (``RecordMachine.follow``), never offered.
    follows: bool = False

    def refuse(self) -> Refused:
        """The refusal of a step taken from a state it does not leave from."""
        return Refused(str(self.refusal), code=self.code, basis=self.basis)


class RecordMachine(Generic[RecordT]):
    """The steps on one kind of record, decided by its transition table.

    ``related`` are loaded with the locked row (``select_related``); a record without a state
    field (``state_field=None``) tells its state through ``state_of``, and its effect sets the
    fields that make the new state. ``may_act`` is who may act for an organ (``actor, organ,
    action``; raises ``PermissionDenied``): none leaves access to the chokepoints the edges
    call before the service (the accountability records, read only by those the access policy
    lets read them).
    """

    def __init__(
        self,
        kind: str,
        model: type[RecordT],
        steps: Iterable[Transition],
        *,
        related: tuple[str, ...] = (),
        state_field: str | None = "state",
        state_of: Callable[[RecordT], str] = attrgetter("state"),
        may_act: Callable[..., None] | None = None,
    ) -> None:
        self.kind = kind
        self.model = model
        self.steps: Mapping[str, Transition] = {t.action: t for t in steps}
        self.related = related
        self.state_field = state_field
        self.state_of = state_of
        self.may_act = may_act

    def allowed(self, subject: RecordT) -> list[str]:
        """The steps the table lets be taken on ``subject`` in its present state, in the
        table's order (who may take them is the access rule's)."""
        state = self.state_of(subject)
        return [action for action, t in self.steps.items() if state in t.sources and not t.follows]

    def assert_may_act(self, actor: Any, organ: Any, *, action: str) -> None:
        if self.may_act is not None:
            self.may_act(actor, organ, action=action)

    def lock(self, subject: RecordT) -> RecordT:
        """The record reloaded under a row lock (its own row only), with ``related``."""
        rows = self.model._default_manager.select_for_update(of=("self",))
        return rows.select_related(*self.related).get(pk=subject.pk)

    def transition(self, subject: RecordT, action: str) -> Transition:
        """The row of the table for ``action`` on ``subject`` as it stands, or its refusal."""
        transition = self.steps[action]
        if self.state_of(subject) not in transition.sources:
            raise transition.refuse()
        return transition

    def decide(self, act: Act[RecordT, Any], context: Any) -> Transition:
        return self.transition(act.subject, act.action)

    def apply(self, act: Act[RecordT, Any], decision: Transition, outcome: Outcome) -> Transition:
        subject = act.subject
        fields: list[str] | None = outcome.options.get("fields")
        if self.state_field is not None:
            setattr(subject, self.state_field, decision.target)
        if fields is None:
            subject.save()
        else:
            state = [] if self.state_field is None else [self.state_field]
            subject.save(update_fields=[*state, *fields])
        return decision

    def follow(
        self, subject: RecordT, action: str, *, details: dict[str, Any] | None = None, **values: Any
    ) -> Entry:
        """Move ``subject`` by ``action`` as what follows from another step, in that step's
        transaction (a case decided once its last decision is recorded; its lead closed): the
        row locked, the move checked against the table like any step (``Refused`` from another
        state), ``values`` set with the new state. No input and no access check of its own: the
        step it follows from had them. Returns the move's audit entry (without the actor), for
        the step's ``then``."""
        locked = self.lock(subject)
        transition = self.transition(locked, action)
        for name, value in values.items():
            setattr(locked, name, value)
        state = [] if self.state_field is None else [self.state_field]
        if self.state_field is not None:
            setattr(locked, self.state_field, transition.target)
        locked.save(update_fields=[*state, *values])
        return {"action": transition.entry, "target": locked, "details": details or {}}

    def record(self, act: Act[RecordT, Any], applied: Transition, outcome: Outcome) -> RecordT:
        options = outcome.options
        own: list[Entry] | None = options.get("entries")
        if own is None:
            own = [{"target": options.get("target", act.subject), "details": outcome.details}]
        entries = [{"action": applied.entry, **entry} for entry in own]
        entries += options.get("then", [])
        audit_record_many(entries=[{"actor": act.actor, **entry} for entry in entries])
        return act.subject


@dataclass(frozen=True)
class NoInput:
    """The input of a step that takes none."""

    def clean(self, on: dt.date) -> dict[str, Any]:
        return {}


@dataclass(frozen=True)
class ReasonInput:
    """A stated reason, required."""

    reason: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        text = (self.reason or "").strip()
        if not text:
            raise ValidationError({"reason": [ValidationError(_("请说明理由。"), code="required")]})
        return {"reason": text}
