"""Endpoints of the inspections part (细则第九条), under ``/api/oversight/inspections``.

Thin: each endpoint reads through a chokepoint of ``xinfang.oversight.selectors.inspections``
(a logged 404 otherwise), calls one service and renders. A refusal is a 409 with its basis,
bad input a 422 by field, acting for an organ the user does not serve a 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from xinfang.api.paging import PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.orgs.models import Organ
from xinfang.oversight.models import (
    Inspection,
    InspectionNotice,
    InspectionPlan,
    RectificationDemand,
    RectificationDemandState,
)
from xinfang.oversight.selectors import inspections as selectors
from xinfang.oversight.selectors.coverage import plan_coverage, plans_coverage
from xinfang.oversight.selectors.inspections_checklist import POINTS
from xinfang.oversight.services import inspections as services
from xinfang.oversight.services import inspections_demands as follow
from xinfang.petitions.matters.selectors import access_matter_by_id

from .inspections_schemas import (
    InspectionDetailOut,
    InspectionFilter,
    InspectionFindingIn,
    InspectionIn,
    InspectionNoticeFilter,
    InspectionNoticeIn,
    InspectionNoticeOut,
    InspectionOut,
    InspectionPlanDetailOut,
    InspectionPlanFilter,
    InspectionPlanIn,
    InspectionPlanOut,
    InspectionReportIn,
    InspectionScopeAddIn,
    InspectionScopeRemoveIn,
    RectificationAcceptIn,
    RectificationAnswerIn,
    RectificationDemandFilter,
    RectificationDemandIn,
    RectificationDemandOut,
    RectificationReturnIn,
)

router = Router(tags=["oversight"])


def _ref(organ: Organ) -> dict[str, Any]:
    return {"id": organ.pk, "name": organ.name}


def _organ_named(organ_id: int, field: str) -> Organ:
    """An organ of the registry by id (the service says whether it may take part), or 422."""
    organ = Organ.objects.filter(pk=organ_id).first()
    if organ is None:
        raise ValidationError({field: [ValidationError(_("机关不存在。"), code="unknown")]})
    return organ


# --- plans -----------------------------------------------------------------------------------


def plan_out(plan: InspectionPlan, coverage: tuple[int, int] | None = None) -> dict[str, Any]:
    covered, total = coverage if coverage is not None else plan_coverage(plan)
    return {
        "id": plan.pk,
        "authority": _ref(plan.authority),
        "inspecting_organ": _ref(plan.inspecting_organ),
        "year": plan.year,
        "note": plan.note,
        "covered": covered,
        "in_scope": total,
    }


def plan_detail_out(plan: InspectionPlan) -> dict[str, Any]:
    rows = selectors.scope_rows(plan)
    return {
        **plan_out(plan),
        "scope": [
            {
                "organ": _ref(row.organ),
                "covered": row.covered,
                "inspection_ids": [i.pk for i in row.inspections],
                "inspects_own": row.inspects_own,
            }
            for row in rows
        ],
        "inspection_ids": list(plan.inspections.order_by("id").values_list("pk", flat=True)),
    }


@router.get(
    "/plans",
    response={200: PageOut[InspectionPlanOut], **READ_ERRORS},
    operation_id="inspection_plan_list",
)
def plan_list(request: HttpRequest, filters: Query[InspectionPlanFilter]) -> Any:
    """The plans the user manages (of the user's organ as authority or inspecting organ)."""
    rows = selectors.plans_visible(request.user)
    if filters.year:
        rows = rows.filter(year=filters.year)
    page = page_out(rows, page=filters.page, page_size=filters.page_size)
    coverage = plans_coverage(page["items"])
    page["items"] = [plan_out(plan, coverage[plan.pk]) for plan in page["items"]]
    return page


@router.post(
    "/plans",
    response={201: InspectionPlanDetailOut, **WRITE_ERRORS},
    operation_id="inspection_plan_create",
)
def plan_create(request: HttpRequest, payload: InspectionPlanIn) -> Any:
    """An authority's plan for a year, with its default scope (细则第九条)."""
    plan = services.inspection_plan_create(
        authority=_organ_named(payload.authority_id, "authority_id"),
        inspecting_organ=_organ_named(payload.inspecting_organ_id, "inspecting_organ_id"),
        year=payload.year,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, plan_detail_out(plan))


@router.get(
    "/plans/{int:plan_id}",
    response={200: InspectionPlanDetailOut, **READ_ERRORS},
    operation_id="inspection_plan_detail",
)
def plan_detail(request: HttpRequest, plan_id: int) -> Any:
    """The plan with its scope and each organ's coverage."""
    return plan_detail_out(selectors.access_plan_by_id(request.user, plan_id))


@router.post(
    "/plans/{int:plan_id}/scope",
    response={200: InspectionPlanDetailOut, **WRITE_ERRORS},
    operation_id="inspection_plan_scope_add",
)
def plan_scope_add(request: HttpRequest, plan_id: int, payload: InspectionScopeAddIn) -> Any:
    plan = selectors.access_plan_by_id(request.user, plan_id, action="scope_add")
    services.inspection_plan_scope_add(
        plan=plan, organ=_organ_named(payload.organ_id, "organ_id"), actor=request.user
    )
    return plan_detail_out(plan)


@router.post(
    "/plans/{int:plan_id}/scope/remove",
    response={200: InspectionPlanDetailOut, **WRITE_ERRORS},
    operation_id="inspection_plan_scope_remove",
)
def plan_scope_remove(request: HttpRequest, plan_id: int, payload: InspectionScopeRemoveIn) -> Any:
    plan = selectors.access_plan_by_id(request.user, plan_id, action="scope_remove")
    services.inspection_plan_scope_remove(
        plan=plan,
        organ=_organ_named(payload.organ_id, "organ_id"),
        reason=payload.reason,
        actor=request.user,
    )
    return plan_detail_out(plan)


# --- inspections -----------------------------------------------------------------------------


def demand_out(request: HttpRequest, demand: RectificationDemand) -> dict[str, Any]:
    return {
        "id": demand.pk,
        "inspection_id": demand.inspection_id,
        "organ": _ref(demand.organ),
        "item_id": demand.item_id,
        "content": demand.content,
        "issued_on": demand.issued_on,
        "due": demand.due,
        "overdue": demand.state == RectificationDemandState.OPEN
        and demand.due < timezone.localdate(),
        "state": demand.state,
        "state_label": str(demand.get_state_display()),
        "answer": demand.answer,
        "answered_on": demand.answered_on,
        "review_note": demand.review_note,
        "steps": follow.demand_steps_open_to(request.user, demand),
    }


def inspection_out(request: HttpRequest, inspection: Inspection) -> dict[str, Any]:
    plan = inspection.plan
    matter = None
    if inspection.matter_id is not None:
        matter = selectors.readable_matter(request.user, inspection.matter_id)
    return {
        "id": inspection.pk,
        "plan_id": plan.pk,
        "authority": _ref(plan.authority),
        "inspecting_organ": _ref(plan.inspecting_organ),
        "kind": inspection.kind,
        "kind_label": str(inspection.get_kind_display()),
        "title": inspection.title,
        "inspected": [_ref(o) for o in inspection.inspected.order_by("path")],
        "matter_id": matter,
        "problem": inspection.problem,
        "team_leader": inspection.team_leader,
        "team": inspection.team,
        "planned_start": inspection.planned_start,
        "planned_end": inspection.planned_end,
        "started_on": inspection.started_on,
        "findings_on": inspection.findings_on,
        "finished_on": inspection.finished_on,
        "state": inspection.state,
        "state_label": str(inspection.get_state_display()),
        "report": inspection.report,
        "steps": services.steps_open_to(request.user, inspection),
    }


def inspection_detail_out(request: HttpRequest, inspection: Inspection) -> dict[str, Any]:
    items = []
    for item in selectors.items_for(request.user, inspection):
        point = POINTS.get(item.key)
        items.append(
            {
                "id": item.pk,
                "organ": _ref(item.organ),
                "key": item.key,
                "title": str(point.title) if point else item.key,
                "article": str(point.article) if point else "",
                "figures": item.figures,
                "finding": item.finding,
                "ground": item.ground,
                "lead_id": item.lead_id,
            }
        )
    demands = selectors.demands_for(request.user, inspection)
    return {
        **inspection_out(request, inspection),
        "checklist": items,
        "demands": [demand_out(request, d) for d in demands],
    }


@router.get(
    "",
    response={200: PageOut[InspectionOut], **READ_ERRORS},
    operation_id="inspection_list",
)
def inspection_list(request: HttpRequest, filters: Query[InspectionFilter]) -> Any:
    """Inspections the user manages or whose inspected organs include the user's, newest
    first."""
    rows = selectors.inspections_visible(request.user).order_by("-planned_start", "-id")
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.plan_id:
        rows = rows.filter(plan_id=filters.plan_id)
    return page_out(
        rows,
        page=filters.page,
        page_size=filters.page_size,
        render=lambda i: inspection_out(request, i),
    )


@router.post(
    "",
    response={201: InspectionDetailOut, **WRITE_ERRORS},
    operation_id="inspection_create",
)
def inspection_create(request: HttpRequest, payload: InspectionIn) -> Any:
    """A new inspection of a plan the user manages: special (organs in the plan's scope) or
    prompt (an important matter, an outstanding problem)."""
    plan = selectors.access_plan_by_id(request.user, payload.plan_id, action="inspection_create")
    inspection = services.inspection_create(
        plan=plan,
        kind=payload.kind,
        title=payload.title,
        organs=[_organ_named(pk, "organ_ids") for pk in payload.organ_ids],
        team_leader=payload.team_leader,
        team=payload.team,
        planned_start=payload.planned_start,
        planned_end=payload.planned_end,
        matter=access_matter_by_id(request.user, payload.matter_id) if payload.matter_id else None,
        problem=payload.problem,
        actor=request.user,
    )
    return Status(201, inspection_detail_out(request, inspection))


@router.get(
    "/{int:inspection_id}",
    response={200: InspectionDetailOut, **READ_ERRORS},
    operation_id="inspection_detail",
)
def inspection_detail(request: HttpRequest, inspection_id: int) -> Any:
    """The inspection with its checklist (an inspected organ: its own items only) and
    demands."""
    inspection = selectors.access_inspection_by_id(request.user, inspection_id)
    return inspection_detail_out(request, inspection)


@router.post(
    "/{int:inspection_id}/start",
    response={200: InspectionDetailOut, **WRITE_ERRORS},
    operation_id="inspection_start",
)
def inspection_start(request: HttpRequest, inspection_id: int) -> Any:
    """The inspection starts; its checklist is generated, pre-filled."""
    inspection = selectors.access_inspection_by_id(request.user, inspection_id, action="start")
    inspection = services.inspection_start(inspection=inspection, actor=request.user)
    return inspection_detail_out(request, inspection)


@router.post(
    "/{int:inspection_id}/record-findings",
    response={200: InspectionDetailOut, **WRITE_ERRORS},
    operation_id="inspection_record_findings",
)
def inspection_record_findings(request: HttpRequest, inspection_id: int) -> Any:
    """The findings are settled; those showing a ground of 细则第十一条 become leads."""
    inspection = selectors.access_inspection_by_id(
        request.user, inspection_id, action="record_findings"
    )
    inspection = services.inspection_record_findings(inspection=inspection, actor=request.user)
    return inspection_detail_out(request, inspection)


@router.post(
    "/{int:inspection_id}/finish",
    response={200: InspectionDetailOut, **WRITE_ERRORS},
    operation_id="inspection_finish",
)
def inspection_finish(request: HttpRequest, inspection_id: int, payload: InspectionReportIn) -> Any:
    """The inspection's report is issued."""
    inspection = selectors.access_inspection_by_id(request.user, inspection_id, action="finish")
    inspection = services.inspection_finish(
        inspection=inspection, report=payload.report, actor=request.user
    )
    return inspection_detail_out(request, inspection)


@router.post(
    "/{int:inspection_id}/items/{int:item_id}/finding",
    response={200: InspectionDetailOut, **WRITE_ERRORS},
    operation_id="inspection_finding_record",
)
def inspection_finding(
    request: HttpRequest, inspection_id: int, item_id: int, payload: InspectionFindingIn
) -> Any:
    """The finding on a checklist item, while the inspection is under way."""
    inspection = selectors.access_inspection_by_id(request.user, inspection_id, action="finding")
    item = selectors.items_for(request.user, inspection).filter(pk=item_id).first()
    if item is None:
        raise Http404(_("未找到。"))
    services.checklist_item_record_finding(
        item=item, finding=payload.finding, ground=payload.ground, actor=request.user
    )
    return inspection_detail_out(request, inspection)


@router.post(
    "/{int:inspection_id}/demands",
    response={201: RectificationDemandOut, **WRITE_ERRORS},
    operation_id="rectification_demand_issue",
)
def demand_issue(request: HttpRequest, inspection_id: int, payload: RectificationDemandIn) -> Any:
    """A rectification demand to an inspected organ, once the findings are recorded."""
    inspection = selectors.access_inspection_by_id(request.user, inspection_id, action="demand")
    item = None
    if payload.item_id is not None:
        item = inspection.items.filter(pk=payload.item_id).first()
        if item is None:
            raise ValidationError({"item_id": [_("督查项目不存在。")]})
    demand = follow.rectification_demand_issue(
        inspection=inspection,
        organ=_organ_named(payload.organ_id, "organ_id"),
        content=payload.content,
        due=payload.due,
        item=item,
        actor=request.user,
    )
    return Status(201, demand_out(request, demand))


# --- demands ---------------------------------------------------------------------------------


@router.get(
    "/demands",
    response={200: PageOut[RectificationDemandOut], **READ_ERRORS},
    operation_id="rectification_demand_list",
)
def demand_list(request: HttpRequest, filters: Query[RectificationDemandFilter]) -> Any:
    """Demands addressed to the user's organs or of inspections the user manages, by due."""
    rows = selectors.demands_visible(request.user).order_by("due", "id")
    if filters.state:
        rows = rows.filter(state=filters.state)
    return page_out(
        rows,
        page=filters.page,
        page_size=filters.page_size,
        render=lambda d: demand_out(request, d),
    )


@router.get(
    "/demands/{int:demand_id}",
    response={200: RectificationDemandOut, **READ_ERRORS},
    operation_id="rectification_demand_detail",
)
def demand_detail(request: HttpRequest, demand_id: int) -> Any:
    return demand_out(request, selectors.access_demand_by_id(request.user, demand_id))


@router.post(
    "/demands/{int:demand_id}/answer",
    response={200: RectificationDemandOut, **WRITE_ERRORS},
    operation_id="rectification_demand_answer",
)
def demand_answer(request: HttpRequest, demand_id: int, payload: RectificationAnswerIn) -> Any:
    """The addressed organ reports how it rectified."""
    demand = selectors.access_demand_by_id(request.user, demand_id, action="answer")
    demand = follow.rectification_demand_answer(
        demand=demand, answer=payload.answer, actor=request.user
    )
    return demand_out(request, demand)


@router.post(
    "/demands/{int:demand_id}/accept",
    response={200: RectificationDemandOut, **WRITE_ERRORS},
    operation_id="rectification_demand_accept",
)
def demand_accept(request: HttpRequest, demand_id: int, payload: RectificationAcceptIn) -> Any:
    demand = selectors.access_demand_by_id(request.user, demand_id, action="accept")
    demand = follow.rectification_demand_accept(
        demand=demand, note=payload.note, actor=request.user
    )
    return demand_out(request, demand)


@router.post(
    "/demands/{int:demand_id}/return",
    response={200: RectificationDemandOut, **WRITE_ERRORS},
    operation_id="rectification_demand_return",
)
def demand_return(request: HttpRequest, demand_id: int, payload: RectificationReturnIn) -> Any:
    demand = selectors.access_demand_by_id(request.user, demand_id, action="return")
    demand = follow.rectification_demand_return(
        demand=demand, reason=payload.reason, actor=request.user
    )
    return demand_out(request, demand)


# --- notices ---------------------------------------------------------------------------------


def notice_out(request: HttpRequest, notice: InspectionNotice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "inspection_id": notice.inspection_id,
        "title": notice.title,
        "text": notice.text,
        "issued_on": notice.issued_on,
        "deliveries": [
            {"organ": _ref(d.organ), "delivered_at": d.delivered_at, "read_at": d.read_at}
            for d in selectors.deliveries_to(request.user, notice)
        ],
    }


@router.post(
    "/{int:inspection_id}/notices",
    response={201: InspectionNoticeOut, **WRITE_ERRORS},
    operation_id="inspection_notice_circulate",
)
def notice_circulate(request: HttpRequest, inspection_id: int, payload: InspectionNoticeIn) -> Any:
    """Circulate the findings to the organs chosen (在适当范围内通报督查情况)."""
    inspection = selectors.access_inspection_by_id(request.user, inspection_id, action="notice")
    notice = follow.inspection_notice_circulate(
        inspection=inspection,
        title=payload.title,
        text=payload.text,
        audience=[_organ_named(pk, "organ_ids") for pk in payload.organ_ids],
        actor=request.user,
    )
    return Status(201, notice_out(request, notice))


@router.get(
    "/notices",
    response={200: PageOut[InspectionNoticeOut], **READ_ERRORS},
    operation_id="inspection_notice_list",
)
def notice_list(request: HttpRequest, filters: Query[InspectionNoticeFilter]) -> Any:
    rows = selectors.notices_visible(request.user).order_by("-issued_on", "-id")
    return page_out(
        rows,
        page=filters.page,
        page_size=filters.page_size,
        render=lambda n: notice_out(request, n),
    )


@router.get(
    "/notices/{int:notice_id}",
    response={200: InspectionNoticeOut, **READ_ERRORS},
    operation_id="inspection_notice_detail",
)
def notice_detail(request: HttpRequest, notice_id: int) -> Any:
    return notice_out(request, selectors.access_notice_by_id(request.user, notice_id))


@router.post(
    "/notices/{int:notice_id}/read",
    response={200: InspectionNoticeOut, **WRITE_ERRORS},
    operation_id="inspection_notice_read",
)
def notice_read(request: HttpRequest, notice_id: int) -> Any:
    """The user's organs have read the notice delivered to them."""
    notice = selectors.access_notice_by_id(request.user, notice_id, action="read_mark")
    mine = selectors.member_organ_ids(request.user)
    for delivery in selectors.deliveries_to(request.user, notice):
        if delivery.organ_id in mine and delivery.read_at is None:
            follow.inspection_notice_mark_read(
                notice=notice, organ=delivery.organ, actor=request.user
            )
    return notice_out(request, notice)
