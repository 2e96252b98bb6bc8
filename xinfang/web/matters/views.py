"""Pages of petition matters: register and route (petition office), work the queue, accept,
extend and conclude (department), and the petitioner's public lookup by query code.

Views are thin: a matter is always read through ``access_matter_by_id`` (out of scope or
excluded answers 404 and is logged), writes go to one service each, and a refusal is put back
on the form that caused it — with the rule's message and everything the user typed kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from xinfang.access.policy import (
    access_working_organ,
    accused_organ_ids,
    scope_for,
    visible_organs,
)
from xinfang.access.scope import organ_is_accused
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import organ_ancestors, organs_of_user
from xinfang.petitions import selectors as petitioner_selectors
from xinfang.petitions import services as petitioner_services
from xinfang.petitions.matters import routing, services
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters.choices import (
    Channel,
    EventAction,
    MatterState,
    OpinionKind,
    OpinionStage,
    Period,
    Satisfaction,
)
from xinfang.petitions.matters.detail import matter_detail_for
from xinfang.petitions.matters.errors import MatterRefused, refusal_message
from xinfang.petitions.matters.models import (
    Category,
    Matter,
    MatterClock,
    MatterEvent,
    SupervisionOrder,
)
from xinfang.petitions.matters.selectors import due_flags, organ_counts, time_flags
from xinfang.petitions.matters.throttle import public_lookup_failed
from xinfang.rules.basis import basis_strings
from xinfang.rules.deadlines import Deadline
from xinfang.rules.procedure import (
    REPLY_OUTCOMES,
    HandlingWay,
    allowed_actions,
    handling_ways,
    hearing_for,
)
from xinfang.rules.profiles import load_profile

from . import forms as f
from .attachments import attachment_context
from .extensions import extension_panel
from .steps import (
    ACTIONS,
    ACTIONS_BY_STATE,
    EVENT_TEXT_KEYS,
    REGISTER_SECTIONS,
    S,
)

QUEUE_PAGE_SIZE = 50


# ---------------------------------------------------------------------------------------------
# Helpers


def _intake_organs(user: Any) -> list[Organ]:
    """The organs the user takes matters in for, petition offices first: a petition office
    registers a matter to route it on; any other organ where the user serves records one it
    received directly (信访工作条例(2022)第二十三条第一款: 应当予以登记). An administrator who
    serves nowhere registers for the petition offices."""
    organs = sorted(organs_of_user(user), key=lambda o: not o.has_role("petition_office"))
    if not organs and scope_for(user).is_admin:
        organs = [o for o in Organ.objects.filter(is_active=True) if o.has_role("petition_office")]
    return organs


def _put_on_form(form: forms.Form, error: Exception) -> str:
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


def _focus_first_error(form: forms.Form) -> None:
    """A form sent back with field errors only puts the focus on the first field in error (a
    refusal of the whole step focuses its message, in the template): the browser scrolls
    there, so the mistake is in view beside its step, not below the top of a long page."""
    if form.non_field_errors():
        return
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["autofocus"] = True
            return


def _not_accused(organs: list[Organ], accused: set[int]) -> list[Organ]:
    return [o for o in organs if not organ_is_accused(organ_path=o.path, accused_organ_ids=accused)]


# ---------------------------------------------------------------------------------------------
# Registration


@login_required
@never_cache
def matter_register(request: HttpRequest) -> HttpResponse:
    """A petition office clerk registers a matter, or another organ's staff record one received
    directly (the service decides which, ``matter_take_in``); on success the matter page shows
    the query code, the repeat candidates and, for a registration, the routing suggestions."""
    offices = _intake_organs(request.user)
    if not offices:
        raise PermissionDenied(_("只有机关工作人员登记信访事项。"))
    accusable = list(visible_organs(request.user).order_by("path"))
    categories = list(Category.objects.filter(is_active=True))
    chosen = offices[0]
    wanted = request.GET.get("organ")
    if wanted and wanted.isdigit():
        chosen = next((o for o in offices if o.pk == int(wanted)), chosen)
    kwargs: dict[str, Any] = {"organs": offices, "accusable": accusable, "categories": categories}
    if request.method != "POST":
        initial = {
            "organ": chosen.pk,
            "received_at": timezone.localtime().replace(second=0, microsecond=0),
            "region_code": chosen.region_code,
        }
        form = f.MatterRegisterForm(initial=initial, **kwargs)
        return _register_page(request, form, chosen)
    form = f.MatterRegisterForm(request.POST, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        petitioner = None
        identity = None
        mode = data["petitioner_mode"]
        if mode == form.PETITIONER_EXISTING:
            petitioner = petitioner_selectors.petitioner_find_by_id_number(
                user=request.user, id_number=data["id_number"]
            ).first()
            if petitioner is None:
                form.add_error("id_number", _("未找到使用该公民身份号码的已登记信访人。"))
        elif mode == form.PETITIONER_NEW:
            identity = form.identity()
        if form.is_valid():

            def register() -> dict[str, Any]:
                matter = services.matter_take_in(
                    organ=data["organ"],
                    actor=request.user,
                    data=services.MatterIntake(
                        channel=data["channel"],
                        received_at=data["received_at"],
                        summary=data["summary"],
                        content=data["content"],
                        region_code=data["region_code"],
                        category=data["category"],
                        petitioner=petitioner,
                        identity=identity,
                        is_collective=data["is_collective"],
                        headcount=data["headcount"],
                        representatives=data["representatives"],
                        may_be_public=data["may_be_public"],
                        accused_organs=list(data["accused_organs"]),
                        accused_names=data["accused_names"],
                        is_accusation=data["is_accusation"],
                    ),
                )
                return {"matter_id": matter.pk}

            try:
                # The form's content is its key: sent again — a double click, the back
                # button, a resend — it finds the matter it registered rather than
                # registering the same letter twice.
                content = _form_hash(request)
                done, replayed = services.intake_idempotent(
                    key=content,
                    body_hash=content,
                    create=register,
                    scope=f"web.register:user:{request.user.pk}",
                )
            except (MatterRefused, ValidationError, PermissionDenied) as exc:
                _put_on_form(form, exc)
            else:
                url = reverse("web:matter_detail", args=[done["matter_id"]])
                if replayed:
                    messages.info(request, _("这张表单已经登记过，未重复登记。"))
                    return redirect(url)
                messages.success(request, _("信访事项已登记。"))
                return redirect(url + "?registered=1")
    posted = form.cleaned_data.get("organ") if hasattr(form, "cleaned_data") else None
    return _register_page(request, form, posted or chosen)


def _form_hash(request: HttpRequest) -> str:
    """What a registration form said: every field but the CSRF token, as a digest."""
    fields = sorted(
        (name, sorted(values))
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
    )
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def _register_page(request: HttpRequest, form: f.MatterRegisterForm, organ: Organ) -> HttpResponse:
    sections = [
        (legend, note, [form[name] for name in names]) for legend, note, names in REGISTER_SECTIONS
    ]
    return render(
        request,
        "web/matters/register.html",
        {
            "form": form,
            "sections": sections,
            # Not a petition office: the matter came to the organ directly (直接收到).
            "receiving": not organ.has_role("petition_office"),
        },
    )


# ---------------------------------------------------------------------------------------------
# The matter page and its actions


def _form_kwargs(name: str, request: HttpRequest, matter: Matter, organ: Organ) -> dict[str, Any]:
    """What each action's form needs to offer: target organs, orders, limits."""
    if name in ("route", "discipline"):
        accused = accused_organ_ids(matter)
        organs = list(visible_organs(request.user).exclude(pk=organ.pk).order_by("path"))
        if name == "discipline":
            # The discipline bodies of the region where it arose (细则第十六条) come first:
            # they are seldom in a petition office's own scope.
            organs = [o for o in _discipline_bodies(matter) + organs if o.has_role("discipline")]
        else:
            organs += [s.organ for s in _suggestions(matter)]
        return {"targets": _not_accused(list(dict.fromkeys(organs)), accused)}
    if name in ("review_request", "rereview_request"):
        base = matter_selectors.review_base(matter, rereview=name == "rereview_request")
        targets = organ_ancestors(base) if base is not None else []
        return {"targets": _not_accused(targets, accused_organ_ids(matter))}
    if name == "supervise":
        # The organ that holds or handles the matter (the service refuses any other).
        ids = {matter.handling_organ_id, matter.current_organ_id} - {None, organ.pk}
        organs = list(Organ.objects.filter(pk__in=ids).order_by("path"))
        return {"targets": _not_accused(organs, accused_organ_ids(matter))}
    if name == "supervision_reply":
        return {"orders": _open_orders(matter, organ)}
    if name == "follow_up":
        return {"may_rate": _may_rate(matter, organ)}
    if name == "extend":
        return {"limit": load_profile(matter.profile).period("handle").extension_limit}
    if name == "politics_law":
        return _politics_law_kwargs(matter, organ)
    if name == "accept":
        return {"ways": [w.value for w in handling_ways(load_profile(matter.profile))]}
    if name == "reply":
        return {"outcomes": [o.value for o in REPLY_OUTCOMES[services.handling_way_of(matter)]]}
    return {}


