"""The evidence the duties' detectors cite, named and linked on a lead's page (through the
duties' own access chokepoints: a reader sees a link only to a record he may open)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from xinfang.accountability.evidence import register_evidence_type

from ..selectors.agenda import decisions_visible
from ..selectors.incidents import incidents_visible_to
from ..selectors.leaders import instructions_for
from ..selectors.recommendations import recommendations_visible


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
)
register_evidence_type("risk_assessment", _("社会稳定风险评估"))
register_evidence_type(
    "office_recommendation",
    _("信访部门建议"),
    url_name="duties:recommendation_detail",
    readable=_readable(recommendations_visible),
)
register_evidence_type(
    "instruction",
    _("领导批示、交办事项"),
    url_name="duties:instruction_detail",
    readable=_readable(instructions_for),
)
register_evidence_type(
    "incident",
    _("集体访、负面舆情、极端事件"),
    url_name="duties:incident_detail",
    readable=_readable(incidents_visible_to),
)
register_evidence_type("incident_report", _("事件报告"))
register_evidence_type("incident_action", _("处置措施"))
register_evidence_type("incident_escalation", _("事态扩大"))
