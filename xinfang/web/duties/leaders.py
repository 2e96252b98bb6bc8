"""Pages of 细则第七条、第八条第二项: the views and their addresses.

阅批 and 批办交办 (instructions), 接访下访 (the organ's published schedule and each leader's count
against the norm), 包案 (case ownership), and a leader's own portfolio (我的分管). Each view
reads through a chokepoint (a logged 404 otherwise), parses its form and calls one service; the
steps a page offers are those the record's machine allows now.
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
from django.views.decorators.http import require_http_methods, require_POST

from xinfang.access.policy import access_organ_records_by_id, access_working_organ
from xinfang.duties.models.leaders import (
    CaseOwnership,
    Instruction,
    InstructionState,
    OwnershipState,
    Reception,
)
from xinfang.duties.selectors import duty_setting
from xinfang.duties.selectors import leaders as selectors
from xinfang.duties.selectors.leaders_portfolio import leader_portfolio
from xinfang.duties.services import leaders as instructions
from xinfang.duties.services import leaders_ownership as ownership_services
from xinfang.duties.services import leaders_receptions as reception_services
from xinfang.orgs.models import Person
from xinfang.orgs.selectors import person_of_user
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.selectors import access_matter_by_id
from xinfang.web.accountability.forms import apply_errors
from xinfang.web.exports import export_if_asked
from xinfang.web.forms_focus import focus_first_error
from xinfang.web.paging import page_of

from . import downloads
from .leaders_forms import (
    CloseForm,
    HeldForm,
    InstructForm,
    MilestoneForm,
    NoteForm,
    NotHeldForm,
    OwnershipForm,
    PutBeforeForm,
    ReceptionForm,
    ReportForm,
    ResolveForm,
    ReturnForm,
)

T = "duties/leaders/"


def _matters(request: HttpRequest, form: forms.Form, ids: list[int]) -> list[Matter] | None:
    """The matters of ``ids`` the user may read; None (with the error on the form) otherwise."""
    try:
        return [access_matter_by_id(request.user, pk) for pk in ids]
    except Http404:
        form.add_error("matter_ids", _("未找到该信访事项，或无权查看。"))
        return None


def _person(pk: int) -> Person:
    return Person.objects.get(pk=pk)


def _steps(
    allowed: list[str],
    blank: dict[str, Callable[[], forms.Form]],
    given: dict[str, forms.Form] | None,
) -> list[tuple[str, forms.Form]]:
    """The forms of the steps the record's machine allows now: the one just posted (with its
    errors and values) or a blank one."""
    return [(a, (given or {}).get(a) or blank[a]()) for a in allowed if a in blank]


def _form_page(request: HttpRequest, title: str, form: forms.Form, **extra: Any) -> HttpResponse:
    status = 400 if form.is_bound else 200
    context = {"title": title, "form": form, **extra}
    focus_first_error(form)
    return render(request, T + "form.html", context, status=status)


# --- 阅批、批办交办 -----------------------------------------------------------------------------


@login_required
def instruction_list(request: HttpRequest) -> HttpResponseBase:
    state = request.GET.get("state", "")
    rows = selectors.instructions_for(request.user)
    if state in InstructionState.values:
        rows = rows.filter(state=state)
    exported = export_if_asked(
        request,
        rows,
        name=_("领导阅批、批办交办"),
        columns=downloads.INSTRUCTIONS,
        what="duties.instructions",
    )
    if exported is not None:
        return exported
    today = timezone.localdate()
    page = page_of(request, rows)
    return render(
        request,
        T + "instruction_list.html",
        {
            "page_obj": page,
            "rows": [(r, r.report_overdue(today)) for r in page],
            "states": InstructionState.choices,
            "state": state,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def instruction_new(request: HttpRequest) -> HttpResponse:
    """Put a letter, an online petition or a task before a leader of one's organ."""
    organ, organs = access_working_organ(request.user, request.GET.get("organ", ""))
    today = timezone.localdate()
    form = PutBeforeForm(request.POST or None, organ=organ, day=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = _matters(request, form, [data["matter_id"]] if data.get("matter_id") else [])
        if found is not None:
            leader_organ, leader = form.chosen()
            try:
                record = instructions.instruction_put_before(
                    organ=leader_organ,
                    by_organ=organ,
                    leader=leader,
                    title=data["title"],
                    matter=found[0] if found else None,
                    put_before_on=data.get("put_before_on"),
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("duties:instruction_detail", record.pk)
    return _form_page(request, _("呈领导阅批"), form, organ=organ, organs=organs)


def _instruction_page(
    request: HttpRequest, record: Instruction, forms_: dict[str, forms.Form] | None = None
) -> HttpResponse:
    today = timezone.localdate()
    allowed = instructions.INSTRUCTION.allowed(record)
    blank: dict[str, Callable[[], forms.Form]] = {
        "instruct": lambda: InstructForm(organ=record.organ, day=today),
        "report": ReportForm,
        "close": CloseForm,
        "return": ReturnForm,
    }
    steps = _steps(allowed, blank, forms_)
    setting = duty_setting("instruction_report_days", on=today, organ=record.organ)
    focus_first_error(*(forms_ or {}).values())
    return render(
        request,
        T + "instruction_detail.html",
        {
            "record": record,
            "overdue": record.report_overdue(today),
            "steps": steps,
            "setting": setting,
        },
        status=400 if forms_ else 200,
    )


@login_required
def instruction_detail(request: HttpRequest, instruction_id: int) -> HttpResponse:
    return _instruction_page(
        request, selectors.access_instruction_by_id(request.user, instruction_id)
    )


@login_required
@require_POST
def instruction_step(request: HttpRequest, instruction_id: int, action: str) -> HttpResponse:
    """One step on an instruction: instruct, report, close or return."""
    if action not in instructions.Action.__members__.values():
        raise Http404(_("未找到。"))
    record = selectors.access_instruction_by_id(request.user, instruction_id, action=action)
    today = timezone.localdate()
    form: forms.Form
    if action == "instruct":
        form = InstructForm(request.POST, organ=record.organ, day=today)
    else:
        form = {"report": ReportForm, "close": CloseForm, "return": ReturnForm}[action](
            request.POST
        )
    if form.is_valid():
        data, user = form.cleaned_data, request.user
        try:
            if action == "instruct":
                assert isinstance(form, InstructForm)
                instructions.instruction_instruct(
                    instruction=record,
                    text=data["text"],
                    to_organ=data.get("to_organ"),
                    to_person=form.person(),
                    instructed_on=data.get("instructed_on"),
                    report_due=data.get("report_due"),
                    actor=user,
                )
            elif action == "report":
                instructions.instruction_report(
                    instruction=record,
                    report=data["report"],
                    reported_on=data.get("reported_on"),
                    actor=user,
                )
            elif action == "close":
                instructions.instruction_close(instruction=record, note=data["note"], actor=user)
            else:
                instructions.instruction_return(
                    instruction=record,
                    reason=data["reason"],
                    report_due=data.get("report_due"),
                    actor=user,
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("duties:instruction_detail", record.pk)
    return _instruction_page(request, record, {action: form})


# --- 接访下访 ---------------------------------------------------------------------------------


@login_required
def reception_schedule(request: HttpRequest, organ_id: int) -> HttpResponseBase:
    """The organ's published reception days and field visits of the year, and each leader's
    count against the norm (信访工作条例(2022)第十八条 公布信访接待的时间和地点)."""
    organ = access_organ_records_by_id(request.user, organ_id)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    rows = selectors.receptions_for(request.user).filter(organ_id=organ.pk, scheduled_on__year=year)
    exported = export_if_asked(
        request,
        rows,
        name=_("领导接访下访安排"),
        columns=downloads.RECEPTIONS,
        what="duties.receptions",
    )
    if exported is not None:
        return exported
    return render(
        request,
        T + "reception_schedule.html",
        {
            "organ": organ,
            "year": year,
            "today": today,
            "rows": rows,
            "norms": selectors.leader_norms(organ, year, today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reception_new(request: HttpRequest) -> HttpResponse:
    organ, organs = access_working_organ(request.user, request.GET.get("organ", ""))
    form = ReceptionForm(request.POST or None, organ=organ, day=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reception_services.reception_schedule(
                organ=organ,
                leader=_person(data["leader"]),
                kind=data["kind"],
                scheduled_on=data["scheduled_on"],
                place=data["place"],
                topic=data["topic"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("duties:reception_schedule", organ.pk)
    return _form_page(request, _("公布领导接访下访安排"), form, organ=organ, organs=organs)


def _reception_page(
    request: HttpRequest, record: Reception, given: dict[str, forms.Form] | None = None
) -> HttpResponse:
    blank: dict[str, Callable[[], forms.Form]] = {"hold": HeldForm, "cancel": NotHeldForm}
    steps = _steps(reception_services.RECEPTION.allowed(record), blank, given)
    focus_first_error(*(given or {}).values())
    return render(
        request,
        T + "reception_detail.html",
        {"record": record, "steps": steps, "matters": record.matters.all()},
        status=400 if given else 200,
    )


@login_required
def reception_detail(request: HttpRequest, reception_id: int) -> HttpResponse:
    return _reception_page(request, selectors.access_reception_by_id(request.user, reception_id))


@login_required
@require_POST
def reception_step(request: HttpRequest, reception_id: int, action: str) -> HttpResponse:
    if action not in ("hold", "cancel"):
        raise Http404(_("未找到。"))
    record = selectors.access_reception_by_id(request.user, reception_id, action=action)
    form: forms.Form = HeldForm(request.POST) if action == "hold" else NotHeldForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        found = _matters(request, form, data.get("matter_ids", []))
        if found is not None:
            try:
                if action == "hold":
                    reception_services.reception_record_held(
                        reception=record,
                        visitors=data["visitors"],
                        note=data["note"],
                        matters=found,
                        actor=request.user,
                    )
                else:
                    reception_services.reception_record_not_held(
                        reception=record, reason=data["reason"], actor=request.user
                    )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("duties:reception_detail", record.pk)
    return _reception_page(request, record, {action: form})


# --- 包案 -------------------------------------------------------------------------------------


@login_required
def ownership_list(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    rows = selectors.ownerships_for(request.user)
    exported = export_if_asked(
        request, rows, name=_("领导包案"), columns=downloads.OWNERSHIPS, what="duties.ownerships"
    )
    if exported is not None:
        return exported
    page = page_of(request, rows)
    return render(
        request,
        T + "ownership_list.html",
        {
            "page_obj": page,
            "rows": [(o, selectors.is_stalled(o, today)) for o in page],
            "setting": duty_setting("ownership_stall_days", on=today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ownership_new(request: HttpRequest) -> HttpResponse:
    organ, organs = access_working_organ(request.user, request.GET.get("organ", ""))
    form = OwnershipForm(request.POST or None, organ=organ, day=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = _matters(request, form, data["matter_ids"])
        if found is not None:
            try:
                record = ownership_services.ownership_assign(
                    organ=organ,
                    leader=_person(data["leader"]),
                    title=data["title"],
                    description=data["description"],
                    plan=data["plan"],
                    matters=found,
                    assigned_by=person_of_user(request.user),
                    assigned_on=data.get("assigned_on"),
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("duties:ownership_detail", record.pk)
    return _form_page(request, _("确定领导包案"), form, organ=organ, organs=organs)


_OWNERSHIP_FORMS: dict[str, type[forms.Form]] = {
    "note": NoteForm,
    "milestone": MilestoneForm,
    "resolve": ResolveForm,
}


def _ownership_page(
    request: HttpRequest, record: CaseOwnership, given: dict[str, forms.Form] | None = None
) -> HttpResponse:
    today = timezone.localdate()
    allowed = ownership_services.OWNERSHIP.allowed(record)
    steps = _steps([a for a in _OWNERSHIP_FORMS if a in allowed], dict(_OWNERSHIP_FORMS), given)
    focus_first_error(*(given or {}).values())
    return render(
        request,
        T + "ownership_detail.html",
        {
            "record": record,
            "today": today,
            "stalled": selectors.is_stalled(record, today),
            "stalled_since": selectors.stalled_since(record, today),
            "setting": duty_setting("ownership_stall_days", on=today, organ=record.organ),
            "milestones": record.milestones.all(),
            "notes": record.notes.all(),
            "matters": record.matters.all(),
            "steps": steps,
            "open": record.state == OwnershipState.OWNED,
        },
        status=400 if given else 200,
    )


@login_required
def ownership_detail(request: HttpRequest, ownership_id: int) -> HttpResponse:
    return _ownership_page(request, selectors.access_ownership_by_id(request.user, ownership_id))


@login_required
@require_POST
def ownership_step(request: HttpRequest, ownership_id: int, action: str) -> HttpResponse:
    if action not in (*_OWNERSHIP_FORMS, "milestone_done"):
        raise Http404(_("未找到。"))
    record = selectors.access_ownership_by_id(request.user, ownership_id, action=action)
    user = request.user
    if action == "milestone_done":
        wanted = request.POST.get("milestone", "")
        try:
            ownership_services.ownership_milestone_done(
                ownership=record, milestone_id=int(wanted) if wanted.isdigit() else 0, actor=user
            )
        except ValidationError as exc:
            back = reverse("duties:ownership_detail", args=[record.pk])
            context = {"messages_": exc.messages, "back": back}
            return render(request, "accountability/refused.html", context, status=400)
        return redirect("duties:ownership_detail", record.pk)
    form = _OWNERSHIP_FORMS[action](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "note":
                ownership_services.ownership_note(ownership=record, text=data["text"], actor=user)
            elif action == "milestone":
                ownership_services.ownership_add_milestone(
                    ownership=record, title=data["title"], due=data["due"], actor=user
                )
            else:
                ownership_services.ownership_resolve(
                    ownership=record, resolution=data["resolution"], actor=user
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("duties:ownership_detail", record.pk)
    return _ownership_page(request, record, {action: form})


# --- 我的分管 ---------------------------------------------------------------------------------


@login_required
def leader_portfolio_page(request: HttpRequest) -> HttpResponse:
    """The signed-in leader's portfolio: what is open within it (细则第七条第四项)."""
    person = person_of_user(request.user)
    today = timezone.localdate()
    parts = leader_portfolio(request.user, person, today) if person is not None else []
    return render(request, T + "portfolio.html", {"person": person, "parts": parts, "today": today})


urlpatterns: list[URLPattern] = [
    path("instructions/", instruction_list, name="instruction_list"),
    path("instructions/new/", instruction_new, name="instruction_new"),
    path("instructions/<int:instruction_id>/", instruction_detail, name="instruction_detail"),
    path(
        "instructions/<int:instruction_id>/<str:action>/",
        instruction_step,
        name="instruction_step",
    ),
    path("receptions/organ/<int:organ_id>/", reception_schedule, name="reception_schedule"),
    path("receptions/new/", reception_new, name="reception_new"),
    path("receptions/<int:reception_id>/", reception_detail, name="reception_detail"),
    path("receptions/<int:reception_id>/<str:action>/", reception_step, name="reception_step"),
    path("ownerships/", ownership_list, name="ownership_list"),
    path("ownerships/new/", ownership_new, name="ownership_new"),
    path("ownerships/<int:ownership_id>/", ownership_detail, name="ownership_detail"),
    path("ownerships/<int:ownership_id>/<str:action>/", ownership_step, name="ownership_step"),
    path("portfolio/", leader_portfolio_page, name="leader_portfolio"),
]