def _politics_law_kwargs(matter: Matter, organ: Organ) -> dict[str, Any]:
    """The political-legal organs a matter of litigation rights may go to: a letter the
    petition office holds, to those of the office's own level (同级); otherwise those of the
    region where it arose and of the acting organ (信访工作条例(2022)第二十二条第二款、第二十八条
    第二款). The service decides; the chooser offers no organ the matter accuses."""
    visit = matter.channel == Channel.VISIT
    if matter.state == S.REGISTERED and not visit:
        regions = [organ.region_code]
    else:
        regions = [*routing.region_chain(matter.region_code), organ.region_code]
    organs = routing.politics_law_organs(regions=dict.fromkeys(regions))
    return {"targets": _not_accused(organs, accused_organ_ids(matter)), "visit": visit}


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


def _open_orders(matter: Matter, organ: Organ) -> list[SupervisionOrder]:
    """Supervision orders on the matter still awaiting the organ's reply."""
    return list(
        SupervisionOrder.objects.filter(
            matter_id=matter.pk, to_organ_id=organ.pk, replied_at__isnull=True
        ).select_related("issuing_organ")
    )


def _offered(name: str, matter: Matter, organ: Organ) -> bool:
    """Whether the page offers a step to ``organ``: a move of the procedure only when the
    rules let the part the organ plays take it from here (the clerk is not offered the
    department's acceptance); the rating only to an organ other than the one rated;
    supervision only where it applies."""
    action = ACTIONS[name].procedure
    if action is not None:
        try:
            role = services.procedural_actor(matter, organ)
        except MatterRefused:
            return False
        # A matter is concluded the way it is handled: an opinion, or a reply (答复).
        by_opinion = services.handling_way_of(matter) is HandlingWay.OPINION
        if (name == "conclude" and not by_opinion) or (name == "reply" and by_opinion):
            return False
        return action in allowed_actions(
            matter.state,
            role,
            load_profile(matter.profile),
            handling_way=matter.handling_way,
        )
    if name == "satisfaction":
        return not matter.satisfaction and _may_rate(matter, organ)
    if name == "supervise":
        return organ.has_role("petition_office")
    if name == "supervision_reply":
        return bool(_open_orders(matter, organ))
    if name in ("hearing_start", "hearing_end"):
        return _hearing_offered(name, matter, organ)
    return True


