"""Accountability records as workflow machines: how a lead, a case, a decision or a
rectification is locked, moved and recorded.

Every step of the accountability workflow (细则第十七条) is a ``xinfang.workflow.Step`` over one
of the four record machines below (``xinfang.workflow.table``), taken by
``xinfang.workflow.run``. Which states a step leaves from, the state it reaches, what a step
from any other state is told and the audit entry it writes are declared once, as data, in the
transition tables below.

Who may read and act on a record is settled before a service is called, by the access
chokepoints of ``xinfang.accountability.selectors`` (``access_lead_by_id`` and friends): the
services also serve commands and scheduled jobs, so the machines add no rule of their own.
A step that needs one says so (``Step.access``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from xinfang.refusals import Refused
from xinfang.rules.basis import rules
from xinfang.workflow.core import Act
from xinfang.workflow.table import Entry, NoInput, ReasonInput, RecordMachine, Transition

from ..choices import CaseState, DecisionState, LeadState, LeadTier
from ..models import AccountabilityCase, Decision, Lead, Rectification

__all__ = ["Entry", "NoInput", "ReasonInput", "Transition"]


class Action(StrEnum):
    """The steps of the accountability workflow, by the record they move."""

    # a lead
    DISMISS = "dismiss"
    INVESTIGATE = "investigate"
    PROMOTE = "promote"
    # a case
    RECORD_FINDINGS = "record_findings"
    CLOSE_NOT_ACCOUNTABLE = "close_not_accountable"
    SEND_RECOMMENDATION = "send_recommendation"
    # what follows from another step (``RecordMachine.follow``)
    CONCLUDE = "conclude"  # a case: its last decision recorded
    CLOSE = "close"  # a lead: its case decided
    CLOSE_WITHOUT_CASE = "close_without_case"  # a lead: its case closed not accountable
    # a decision
    DECIDE = "decide"
    # a rectification
    MARK_DONE = "mark_done"


class RectificationState(StrEnum):
    """A rectification has no state field: it is done once ``rectified_at`` is set."""

    DUE = "due"
    DONE = "done"


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
    Transition(
        Action.CLOSE,
        sources=frozenset({LeadState.INVESTIGATING}),
        target=LeadState.CLOSED,
        refusal=gettext_lazy("只能办结调查核实中的线索。"),
        code="lead_not_investigating",
        entry="accountability.lead.closed",
        follows=True,
    ),
    Transition(
        Action.CLOSE_WITHOUT_CASE,
        sources=frozenset({LeadState.INVESTIGATING}),
        target=LeadState.NO_CASE,
        refusal=gettext_lazy("只能办结调查核实中的线索。"),
        code="lead_not_investigating",
        entry="accountability.lead.closed_without_case",
        follows=True,
    ),
    # A signal the petition office finds worth investigating becomes a lead; it stays open.
    Transition(
        Action.PROMOTE,
        sources=frozenset({LeadState.OPEN}),
        target=LeadState.OPEN,
        refusal=gettext_lazy("只能将待核查的信号转为线索。"),
        code="lead_not_open",
        entry="accountability.lead.promoted",
    ),
)


@dataclass(frozen=True)
class TierRule:
    """The tier a step on a lead is taken on, and what a step on the other tier is told."""

    tier: str
    refusal: Promise
    code: str


#: Steps taken on one tier only: a signal is promoted, not investigated; a lead is investigated.
LEAD_STEP_TIERS: Mapping[str, TierRule] = {
    Action.INVESTIGATE: TierRule(
        LeadTier.LEAD,
        gettext_lazy("待研判信号须先转为线索，才能立案调查。"),
        "lead_is_signal",
    ),
    Action.PROMOTE: TierRule(
        LeadTier.SIGNAL, gettext_lazy("该记录已是线索，不是待研判信号。"), "not_a_signal"
    ),
}


class LeadMachine(RecordMachine[Lead]):
    """The lead's table machine, with the tier each step is taken on (``LEAD_STEP_TIERS``)."""

    def allowed(self, subject: Lead) -> list[str]:
        return [a for a in super().allowed(subject) if _on_its_tier(a, subject)]

    def decide(self, act: Act[Lead, Any], context: Any) -> Transition:
        transition = super().decide(act, context)
        if not _on_its_tier(act.action, act.subject):
            rule = LEAD_STEP_TIERS[act.action]
            raise Refused(str(rule.refusal), code=rule.code)
        return transition


def _on_its_tier(action: str, lead: Lead) -> bool:
    rule = LEAD_STEP_TIERS.get(action)
    return rule is None or (lead.tier or LeadTier.LEAD) == rule.tier


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
    Transition(
        Action.CONCLUDE,
        sources=frozenset({CaseState.SENT}),
        target=CaseState.DECIDED,
        refusal=gettext_lazy("只有已提出追究建议的案件才能作出决定。"),
        code="case_not_sent",
        entry="accountability.case.decided",
        follows=True,
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


def _rectification_state(rectification: Rectification) -> str:
    done = rectification.rectified_at is not None
    return RectificationState.DONE if done else RectificationState.DUE


#: The four kinds of record the workflow moves.
LEAD = LeadMachine("lead", Lead, LEAD_STEPS)
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
