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

from xinfang.access.policy import visible_organs
from xinfang.accountability import documents, selectors, services
from xinfang.accountability.choices import (
    CaseState,
    DecisionState,
    LeadKind,
)
from xinfang.accountability.evidence import evidence_rows
from xinfang.accountability.models import AccountabilityCase, Decision, Lead
from xinfang.accountability.services.machine import LEAD
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.selectors import access_matter_by_id
from xinfang.rules.grounds import ground as ground_of
from xinfang.web.forms_focus import focus_first_error

from .forms import (
    DecisionForm,
    FindingsForm,
    HonourForm,
    LeadForm,
    ParticipantFormSet,
    PromoteForm,
    ReasonForm,
    RectifiedForm,
    apply_errors,
)


def _refused(request: HttpRequest, exc: ValidationError, back: str) -> HttpResponse:
    """A refused step: the service's reasons, and the way back."""
    context = {"messages_": exc.messages, "back": back}
    return render(request, "accountability/refused.html", context, status=400)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- leads ----------------------------------------------------------------------------------


def _supervising_note(lead: Lead) -> str:
    """Why the registry cannot tell the lead's 直接主管的负责人 (细则第十一条第二款), or ""."""
    if not lead.supervising_leader_unclear:
        return ""
    if not lead.work_subject:
        return _(
            "登记信息无法确定直接主管的负责人：出问题的工作没有对应的分管领域"
            "（信访事项未分类，或其分类未设分管领域），须由有管理权限的党政机关认定。"
        )
    return _(
        "登记信息无法确定直接主管的负责人：失职失责之日没有领导班子成员分管“%(subject)s”，"
        "须由有管理权限的党政机关认定。"
    ) % {"subject": lead.get_work_subject_display()}