def _hearing_offered(name: str, matter: Matter, organ: Organ) -> bool:
    """A hearing is offered to the organ whose part may hold one in the matter's state (the
    handling organ while it handles, the re-review organ while it re-reviews) when none runs;
    its end to the organ that holds the running one."""
    running = matter_selectors.running_hearing(matter=matter)
    if name == "hearing_end":
        return running is not None and running.organ_id == organ.pk
    if running is not None:
        return False
    try:
        role = services.procedural_actor(matter, organ)
    except MatterRefused:
        return False
    return hearing_for(matter.state, role) is not None


def _may_rate(matter: Matter, organ: Organ) -> bool:
    """Whether ``organ`` records the petitioner's rating (never of its own handling)."""
    organs = services.rating_organs(matter)
    return organs is None or organ.pk in organs


def _suggestions(matter: Matter, *, accusation: bool | None = None) -> list[routing.Suggestion]:
    """Routing's suggestions for the matter (``accusation``: as if it were one, or not)."""
    accused = Organ.objects.filter(pk__in=accused_organ_ids(matter))
    return routing.suggest_organs(
        region_code=matter.region_code,
        category=matter.category,
        accused=list(accused),
        other_organ=matter.other_organ,
        accusation=matter.is_accusation if accusation is None else accusation,
    )


