"""Pages of the inspections part (细则第九条), under ``/oversight/inspections/``.

Thin: each view reads through a chokepoint of ``xinfang.oversight.selectors.inspections`` (a
logged 404 otherwise), parses its form and calls one service. A step is offered only when the
transition table allows it now and the user may take it; bad input shows the form again with
its errors, a refusal says why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from xinfang.orgs.models import Organ
from xinfang.oversight.models import InspectionState, RectificationDemandState
from xinfang.oversight.selectors import inspections as selectors
from xinfang.oversight.selectors.coverage import plans_coverage
from xinfang.oversight.selectors.inspections_checklist import POINTS, figure_lines
from xinfang.oversight.services import inspections as services
from xinfang.oversight.services import inspections_demands as follow
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.selectors import access_matter_by_id
from xinfang.refusals import Refused
from xinfang.web.accountability.forms import apply_errors
from xinfang.web.exports import export_format, export_if_asked
from xinfang.web.forms_focus import focus_first_error
from xinfang.web.paging import page_of

from . import downloads
from .inspections_forms import (
    AcceptForm,
    AnswerForm,
    DemandForm,
    FindingForm,
    InspectionForm,
    NoticeForm,
    PlanForm,
    ReportForm,
    ReturnForm,
    ScopeAddForm,
    ScopeRemoveForm,
)

TEMPLATES = "oversight/inspections"

STEP_LABELS = {
    services.Action.START: gettext_lazy("开始督查"),
    services.Action.RECORD_FINDINGS: gettext_lazy("形成督查意见"),
    services.Action.FINISH: gettext_lazy("出具督查报告"),
    follow.Action.ANSWER: gettext_lazy("反馈整改情况"),
    follow.Action.ACCEPT: gettext_lazy("验收"),
    follow.Action.RETURN: gettext_lazy("退回重新整改"),
}


def _refused(request: HttpRequest, exc: Refused, back: str) -> HttpResponse:
    context = {"messages_": exc.messages, "back": back}
    return render(request, "accountability/refused.html", context, status=409)


def _submit(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], str | None],
    back: str,
    page: Callable[[], HttpResponse],
) -> HttpResponse:
    """Call the service for a valid form (``call`` gets the cleaned data and may name where to
    go next): redirect on success, the refusal's page on a refusal, else ``page()`` with the
    errors on the form and the input kept."""
    if form.is_valid():
        try:
            target = call(form.cleaned_data)
        except Refused as exc:
            return _refused(request, exc, back)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(target or back)
    return page()


def _listing(
    request: HttpRequest, rows: Any, template: str, *, name: str, columns: Any, what: str
) -> HttpResponseBase:
    """A list page of ``rows`` (``rows`` and ``page_obj`` in the context), or its download."""
    exported = export_if_asked(request, rows, name=name, columns=columns, what=f"oversight.{what}")
    if exported is not None:
        return exported
    page = page_of(request, rows)
    return render(request, f"{TEMPLATES}/{template}", {"rows": page, "page_obj": page})


# --- plans -----------------------------------------------------------------------------------


def _with_coverage(plans: Any) -> list[tuple[Any, int, int]]:
    """Each plan with its organs inspected and in scope."""
    listed = list(plans)
    coverage = plans_coverage(listed)
    return [(plan, *coverage[plan.pk]) for plan in listed]


@login_required
def plan_list(request: HttpRequest) -> HttpResponseBase:
    plans = selectors.plans_visible(request.user)
    exported = export_if_asked(
        request,
        _with_coverage(plans) if export_format(request) else [],
        name=_("督查计划与覆盖情况"),
        columns=downloads.PLANS,
        what="oversight.inspection_plans",
    )
    if exported is not None:
        return exported
    page = page_of(request, plans)
    rows = _with_coverage(page)
    authorities, _own = selectors.plan_choices(request.user)
    context = {"rows": rows, "page_obj": page, "may_plan": bool(authorities)}
    return render(request, f"{TEMPLATES}/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    authorities, own = selectors.plan_choices(request.user)
    if not authorities:
        raise Http404(_("未找到。"))
    form = PlanForm(
        request.POST or None,
        authorities=authorities,
        inspecting=own,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.inspection_plan_create(
                authority=next(o for o in authorities if o.pk == data["authority"]),
                inspecting_organ=next(o for o in own if o.pk == data["inspecting_organ"]),
                year=data["year"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("oversight:inspection_plan_detail", plan_id=plan.pk)
    focus_first_error(form)
    return render(request, f"{TEMPLATES}/plan_new.html", {"form": form})


def _plan_page(
    request: HttpRequest, plan: Any, bound: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    rows = selectors.scope_rows(plan)
    covered = sum(1 for row in rows if row.covered)
    today = timezone.localdate()
    add_form = bound[1] if bound and bound[0] == "add" else ScopeAddForm(prefix="add")
    remove_form = bound[1] if bound and bound[0] == "remove" else None
    focus_first_error(bound[1] if bound else None)
    return render(
        request,
        f"{TEMPLATES}/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "covered": covered,
            "gaps": len(rows) - covered,
            "second_half": (today.year > plan.year) or today.month >= 7,
            "inspections": plan.inspections.order_by("planned_start", "id"),
            "add_form": add_form,
            "remove_form": remove_form,
        },
        status=200 if bound is None else 400,
    )


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_page(request, selectors.access_plan_by_id(request.user, plan_id))


@login_required
@require_POST
def plan_scope(request: HttpRequest, plan_id: int, change: str) -> HttpResponse:
    plan = selectors.access_plan_by_id(request.user, plan_id, action=f"scope_{change}")
    back = reverse("oversight:inspection_plan_detail", args=[plan.pk])
    form: forms.Form
    if change == "add":
        form = ScopeAddForm(request.POST, prefix="add")
    elif change == "remove":
        form = ScopeRemoveForm(request.POST, prefix="remove")
    else:
        raise Http404(_("未找到。"))

    def call(data: dict[str, Any]) -> None:
        if change == "add":
            organ = Organ.objects.filter(code=data["code"].strip()).first()
            if organ is None:
                raise ValidationError({"code": [_("没有该机构代码。")]})
            services.inspection_plan_scope_add(plan=plan, organ=organ, actor=request.user)
            return
        removed = Organ.objects.filter(pk=data["organ"]).first()
        if removed is None:
            raise Http404(_("未找到。"))
        services.inspection_plan_scope_remove(
            plan=plan, organ=removed, reason=data["reason"], actor=request.user
        )

    return _submit(
        request, form, call, back, lambda: _plan_page(request, plan, bound=(change, form))
    )


# --- inspections -----------------------------------------------------------------------------


@login_required
def inspection_list(request: HttpRequest) -> HttpResponseBase:
    rows = selectors.inspections_visible(request.user).order_by("-planned_start", "-id")
    return _listing(
        request,
        rows,
        "list.html",
        name=_("督查"),
        columns=downloads.INSPECTIONS,
        what="inspections",
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.access_plan_by_id(request.user, plan_id, action="inspection_new")
    organs = [e.organ for e in plan.scope.select_related("organ").order_by("organ__path")]
    form = InspectionForm(request.POST or None, organs=organs, initial={"kind": "special"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = set(data["organs"])
        try:
            matter = _matter(request, data["matter"])
            inspection = services.inspection_create(
                plan=plan,
                kind=data["kind"],
                title=data["title"],
                organs=[o for o in organs if o.pk in chosen],
                team_leader=data["team_leader"],
                team=data["team"],
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
                matter=matter,
                problem=data["problem"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("oversight:inspection_detail", inspection_id=inspection.pk)
    focus_first_error(form)
    return render(request, f"{TEMPLATES}/new.html", {"form": form, "plan": plan})


def _matter(request: HttpRequest, matter_id: int | None) -> Matter | None:
    """The important matter named, read through its chokepoint; one the user may not read is
    an error on the field, as if it did not exist."""
    if not matter_id:
        return None
    try:
        return access_matter_by_id(request.user, matter_id)
    except Http404:
        raise ValidationError({"matter": [_("没有该信访事项。")]}) from None


def _item_rows(request: HttpRequest, inspection: Any, bound: Any) -> list[dict[str, Any]]:
    editable = inspection.state == InspectionState.UNDER_WAY and selectors.may_manage_inspection(
        request.user, inspection
    )
    rows = []
    for item in selectors.items_for(request.user, inspection):
        point = POINTS.get(item.key)
        form = None
        if editable:
            if bound is not None and bound[0] == f"item-{item.pk}":
                form = bound[1]
            else:
                form = FindingForm(
                    initial={"finding": item.finding, "ground": item.ground},
                    prefix=f"item-{item.pk}",
                )
        rows.append(
            {
                "item": item,
                "title": point.title if point else item.key,
                "article": point.article if point else "",
                "figures": figure_lines(item.key, item.figures),
                "form": form,
            }
        )
    return rows


def _inspection_page(
    request: HttpRequest, inspection: Any, bound: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    manages = selectors.may_manage_inspection(request.user, inspection)
    inspected = list(inspection.inspected.order_by("path"))
    step_forms: list[tuple[str, forms.Form]] = []
    for action in services.steps_open_to(request.user, inspection):
        if bound is not None and bound[0] == action:
            step_forms.append(bound)
        elif action == services.Action.FINISH:
            step_forms.append((action, ReportForm(prefix=action)))
        else:
            step_forms.append((action, forms.Form(prefix=action)))
    follow_up = manages and inspection.state in follow.FOLLOWED_UP
    demand_form = None
    if follow_up:
        demand_form = (
            bound[1]
            if bound and bound[0] == "demand"
            else DemandForm(organs=inspected, prefix="demand")
        )
    notice_form = None
    if manages and inspection.state == InspectionState.FINISHED:
        audience = selectors.notice_audience_choices(inspection)
        notice_form = (
            bound[1]
            if bound and bound[0] == "notice"
            else NoticeForm(organs=audience, prefix="notice", initial={"title": inspection.title})
        )
    matter = None
    if inspection.matter_id is not None:
        matter = selectors.readable_matter(request.user, inspection.matter_id)
    focus_first_error(bound[1] if bound else None)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "inspection": inspection,
            "inspected": inspected,
            "inspected_names": [o.name for o in inspected],
            "manages": manages,
            "items": _item_rows(request, inspection, bound),
            "demands": selectors.demands_for(request.user, inspection),
            "notices": selectors.notices_visible(request.user).filter(inspection=inspection),
            "step_forms": step_forms,
            "step_labels": STEP_LABELS,
            "demand_form": demand_form,
            "notice_form": notice_form,
            "matter": matter,
            "today": timezone.localdate(),
        },
        status=200 if bound is None else 400,
    )


@login_required
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    return _inspection_page(request, selectors.access_inspection_by_id(request.user, inspection_id))


@login_required
def inspection_report(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The report as a readable, printable page (the official layout is a later issue)."""
    inspection = selectors.access_inspection_by_id(request.user, inspection_id, action="report")
    return render(
        request,
        f"{TEMPLATES}/report.html",
        {
            "inspection": inspection,
            "inspected_names": [o.name for o in inspection.inspected.order_by("path")],
            "items": _item_rows(request, inspection, None),
            "demands": selectors.demands_for(request.user, inspection),
        },
    )


