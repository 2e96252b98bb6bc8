"""Pages of 细则第七条第三项、第八条第三、四项: the views and their addresses.

Incidents (集体访、信访负面舆情、因信访问题引发的个人极端事件): the list, recording one, and its
page with the report clocks (policy values, 已超时 when made late or not made by the deadline)
and the forms of the steps its state allows; staff reports to leaders (第八条第四项). Every
read goes through the chokepoints of ``xinfang.duties.selectors.incidents``; every write is one
service call.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from xinfang.access.policy import scope_for, visible
from xinfang.accountability.selectors import people_in_post_on
from xinfang.duties.models.incidents import (
    Incident,
    IncidentKind,
    IncidentState,
    StaffReport,
    StaffReportState,
)
from xinfang.duties.selectors import incidents as selectors
from xinfang.duties.services import incidents as services
from xinfang.duties.services import incidents_staff as staff_services
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, OrganLevel, OrganRole
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import organ_subtree, organs_of_user
from xinfang.web.exports import export_if_asked
from xinfang.web.forms_focus import focus_first_error
from xinfang.web.paging import page_of

from . import downloads
from .incidents_forms import (
    AcknowledgeForm,
    ActionForm,
    CloseForm,
    EscalateForm,
    IncidentForm,
    ReportForm,
    StaffReportForm,
    put_errors,
)

#: The most organs the form offers as responsible (a municipal office's territory is large).
ORGAN_CHOICES_MAX = 500
#: Up to this many organs offered, their people are offered as the person who knew of it.
PEOPLE_ORGANS_MAX = 40


# --- incidents ------------------------------------------------------------------------------


@login_required
def incident_list(request: HttpRequest) -> HttpResponseBase:
    rows = selectors.incidents_visible_to(request.user)
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    if state in IncidentState.values:
        rows = rows.filter(state=state)
    if kind in IncidentKind.values:
        rows = rows.filter(kind=kind)
    rows = rows.order_by("-known_at", "-id")
    exported = export_if_asked(
        request, rows, name=_("信访事件"), columns=downloads.INCIDENTS, what="duties.incidents"
    )
    if exported is not None:
        return exported
    now = timezone.now()
    page = page_of(request, rows)
    incidents = [(i, selectors.report_clocks(i, now)) for i in page]
    return render(
        request,
        "duties/incidents/list.html",
        {
            "incidents": incidents,
            "page_obj": page,
            "states": IncidentState.choices,
            "kinds": IncidentKind.choices,
            "state": state,
            "kind": kind,
        },
    )


def _territory(organ: Organ) -> list[Organ]:
    """The organs an organ records incidents for: itself, and for a petition office the organs
    of its territory (细则第六条)."""
    if not organ.has_role(OrganRole.PETITION_OFFICE):
        return [organ]
    served = organ.parent or organ
    rows = organ_subtree(served).filter(is_active=True).order_by("path")
    return list(rows[:ORGAN_CHOICES_MAX])


def _places(recording: list[Organ]) -> list[Organ]:
    """Where an incident may happen (属地): the governments and townships of the regions of the
    user's organs (a district's, or for a municipal organ the whole municipality's)."""
    prefixes = {
        o.region_code[:2] if o.region_code.endswith("0000") else o.region_code[:6]
        for o in recording
    }
    where = Q(pk__in=[])
    for prefix in sorted(prefixes):
        where |= Q(region_code__startswith=prefix)
    rows = Organ.objects.filter(where, is_active=True).order_by("path")
    return [o for o in rows if o.has_role(OrganRole.GOVERNMENT) or o.level == OrganLevel.TOWNSHIP]


