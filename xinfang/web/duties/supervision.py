"""Pages of 细则第六条 (supervision, coordination) and 第五条第二款 (vertical systems): the views
and their addresses.

Issuing a supervision order and replying to it are steps on the matter page (with its
ladder); here the orders are listed across matters, and coordinations of important problems
are recorded, read and their tasks done.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from xinfang.access.policy import (
    access_organ_by_id,
    access_working_organ,
    scope_for,
    visible,
    visible_organs,
)
from xinfang.duties.selectors import supervision as selectors
from xinfang.duties.services import supervision as services
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.choices import SupervisionLevel
from xinfang.petitions.matters.models import Matter
from xinfang.rules.basis import basis_strings, rules
from xinfang.web.exports import export_if_asked
from xinfang.web.forms_focus import focus_first_error
from xinfang.web.paging import page_of
from xinfang.widgets import DateInput

from ..matters.forms.fields import OrganChoiceField, OrganMultipleChoiceField
from . import downloads

TEXT_MAX = services.TEXT_MAX
#: Rows of tasks the coordination form offers (a coordination with more records them later).
ASSIGNMENT_ROWS = 3


@login_required
def order_list(request: HttpRequest) -> HttpResponseBase:
    """Supervision orders the user may read, by rung; ``?organ=`` those to one organ,
    ``?open=1`` those unanswered, ``?level=`` one rung."""
    organ = (
        access_organ_by_id(request.user, request.GET["organ"]) if request.GET.get("organ") else None
    )
    orders = selectors.supervision_orders(
        request.user, organ=organ, open_only=request.GET.get("open") == "1"
    )
    level = request.GET.get("level", "")
    if level in SupervisionLevel.values:
        orders = orders.filter(level=level)
    exported = export_if_asked(
        request,
        orders,
        name=_("督办"),
        columns=downloads.SUPERVISION_ORDERS,
        what="duties.supervision_orders",
    )
    if exported is not None:
        return exported
    page = page_of(request, orders)
    return render(
        request,
        "duties/supervision/orders.html",
        {
            "orders": page,
            "page_obj": page,
            "organ": organ,
            "level": level,
            "levels": SupervisionLevel.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
def coordination_list(request: HttpRequest) -> HttpResponseBase:
    """Coordinations the user may read, newest first, with their tasks."""
    rows = selectors.coordinations(request.user).order_by("-held_on", "-id")
    exported = export_if_asked(
        request,
        rows,
        name=_("协调处理重要信访问题"),
        columns=downloads.COORDINATIONS,
        what="duties.coordinations",
    )
    if exported is not None:
        return exported
    page = page_of(request, rows)
    return render(
        request,
        "duties/supervision/coordinations.html",
        {
            "coordinations": page,
            "page_obj": page,
            "today": timezone.localdate(),
            "basis": basis_strings([rules(6)]),
        },
    )


class CoordinationForm(forms.Form):
    """A coordination of an important problem: the meeting, who took part, the matters, what
    was agreed, and up to ``ASSIGNMENT_ROWS`` tasks."""

    held_on = forms.DateField(label=gettext_lazy("协调日期"), widget=DateInput())
    meeting = forms.CharField(label=gettext_lazy("协调会议"), max_length=200)
    organs = OrganMultipleChoiceField(label=gettext_lazy("参加机关"), queryset=Organ.objects.none())
    matters = forms.CharField(
        label=gettext_lazy("涉及的信访事项编号（以逗号分隔）"), max_length=500, required=False
    )
    issue = forms.CharField(
        label=gettext_lazy("协调的问题"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.CharField(
        label=gettext_lazy("协调结果"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chooser = self.fields["organs"]
        assert isinstance(chooser, forms.ModelMultipleChoiceField)
        chooser.queryset = organs if organs is not None else Organ.objects.none()
        for row in range(1, ASSIGNMENT_ROWS + 1):
            self.fields[f"a{row}_organ"] = OrganChoiceField(
                label=_("任务%(n)s：承办机关") % {"n": row},
                queryset=chooser.queryset,
                required=False,
            )
            self.fields[f"a{row}_task"] = forms.CharField(
                label=_("任务%(n)s：任务") % {"n": row}, max_length=TEXT_MAX, required=False
            )
            self.fields[f"a{row}_due"] = forms.DateField(
                label=_("任务%(n)s：完成期限") % {"n": row}, widget=DateInput(), required=False
            )

    def clean_matters(self) -> list[int]:
        text = self.cleaned_data.get("matters", "")
        parts = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            raise ValidationError(_("请填写信访事项编号（数字），以逗号分隔。"), code="invalid")
        return sorted({int(p) for p in parts})

    def assignments(self) -> list[services.AssignmentInput]:
        """The task rows filled in (any of their three fields)."""
        rows = []
        for row in range(1, ASSIGNMENT_ROWS + 1):
            organ = self.cleaned_data.get(f"a{row}_organ")
            task = self.cleaned_data.get(f"a{row}_task") or ""
            due = self.cleaned_data.get(f"a{row}_due")
            if organ is not None or task.strip() or due is not None:
                rows.append(services.AssignmentInput(organ=organ, task=task, due=due))
        return rows


def _show_errors(form: CoordinationForm, exc: ValidationError) -> None:
    """The service's errors by field on the form (a task's on its row)."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    filled = [
        row
        for row in range(1, ASSIGNMENT_ROWS + 1)
        if any(form.cleaned_data.get(f"a{row}_{n}") for n in ("organ", "task", "due"))
    ]
    for name, messages in errors.items():
        field: str | None = name if name in form.fields else None
        if name.startswith("assignments."):
            index = int(name.split(".")[1])
            field = f"a{filled[index]}_task" if index < len(filled) else None
        for message in messages:
            form.add_error(field, message)