@login_required
@require_POST
def inspection_step(request: HttpRequest, inspection_id: int, action: str) -> HttpResponse:
    if action not in {a.value for a in services.Action}:
        raise Http404(_("未找到。"))
    inspection = selectors.access_inspection_by_id(request.user, inspection_id, action=action)
    back = reverse("oversight:inspection_detail", args=[inspection.pk])
    form: forms.Form = (
        ReportForm(request.POST, prefix=action)
        if action == services.Action.FINISH
        else forms.Form(request.POST, prefix=action)
    )

    def call(data: dict[str, Any]) -> None:
        if action == services.Action.START:
            services.inspection_start(inspection=inspection, actor=request.user)
        elif action == services.Action.RECORD_FINDINGS:
            services.inspection_record_findings(inspection=inspection, actor=request.user)
        else:
            services.inspection_finish(
                inspection=inspection, report=data["report"], actor=request.user
            )

    return _submit(
        request, form, call, back, lambda: _inspection_page(request, inspection, (action, form))
    )


@login_required
@require_POST
def inspection_finding(request: HttpRequest, inspection_id: int, item_id: int) -> HttpResponse:
    inspection = selectors.access_inspection_by_id(request.user, inspection_id, action="finding")
    item = selectors.items_for(request.user, inspection).filter(pk=item_id).first()
    if item is None:
        raise Http404(_("未找到。"))
    back = reverse("oversight:inspection_detail", args=[inspection.pk])
    prefix = f"item-{item.pk}"
    form = FindingForm(request.POST, prefix=prefix)

    def call(data: dict[str, Any]) -> str:
        services.checklist_item_record_finding(
            item=item, finding=data["finding"], ground=data["ground"], actor=request.user
        )
        return f"{back}#item-{item.pk}"

    return _submit(
        request, form, call, back, lambda: _inspection_page(request, inspection, (prefix, form))
    )


