"""The transition tables of the accountability machines (no database)."""

from xinfang.accountability.choices import CaseState, DecisionState, LeadState
from xinfang.accountability.services.machine import (
    CASE,
    DECISION,
    LEAD,
    RECTIFICATION,
    RectificationState,
)
from xinfang.rules.basis import rules

STATES = {
    LEAD: LeadState.values,
    CASE: CaseState.values,
    DECISION: DecisionState.values,
    RECTIFICATION: [s.value for s in RectificationState],
}


def test_every_step_leaves_from_and_reaches_states_of_its_record():
    """A typo in a table would make a step never allowed, or save a state that does not exist."""
    for machine, states in STATES.items():
        for transition in machine.steps.values():
            assert transition.sources, transition.action
            assert transition.sources <= set(states), transition.action
            assert transition.target in states, transition.action


def test_a_step_from_another_state_is_refused_with_its_code():
    refusal = LEAD.steps["dismiss"].refuse()
    assert refusal.code == "lead_not_open"
    assert refusal.messages == ["只能对待核查的线索作出该处理。"]
    sending = CASE.steps["send_recommendation"].refuse()
    assert sending.code == "no_findings"
    assert sending.basis_strings == [str(rules(17, 2))]