@login_required
@require_http_methods(["GET", "POST"])
def coordination_new(request: HttpRequest) -> HttpResponse:
    """Record a coordination convened by the user's petition office."""
    organ, organs = access_working_organ(request.user, request.GET.get("organ", ""))
    choices = visible_organs(request.user).exclude(pk=organ.pk).order_by("path")
    form = CoordinationForm(request.POST or None, organs=choices)
    if request.method == "POST" and form.is_valid():
        ids = form.cleaned_data["matters"]
        matters = list(visible(request.user, Matter.objects.filter(pk__in=ids)))
        if len(matters) != len(ids):
            form.add_error("matters", _("未找到部分信访事项。"))
        else:
            try:
                coordination = services.coordination_record(
                    convening_organ=organ,
                    held_on=form.cleaned_data["held_on"],
                    meeting=form.cleaned_data["meeting"],
                    issue=form.cleaned_data["issue"],
                    outcome=form.cleaned_data["outcome"],
                    organs=list(form.cleaned_data["organs"]),
                    matters=matters,
                    assignments=form.assignments(),
                    actor=request.user,
                )
            except ValidationError as exc:
                _show_errors(form, exc)
            else:
                return redirect("duties:supervision_coordination_detail", coordination.pk)
    focus_first_error(form)
    return render(
        request,
        "duties/supervision/coordination_new.html",
        {"form": form, "organ": organ, "organs": organs, "basis": basis_strings([rules(6)])},
        status=422 if request.method == "POST" else 200,
    )


class DoneForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("完成情况"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _detail(
    request: HttpRequest, coordination_id: int, *, bound: tuple[int, DoneForm] | None = None
) -> HttpResponse:
    coordination = selectors.access_coordination_by_id(request.user, coordination_id)
    today: dt.date = timezone.localdate()
    scope = scope_for(request.user)
    tasks = []
    for task in coordination.assignments.select_related("organ").order_by("due", "id"):
        # The form only for the staff of the organ given the task (the service decides).
        own = scope.is_admin or task.organ_id in scope.member_organ_ids
        form = (
            bound[1] if bound is not None and bound[0] == task.pk else DoneForm(prefix=str(task.pk))
        )
        steps = services.ASSIGNMENT.allowed(task) if own else []
        tasks.append({"task": task, "steps": steps, "form": form})
    focus_first_error(bound[1] if bound else None)
    return render(
        request,
        "duties/supervision/coordination_detail.html",
        {
            "coordination": coordination,
            "tasks": tasks,
            "today": today,
            "basis": basis_strings([rules(6)]),
        },
        status=422 if bound is not None else 200,
    )


@login_required
def coordination_detail(request: HttpRequest, coordination_id: int) -> HttpResponse:
    """A coordination: the meeting, who took part, the matters, what was agreed, the tasks."""
    return _detail(request, coordination_id)


@login_required
@require_POST
def assignment_done(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The organ given a task records it done; bad input shows the page with the form again."""
    task = selectors.access_assignment_by_id(request.user, assignment_id)
    form = DoneForm(request.POST, prefix=str(task.pk))
    if form.is_valid():
        try:
            services.coordination_assignment_done(
                assignment=task, note=form.cleaned_data["note"], actor=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("duties:supervision_coordination_detail", task.coordination_id)
    return _detail(request, task.coordination_id, bound=(task.pk, form))


urlpatterns: list[URLPattern] = [
    path("orders/", order_list, name="supervision_order_list"),
    path("coordinations/", coordination_list, name="supervision_coordination_list"),
    path("coordinations/new/", coordination_new, name="supervision_coordination_new"),
    path(
        "coordinations/<int:coordination_id>/",
        coordination_detail,
        name="supervision_coordination_detail",
    ),
    path(
        "assignments/<int:assignment_id>/done/",
        assignment_done,
        name="supervision_assignment_done",
    ),
]
