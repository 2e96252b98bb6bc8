"""Pages of 细则第六条 (recommendations, situation reports): the views and their addresses.

Thin: each view reads through a chokepoint of ``xinfang.duties.selectors.recommendations`` (a
logged 404 otherwise), parses its form and calls one service. A step is offered only when the
transition table allows it now and the user works for the organ that takes it (the recipient
replies; the office follows up, closes, withdraws); bad input shows the form again with its
errors, a refusal says why.
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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from xinfang.access.policy import visible
from xinfang.duties.models.recommendations import (
    OfficeRecommendation,
    RecommendationState,
    SituationReport,
    SituationReportState,
)
from xinfang.duties.selectors import recommendations as selectors
from xinfang.duties.selectors.recommendations_figures import last_quarter
from xinfang.duties.services import recommendations as services
from xinfang.duties.services import recommendations_reports as reports
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import organs_of_user
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.selectors import access_matter_by_id
from xinfang.refusals import Refused
from xinfang.web.accountability.forms import apply_errors
from xinfang.web.exports import export_if_asked
from xinfang.web.forms_focus import focus_first_error
from xinfang.web.paging import page_of

from . import downloads
from .recommendations_figures import figure_tables
from .recommendations_forms import (
    CirculateForm,
    CloseForm,
    FollowUpForm,
    RecommendationForm,
    ReplyForm,
    ReportForm,
    ReportTextForm,
    WithdrawForm,
)

TEMPLATES = "duties/recommendations"


def _refused(request: HttpRequest, exc: Refused, back: str) -> HttpResponse:
    """A refused step: the service's reasons, and the way back."""
    context = {"messages_": exc.messages, "back": back}
    return render(request, "accountability/refused.html", context, status=409)


def _member_ids(request: HttpRequest) -> set[int]:
    return {organ.pk for organ in organs_of_user(request.user)}


# --- recommendations -------------------------------------------------------------------------


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponseBase:
    """The recommendations the user may read: received by the user's organs, or made by them."""
    state = request.GET.get("state", "")
    rows = selectors.recommendations_visible(request.user)
    if state in RecommendationState.values:
        rows = rows.filter(state=state)
    exported = export_if_asked(
        request,
        rows,
        name=_("信访部门建议"),
        columns=downloads.RECOMMENDATIONS,
        what="duties.recommendations",
    )
    if exported is not None:
        return exported
    today = timezone.localdate()
    page = page_of(request, rows)
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {
            "rows": page,
            "page_obj": page,
            "states": RecommendationState.choices,
            "state": state,
            "today": today,
            "may_send": bool(selectors.offices_of_user(request.user)),
        },
    )