def _discipline_bodies(matter: Matter) -> list[Organ]:
    """The discipline bodies routing suggests for the matter as an accusation, lowest first."""
    return [s.organ for s in _suggestions(matter, accusation=True) if s.kind == "discipline"]


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


def _matter_page(
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
    for name in ACTIONS_BY_STATE.get(matter.state, ()):
        if not _offered(name, matter, organ) and (bound is None or bound[0] != name):
            continue
        spec = ACTIONS[name]
        if bound is not None and bound[0] == name:
            form = bound[1]
            _focus_first_error(form)
        else:
            form = spec.form(prefix=name, **_form_kwargs(name, request, matter, organ))
        available.append(
            {"spec": spec, "form": form, "bound": bound is not None and bound[0] == name}
        )
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
        "follow_ups": detail.follow_ups,
        "hearings": detail.hearings,
        "repeats": detail.repeats,
        "suggestions": _suggestions(matter) if matter.state == S.REGISTERED else [],
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
    return _matter_page(request, matter)


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
    form = spec.form(request.POST, prefix=action, **_form_kwargs(action, request, matter, organ))
    refusal = ""
    if form.is_valid():
        try:
            spec.call(matter, organ, form.cleaned_data, request.user)
        except (MatterRefused, ValidationError, PermissionDenied) as exc:
            refusal = _put_on_form(form, exc)
            matter.refresh_from_db()
        else:
            messages.success(request, _("已办理：%(step)s") % {"step": spec.title})
            if matter_selectors.matter_list(user=request.user).filter(pk=matter.pk).exists():
                return redirect("web:matter_detail", matter_id=matter.pk)
            # Routed on to an organ outside the user's scope: back to the queue.
            return redirect("web:matter_queue")
    return _matter_page(request, matter, bound=(action, form), refusal=refusal)


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
            _put_on_form(form, exc)
        except PermissionDenied:
            form.add_error(None, _("您无权查看该信访人的完整身份信息。"))
    return _matter_page(request, matter, reveal_form=form, revealed=revealed)


# ---------------------------------------------------------------------------------------------
# The department queue


QUEUE_PAGE_COLUMNS = (
    "pk",
    "summary",
    "state",
    "action_period",
    "action_due",
    "received_at",
    "action_paused",
)


def _queue_rows_html(rows: list[tuple[Any, ...]], *, today: dt.date) -> SafeString:
    """The rows of the queue table, from ``(pk, summary, state, period, due, received, paused)``
    each.

    Formatted here once per page: a template loop with a dozen lookups, tags and filters per
    row cost more than everything else on the page. Every text is escaped (the summary per
    row, the labels once); the rest are numbers and dates formatted here.
    """
    url = reverse("web:matter_detail", args=[0]).removesuffix("0/")
    states = {value: html.escape(str(label)) for value, label in MatterState.choices}
    periods = {key: html.escape(str(label)) for key, label in Period.choices}
    badges = {
        "overdue": format_html(' <span class="badge badge-overdue">{}</span>', _("已逾期")),
        "due-soon": format_html(' <span class="badge badge-due-soon">{}</span>', _("即将到期")),
        "paused": format_html(' <span class="badge badge-paused">{}</span>', _("听证中，暂停计算")),
        "": "",
    }
    # A matter waiting without a clock (a duty or a suggestion, 第三十四条; a direct receipt
    # whose petitioner is unclear, 第二十三条第二款) has no due date to show: say so.
    undated = format_html('<span class="muted">{}</span>', _("无法定期限"))
    zone = timezone.get_current_timezone()
    lines = []
    for pk, summary, state, period, due, received_at, paused in rows:
        flags = due_flags(due, today, paused=paused)
        css = (
            "paused"
            if paused
            else "overdue"
            if flags["is_overdue"]
            else "due-soon"
            if flags["is_due_soon"]
            else ""
        )
        received = f"{received_at.astimezone(zone):%Y-%m-%d %H:%M}" if received_at else ""
        pk = int(pk)
        lines.append(
            f'<tr class="{css}" data-matter="{pk}"><td>{pk}</td>'
            f'<td><a href="{url}{pk}/">{html.escape(summary)}</a></td>'
            f"<td>{states.get(state) or html.escape(state)}</td>"
            f"<td>{periods.get(period) or html.escape(period)}</td>"
            f"<td>{due.isoformat() if due else undated}{badges[css]}</td><td>{received}</td></tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value above is escaped or a number


@login_required
@never_cache
def matter_queue(request: HttpRequest) -> HttpResponse:
    """An organ's work queue: open matters, overdue first, then by due date, those without one
    last; counts by state."""
    organ, organs = access_working_organ(request.user, request.GET.get("organ", ""))
    today = timezone.localdate()
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    rows = matter_selectors.department_queue_rows(
        organ=organ,
        limit=QUEUE_PAGE_SIZE + 1,
        offset=(page - 1) * QUEUE_PAGE_SIZE,
        user=request.user,
        fields=QUEUE_PAGE_COLUMNS,
    )
    counts = organ_counts(user=request.user, organ=organ, today=today)
    labels = dict(MatterState.choices)
    return render(
        request,
        "web/matters/queue.html",
        {
            "organ": organ,
            "organs": organs,
            "today": today,
            "rows": _queue_rows_html(rows[:QUEUE_PAGE_SIZE], today=today),
            "page": page,
            "has_next": len(rows) > QUEUE_PAGE_SIZE,
            "counts": counts,
            "by_state": [(labels[state], n) for state, n in counts["by_state"].items() if n],
            "may_register": organ.pk in scope_for(request.user).member_organ_ids,
            "receiving": not organ.has_role("petition_office"),
        },
    )


# ---------------------------------------------------------------------------------------------
# The petitioner's lookup (no sign-in)


@never_cache
def public_lookup(request: HttpRequest) -> HttpResponse:
    """A petitioner follows the matter with the query code: state, dates, the opinion."""
    form = f.LookupForm(request.POST or None)
    found = None
    status = 200
    retry_after = None
    if request.method == "POST" and form.is_valid():
        found = matter_selectors.matter_for_petitioner(query_code=form.cleaned_data["code"])
        if found is None:
            # Only unknown codes count against the limit: a petitioner's own code is answered.
            retry_after = public_lookup_failed(request)
            if retry_after is None:
                form.add_error("code", _("未找到该查询码对应的信访事项，请核对后重试。"))
            else:
                minutes = max(1, -(-retry_after // 60))
                form.add_error(
                    None, _("查询过于频繁，请 %(minutes)s 分钟后再试。") % {"minutes": minutes}
                )
                status = 429
    opinions = []
    if found is not None:
        stages = dict(OpinionStage.choices)
        kinds = dict(OpinionKind.choices)
        opinions = [
            {
                "stage_label": stages.get(o.stage, o.stage),
                "kind_label": kinds.get(o.kind, o.kind),
                "facts": o.facts,
                "reasons": o.reasons,
                "legal_basis": o.legal_basis,
                "issued_at": o.issued_at,
            }
            for o in found.opinions
        ]
    response = render(
        request,
        "web/matters/public_lookup.html",
        {"form": form, "found": found, "opinions": opinions},
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
