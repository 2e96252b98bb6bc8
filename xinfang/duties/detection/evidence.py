"""The evidence the duties' detectors cite, named and linked on a lead's page (through the
duties' own access chokepoints: a reader sees a link only to a record he may open)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from xinfang.accountability.evidence import register_evidence_type

from ..models.incidents import GrowthKind, IncidentKind, ReportChannel
from ..models.leaders import InstructionState
from ..selectors.agenda import decisions_visible
from ..selectors.incidents import (
    ACTION_GAP_OVER_WRITTEN_PERIOD,
    NO_ACTION_IN_FIRST_PERIOD,
    incidents_visible_to,
    slow_reading_text,
)
from ..selectors.leaders import instructions_for
from ..selectors.recommendations import recommendations_visible

#: The readings of 处置不力 an escalation's evidence records, named when shown.
SLOW_READINGS = (NO_ACTION_IN_FIRST_PERIOD, ACTION_GAP_OVER_WRITTEN_PERIOD)
_reading = lazy(slow_reading_text, str)


def _readable(records: Callable[[Any], QuerySet[Any]]) -> Callable[[Any, list[int]], set[int]]:
    def readable(user: Any, ids: list[int]) -> set[int]:
        rows: QuerySet[Model] = records(user).filter(pk__in=ids)
        return set(rows.values_list("pk", flat=True))

    return readable


register_evidence_type(
    "major_decision",
    _("重大决策"),
    url_name="duties:agenda_decision_detail",
    readable=_readable(decisions_visible),
    keys={"title": _("名称"), "decided_on": _("决策日期"), "decision_maker": _("决策机关")},
)
register_evidence_type(
    "risk_assessment",
    _("社会稳定风险评估"),
    keys={"assessed_on": _("评估日期"), "late": _("决策后才评估"), "missing": _("未评估")},
)
register_evidence_type(
    "office_recommendation",
    _("信访部门建议"),
    url_name="duties:recommendation_detail",
    readable=_readable(recommendations_visible),
    keys={"late": _("逾期反馈"), "missing": _("未反馈")},
)
register_evidence_type(
    "instruction",
    _("领导批示、交办事项"),
    url_name="duties:instruction_detail",
    readable=_readable(instructions_for),
    keys={"state": _("当时状态")},
    values={"state": dict(InstructionState.choices)},
)
register_evidence_type(
    "incident",
    _("集体访、负面舆情、极端事件"),
    url_name="duties:incident_detail",
    readable=_readable(incidents_visible_to),
    keys={"kind": _("事件类型"), "known_at": _("知悉时间")},
    values={"kind": dict(IncidentKind.choices)},
)
register_evidence_type(
    "incident_report",
    _("事件报告"),
    keys={"channel": _("报告方式")},
    values={"channel": dict(ReportChannel.choices)},
)
register_evidence_type("incident_action", _("处置措施"))
register_evidence_type(
    "incident_escalation",
    _("事态扩大"),
    keys={
        "growth": _("扩大情形"),
        "people_before": _("扩大前人数"),
        "people_after": _("扩大后人数"),
        "reading": _("处置不力情形"),
        "first_report_due": _("首报时限"),
    },
    values={
        "growth": dict(GrowthKind.choices),
        "reading": {code: _reading(code) for code in SLOW_READINGS},
    },
)
