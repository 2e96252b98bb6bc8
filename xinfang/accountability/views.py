"""Pages of the accountability workflow: one per step, thin.

Each view reads through a chokepoint of ``selectors`` (a logged 404 otherwise), parses its form
and calls one service; the service validates and writes the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from xinfang.access.policy import access_organ_by_id, visible_organs
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.selectors import access_matter_by_id
from xinfang.rules.grounds import ground as ground_of

from . import documents, selectors, services
from .choices import CaseState, DecisionState, LeadState
from .forms import (
    DecisionForm,
    FindingsForm,
    HonourForm,
    LeadForm,
    ParticipantFormSet,
    ReasonForm,
    RectifiedForm,
    apply_errors,
)
from .models import AccountabilityCase, Decision


def _refused(request: HttpRequest, exc: ValidationError, back: str) -> HttpResponse:
    """A refused step: the service's reasons, and the way back."""
    context = {"messages_": exc.messages, "back": back}
    return render(request, "accountability/refused.html", context, status=400)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- leads ----------------------------------------------------------------------------------


@login_required
def lead_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    leads = selectors.leads_visible_to(request.user)
    if state in LeadState.values:
        leads = leads.filter(state=state)
    return render(
        request,
        "accountability/lead_list.html",
        {"leads": leads[:200], "states": LeadState.choices, "state": state},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_new(request: HttpRequest) -> HttpResponse:
    form = LeadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organ = Organ.objects.filter(code=data["organ_code"]).first()
        if organ is None or not visible_organs(request.user).filter(pk=organ.pk).exists():
            form.add_error("organ_code", _("未找到该机构。"))
        else:
            organ = access_organ_by_id(request.user, organ.pk)
            selectors.require_petition_office(
                request.user, organ, action="accountability.lead.file"
            )
            persons = list(Person.objects.filter(code__in=form.codes()))
            if len(persons) != len(set(form.codes())):
                form.add_error("person_codes", _("人员编号不存在。"))
            else:
                try:
                    if data.get("matter_id"):
                        access_matter_by_id(request.user, data["matter_id"])
                    lead = services.lead_file_manual(
                        kind=data["kind"],
                        ground=data["ground"],
                        organ=organ,
                        failure_date=data["failure_date"],
                        summary=data["summary"],
                        evidence=form.evidence_items(),
                        persons=persons,
                        matter_id=data.get("matter_id"),
                        actor=request.user,
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    return redirect("accountability:lead_detail", lead_id=lead.pk)
    return render(request, "accountability/lead_new.html", {"form": form})


@login_required
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = selectors.access_lead_by_id(request.user, lead_id)
    case = AccountabilityCase.objects.filter(lead_id=lead.pk).first()
    return render(
        request,
        "accountability/lead_detail.html",
        {
            "lead": lead,
            "ground": ground_of(lead.ground),
            "holders": lead.duty_holders.select_related("person", "position").order_by("id"),
            "case": case,
            "dismiss_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def lead_investigate(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = selectors.access_lead_by_id(request.user, lead_id, action="investigate")
    office = selectors.require_petition_office(
        request.user, lead.organ, action="accountability.case.open"
    )
    case = services.case_open(lead=lead, investigating_organ=office, actor=request.user)
    return redirect("accountability:case_detail", case_id=case.pk)


@login_required
@require_POST
def lead_dismiss(request: HttpRequest, lead_id: int) -> HttpResponse:
    lead = selectors.access_lead_by_id(request.user, lead_id, action="dismiss")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.lead_dismiss(lead=lead, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            return _refused(request, exc, reverse("accountability:lead_detail", args=[lead.pk]))
    return redirect("accountability:lead_detail", lead_id=lead.pk)


# --- cases ----------------------------------------------------------------------------------


def _article_rows(case: AccountabilityCase) -> list[dict[str, Any]]:
    """The recommendation, subject by subject, each with its articles."""
    rec = case.recommendation or {}
    names = {p.person.code: p.person.name for p in case.participants.select_related("person")}
    rows = [
        {
            "subject": names.get(person["id"], person["id"]),
            "role": person.get("role", ""),
            "responsibility": person.get("responsibility", ""),
            "measures": person.get("measures", []),
            "options": person.get("options", []),
            "rectification": person.get("rectification", False),
            "basis": person.get("basis", []),
        }
        for person in rec.get("people", [])
    ]
    organ = rec.get("organ") or {}
    if organ.get("measures"):
        rows.append(
            {
                "subject": case.organ.name,
                "role": "",
                "responsibility": "",
                "measures": organ["measures"],
                "options": [],
                "rectification": False,
                "basis": organ.get("basis", []),
            }
        )
    return rows


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.access_case_by_id(request.user, case_id)
    rec = case.recommendation or {}
    return render(
        request,
        "accountability/case_detail.html",
        {
            "case": case,
            "grounds": [ground_of(n) for n in case.grounds],
            "participants": case.participants.select_related("person").order_by("id"),
            "rec": rec,
            "rows": _article_rows(case),
            "citation": documents.cite(rec.get("basis", [])),
            "letters": case.recommendations.select_related("authority").order_by("id"),
            "dispatched": selectors.notices_dispatched(case=case),
            "close_form": ReasonForm(),
            "can_edit": case.state in (CaseState.INVESTIGATING, CaseState.FINDINGS_RECORDED),
            "can_send": case.state == CaseState.FINDINGS_RECORDED and rec.get("accountable"),
        },
    )


def _participant_initial(case: AccountabilityCase) -> list[dict[str, Any]]:
    rows = []
    for p in case.participants.select_related("person").order_by("id"):
        rows.append(
            {
                "person_id": p.person_id,
                "person_code": p.person.code,
                "include": True,
                "role": p.role,
                "participated": p.participated,
                "objected": p.objected,
                "objection_reference": p.objection_reference,
                "diligent": p.diligent,
                "diligence_note": p.diligence_note,
                "discipline_warranted": p.discipline_warranted,
                "suspected_crime": p.suspected_crime,
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def case_findings(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.access_case_by_id(request.user, case_id, action="findings")
    initial = {
        "grounds": case.grounds or [case.lead.ground],
        "threshold_met": bool(case.threshold_met),
        "threshold_reasoning": case.threshold_reasoning,
        "harm": case.harm or "minor",
        "impact": case.impact or "minor",
        "harm_description": case.harm_description,
        "responsibility": case.responsibility_kind or "individual",
    }
    form = FindingsForm(request.POST or None, initial=initial)
    formset = ParticipantFormSet(
        request.POST or None, initial=_participant_initial(case), prefix="p"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        people: list[dict[str, Any]] = []
        unknown: list[str] = []
        for row in formset.cleaned_data:
            if not row or not row.get("include"):
                continue
            person = None
            if row.get("person_id"):
                person = Person.objects.filter(pk=row["person_id"]).first()
            elif row.get("person_code"):
                person = Person.objects.filter(code=row["person_code"].strip()).first()
            if person is None:
                unknown.append(row.get("person_code") or "?")
                continue
            people.append({**row, "person": person})
        if unknown:
            form.add_error(None, _("人员编号不存在：%(codes)s") % {"codes": "、".join(unknown)})
        else:
            data = form.cleaned_data
            try:
                services.case_record_findings(
                    case=case,
                    grounds=data["grounds"],
                    threshold_met=data["threshold_met"],
                    threshold_reasoning=data["threshold_reasoning"],
                    harm=data["harm"],
                    impact=data["impact"],
                    harm_description=data["harm_description"],
                    responsibility=data["responsibility"],
                    participants=people,
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("accountability:case_detail", case_id=case.pk)
    return render(
        request,
        "accountability/case_findings.html",
        {"case": case, "form": form, "formset": formset},
    )


@login_required
@require_POST
def case_send(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.access_case_by_id(request.user, case_id, action="send")
    try:
        services.case_send_recommendation(case=case, actor=request.user)
    except ValidationError as exc:
        return _refused(request, exc, reverse("accountability:case_detail", args=[case.pk]))
    return redirect("accountability:case_detail", case_id=case.pk)


@login_required
@require_POST
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.access_case_by_id(request.user, case_id, action="close")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.case_close_not_accountable(
                case=case, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            return _refused(request, exc, reverse("accountability:case_detail", args=[case.pk]))
    return redirect("accountability:case_detail", case_id=case.pk)


# --- the managing authority -----------------------------------------------------------------


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accountability/recommendation_list.html",
        {"letters": selectors.recommendations_for_authority(request.user)[:200]},
    )


@login_required
def recommendation_detail(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    letter = selectors.access_recommendation_by_id(request.user, recommendation_id)
    context = documents.recommendation_context(letter)
    context["may_decide"] = selectors.may_act_for_authority(request.user, letter.authority)
    context["any_decided"] = any(
        row["decision"].state == DecisionState.DECIDED for row in context["rows"]
    )
    context["dispatched"] = selectors.notices_dispatched(recommendation=letter)
    return render(request, "accountability/recommendation_detail.html", context)


@login_required
def recommendation_letter_pdf(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    letter = selectors.access_recommendation_by_id(
        request.user, recommendation_id, action="download"
    )
    return _pdf(documents.recommendation_letter_pdf(letter), f"recommendation-{letter.pk}.pdf")


@login_required
def decision_notice_pdf(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    letter = selectors.access_recommendation_by_id(
        request.user, recommendation_id, action="download"
    )
    return _pdf(documents.decision_notice_pdf(letter), f"decision-notice-{letter.pk}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def decision_form(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision: Decision = selectors.access_decision_for_authority(request.user, decision_id)
    form = DecisionForm(
        request.POST or None,
        for_person=decision.person_id is not None,
        initial={"measures": decision.recommended_measures, "decided_on": timezone.localdate()},
    )
    if request.method == "POST" and decision.state == DecisionState.PENDING and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(
                decision=decision,
                measures=data["measures"],
                options=data.get("options") or [],
                reasons=data["reasons"],
                rectification_due=data["rectification_due"],
                decided_on=data["decided_on"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(
                "accountability:recommendation_detail", recommendation_id=decision.recommendation_id
            )
    row = documents.decision_rows([decision])[0]
    return render(
        request,
        "accountability/decision_form.html",
        {"decision": decision, "row": row, "form": form},
    )


# --- effects --------------------------------------------------------------------------------


@login_required
def rectification_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = list(selectors.rectifications_visible_to(request.user)[:500])
    return render(
        request,
        "accountability/rectification_list.html",
        {"items": items, "today": today, "form": RectifiedForm()},
    )


@login_required
@require_POST
def rectification_done(request: HttpRequest, rectification_id: int) -> HttpResponse:
    item = selectors.access_rectification_by_id(request.user, rectification_id)
    form = RectifiedForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_mark_done(
                rectification=item, evidence=form.cleaned_data["evidence"], actor=request.user
            )
        except ValidationError as exc:
            return _refused(request, exc, reverse("accountability:rectification_list"))
    return redirect("accountability:rectification_list")


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accountability/notice_list.html",
        {"notices": selectors.notices_for(request.user)[:500]},
    )


@login_required
def person_record(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.access_accountability_record(request.user, person_id)
    entries = documents.decision_rows(selectors.accountability_record(person))
    return render(
        request, "accountability/person_record.html", {"person": person, "entries": entries}
    )


@login_required
def honour_lookup(request: HttpRequest) -> HttpResponse:
    form = HonourForm(request.GET or None)
    result = None
    if form.is_valid():
        organ = Organ.objects.filter(code=form.cleaned_data["organ_code"]).first()
        if organ is None:
            form.add_error("organ_code", _("未找到该机构。"))
        else:
            organ = access_organ_by_id(request.user, organ.pk)
            year = form.cleaned_data["year"]
            result = {
                "organ": organ,
                "year": year,
                "rows": selectors.honour_disqualifications(organ, year),
            }
    return render(request, "accountability/honours.html", {"form": form, "result": result})
