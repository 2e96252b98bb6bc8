"""Writes of the accountability workflow: one function per step, keyword-only, one transaction
each, audited in that transaction (细则第十一条至第十八条).

The steps on a lead, a case, a decision and a rectification are declared once over the
workflow core (``xinfang.workflow``), on the machines and transition tables of ``machine.py``;
creating a lead (detected or filed by hand) has nothing to lock or move and is not a step.
"""

from .cases import (
    build_facts,
    case_close_not_accountable,
    case_open,
    case_record_findings,
    case_send_recommendation,
)
from .decisions import decision_record, rectification_mark_done
from .leads import lead_dismiss, lead_file_manual, lead_promote, lead_record_detected

__all__ = [
    "build_facts",
    "case_close_not_accountable",
    "case_open",
    "case_record_findings",
    "case_send_recommendation",
    "decision_record",
    "lead_dismiss",
    "lead_file_manual",
    "lead_promote",
    "lead_record_detected",
    "rectification_mark_done",
]
