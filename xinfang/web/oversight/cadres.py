"""Pages of the oversight part ``cadres`` (细则第十条第二款、第十八条), under
``/oversight/cadres/``.

Thin: each view reads through a chokepoint of ``xinfang.oversight.selectors.cadres`` (the
request: a logged 404 to anyone but the requesting department and the answering office) or
of the accountability app (a person's record: ``access_accountability_record``), parses its
form and calls one service. A step is offered only when the table allows it now and the user
serves in the office (a leader of it, to sign).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from xinfang.access.policy import can_read_accountability_record
from xinfang.accountability.selectors import access_accountability_record
from xinfang.orgs.models import Person
from xinfang.orgs.selectors import organs_of_user
from xinfang.oversight.models.cadres import CadreOpinionRequest, CadreOpinionState
from xinfang.oversight.selectors import cadres as selectors
from xinfang.oversight.selectors import cadres_record as records
from xinfang.oversight.selectors.cadres_figures import accountability_rows, measure_labels
from xinfang.oversight.selectors.cadres_text import decision_line, figure_sections, outcome_label
from xinfang.oversight.services import cadres as services
from xinfang.punctuation import join_list
from xinfang.refusals import Refused
from xinfang.web.accountability.forms import apply_errors
from xinfang.web.exports import export_if_asked
from xinfang.web.forms_focus import focus_first_error
from xinfang.web.paging import page_of

from . import downloads
from .cadres_forms import CadreRequestForm, OpinionForm, RecordFilterForm, RefuseForm

TEMPLATES = "oversight/cadres"
#: The sides of the list: requests to answer (the user's petition office), requests made (the
#: user's organization department); both by default (the API's ``side``).
SIDES = {
    "incoming": gettext_lazy("待本信访部门答复"),
    "outgoing": gettext_lazy("本组织部门征求的意见"),
}

#: The part's pages the oversight index links to: (title, URL name).
PAGES: tuple[tuple[Promise, str], ...] = (
    (gettext_lazy("干部考察征求信访部门意见"), "oversight:cadre_request_list"),
    (gettext_lazy("被追究信访工作责任人员"), "oversight:cadre_record_list"),
)


def _member_ids(request: HttpRequest) -> set[int]:
    return {organ.pk for organ in organs_of_user(request.user)}


def _refused(request: HttpRequest, exc: Refused, back: str) -> HttpResponse:
    context = {"messages_": exc.messages, "back": back}
    return render(request, "accountability/refused.html", context, status=409)


# --- requests --------------------------------------------------------------------------------


@login_required
def cadre_request_list(request: HttpRequest) -> HttpResponseBase:
    """Requests to answer (the user's petition office) and requests made (the user's
    organization department), overdue flagged."""
    rows = selectors.cadre_requests_for(request.user)
    state = request.GET.get("state", "")
    if state in CadreOpinionState.values:
        rows = rows.filter(state=state)
    ids = _member_ids(request)
    side = request.GET.get("side", "")
    if side == "incoming":
        rows = rows.filter(office_id__in=ids)
    elif side == "outgoing":
        rows = rows.filter(requester_id__in=ids)
    else:
        rows = rows.filter(Q(office_id__in=ids) | Q(requester_id__in=ids))
    exported = export_if_asked(
        request,
        rows,
        name=_("干部考察征求信访部门意见"),
        columns=downloads.CADRE_REQUESTS,
        what="oversight.cadre_requests",
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
            "sides": SIDES.items(),
            "side": side,
            "states": CadreOpinionState.choices,
            "state": state,
            "today": today,
            "may_request": bool(selectors.departments_of_user(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cadre_request_new(request: HttpRequest) -> HttpResponse:
    departments = selectors.departments_of_user(request.user)
    if not departments:
        raise Http404(_("未找到。"))
    wanted = request.POST.get("department") or request.GET.get("department") or ""
    department = next((o for o in departments if str(o.pk) == wanted), departments[0])
    today = timezone.localdate()
    query = request.GET.get("q", "")
    if request.method == "POST":
        leaders = list(selectors.leaders_of_level(department, today))
    else:
        leaders = selectors.leader_positions_named(department, today, query)
    form = CadreRequestForm(
        request.POST or None,
        departments=departments,
        leaders=leaders,
        initial={"department": department.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.cadre_request_create(
                requester=department,
                person=Person.objects.get(pk=data["person"]),
                purpose=data["purpose"],
                purpose_note=data["purpose_note"],
                due=data["due"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("oversight:cadre_request_detail", request_id=row.pk)
    focus_first_error(form)
    return render(
        request,
        f"{TEMPLATES}/new.html",
        {
            "form": form,
            "department": department,
            "office": selectors.petition_office_of_level(department),
            "query": query,
        },
        status=400 if form.is_bound else 200,
    )


STEP_LABELS = {
    services.Action.DRAFT: gettext_lazy("从系统生成意见草稿"),
    services.Action.EDIT: gettext_lazy("修改意见"),
    services.Action.SIGN: gettext_lazy("签发"),
    services.Action.REFUSE: gettext_lazy("不予出具"),
}


def _step_form(action: str, data: Any = None, row: CadreOpinionRequest | None = None) -> forms.Form:
    if action == services.Action.EDIT:
        initial = {"opinion": row.opinion} if row is not None else None
        return OpinionForm(data, prefix=action, initial=initial)
    if action == services.Action.REFUSE:
        return RefuseForm(data, prefix=action)
    return forms.Form(data, prefix=action)


def _request_page(
    request: HttpRequest, row: CadreOpinionRequest, bound: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    today = timezone.localdate()
    leader = selectors.is_office_leader(request.user, row.office, today)
    step_forms = []
    for action in services.steps_open_to(row, _member_ids(request), leader=leader):
        if bound is not None and bound[0] == action:
            step_forms.append((action, bound[1]))
        else:
            step_forms.append((action, _step_form(action, row=row)))
    focus_first_error(bound[1] if bound else None)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "row": row,
            "sections": figure_sections(row.figures) if row.figures else [],
            "today": today,
            "overdue": row.is_overdue(today),
            "step_forms": step_forms,
            "step_labels": STEP_LABELS,
            # The person's accountability record, for a department of his level (第十八条).
            "record_link": can_read_accountability_record(request.user, row.person),
        },
        status=200 if bound is None else 400,
    )


@login_required
def cadre_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    row = selectors.access_cadre_request_by_id(request.user, request_id)
    if row.requester_id in _member_ids(request) and row.read_at is None:
        row = services.cadre_request_mark_read(request=row, actor=request.user)
    return _request_page(request, row)


@login_required
@require_POST
def cadre_request_step(request: HttpRequest, request_id: int, action: str) -> HttpResponse:
    if action not in {a.value for a in services.Action}:
        raise Http404(_("未找到。"))
    row = selectors.access_cadre_request_by_id(request.user, request_id, action=action)
    form = _step_form(action, request.POST)
    back = reverse("oversight:cadre_request_detail", args=[row.pk])
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == services.Action.DRAFT:
                services.cadre_request_draft(request=row, actor=request.user)
            elif action == services.Action.EDIT:
                services.cadre_request_edit(request=row, actor=request.user, **data)
            elif action == services.Action.SIGN:
                services.cadre_request_sign(request=row, actor=request.user)
            else:
                services.cadre_request_refuse(request=row, actor=request.user, **data)
        except Refused as exc:
            return _refused(request, exc, back)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(back)
    return _request_page(request, row, bound=(action, form))


# --- the accountability record (细则第十八条) ---------------------------------------------------


@login_required
def cadre_record_list(request: HttpRequest) -> HttpResponseBase:
    """被追究信访工作责任人员: the persons with a decided measure whose record the user's
    organization or personnel department may read, filtered by year and measure."""
    form = RecordFilterForm(request.GET or None)
    year = measure = None
    if form.is_valid():
        year = form.cleaned_data["year"]
        measure = form.cleaned_data["measure"]
    today = timezone.localdate()
    persons = records.record_persons(request.user, today, year=year, measure=measure or "")
    lines = [(p.person, [decision_line(row) for row in p.rows]) for p in persons]
    exported = export_if_asked(
        request,
        lines,
        name=_("被追究信访工作责任人员"),
        columns=downloads.CADRE_RECORDS,
        what="oversight.cadre_records",
    )
    if exported is not None:
        return exported
    page = page_of(request, lines)
    focus_first_error(form)
    return render(
        request,
        f"{TEMPLATES}/record_list.html",
        {
            "form": form,
            "persons": page,
            "page_obj": page,
            "departments": records.cadre_departments_of_user(request.user),
        },
    )


@login_required
def cadre_person_record(request: HttpRequest, person_id: int) -> HttpResponse:
    """One person's accountability record: each decided measure (what, basis, date, deciding
    organ) with its rectification outcome, and the notices circulated to the user's
    department."""
    person = access_accountability_record(request.user, person_id)
    today = timezone.localdate()
    rows = accountability_rows(person, today)
    return render(
        request,
        f"{TEMPLATES}/person_record.html",
        {
            "person": person,
            "rows": [
                (
                    row,
                    join_list(measure_labels(row)),
                    outcome_label(row["rectification"]["outcome"]),
                )
                for row in rows
            ],
            "notices": records.person_notices(request.user, person),
        },
    )


urlpatterns: list[URLPattern] = [
    path("", cadre_request_list, name="cadre_request_list"),
    path("new/", cadre_request_new, name="cadre_request_new"),
    path("<int:request_id>/", cadre_request_detail, name="cadre_request_detail"),
    path("<int:request_id>/<str:action>/", cadre_request_step, name="cadre_request_step"),
    path("record/", cadre_record_list, name="cadre_record_list"),
    path("record/<int:person_id>/", cadre_person_record, name="cadre_person_record"),
]
