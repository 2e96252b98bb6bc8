"""The matter page: facts, clocks with due dates, the timeline with its basis, the masked
petitioner, the files, the extension requests and the steps the acting organ may take.

``matter_page`` renders it for every view that answers with it — the page itself, a step
refused, an identity revealed, a file or an extension decision refused — with the form that
was sent, the rule's message and everything the user typed kept (``put_on_form``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from xinfang.access.policy import scope_for
from xinfang.duties.selectors.supervision import supervision_ladders
from xinfang.orgs.models import Person, Position
from xinfang.orgs.selectors import held_on
from xinfang.petitions import services as petitioner_services
from xinfang.petitions.matters import attachments as files
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters.choices import (
    EventAction,
    ExtensionStatus,
    MatterState,
    Period,
    Satisfaction,
)
from xinfang.petitions.matters.detail import matter_detail_for
from xinfang.petitions.matters.errors import MatterRefused, refusal_message
from xinfang.petitions.matters.models import Matter, MatterClock, MatterEvent
from xinfang.petitions.matters.selectors import due_flags, time_flags
from xinfang.rules.basis import basis_strings
from xinfang.rules.deadlines import Deadline
from xinfang.rules.procedure import EXTENSION_APPROVER_POSITIONS
from xinfang.web.forms_focus import focus_first_error

from . import forms as f
from .offers import form_kwargs, offered, suggestions
from .steps import ACTIONS, S, steps_in_state

#: Details of an event shown on the timeline (never identity: events carry none).
EVENT_TEXT_KEYS = ("notice", "reason", "note", "instructions")


def put_on_form(form: forms.Form, error: Exception) -> str:
    """Put a service's refusal or field errors on the form; returns the refusal code."""
    if isinstance(error, MatterRefused):
        form.add_error(None, refusal_message(error))
        return error.code
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error.args[0]) if error.args else _("只能在本单位办理。"))
        return "forbidden"
    assert isinstance(error, ValidationError)
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                for message in item.messages:
                    form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
    return "invalid"


def _objection_due(found: Deadline | None, today: dt.date) -> dict[str, Any] | None:
    """The objection period shown beside the objection form: its last day, its length, whether
    it has passed, and its basis (信访工作条例(2022)第二十三条第三款)."""
    if found is None:
        return None
    return {
        "due": found.due,
        "days": found.days,
        "passed": found.due < today,
        "basis": basis_strings(found.basis),
    }


def _timeline_rows(events: list[MatterEvent]) -> list[dict[str, Any]]:
    labels = dict(MatterState.choices)
    actions = dict(EventAction.choices)
    ratings = dict(Satisfaction.choices)
    # Who approved each extension (the event keeps the person's id): one query.
    approver_ids = {(e.details or {}).get("approver") for e in events if e.action == "extend"} - {
        None
    }
    approvers = dict(
        Person.objects.filter(pk__in=approver_ids).values_list("pk", "name") if approver_ids else ()
    )
    rows = []
    for event in events:
        details = event.details or {}
        rows.append(
            {
                "event": event,
                "label": actions.get(event.action, event.action),
                "from_label": labels.get(event.from_state, event.from_state),
                "to_label": labels.get(event.to_state, event.to_state),
                "moved": event.from_state != event.to_state,
                "texts": [str(details[k]) for k in EVENT_TEXT_KEYS if details.get(k)],
                # The petitioner's rating, from the rating step or a follow-up visit.
                "rating": ratings.get(details.get("rating") or details.get("satisfaction") or ""),
                "days": details.get("days") if event.action == "extend" else None,
                "approver": approvers.get(details["approver"])
                if event.action == "extend" and isinstance(details.get("approver"), int)
                else None,
            }
        )
    return rows


