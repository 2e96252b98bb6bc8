"""Demo records of the inspections part (细则第九条).

市委 (500000-party) has this year's inspection plan, run by 市委办公厅 (500000-office, whose
督查室 clerk is the demo ``inspector``) with its default scope (the municipal party organs
below it and the party committee and government of every district and county), plus
渝中区住房城乡建委 brought into the scope by hand. Two special inspections:

- 渝中区 (渝中区委, 渝中区政府, 渝中区住房城乡建委): finished. Its checklist is pre-filled from
  the demo's duty and matter data; a finding on the housing committee's matters shows ground
  第十一条第一款第二项 and so became an accountability lead; a rectification demand went to the
  housing committee; the findings were circulated to 渝中区委, 渝中区政府, 渝中区住房城乡建委 and
  市信访办, none of which has read the notice yet.
- 江北区 (江北区委, 江北区政府): under way, started a week ago — work on the inspector's page.

Every other organ of the scope is a gap (shown from 1 July), and no district has run a special
inspection of its own (a finding for 市委). Written through the services as ``system:demo`` at
the dates the story needs; running twice writes nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from xinfang.orgs.models import Organ
from xinfang.oversight.models import Inspection, InspectionPlan
from xinfang.oversight.services import inspections as services
from xinfang.oversight.services import inspections_demands as follow

ACTOR = "system:demo"
AUTHORITY = "500000-party"
OFFICE = "500000-office"
YUZHONG = ("500103-party", "500103-gov", "500103-housing")
JIANGBEI = ("500105-party", "500105-gov")
AUDIENCE = (*YUZHONG, "500000-petition")
REQUIRED = frozenset({AUTHORITY, OFFICE, *YUZHONG, *JIANGBEI, "500000-petition"})

FINISHED = "渝中区信访工作责任制落实情况专项督查"
RUNNING = "江北区信访工作责任制落实情况专项督查"
REPORT = (
    "督查组通过听取汇报、查阅资料、调取系统数据等方式，对渝中区委、区政府和区住房城乡建委"
    "落实信访工作责任制情况进行了专项督查。总体看，渝中区将信访工作列入议事日程，"
    "领导干部接访下访、包案化解制度基本落实；但区住房城乡建委物业管理类信访事项办理超期"
    "问题仍较突出，需限期整改。"
)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _plan(organs: dict[str, Organ], today: dt.date) -> tuple[InspectionPlan, int]:
    existing = InspectionPlan.objects.filter(authority=organs[AUTHORITY], year=today.year).first()
    if existing is not None:
        return existing, 0
    plan = services.inspection_plan_create(
        authority=organs[AUTHORITY],
        inspecting_organ=organs[OFFICE],
        year=today.year,
        note="每年至少开展一次信访工作专项督查（细则第九条）。",
        actor=ACTOR,
        at=_at(min(today, dt.date(today.year, 1, 5))),
    )
    services.inspection_plan_scope_add(plan=plan, organ=organs["500103-housing"], actor=ACTOR)
    return plan, 1


def _days(start: dt.date, n: int, today: dt.date) -> dt.date:
    return min(start + dt.timedelta(days=n), today)


def _finished(plan: InspectionPlan, organs: dict[str, Organ], today: dt.date) -> int:
    """The 渝中区 inspection, started about two months ago (never before 2 January)."""
    if Inspection.objects.filter(plan=plan, title=FINISHED).exists():
        return 0
    start = max(dt.date(today.year, 1, 2), today - dt.timedelta(days=60))
    inspection = services.inspection_create(
        plan=plan,
        kind="special",
        title=FINISHED,
        organs=[organs[code] for code in YUZHONG],
        team_leader="市委办公厅督查室 周建国",
        team="市委办公厅督查室 吴海燕、市信访办 郑志明",
        planned_start=start,
        planned_end=start + dt.timedelta(days=14),
        actor=ACTOR,
        at=_at(start, 9),
    )
    inspection = services.inspection_start(inspection=inspection, actor=ACTOR, at=_at(start))
    housing = organs["500103-housing"]
    matters = inspection.items.get(organ=housing, key="matters")
    late = matters.figures.get("late", 0) + matters.figures.get("overdue_open", 0)
    services.checklist_item_record_finding(
        item=matters,
        finding=(
            f"系统数据显示，本年度到期的法定期限 {matters.figures.get('periods', 0)} 个，"
            f"逾期办理或逾期未办 {late} 个；物业管理类事项未按规定期限办理，"
            "损害信访群众合法权益。"
        ),
        ground=2,
        actor=ACTOR,
        at=_at(_days(start, 5, today)),
    )
    agenda = inspection.items.get(organ=organs["500103-party"], key="agenda")
    services.checklist_item_record_finding(
        item=agenda,
        finding="区委常委会定期听取信访工作汇报，研究解决重要问题，议定事项基本落实。",
        actor=ACTOR,
        at=_at(_days(start, 5, today)),
    )
    findings_day = _days(start, 7, today)
    inspection = services.inspection_record_findings(
        inspection=inspection, actor=ACTOR, at=_at(findings_day)
    )
    follow.rectification_demand_issue(
        inspection=inspection,
        item=matters,
        organ=housing,
        content="清理物业管理类逾期信访事项，建立办理时限预警制度，限期书面报告整改情况。",
        # Still running when the demo is loaded: detection (a step before this one) finds
        # nothing missed yet, the housing committee has the demand to answer.
        due=max(findings_day + dt.timedelta(days=30), today + dt.timedelta(days=15)),
        actor=ACTOR,
        at=_at(findings_day, 11),
    )
    finish_day = _days(start, 10, today)
    inspection = services.inspection_finish(
        inspection=inspection, report=REPORT, actor=ACTOR, at=_at(finish_day)
    )
    follow.inspection_notice_circulate(
        inspection=inspection,
        title="关于渝中区信访工作责任制落实情况专项督查的通报",
        text=REPORT,
        audience=[organs[code] for code in AUDIENCE],
        actor=ACTOR,
        at=_at(finish_day, 15),
    )
    return 1


def _running(plan: InspectionPlan, organs: dict[str, Organ], today: dt.date) -> int:
    """The 江北区 inspection, started a week ago (or on 2 January)."""
    if Inspection.objects.filter(plan=plan, title=RUNNING).exists():
        return 0
    start = max(dt.date(today.year, 1, 2), today - dt.timedelta(days=7))
    inspection = services.inspection_create(
        plan=plan,
        kind="special",
        title=RUNNING,
        organs=[organs[code] for code in JIANGBEI],
        team_leader="市委办公厅督查室 周建国",
        team="市委办公厅督查室 吴海燕",
        planned_start=start,
        planned_end=start + dt.timedelta(days=14),
        actor=ACTOR,
        at=_at(start, 9),
    )
    services.inspection_start(inspection=inspection, actor=ACTOR, at=_at(start))
    return 1


def load(today: dt.date) -> int:
    """Write the part's demo records (idempotent); how many were written."""
    organs = {o.code: o for o in Organ.objects.filter(code__in=REQUIRED)}
    if set(organs) != REQUIRED:
        return 0  # the registry demo is not loaded
    with transaction.atomic():
        plan, written = _plan(organs, today)
        written += _finished(plan, organs, today)
        written += _running(plan, organs, today)
    return written
