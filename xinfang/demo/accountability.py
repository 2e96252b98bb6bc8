"""Demo accountability cases over the leads the demo matters give (细则第十一条至第十八条).

A step of ``xinfang demo`` after ``detect_leads``. Three leads are taken through the workflow
by the services, so the demo has something for every account to see:

- 渝中区住建委 (a matter handled late): its clerk and the deputy director for petitions are
  found responsible; 渝中区住建委 decides on its clerk, 渝中区委 on the deputy and the
  commission; the notices go to 渝中区委组织部 and 渝中区人力社保局 (第十八条), whose staff
  have demo logins (``district_org_dept``, ``district_personnel``);
- 市卫生健康委 (a matter handled late): the deputy director for petitions; 市委 decides; the
  notices go to 市委组织部 and 市人力社保局 (``org_dept``, ``personnel``);
- 渝中区生态环境局 (an opinion not carried out): sent to 渝中区委 and awaiting its decision
  (``district_secretary``).

Idempotent: the run ends with a ``demo.accountability_loaded`` audit entry, and a run that
finds it writes nothing. A lead the demo matters did not give is skipped; a signal (待研判信号,
tier ``signal``) is never taken: the petition office promotes it first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from xinfang.accountability import services
from xinfang.accountability.choices import LeadState, LeadTier, ResponsibilityKind
from xinfang.accountability.models import AccountabilityCase, Decision, Lead, Notice
from xinfang.accountability.selectors import territorial_petition_office
from xinfang.audit.models import AuditEntry
from xinfang.audit.services import audit_record

MARKER_ACTION = "demo.accountability_loaded"
DEMO_ACTOR = "command:demo"
#: Days from the decision to the rectification deadline (限期整改, 第十三条).
RECTIFY_IN_DAYS = 30


class DemoCase(NamedTuple):
    organ: str  # organ code
    kind: str  # lead kind
    slots: tuple[
        str, ...
    ]  # position slots (demo person codes ``<organ>:<slot>``) found responsible
    decide: bool
    reasoning: str


CASES: tuple[DemoCase, ...] = (
    DemoCase(
        "500103-housing",
        "handle_overdue",
        ("staff1", "sup1"),
        True,
        "信访事项逾期未办结，信访人多次来电催办，合法权益未能及时得到维护。",
    ),
    DemoCase(
        "500000-health",
        "handle_overdue",
        ("sup1",),
        True,
        "信访事项逾期未办结，分管负责人未督促办理。",
    ),
    DemoCase(
        "500103-environment",
        "opinion_not_executed",
        ("sup1",),
        False,
        "支持信访请求的处理意见逾期未落实，信访人再次来访。",
    ),
)


@dataclass
class DemoAccountabilityResult:
    created: bool
    reason: str = ""
    cases: list[int] = field(default_factory=list)
    notices: int = 0


def demo_accountability_present() -> bool:
    return AuditEntry.objects.filter(action=MARKER_ACTION).exists()


def _lead(spec: DemoCase) -> Lead | None:
    return (
        Lead.objects.filter(
            organ__code=spec.organ, kind=spec.kind, tier=LeadTier.LEAD, state=LeadState.OPEN
        )
        .select_related("organ")
        .order_by("failure_date", "pk")
        .first()
    )


def _case(spec: DemoCase, lead: Lead, today: dt.date) -> AccountabilityCase | None:
    office = territorial_petition_office(lead.organ)
    holders = {h.person.code: h for h in lead.duty_holders.select_related("person").order_by("id")}
    codes = [f"{spec.organ}:{slot}" for slot in spec.slots]
    chosen = [holders[code] for code in codes if code in holders]
    if office is None or not chosen:
        return None
    case = services.case_open(lead=lead, investigating_organ=office, actor=DEMO_ACTOR)
    case = services.case_record_findings(
        case=case,
        grounds=[lead.ground],
        threshold_met=True,
        threshold_reasoning=spec.reasoning,
        harm="minor",
        impact="minor",
        harm_description="",
        responsibility=ResponsibilityKind.INDIVIDUAL,
        participants=[{"person": h.person, "role": h.role} for h in chosen],
        actor=DEMO_ACTOR,
        decided_on=today,
    )
    services.case_send_recommendation(case=case, actor=DEMO_ACTOR)
    if spec.decide:
        for decision in Decision.objects.filter(case=case).order_by("id"):
            services.decision_record(
                decision=decision,
                measures=decision.recommended_measures,
                options=decision.recommended_options[:1],
                rectification_due=(
                    today + dt.timedelta(days=RECTIFY_IN_DAYS)
                    if decision.person_id and decision.recommended_rectification
                    else None
                ),
                decided_on=today,
                actor=DEMO_ACTOR,
            )
    return case


def load_demo_accountability(*, today: dt.date | None = None) -> DemoAccountabilityResult:
    """Write the demo cases once; a no-op (nothing written) when they are present."""
    if demo_accountability_present():
        return DemoAccountabilityResult(created=False, reason="present")
    day = today or timezone.localdate()
    with transaction.atomic():
        cases = []
        for spec in CASES:
            lead = _lead(spec)
            case = _case(spec, lead, day) if lead is not None else None
            if case is not None:
                cases.append(case.pk)
        if not cases:
            return DemoAccountabilityResult(created=False, reason="no_leads")
        notices = Notice.objects.filter(case_id__in=cases).count()
        audit_record(
            actor=DEMO_ACTOR,
            action=MARKER_ACTION,
            details={"today": day.isoformat(), "cases": cases, "notices": notices},
        )
    return DemoAccountabilityResult(created=True, cases=cases, notices=notices)
