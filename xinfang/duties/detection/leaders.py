"""Lead detection for 细则第七条、第八条第二项 (joins ``xinfang detect-leads`` as ``instructions``).

A leader's instruction whose report was not made by its due date — still awaited, or made
after it — is a lead of 细则第十一条第一款第二项 (``INSTRUCTION_NOT_REPORTED``: 未按照规定……处理)
against the instructed organ (the instructed person's organ). The duty holders are those of
that organ on the due date: its principal leader, the leader whose portfolio covers the
matter's category (``failed_work_subject``), and the instructed staff member. One lead per
instruction and due date: a report sent back with a new due date can fail again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext

from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import (
    DetectionReport,
    count_lead,
    ground_for,
    register_detector,
)
from xinfang.accountability.selectors import duty_holders_on, failed_work_subject
from xinfang.accountability.services.leads import lead_record_detected
from xinfang.accountability.summaries import register_summary, summary_in_chinese
from xinfang.rules.grounds import Signal

from ..models.leaders import Instruction, InstructionState

KIND = LeadKind.INSTRUCTION_NOT_REPORTED
CODE = "instruction_not_reported"


def instruction_key(instruction: Instruction) -> str:
    """``instruction_not_reported:instruction-<id>:<due>``."""
    assert instruction.report_due is not None
    return f"{KIND.value}:instruction-{instruction.pk}:{instruction.report_due.isoformat()}"


def _summary(p: dict[str, Any]) -> str:
    if p.get("reported"):
        return (
            gettext(
                "%(leader)s就“%(title)s”批示，%(organ)s应于 %(due)s 前报告办理情况，"
                "至 %(reported)s 才报告。"
            )
            % p
        )
    return (
        gettext("%(leader)s就“%(title)s”批示，%(organ)s应于 %(due)s 前报告办理情况，未按期报告。")
        % p
    )


def failed_instructions(*, today: dt.date, since: dt.date) -> Any:
    """Instructions whose report is past due on ``today``: awaited still, or made late (due
    on or after ``since``)."""
    return (
        Instruction.objects.filter(report_due__lt=today)
        .filter(
            Q(state=InstructionState.INSTRUCTED, reported_on__isnull=True)
            | Q(reported_on__gt=F("report_due"), report_due__gte=since)
        )
        .select_related("to_organ", "to_person", "leader", "matter__category__parent")
        .order_by("report_due", "id")
    )


def detect_unreported_instructions(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Record a lead for every instruction not reported on by its due date."""
    for instruction in failed_instructions(today=report.today, since=since).iterator():
        due = instruction.report_due
        organ = instruction.to_organ
        assert due is not None and organ is not None
        subject = failed_work_subject(organ, matter=instruction.matter)
        staff = [instruction.to_person_id] if instruction.to_person_id else []
        holders = duty_holders_on(organ, due, subject=subject, staff_person_ids=staff)
        params = {
            "code": CODE,
            "leader": instruction.leader.name,
            "title": instruction.title,
            "organ": organ.name,
            "due": due.isoformat(),
            "reported": instruction.reported_on.isoformat() if instruction.reported_on else "",
        }
        evidence: list[dict[str, Any]] = [
            {
                "type": "instruction",
                "id": instruction.pk,
                "due": due.isoformat(),
                "state": instruction.state,
            }
        ]
        if instruction.matter_id:
            evidence.append({"type": "matter", "id": instruction.matter_id})
        lead, created = lead_record_detected(
            kind=KIND,
            ground=ground_for(Signal.INSTRUCTION_NOT_REPORTED),
            organ=organ,
            failure_date=due,
            dedup_key=instruction_key(instruction),
            summary=summary_in_chinese(params),
            summary_params=params,
            evidence=evidence,
            actor=actor,
            holders=holders,
            matter_id=instruction.matter_id,
            work_subject=subject,
        )
        count_lead(report, lead.pk, KIND, created)


register_summary(CODE, _summary)
register_detector("instructions", detect_unreported_instructions)
