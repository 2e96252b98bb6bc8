"""Accountability records as workflow machines: how a lead, a case, a decision or a
rectification is locked, moved and recorded.

Every step of the accountability workflow (细则第十七条) is a ``xinfang.workflow.Step`` over one
of the four machines below, taken by ``xinfang.workflow.run``. Which states a step leaves from,
the state it reaches, what a step from any other state is told and the audit entry it writes
are declared once, as data, in the transition tables below; the machine decides a step by its
table (``Refused`` from any other state), applies it (the state and the fields the effect set,
saved), and records it (its audit entries, in one write).

Who may read and act on a record is settled before a service is called, by the access
chokepoints of ``xinfang.accountability.selectors`` (``access_lead_by_id`` and friends): the
services also serve commands and scheduled jobs, so the machines add no rule of their own.
A step that needs one says so (``Step.access``).

``Outcome.options`` an accountability step may set:

- ``fields``: the fields of the subject its effect set, saved with the state (none: the whole
  record is saved);
- ``target``: what the step's audit entry is about, when not the subject (the case opened on
  a lead);
- ``entries``: the step's own audit entries, when there is not exactly one (a letter to each
  managing authority): ``audit_record`` arguments without the actor;
- ``then``: entries of what follows from the step (a rectification ordered, a case decided),
  written after its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.audit.services import audit_record_many
from xinfang.refusals import Refused
from xinfang.rules.basis import Basis, rules
from xinfang.workflow import Act, Outcome

from ..choices import CaseState, DecisionState, LeadState
from ..models import AccountabilityCase, Decision, Lead, Rectification

RecordT = TypeVar("RecordT", bound=models.Model)
#: An audit entry a step writes: ``audit_record``'s arguments but the actor (the step's).
Entry = dict[str, Any]


class Action(StrEnum):
    """The steps of the accountability workflow, by the record they move."""

    # a lead
    DISMISS = "dismiss"
    INVESTIGATE = "investigate"
    # a case
    RECORD_FINDINGS = "record_findings"
    CLOSE_NOT_ACCOUNTABLE = "close_not_accountable"
    SEND_RECOMMENDATION = "send_recommendation"
    # a decision
    DECIDE = "decide"
    # a rectification
    MARK_DONE = "mark_done"


class RectificationState(StrEnum):
    """A rectification has no state field: it is done once ``rectified_at`` is set."""

    DUE = "due"
    DONE = "done"


@dataclass(frozen=True)
class Transition:
    """One step on one kind of record: the states it leaves from, the state it reaches, what a
    step from any other state is told (``refusal``, ``code``, ``basis``), and the action of
    the audit entry it writes."""

    action: Action
    sources: frozenset[str]
    target: str
    refusal: Promise
    code: str
    entry: str
    basis: tuple[Basis, ...] = ()

    def refuse(self) -> Refused:
        """The refusal of a step taken from a state it does not leave from."""
        return Refused(str(self.refusal), code=self.code, basis=self.basis)


_OPEN_CASE = frozenset({CaseState.INVESTIGATING, CaseState.FINDINGS_RECORDED})

# The refusals are lazy: they are read when a step is refused, in the reader's language.
LEAD_STEPS = (
    Transition(
        Action.DISMISS,
        sources=frozenset({LeadState.OPEN}),
        target=LeadState.NO_CASE,
        refusal=gettext_lazy("只能对待核查的线索作出该处理。"),
        code="lead_not_open",
        entry="accountability.lead.dismissed",
    ),
    Transition(
        Action.INVESTIGATE,
        sources=frozenset({LeadState.OPEN}),
        target=LeadState.INVESTIGATING,
        refusal=gettext_lazy("只能对待核查的线索立案调查。"),
        code="lead_not_open",
        entry="accountability.case.opened",
    ),
)
CASE_STEPS = (
    Transition(
        Action.RECORD_FINDINGS,
        sources=_OPEN_CASE,
        target=CaseState.FINDINGS_RECORDED,
        refusal=gettext_lazy("建议已提出，不能再修改认定。"),
        code="case_not_open",
        entry="accountability.case.findings_recorded",
    ),
    Transition(
        Action.CLOSE_NOT_ACCOUNTABLE,
        sources=_OPEN_CASE,
        target=CaseState.NOT_ACCOUNTABLE,
        refusal=gettext_lazy("建议已提出，不能作不予追究处理。"),
        code="case_not_open",
        entry="accountability.case.closed_not_accountable",
    ),
    Transition(
        Action.SEND_RECOMMENDATION,
        sources=frozenset({CaseState.FINDINGS_RECORDED}),
        target=CaseState.SENT,
        # 细则第十七条第二款: the recommendation follows the findings.
        refusal=gettext_lazy("请先认定事实。"),
        code="no_findings",
        basis=(rules(17, 2),),
        entry="accountability.recommendation.sent",
    ),
)
DECISION_STEPS = (
    Transition(
        Action.DECIDE,
        sources=frozenset({DecisionState.PENDING}),
        target=DecisionState.DECIDED,
        refusal=gettext_lazy("该决定已记录，不能重复作出。"),
        code="already_decided",
        entry="accountability.decision.recorded",
    ),
)
RECTIFICATION_STEPS = (
    Transition(
        Action.MARK_DONE,
        sources=frozenset({RectificationState.DUE}),
        target=RectificationState.DONE,
        refusal=gettext_lazy("该整改事项已确认完成。"),
        code="already_rectified",
        entry="accountability.rectification.done",
    ),
)


class RecordMachine(Generic[RecordT]):
    """The steps on one kind of accountability record, decided by its transition table.

    ``related`` are loaded with the locked row (``select_related``); a record without a state
    field (``state_field=None``) tells its state through ``state_of``, and its effect sets the
    fields that make the new state.
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
    ) -> None:
        self.kind = kind
        self.model = model
        self.steps: Mapping[str, Transition] = {t.action: t for t in steps}
        self.related = related
        self.state_field = state_field
        self.state_of = state_of

    def assert_may_act(self, actor: Any, organ: Any, *, action: str) -> None:
        """Access is the selectors' (``access_*_by_id``), checked before the service runs."""
        return None

    def lock(self, subject: RecordT) -> RecordT:
        """The record reloaded under a row lock (its own row only), with ``related``."""
        rows = self.model._default_manager.select_for_update(of=("self",))
        return rows.select_related(*self.related).get(pk=subject.pk)

    def decide(self, act: Act[RecordT, Any], context: Any) -> Transition:
        transition = self.steps[act.action]
        if self.state_of(act.subject) not in transition.sources:
            raise transition.refuse()
        return transition

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

    def record(self, act: Act[RecordT, Any], applied: Transition, outcome: Outcome) -> RecordT:
        options = outcome.options
        own: list[Entry] | None = options.get("entries")
        if own is None:
            own = [{"target": options.get("target", act.subject), "details": outcome.details}]
        entries = [{"action": applied.entry, **entry} for entry in own]
        entries += options.get("then", [])
        audit_record_many(entries=[{"actor": act.actor, **entry} for entry in entries])
        return act.subject


def _rectification_state(rectification: Rectification) -> str:
    done = rectification.rectified_at is not None
    return RectificationState.DONE if done else RectificationState.DUE


#: The four kinds of record the workflow moves.
LEAD = RecordMachine("lead", Lead, LEAD_STEPS)
CASE = RecordMachine(
    "case", AccountabilityCase, CASE_STEPS, related=("organ", "organ__managing_authority")
)
DECISION = RecordMachine(
    "decision",
    Decision,
    DECISION_STEPS,
    related=("recommendation", "recommendation__authority", "case", "case__organ"),
)
RECTIFICATION = RecordMachine(
    "rectification",
    Rectification,
    RECTIFICATION_STEPS,
    state_field=None,
    state_of=_rectification_state,
)


@dataclass(frozen=True)
class NoInput:
    """The input of a step that takes none."""

    def clean(self, on: dt.date) -> dict[str, Any]:
        return {}


@dataclass(frozen=True)
class ReasonInput:
    """A stated reason (不予追究), required."""

    reason: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        text = (self.reason or "").strip()
        if not text:
            raise ValidationError({"reason": [ValidationError(_("请说明理由。"), code="required")]})
        return {"reason": text}