def _new_form_kwargs(user: Any) -> dict[str, Any]:
    recording = organs_of_user(user)
    organs: dict[int, Organ] = {}
    for organ in recording:
        for covered in _territory(organ):
            organs.setdefault(covered.pk, covered)
    places = _places(recording)
    day = timezone.localdate()
    named = recording if len(organs) > PEOPLE_ORGANS_MAX else [*recording, *organs.values()]
    people: dict[int, tuple[Person, str]] = {}
    for organ in named:
        for person, label in people_in_post_on(organ, day):
            people.setdefault(person.pk, (person, label))
    return {
        "recording": recording,
        "organs": list(organs.values()),
        "places": places,
        "people": list(people.values()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request: HttpRequest) -> HttpResponse:
    """Record an incident for one's own organ, or as the petition office of its territory."""
    kwargs = _new_form_kwargs(request.user)
    if not kwargs["recording"]:
        raise PermissionDenied(_("只有机关工作人员登记事件。"))
    form = IncidentForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matters = selectors.readable_matters(request.user, data["matters"], field="matters")
            incident = services.incident_record(
                organ=Organ.objects.get(pk=data["organ"]),
                recording_organ=Organ.objects.get(pk=data["recording_organ"]),
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                occurred_at=data["occurred_at"],
                place=data["place"],
                place_organ=Organ.objects.get(pk=data["place_organ"]),
                people_count=data["people_count"],
                known_at=data["known_at"],
                known_by=Person.objects.get(pk=data["known_by"]),
                matters=matters,
                actor=request.user,
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            return redirect("duties:incident_detail", incident_id=incident.pk)
    focus_first_error(form)
    return render(request, "duties/incidents/new.html", {"form": form})


def _recipients(incident: Incident) -> tuple[list[Organ], list[tuple[Person, str]]]:
    organs = selectors.report_recipients(incident.organ)
    day = timezone.localdate()
    people: dict[int, tuple[Person, str]] = {}
    for organ in organs:
        for position in organ.positions.filter(
            Q(end__isnull=True) | Q(end__gte=day),
            start__lte=day,
            kind__in=LEADERSHIP_POSITION_KINDS,
        ).select_related("person"):
            post = position.title_label or position.get_kind_display()
            label = _("%(name)s（%(organ)s，%(post)s）") % {
                "name": position.person.name,
                "organ": organ.name,
                "post": post,
            }
            people.setdefault(position.person_id, (position.person, label))
    return organs, list(people.values())


def _detail(request: HttpRequest, incident: Incident, **bound: Any) -> HttpResponse:
    organ = selectors.acting_organ(request.user, incident)
    allowed = services.INCIDENT.allowed(incident) if organ is not None else []
    organs, people = _recipients(incident)
    now = timezone.now()
    escalations = []
    actions = list(incident.actions.select_related("by_person"))
    for escalation in incident.escalations.all():
        reading = selectors.escalation_reading(incident, escalation.at, [a.at for a in actions])
        escalations.append((escalation, selectors.slow_reading_text(reading) if reading else ""))
    matters = incident.matters.order_by("pk")
    readable = set(visible(request.user, matters).values_list("pk", flat=True))
    forms = {
        "report_form": bound.get("report_form") or ReportForm(organs=organs, people=people),
        "action_form": bound.get("action_form") or ActionForm(),
        "escalate_form": bound.get("escalate_form") or EscalateForm(),
        "close_form": bound.get("close_form") or CloseForm(),
    }
    focus_first_error(*bound.values())
    return render(
        request,
        "duties/incidents/detail.html",
        {
            "incident": incident,
            "clocks": selectors.report_clocks(incident, now),
            "reports": incident.reports.select_related("to_organ", "to_person", "made_by"),
            "actions": actions,
            "escalations": escalations,
            "matters": [(m, m.pk in readable) for m in matters],
            "allowed": allowed,
            "acting_organ": organ,
            **forms,
        },
    )


@login_required
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _detail(request, selectors.access_incident_by_id(request.user, incident_id))


def _step(request: HttpRequest, incident_id: int, action: str) -> tuple[Incident, Organ]:
    incident = selectors.access_incident_by_id(request.user, incident_id, action=action)
    return incident, selectors.acting_organ(request.user, incident) or incident.organ


def _done_or_again(
    request: HttpRequest, incident: Incident, form: Any, name: str, call: Any
) -> HttpResponse:
    """Run the step when the form is valid; the page again with the form's errors otherwise."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            return redirect("duties:incident_detail", incident_id=incident.pk)
    return _detail(request, incident, **{name: form})


@login_required
@require_POST
def incident_report(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident, organ = _step(request, incident_id, "duties.incident.report")
    organs, people = _recipients(incident)
    form = ReportForm(request.POST, organs=organs, people=people)

    def call(data: dict[str, Any]) -> None:
        services.incident_report(
            incident=incident,
            organ=organ,
            made_at=data["made_at"],
            channel=data["channel"],
            content=data["content"],
            to_organ=Organ.objects.filter(pk=data["to_organ"]).first()
            if data["to_organ"]
            else None,
            to_person=Person.objects.filter(pk=data["to_person"]).first()
            if data["to_person"]
            else None,
            actor=request.user,
        )

    return _done_or_again(request, incident, form, "report_form", call)


@login_required
@require_POST
def incident_action(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident, organ = _step(request, incident_id, "duties.incident.act")
    form = ActionForm(request.POST)

    def call(data: dict[str, Any]) -> None:
        services.incident_act(
            incident=incident, organ=organ, at=data["at"], what=data["what"], actor=request.user
        )

    return _done_or_again(request, incident, form, "action_form", call)


@login_required
@require_POST
def incident_escalate(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident, organ = _step(request, incident_id, "duties.incident.escalate")
    form = EscalateForm(request.POST)

    def call(data: dict[str, Any]) -> None:
        services.incident_escalate(
            incident=incident,
            organ=organ,
            at=data["at"],
            growth=data["growth"],
            what=data["what"],
            people_after=data["people_after"],
            actor=request.user,
        )

    return _done_or_again(request, incident, form, "escalate_form", call)


@login_required
@require_POST
def incident_close(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident, organ = _step(request, incident_id, "duties.incident.close")
    form = CloseForm(request.POST)

    def call(data: dict[str, Any]) -> None:
        services.incident_close(
            incident=incident, organ=organ, note=data["note"], actor=request.user
        )

    return _done_or_again(request, incident, form, "close_form", call)


# --- staff reports (第八条第四项) --------------------------------------------------------------


@login_required
def staff_report_list(request: HttpRequest) -> HttpResponseBase:
    rows = selectors.staff_reports_visible_to(request.user).order_by("-submitted_at", "-id")
    exported = export_if_asked(
        request,
        rows,
        name=_("工作人员汇报和意见建议"),
        columns=downloads.STAFF_REPORTS,
        what="duties.staff_reports",
    )
    if exported is not None:
        return exported
    page = page_of(request, rows)
    return render(
        request,
        "duties/incidents/staff_list.html",
        {"reports": page, "page_obj": page, "person": scope_for(request.user).person_id},
    )


def _leaders(organs: list[Organ]) -> list[tuple[Person, str]]:
    day = timezone.localdate()
    found: dict[int, tuple[Person, str]] = {}
    for organ in organs:
        for person, at in staff_services.leaders_to_report_to(organ, day):
            label = _("%(name)s（%(organ)s）") % {"name": person.name, "organ": at.name}
            found.setdefault(person.pk, (person, label))
    return list(found.values())


@login_required
@require_http_methods(["GET", "POST"])
def staff_report_new(request: HttpRequest) -> HttpResponse:
    organs = organs_of_user(request.user)
    if not organs:
        raise PermissionDenied(_("只有机关工作人员可以汇报。"))
    form = StaffReportForm(request.POST or None, organs=organs, leaders=_leaders(organs))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matters = selectors.readable_matters(request.user, data["matters"], field="matters")
            report = staff_services.staff_report_submit(
                organ=Organ.objects.get(pk=data["organ"]),
                to_person=Person.objects.get(pk=data["to_person"]),
                kind=data["kind"],
                content=data["content"],
                matters=matters,
                actor=request.user,
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            return redirect("duties:staff_report_detail", report_id=report.pk)
    focus_first_error(form)
    return render(request, "duties/incidents/staff_new.html", {"form": form})


def _staff_detail(request: HttpRequest, report: StaffReport, form: Any = None) -> HttpResponse:
    person = scope_for(request.user).person_id
    may_acknowledge = report.to_person_id == person and report.state == StaffReportState.SUBMITTED
    focus_first_error(form)
    return render(
        request,
        "duties/incidents/staff_detail.html",
        {
            "report": report,
            "matters": report.matters.order_by("pk"),
            "form": form or AcknowledgeForm(),
            "may_acknowledge": may_acknowledge,
        },
    )


@login_required
def staff_report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    return _staff_detail(request, selectors.access_staff_report_by_id(request.user, report_id))


@login_required
@require_POST
def staff_report_acknowledge(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.access_staff_report_by_id(request.user, report_id, action="acknowledge")
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            staff_services.staff_report_acknowledge(
                report=report, note=form.cleaned_data["note"], actor=request.user
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            return redirect("duties:staff_report_detail", report_id=report.pk)
    return _staff_detail(request, report, form)


urlpatterns: list[URLPattern] = [
    path("", incident_list, name="incident_list"),
    path("new/", incident_new, name="incident_new"),
    path("<int:incident_id>/", incident_detail, name="incident_detail"),
    path("<int:incident_id>/report/", incident_report, name="incident_report"),
    path("<int:incident_id>/action/", incident_action, name="incident_action"),
    path("<int:incident_id>/escalate/", incident_escalate, name="incident_escalate"),
    path("<int:incident_id>/close/", incident_close, name="incident_close"),
    path("staff-reports/", staff_report_list, name="staff_report_list"),
    path("staff-reports/new/", staff_report_new, name="staff_report_new"),
    path("staff-reports/<int:report_id>/", staff_report_detail, name="staff_report_detail"),
    path(
        "staff-reports/<int:report_id>/acknowledge/",
        staff_report_acknowledge,
        name="staff_report_acknowledge",
    ),
]
