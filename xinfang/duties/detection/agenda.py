"""Lead detection for 细则第四条 (joins ``xinfang detect-leads`` as ``decisions``).

A major decision within the scope of the social stability risk assessment, taken without an
assessment dated on or before it, to which petition matters have been linked as arising from
it, is a lead on ground (一) against the deciding organ: 细则第十一条第一款第一项 (未按规定实施
社会稳定风险评估…导致信访问题产生). Without a linked matter it is only a flag on the organ's
page and the decision's (``without_prior_assessment``): the ground needs the petitions it
caused. The duty holders are the principal leader on the day of the decision and the decision
maker in the post then held (第十一条第二款). One lead a decision (``dedup_key``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import (
    DetectionReport,
    count_lead,
    ground_for,
    register_detector,
)
from xinfang.accountability.selectors import DutyHolder, duty_holders_on, role_of_person_on
from xinfang.accountability.services.leads import lead_record_detected
from xinfang.accountability.summaries import register_summary, summary_in_chinese
from xinfang.rules.grounds import Signal

from ..models.agenda import MajorDecision, RiskAssessment
from ..selectors.agenda import without_prior_assessment

KIND = LeadKind.NO_RISK_ASSESSMENT


def decision_key(decision: MajorDecision) -> str:
    """One lead a decision, whatever is linked to it later."""
    return f"{KIND.value}:decision-{decision.pk}:{decision.decided_on.isoformat()}"


def _holders(decision: MajorDecision) -> list[DutyHolder]:
    organ, day = decision.organ, decision.decided_on
    holders = duty_holders_on(organ, day, subject="")
    found = role_of_person_on(decision.decision_maker, organ, day)
    if found is not None and all(h.person.pk != decision.decision_maker_id for h in holders):
        role, position = found
        holders.append(DutyHolder(decision.decision_maker, organ, position, role))
    return holders


def _evidence(decision: MajorDecision, matter_ids: list[int]) -> list[dict[str, Any]]:
    assessment = RiskAssessment.objects.filter(decision_id=decision.pk).first()
    refs: list[dict[str, Any]] = [
        {
            "type": "major_decision",
            "id": decision.pk,
            "title": decision.title,
            "decided_on": decision.decided_on.isoformat(),
            "decision_maker": decision.decision_maker.name,
        },
        (
            {"type": "risk_assessment", "id": None, "missing": True}
            if assessment is None
            else {
                "type": "risk_assessment",
                "id": assessment.pk,
                "assessed_on": assessment.assessed_on.isoformat(),
                "late": True,
            }
        ),
    ]
    refs += [{"type": "matter", "id": matter_id} for matter_id in matter_ids]
    return refs


def detect_decisions_without_assessment(
    report: DetectionReport, *, actor: Any, since: Any = None
) -> None:
    """In-scope decisions taken without a prior assessment that petition matters arose from."""
    decisions = (
        without_prior_assessment(MajorDecision.objects.all())
        .filter(matters__isnull=False)
        .distinct()
        .select_related("organ", "decision_maker")
        .order_by("decided_on", "id")
    )
    for decision in decisions:
        matter_ids = sorted(decision.matters.values_list("pk", flat=True))
        late = RiskAssessment.objects.filter(decision_id=decision.pk).first()
        params = {
            "code": "no_risk_assessment",
            "decision": decision.pk,
            "title": decision.title,
            "organ": decision.organ.name,
            "decided": decision.decided_on.isoformat(),
            "assessed": late.assessed_on.isoformat() if late is not None else "",
            "matters": len(matter_ids),
        }
        lead, created = lead_record_detected(
            kind=KIND,
            ground=ground_for(Signal.NO_RISK_ASSESSMENT),
            organ=decision.organ,
            failure_date=decision.decided_on,
            dedup_key=decision_key(decision),
            summary=summary_in_chinese(params),
            summary_params=params,
            evidence=_evidence(decision, matter_ids),
            actor=actor,
            holders=_holders(decision),
            matter_id=matter_ids[0],
            work_subject=None,
        )
        count_lead(report, lead.pk, KIND, created)


def _summary(p: dict[str, Any]) -> str:
    if p.get("assessed"):
        return (
            gettext(
                "%(organ)s于 %(decided)s 作出重大决策“%(title)s”，属于社会稳定风险评估范围，"
                "至 %(assessed)s 才评估；已有 %(matters)s 件信访事项与该决策相关。"
            )
            % p
        )
    return (
        gettext(
            "%(organ)s于 %(decided)s 作出重大决策“%(title)s”，属于社会稳定风险评估范围，"
            "未进行评估；已有 %(matters)s 件信访事项与该决策相关。"
        )
        % p
    )


register_detector("decisions", detect_decisions_without_assessment)
register_summary("no_risk_assessment", _summary)