def _matters_of(request: HttpRequest, ids: list[int]) -> list[Matter]:
    """The matters named, each read through the chokepoint (a logged 404 otherwise)."""
    return [access_matter_by_id(request.user, pk) for pk in ids]


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_new(request: HttpRequest) -> HttpResponse:
    offices = selectors.offices_of_user(request.user)
    if not offices:
        raise Http404(_("未找到。"))
    wanted = request.POST.get("office") or request.GET.get("office") or ""
    office = next((o for o in offices if str(o.pk) == wanted), offices[0])
    recipients = selectors.recipient_choices(office)
    form = RecommendationForm(
        request.POST or None,
        offices=offices,
        recipients=recipients,
        initial={"office": office.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipient = next(o for o in recipients if o.pk == data["recipient"])
        try:
            recommendation = services.office_recommendation_send(
                office=office,
                recipient=recipient,
                kind=data["kind"],
                title=data["title"],
                content=data["content"],
                reasons=data["reasons"],
                matters=_matters_of(request, data["matters"]),
                sent_on=data["sent_on"],
                reply_due=data["reply_due"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("duties:recommendation_detail", recommendation_id=recommendation.pk)
    setting = selectors.reply_setting(timezone.localdate())
    focus_first_error(form)
    return render(
        request,
        f"{TEMPLATES}/new.html",
        {"form": form, "office": office, "setting": setting},
    )


#: Each step: its form and its service (called with the recommendation, the actor and the
#: form's values).
STEPS: dict[str, tuple[type[forms.Form], Callable[..., OfficeRecommendation]]] = {
    services.Action.REPLY: (ReplyForm, services.office_recommendation_reply),
    services.Action.FOLLOW_UP: (FollowUpForm, services.office_recommendation_follow_up),
    services.Action.CLOSE: (CloseForm, services.office_recommendation_close),
    services.Action.WITHDRAW: (WithdrawForm, services.office_recommendation_withdraw),
}


def _follow_up_initial(rec: OfficeRecommendation) -> dict[str, Any]:
    return {
        "notes": rec.follow_up_notes,
        "measures_due": rec.measures_due,
        "measures": rec.measures,
        "measures_done_on": rec.measures_done_on,
    }


def _recommendation_page(
    request: HttpRequest,
    rec: OfficeRecommendation,
    bound: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    matter_ids = list(rec.matters.order_by("pk").values_list("pk", flat=True))
    readable = {
        m.pk: m
        for m in visible(request.user, Matter.objects.filter(pk__in=matter_ids)).only(
            "pk", "summary"
        )
    }
    step_forms: list[tuple[str, forms.Form]] = []
    for action in services.steps_open_to(rec, _member_ids(request)):
        if bound is not None and bound[0] == action:
            step_forms.append(bound)
            continue
        form_class = STEPS[action][0]
        initial = _follow_up_initial(rec) if action == services.Action.FOLLOW_UP else None
        step_forms.append((action, form_class(initial=initial, prefix=action)))
    focus_first_error(bound[1] if bound else None)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "rec": rec,
            "matters": [(pk, readable.get(pk)) for pk in matter_ids],
            "basis": selectors.recommendation_basis(rec.kind, rec.sent_on),
            "reply_basis": selectors.reply_basis(rec.sent_on),
            "setting": selectors.reply_setting(rec.sent_on, rec.recipient),
            "today": timezone.localdate(),
            "step_forms": step_forms,
            "step_labels": STEP_LABELS,
        },
        status=200 if bound is None else 400,
    )


STEP_LABELS = {
    services.Action.REPLY: gettext_lazy("书面反馈采纳情况"),
    services.Action.FOLLOW_UP: gettext_lazy("跟踪落实"),
    services.Action.CLOSE: gettext_lazy("办结"),
    services.Action.WITHDRAW: gettext_lazy("撤回建议"),
}


@login_required
def recommendation_detail(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.access_recommendation_by_id(request.user, recommendation_id)
    return _recommendation_page(request, rec)


@login_required
@require_POST
def recommendation_step(request: HttpRequest, recommendation_id: int, action: str) -> HttpResponse:
    if action not in STEPS:
        raise Http404(_("未找到。"))
    rec = selectors.access_recommendation_by_id(request.user, recommendation_id, action=action)
    form_class, service = STEPS[action]
    form = form_class(request.POST, prefix=action)
    back = reverse("duties:recommendation_detail", args=[rec.pk])
    if form.is_valid():
        try:
            service(recommendation=rec, actor=request.user, **form.cleaned_data)
        except Refused as exc:
            return _refused(request, exc, back)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(back)
    return _recommendation_page(request, rec, bound=(action, form))


# --- situation reports -----------------------------------------------------------------------


@login_required
def situation_report_list(request: HttpRequest) -> HttpResponseBase:
    rows = selectors.reports_visible(request.user)
    exported = export_if_asked(
        request,
        rows,
        name=_("信访情况分析报告"),
        columns=downloads.SITUATION_REPORTS,
        what="duties.situation_reports",
    )
    if exported is not None:
        return exported
    page = page_of(request, rows)
    return render(
        request,
        f"{TEMPLATES}/report_list.html",
        {
            "reports": page,
            "page_obj": page,
            "may_generate": bool(selectors.offices_of_user(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def situation_report_new(request: HttpRequest) -> HttpResponse:
    offices = selectors.offices_of_user(request.user)
    if not offices:
        raise Http404(_("未找到。"))
    start, end = last_quarter(timezone.localdate())
    form = ReportForm(
        request.POST or None,
        offices=offices,
        initial={"office": offices[0].pk, "period_start": start, "period_end": end},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        office = next(o for o in offices if o.pk == data["office"])
        try:
            report = reports.situation_report_generate(
                office=office,
                period_start=data["period_start"],
                period_end=data["period_end"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("duties:situation_report_detail", report_id=report.pk)
    focus_first_error(form)
    return render(request, f"{TEMPLATES}/report_new.html", {"form": form})


def _report_forms(
    request: HttpRequest, report: SituationReport, bound: tuple[str, forms.Form] | None
) -> dict[str, forms.Form]:
    """The forms of the steps the table allows now, for a user of the office."""
    principal = selectors.is_principal_leader(request.user, report.office, timezone.localdate())
    made: dict[str, forms.Form] = {}
    for action in reports.report_steps_open_to(report, _member_ids(request), principal=principal):
        if bound is not None and bound[0] == action:
            made[action] = bound[1]
        elif action == reports.Action.EDIT:
            made[action] = ReportTextForm(
                initial={"analysis": report.analysis, "recommendations": report.recommendations},
                prefix=action,
            )
        elif action == reports.Action.CIRCULATE:
            made[action] = CirculateForm(
                organs=selectors.circulation_choices(report.office),
                initial={"organs": list(report.circulated_to.values_list("pk", flat=True))},
                prefix=action,
            )
        else:
            made[action] = forms.Form(prefix=action)
    return made


def _report_page(
    request: HttpRequest, report: SituationReport, bound: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    focus_first_error(bound[1] if bound else None)
    return render(
        request,
        f"{TEMPLATES}/report_detail.html",
        {
            "report": report,
            "tables": figure_tables(report.figures),
            "basis": selectors.report_basis(report.period_end),
            "circulated_to": report.circulated_to.order_by("path"),
            "forms": _report_forms(request, report, bound),
            "draft": report.state == SituationReportState.DRAFT,
        },
        status=200 if bound is None else 400,
    )


@login_required
def situation_report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    return _report_page(request, selectors.access_report_by_id(request.user, report_id))


def _circulation_organs(report: SituationReport, ids: list[int]) -> list[Organ]:
    chosen = set(ids)
    return [o for o in selectors.circulation_choices(report.office) if o.pk in chosen]


@login_required
@require_POST
def situation_report_step(request: HttpRequest, report_id: int, action: str) -> HttpResponse:
    if action not in {a.value for a in reports.Action}:
        raise Http404(_("未找到。"))
    report = selectors.access_report_by_id(request.user, report_id, action=action)
    back = reverse("duties:situation_report_detail", args=[report.pk])
    form: forms.Form
    if action == reports.Action.EDIT:
        form = ReportTextForm(request.POST, prefix=action)
    elif action == reports.Action.CIRCULATE:
        organs = selectors.circulation_choices(report.office)
        form = CirculateForm(request.POST, organs=organs, prefix=action)
    else:
        form = forms.Form(request.POST, prefix=action)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == reports.Action.EDIT:
                reports.situation_report_edit(report=report, actor=request.user, **data)
            elif action == reports.Action.REGENERATE:
                reports.situation_report_regenerate(report=report, actor=request.user)
            elif action == reports.Action.APPROVE:
                reports.situation_report_approve(report=report, actor=request.user)
            else:
                organs = _circulation_organs(report, data["organs"])
                reports.situation_report_circulate(report=report, organs=organs, actor=request.user)
        except Refused as exc:
            return _refused(request, exc, back)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(back)
    return _report_page(request, report, bound=(action, form))


urlpatterns: list[URLPattern] = [
    path("", recommendation_list, name="recommendation_list"),
    path("new/", recommendation_new, name="recommendation_new"),
    path("<int:recommendation_id>/", recommendation_detail, name="recommendation_detail"),
    path(
        "<int:recommendation_id>/<str:action>/",
        recommendation_step,
        name="recommendation_step",
    ),
    path("reports/", situation_report_list, name="situation_report_list"),
    path("reports/new/", situation_report_new, name="situation_report_new"),
    path("reports/<int:report_id>/", situation_report_detail, name="situation_report_detail"),
    path(
        "reports/<int:report_id>/<str:action>/",
        situation_report_step,
        name="situation_report_step",
    ),
]
