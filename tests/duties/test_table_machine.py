"""The table machine of the workflow core: which steps a record's state allows."""

from __future__ import annotations

from xinfang.accountability.choices import CaseState, LeadState
from xinfang.accountability.models import AccountabilityCase, Lead
from xinfang.accountability.services.machine import CASE, LEAD, Action


def test_allowed_steps_follow_the_transition_table():
    assert LEAD.allowed(Lead(state=LeadState.OPEN)) == [Action.DISMISS, Action.INVESTIGATE]
    assert LEAD.allowed(Lead(state=LeadState.NO_CASE)) == []
    found = AccountabilityCase(state=CaseState.FINDINGS_RECORDED)
    assert CASE.allowed(found) == [
        Action.RECORD_FINDINGS,
        Action.CLOSE_NOT_ACCOUNTABLE,
        Action.SEND_RECOMMENDATION,
    ]
    assert CASE.allowed(AccountabilityCase(state=CaseState.SENT)) == []