def _clock_rows(clocks: list[MatterClock], today: dt.date) -> list[dict[str, Any]]:
    periods = dict(Period.choices)
    rows = []
    for clock in clocks:
        running = clock.stopped_on is None
        flags = due_flags(clock.due, today, paused=clock.is_paused) if running else {}
        rows.append(
            {
                "clock": clock,
                "label": periods.get(clock.period, clock.period),
                "running": running,
                "paused": clock.is_paused,
                "overdue": flags.get("is_overdue", False),
                "due_soon": flags.get("is_due_soon", False),
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# The files and the extension requests on the page


def may_add_attachments(user: Any, matter: Matter) -> bool:
    """Whether to offer the upload form: staff of an organ working on the matter (the
    service decides, this only spares others a form they cannot use)."""
    scope = scope_for(user)
    parties = (matter.registering_organ_id, matter.handling_organ_id, matter.current_organ_id)
    return scope.is_admin or any(pk in scope.member_organ_ids for pk in parties if pk)


def attachment_context(
    request: HttpRequest, matter: Matter, form: f.AttachmentForm | None = None
) -> dict[str, Any]:
    """What the matter page shows of the files (``includes/attachments.html``)."""
    return {
        "attachments": files.matter_attachments(matter=matter),
        "attachment_form": form or f.AttachmentForm(prefix="attachment"),
        # A refusal (not one's own organ) stays on the form that caused it.
        "may_add_attachments": bool(form is not None and form.errors)
        or may_add_attachments(request.user, matter),
    }


def _decides_for(user: Any, matter: Matter) -> bool:
    """Whether the user is a responsible person of the organ the matter is handled by."""
    if matter.handling_organ_id is None:
        return False
    return Position.objects.filter(
        held_on(timezone.localdate()),
        person__user_id=getattr(user, "pk", 0),
        organ_id=matter.handling_organ_id,
        kind__in=EXTENSION_APPROVER_POSITIONS,
    ).exists()


def extension_panel(
    user: Any,
    matter: Matter,
    *,
    bound: tuple[int, str, forms.Form] | None = None,
) -> dict[str, Any]:
    """The matter's extension requests and, for a pending one, the forms to decide it."""
    requests = matter_selectors.matter_extension_requests(matter=matter)
    decides = _decides_for(user, matter)
    # Staff of the handling organ record an approval given on paper; nobody else decides.
    member = decides or matter.handling_organ_id in scope_for(user).member_organ_ids
    rows = []
    for item in requests:
        forms_here: dict[str, forms.Form] = {}
        pending = item.status == ExtensionStatus.PENDING and matter.state == MatterState.ACCEPTED
        if member and pending:
            for verb, form_class in f.EXTENSION_FORMS.items():
                prefix = f"extension-{verb}"
                if bound is not None and bound[:2] == (item.pk, verb):
                    forms_here[verb] = bound[2]
                else:
                    forms_here[verb] = form_class(prefix=prefix)
        rows.append({"request": item, "forms": forms_here})
    return {"rows": rows, "decides": decides}


# ---------------------------------------------------------------------------------------------
# The page and its steps


def matter_page(
    request: HttpRequest,
    matter: Matter,
    *,
    bound: tuple[str, forms.Form] | None = None,
    refusal: str = "",
    reveal_form: f.RevealForm | None = None,
    revealed: dict[str, str] | None = None,
    attachment_form: f.AttachmentForm | None = None,
    extension_bound: tuple[int, str, forms.Form] | None = None,
) -> HttpResponse:
    detail = matter_detail_for(request.user, matter)
    matter = detail.matter
    today = timezone.localdate()
    organ = matter_selectors.acting_organ_for(request.user, matter)
    scope = scope_for(request.user)
    available = []
    for name in steps_in_state(matter.state):
        if not offered(name, matter, organ) and (bound is None or bound[0] != name):
            continue
        spec = ACTIONS[name]
        if bound is not None and bound[0] == name:
            form = bound[1]
            focus_first_error(form)
        else:
            form = spec.form(prefix=name, **form_kwargs(name, request, matter, organ))
        available.append(
            {"spec": spec, "form": form, "bound": bound is not None and bound[0] == name}
        )
    for sent in (reveal_form, attachment_form, extension_bound[2] if extension_bound else None):
        focus_first_error(sent)
    at_registering_office = scope.is_admin or matter.registering_organ_id in scope.member_organ_ids
    context = {
        "matter": matter,
        "flags": time_flags(matter, today),
        "today": today,
        "acting_organ": organ,
        "petitioner": detail.petitioner,
        "clocks": _clock_rows(detail.clocks, today),
        "timeline": _timeline_rows(detail.timeline),
        "opinions": detail.opinions,
        "reply": detail.reply,
        "routes": detail.routes,
        "orders": detail.supervision_orders,
        "ladders": supervision_ladders(detail.supervision_orders),
        "follow_ups": detail.follow_ups,
        "hearings": detail.hearings,
        "repeats": detail.repeats,
        "suggestions": suggestions(matter) if matter.state == S.REGISTERED else [],
        "show_query_code": at_registering_office,
        "just_registered": request.GET.get("registered") == "1",
        "actions": available,
        "refusal": refusal,
        "reveal_form": reveal_form or f.RevealForm(prefix="reveal"),
        "revealed": revealed,
        **attachment_context(request, matter, attachment_form),
        "extensions": extension_panel(request.user, matter, bound=extension_bound),
        "objection_due": _objection_due(detail.objection, today),
    }
    return render(request, "web/matters/detail.html", context)


@login_required
@never_cache
def matter_detail(request: HttpRequest, matter_id: int) -> HttpResponse:
    """A matter: facts, clocks with due dates, timeline with basis, masked petitioner, actions."""
    matter = matter_selectors.access_matter_by_id(request.user, matter_id)
    return matter_page(request, matter)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def matter_action(request: HttpRequest, matter_id: int, action: str) -> HttpResponse:
    """Run one step; on refusal show the page again with the form, the input and the rule.

    A refused step leaves the browser at this address: reloading it, or switching the
    language from that page, asks it with GET and lands on the matter's page."""
    if request.method == "GET":
        return redirect("web:matter_detail", matter_id=matter_id)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(_("未找到。"))
    matter = matter_selectors.access_matter_by_id(
        request.user, matter_id, action=f"matter.{action}"
    )
    organ = matter_selectors.acting_organ_for(request.user, matter)
    form = spec.form(request.POST, prefix=action, **form_kwargs(action, request, matter, organ))
    refusal = ""
    if form.is_valid():
        try:
            spec.call(matter, organ, form.cleaned_data, request.user)
        except (MatterRefused, ValidationError, PermissionDenied) as exc:
            refusal = put_on_form(form, exc)
            matter.refresh_from_db()
        else:
            messages.success(request, _("已办理：%(step)s") % {"step": spec.title})
            if matter_selectors.matter_list(user=request.user).filter(pk=matter.pk).exists():
                return redirect("web:matter_detail", matter_id=matter.pk)
            # Routed on to an organ outside the user's scope: back to the queue.
            return redirect("web:matter_queue")
    return matter_page(request, matter, bound=(action, form), refusal=refusal)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def matter_reveal(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Show the petitioner's identity for a stated reason (petitioner service; audited).
    Asked with GET (a reload, a language switch), it goes back to the matter's page."""
    if request.method == "GET":
        return redirect("web:matter_detail", matter_id=matter_id)
    matter = matter_selectors.access_matter_by_id(request.user, matter_id, action="reveal")
    form = f.RevealForm(request.POST, prefix="reveal")
    revealed = None
    if matter.petitioner is None:
        raise Http404(_("未找到。"))
    if form.is_valid():
        try:
            revealed = petitioner_services.petitioner_reveal(
                petitioner=matter.petitioner,
                fields=form.cleaned_data["fields_wanted"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            put_on_form(form, exc)
        except PermissionDenied:
            form.add_error(None, _("您无权查看该信访人的完整身份信息。"))
    return matter_page(request, matter, reveal_form=form, revealed=revealed)