@login_required
@require_http_methods(["GET", "POST"])
def lead_new(request: HttpRequest) -> HttpResponse:
    """File a lead: first find the organ by name, then fill the form for it."""
    organs = selectors.organs_for_leads(request.user)
    source = request.POST if request.method == "POST" else request.GET
    wanted = source.get("organ", "")
    organ = organs.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if organ is None:
        query = request.GET.get("q", "").strip()
        return render(
            request,
            "accountability/lead_new.html",
            {
                "query": query,
                "matches": selectors.organs_named(organs, query),
                "not_found": bool(wanted),
            },
        )
    people = selectors.people_of_organ(organ)
    form = LeadForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        selectors.require_petition_office(request.user, organ, action="accountability.lead.file")
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
                persons=list(Person.objects.filter(pk__in=data["persons"]).order_by("pk")),
                matter_id=data.get("matter_id"),
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("accountability:lead_detail", lead_id=lead.pk)
    focus_first_error(form)
    return render(request, "accountability/lead_new.html", {"form": form, "organ": organ})


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
            "evidence": evidence_rows(request.user, lead.evidence or []),
            "supervising_note": _supervising_note(lead),
            "case": case,
            "dismiss_form": ReasonForm(),
            "promote_form": PromoteForm(),
            # The discipline organs read a disclosure signal; the petition office acts on it.
            "steps": LEAD.allowed(lead)
            if selectors.petition_office_of_user(request.user, lead.organ) is not None
            else [],
            "priority": lead.kind == LeadKind.DISCLOSURE_TO_ACCUSED,
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
    selectors.require_petition_office(
        request.user, lead.organ, action="accountability.lead.dismiss"
    )
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.lead_dismiss(lead=lead, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            return _refused(request, exc, reverse("accountability:lead_detail", args=[lead.pk]))
    return redirect("accountability:lead_detail", lead_id=lead.pk)


@login_required
@require_POST
def lead_promote(request: HttpRequest, lead_id: int) -> HttpResponse:
    """A signal (待研判信号) made a lead by the petition office of the territory."""
    lead = selectors.access_lead_by_id(request.user, lead_id, action="promote")
    selectors.require_petition_office(
        request.user, lead.organ, action="accountability.lead.promote"
    )
    form = PromoteForm(request.POST)
    if form.is_valid():
        try:
            services.lead_promote(lead=lead, note=form.cleaned_data["note"], actor=request.user)
        except ValidationError as exc:
            return _refused(request, exc, reverse("accountability:lead_detail", args=[lead.pk]))
    return redirect("accountability:lead_detail", lead_id=lead.pk)


# --- cases ----------------------------------------------------------------------------------


def _article_rows(case: AccountabilityCase) -> list[dict[str, Any]]:
    """The recommendation, subject by subject, each with its articles."""
    rec = case.recommendation or {}
    names = {p.person.code: p.person.name for p in case.participants.select_related("person")}
    codes = [str(p.get("id", "")) for p in rec.get("people", []) if p.get("id") not in names]
    # Named by the registry, never by its code (``500103-housing:principal``).
    names.update(Person.objects.filter(code__in=codes).values_list("code", "name"))
    rows = [
        {
            "subject": names.get(person["id"], "—"),
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
            "supervising_note": _supervising_note(case.lead),
            "grounds": [ground_of(n) for n in case.grounds],
            "participants": case.participants.select_related("person").order_by("id"),
            "rec": rec,
            "rows": _article_rows(case),
            "citation": documents.cite(rec.get("basis", [])),
            "letters": case.recommendations.select_related("authority").order_by("id"),
            # Linked only for their readers: the investigating office and the authority.
            "readable_letters": set(
                selectors.recommendations_readable_by(request.user)
                .filter(case_id=case.pk)
                .values_list("pk", flat=True)
            ),
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


def _findings_people(case: AccountabilityCase) -> list[tuple[Person, str]]:
    """Who may be named: those in post at the organ on the failure date (细则第十一条第二款),
    and the case's people already listed (by name, should one no longer qualify)."""
    people = selectors.people_in_post_on(case.organ, case.failure_date)
    known = {person.pk for person, _label in people}
    for p in case.participants.select_related("person").order_by("id"):
        if p.person_id not in known:
            known.add(p.person_id)
            people.append((p.person, p.person.name))
    return people


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
    people = _findings_people(case)
    formset = ParticipantFormSet(
        request.POST or None,
        initial=_participant_initial(case),
        prefix="p",
        form_kwargs={"people": people},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        by_id = {person.pk: person for person, _label in people}
        chosen: list[dict[str, Any]] = []
        unknown = False
        for row in formset.cleaned_data:
            person_id = (row.get("person_id") or row.get("person")) if row else None
            if not row or not row.get("include") or not person_id:
                continue
            if person_id not in by_id:
                unknown = True
                continue
            chosen.append({**row, "person": by_id[person_id]})
        if unknown:
            form.add_error(None, _("所选人员不在本案可认定的人员之中。"))
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
                    participants=chosen,
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("accountability:case_detail", case_id=case.pk)
    focus_first_error(form, *formset.forms)
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
    focus_first_error(form)
    return render(
        request,
        "accountability/decision_form.html",
        {"decision": decision, "row": row, "form": form},
    )


# --- effects --------------------------------------------------------------------------------


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
def person_record(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.access_accountability_record(request.user, person_id)
    entries = documents.decision_rows(selectors.accountability_record(person))
    return render(
        request, "accountability/person_record.html", {"person": person, "entries": entries}
    )


@login_required
def honour_lookup(request: HttpRequest) -> HttpResponse:
    """Whether an organ, found by name, may be chosen for comprehensive honours in a year."""
    form = HonourForm(request.GET or None, initial={"year": timezone.localdate().year})
    organs = visible_organs(request.user)
    matches: list[Organ] = []
    result = None
    if form.is_valid():
        wanted = request.GET.get("organ", "")
        if wanted:
            organ = organs.filter(pk=int(wanted)).first() if wanted.isdigit() else None
            if organ is None:
                form.add_error(None, _("未找到该机构。"))
        else:
            query = form.cleaned_data["q"].strip()
            matches = selectors.organs_named(organs, query)
            organ = matches[0] if len(matches) == 1 else None
            if not query:
                form.add_error("q", _("请输入机构名称。"))
            elif not matches:
                form.add_error("q", _("未找到名称含“%(q)s”的机构。") % {"q": query})
        if organ is not None:
            year = form.cleaned_data["year"]
            result = {
                "organ": organ,
                "year": year,
                "rows": selectors.honour_disqualifications(organ, year),
            }
    focus_first_error(form)
    return render(
        request,
        "accountability/honours.html",
        {"form": form, "matches": matches, "result": result},
    )