@login_required
@require_POST
def inspection_demand_new(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = selectors.access_inspection_by_id(request.user, inspection_id, action="demand")
    inspected = list(inspection.inspected.order_by("path"))
    back = reverse("oversight:inspection_detail", args=[inspection.pk])
    form = DemandForm(request.POST, organs=inspected, prefix="demand")

    def call(data: dict[str, Any]) -> None:
        follow.rectification_demand_issue(
            inspection=inspection,
            organ=next(o for o in inspected if o.pk == data["organ"]),
            content=data["content"],
            due=data["due"],
            actor=request.user,
        )

    return _submit(
        request, form, call, back, lambda: _inspection_page(request, inspection, ("demand", form))
    )


@login_required
@require_POST
def inspection_notice_new(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = selectors.access_inspection_by_id(request.user, inspection_id, action="notice")
    audience = selectors.notice_audience_choices(inspection)
    back = reverse("oversight:inspection_detail", args=[inspection.pk])
    form = NoticeForm(request.POST, organs=audience, prefix="notice")

    def call(data: dict[str, Any]) -> str:
        chosen = set(data["audience"])
        notice = follow.inspection_notice_circulate(
            inspection=inspection,
            title=data["title"],
            text=data["text"],
            audience=[o for o in audience if o.pk in chosen],
            actor=request.user,
        )
        return reverse("oversight:inspection_notice_detail", args=[notice.pk])

    return _submit(
        request, form, call, back, lambda: _inspection_page(request, inspection, ("notice", form))
    )


# --- rectification demands -------------------------------------------------------------------

DEMAND_FORMS: dict[str, type[forms.Form]] = {
    follow.Action.ANSWER: AnswerForm,
    follow.Action.ACCEPT: AcceptForm,
    follow.Action.RETURN: ReturnForm,
}
DEMAND_SERVICES: dict[str, Callable[..., Any]] = {
    follow.Action.ANSWER: follow.rectification_demand_answer,
    follow.Action.ACCEPT: follow.rectification_demand_accept,
    follow.Action.RETURN: follow.rectification_demand_return,
}


@login_required
def demand_list(request: HttpRequest) -> HttpResponseBase:
    state = request.GET.get("state", "")
    rows = selectors.demands_visible(request.user)
    if state in RectificationDemandState.values:
        rows = rows.filter(state=state).order_by("due", "id")
    exported = export_if_asked(
        request,
        rows,
        name=_("督查整改要求"),
        columns=downloads.DEMANDS,
        what="oversight.rectification_demands",
    )
    if exported is not None:
        return exported
    page = page_of(request, rows)
    return render(
        request,
        f"{TEMPLATES}/demand_list.html",
        {
            "rows": page,
            "page_obj": page,
            "states": RectificationDemandState.choices,
            "state": state,
            "today": timezone.localdate(),
        },
    )


def _demand_page(
    request: HttpRequest, demand: Any, bound: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    step_forms = [
        bound
        if bound is not None and bound[0] == action
        else (action, DEMAND_FORMS[action](prefix=action))
        for action in follow.demand_steps_open_to(request.user, demand)
    ]
    focus_first_error(bound[1] if bound else None)
    return render(
        request,
        f"{TEMPLATES}/demand_detail.html",
        {
            "demand": demand,
            "step_forms": step_forms,
            "step_labels": STEP_LABELS,
            "today": timezone.localdate(),
        },
        status=200 if bound is None else 400,
    )


@login_required
def demand_detail(request: HttpRequest, demand_id: int) -> HttpResponse:
    return _demand_page(request, selectors.access_demand_by_id(request.user, demand_id))


@login_required
@require_POST
def demand_step(request: HttpRequest, demand_id: int, action: str) -> HttpResponse:
    if action not in DEMAND_FORMS:
        raise Http404(_("未找到。"))
    demand = selectors.access_demand_by_id(request.user, demand_id, action=action)
    back = reverse("oversight:inspection_demand_detail", args=[demand.pk])
    form = DEMAND_FORMS[action](request.POST, prefix=action)
    service = DEMAND_SERVICES[action]

    def call(data: dict[str, Any]) -> None:
        service(demand=demand, actor=request.user, **data)

    return _submit(request, form, call, back, lambda: _demand_page(request, demand, (action, form)))


# --- notices ---------------------------------------------------------------------------------


@login_required
def notice_list(request: HttpRequest) -> HttpResponseBase:
    rows = selectors.notices_visible(request.user).order_by("-issued_on", "-id")
    return _listing(
        request,
        rows,
        "notice_list.html",
        name=_("督查通报"),
        columns=downloads.NOTICES,
        what="inspection_notices",
    )


@login_required
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = selectors.access_notice_by_id(request.user, notice_id)
    mine = selectors.member_organ_ids(request.user)
    deliveries = selectors.deliveries_to(request.user, notice)
    return render(
        request,
        f"{TEMPLATES}/notice_detail.html",
        {
            "notice": notice,
            "deliveries": deliveries,
            "unread_mine": [d for d in deliveries if d.organ_id in mine and d.read_at is None],
        },
    )


@login_required
@require_POST
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = selectors.access_notice_by_id(request.user, notice_id, action="read_mark")
    mine = selectors.member_organ_ids(request.user)
    for delivery in selectors.deliveries_to(request.user, notice):
        if delivery.organ_id in mine and delivery.read_at is None:
            follow.inspection_notice_mark_read(
                notice=notice, organ=delivery.organ, actor=request.user
            )
    return redirect("oversight:inspection_notice_detail", notice_id=notice.pk)


#: The part's pages the oversight index links to: (title, URL name).
PAGES: tuple[tuple[Promise, str], ...] = (
    (gettext_lazy("督查计划与覆盖情况"), "oversight:inspection_plan_list"),
    (gettext_lazy("督查"), "oversight:inspection_list"),
    (gettext_lazy("督查整改要求"), "oversight:inspection_demand_list"),
    (gettext_lazy("督查通报"), "oversight:inspection_notice_list"),
)

urlpatterns: list[URLPattern] = [
    path("", inspection_list, name="inspection_list"),
    path("plans/", plan_list, name="inspection_plan_list"),
    path("plans/new/", plan_new, name="inspection_plan_new"),
    path("plans/<int:plan_id>/", plan_detail, name="inspection_plan_detail"),
    path("plans/<int:plan_id>/scope/<str:change>/", plan_scope, name="inspection_plan_scope"),
    path("plans/<int:plan_id>/new/", inspection_new, name="inspection_new"),
    path("<int:inspection_id>/", inspection_detail, name="inspection_detail"),
    path("<int:inspection_id>/report/", inspection_report, name="inspection_report"),
    path(
        "<int:inspection_id>/items/<int:item_id>/",
        inspection_finding,
        name="inspection_finding",
    ),
    path("<int:inspection_id>/demands/", inspection_demand_new, name="inspection_demand_new"),
    path("<int:inspection_id>/notices/", inspection_notice_new, name="inspection_notice_new"),
    path("<int:inspection_id>/<str:action>/", inspection_step, name="inspection_step"),
    path("demands/", demand_list, name="inspection_demand_list"),
    path("demands/<int:demand_id>/", demand_detail, name="inspection_demand_detail"),
    path("demands/<int:demand_id>/<str:action>/", demand_step, name="inspection_demand_step"),
    path("notices/", notice_list, name="inspection_notice_list"),
    path("notices/<int:notice_id>/", notice_detail, name="inspection_notice_detail"),
    path("notices/<int:notice_id>/read/", notice_read, name="inspection_notice_read"),
]
