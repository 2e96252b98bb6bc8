"""Detectors of the inspections part (细则第九条): a missed rectification demand of a finding
(joins ``xinfang detect-leads`` as ``inspections``).

A rectification demand still open past its due date, or answered after it (within the
look-back), is a lead against the addressed organ, of the ground its checklist item showed
(细则第十一条第一款), else 第九项 (其他应当追究责任的失职失责情形), with the inspection as
evidence. The dedup key is the demand and its due date: running twice creates nothing new.

Also registered here: the evidence type ``inspection`` (linked to the inspection's page for a
reader who may open it) and the summaries of the leads of this part, the finding's
(``inspection_finding``, made when the findings are recorded) and the missed demand's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import DetectionReport, count_lead, register_detector
from xinfang.accountability.evidence import register_evidence_type
from xinfang.accountability.services.leads import lead_record_detected
from xinfang.accountability.summaries import register_summary, summary_in_chinese

from ..models.inspections import RectificationDemand, RectificationDemandState
from ..selectors.inspections import inspections_visible
from ..selectors.inspections_checklist import POINTS
from ..services.inspections import FINDING_SUMMARY

NAME = "inspections"
DEMAND_SUMMARY = "inspection_demand_missed"
#: The ground of a missed demand whose item named none: 细则第十一条第一款第九项.
OTHER_GROUND = 9


def demand_key(demand_id: int, due: dt.date) -> str:
    """``inspection_finding:rectification-demand-<id>:<due>``."""
    return f"{LeadKind.INSPECTION_FINDING.value}:rectification-demand-{demand_id}:{due.isoformat()}"


def _missed(today: dt.date, since: dt.date) -> Any:
    return RectificationDemand.objects.filter(due__lt=today).filter(
        Q(state=RectificationDemandState.OPEN) | Q(answered_on__gt=F("due"), due__gte=since)
    )


def detect_missed_demands(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Rectification demands not answered by their due date."""
    rows = _missed(report.today, since).select_related(
        "organ", "item", "inspection__plan__authority"
    )
    for demand in rows.order_by("due", "id"):
        item = demand.item
        ground = item.ground if item is not None and item.ground else OTHER_GROUND
        params = {
            "code": DEMAND_SUMMARY,
            "inspection": demand.inspection_id,
            "title": demand.inspection.title,
            "authority": demand.inspection.plan.authority.name,
            "organ": demand.organ.name,
            "demand": demand.pk,
            "content": demand.content[:200],
            "due": demand.due.isoformat(),
            "done": demand.answered_on.isoformat() if demand.answered_on else "",
        }
        lead, created = lead_record_detected(
            kind=LeadKind.INSPECTION_FINDING,
            ground=ground,
            organ=demand.organ,
            failure_date=demand.due,
            dedup_key=demand_key(demand.pk, demand.due),
            summary=summary_in_chinese(params),
            summary_params=params,
            evidence=[
                {"type": "inspection", "id": demand.inspection_id, "due": demand.due.isoformat()}
            ],
            actor=actor,
        )
        count_lead(report, lead.pk, LeadKind.INSPECTION_FINDING, created)


def _finding_summary(p: dict[str, Any]) -> str:
    point = POINTS.get(p.get("key", ""))
    values = {**p, "point": str(point.title) if point else p.get("key", "")}
    return (
        gettext(
            "%(authority)s督查（#%(inspection)s %(title)s）发现%(organ)s在“%(point)s”方面："
            "%(finding)s"
        )
        % values
    )


def _demand_summary(p: dict[str, Any]) -> str:
    if p.get("done"):
        return (
            gettext(
                "%(authority)s督查（#%(inspection)s %(title)s）要求%(organ)s于 %(due)s 前整改"
                "（%(content)s），至 %(done)s 才反馈整改情况。"
            )
            % p
        )
    return (
        gettext(
            "%(authority)s督查（#%(inspection)s %(title)s）要求%(organ)s于 %(due)s 前整改"
            "（%(content)s），逾期未反馈整改情况。"
        )
        % p
    )


def _readable(user: Any, ids: list[int]) -> set[int]:
    return set(inspections_visible(user).filter(pk__in=ids).values_list("pk", flat=True))


register_evidence_type(
    "inspection", _("督查"), url_name="oversight:inspection_detail", readable=_readable
)
register_summary(FINDING_SUMMARY, _finding_summary)
register_summary(DEMAND_SUMMARY, _demand_summary)
register_detector(NAME, detect_missed_demands)
