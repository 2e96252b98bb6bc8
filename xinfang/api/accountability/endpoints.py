"""The accountability API (``/api/accountability/``): typed input and output per endpoint.

Thin: each endpoint fetches through a chokepoint of ``selectors`` (a logged 404 otherwise),
calls one service and renders. Errors are ``{code, message}`` (``xinfang.api.errors``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from xinfang.access.policy import access_organ_by_id
from xinfang.accountability import documents, selectors, services
from xinfang.accountability.filters import LeadFilter as LeadFilterSet
from xinfang.accountability.filters import (
    NoticeFilter,
    RecommendationFilter,
    RectificationFilter,
)
from xinfang.accountability.models import (
    AccountabilityCase,
    Decision,
    Lead,
    Notice,
    Recommendation,
    Rectification,
)
from xinfang.api.paging import PageIn, PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.orgs.models import Person
from xinfang.petitions.matters.selectors import access_matter_by_id

from .schemas import (
    CaseOut,
    DecisionIn,
    DecisionOut,
    FindingsIn,
    HonourFilter,
    HonourOut,
    LeadFilter,
    LeadIn,
    LeadOut,
    NoticeFilterIn,
    NoticeOut,
    PromoteIn,
    ReasonIn,
    RecommendationFilterIn,
    RecommendationOut,
    RecordOut,
    RectificationFilterIn,
    RectificationOut,
    RectifyIn,
)

router = Router(tags=["accountability"])

#: The errors an operation declares (docs/api.md); ``ERRORS`` is the older name for a write's.
ERRORS = WRITE_ERRORS


# --- renderers ------------------------------------------------------------------------------


def lead_out(lead: Lead) -> dict[str, Any]:
    case = getattr(lead, "case", None)
    return {
        "id": lead.pk,
        "source": lead.source,
        "kind": lead.kind,
        "kind_label": str(lead.get_kind_display()),
        "ground": lead.ground,
        "tier": lead.tier,
        "organ_id": lead.organ_id,
        "organ_name": lead.organ.name,
        "failure_date": lead.failure_date,
        "summary": lead.summary,
        "state": lead.state,
        "evidence": lead.evidence,
        "duty_holders": [
            {
                "person_id": h.person_id,
                "name": h.person.name,
                "role": h.role,
                "position_id": h.position_id,
            }
            for h in lead.duty_holders.all()
        ],
        "work_subject": lead.work_subject,
        "supervising_leader_unclear": lead.supervising_leader_unclear,
        "matter_id": lead.matter_id,
        "rectification_id": lead.rectification_id,
        "case_id": case.pk if case is not None else None,
        "created_at": lead.created_at,
    }


def _named(entry: Any, key: str, people: dict[str, Person]) -> Any:
    """``entry`` with the person its ``key`` names by registry code also named by id and name
    (``person_id``, ``name``); the code stays where it was, for the ``xinfang decide`` shape."""
    if not isinstance(entry, dict) or not isinstance(entry.get(key), str):
        return entry
    person = people.get(entry[key])
    return {
        **entry,
        "person_id": person.pk if person is not None else None,
        "name": person.name if person is not None else "",
    }


def _with_person_ids(data: dict[str, Any] | None, people: dict[str, Person]) -> Any:
    """The facts or the recommendation of a case (``xinfang decide`` JSON, people keyed by
    registry code) with each person also given by id and name."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for field, key in (
        ("people", "id"),
        ("referrals", "person"),
        ("needs_judgement", "person"),
        ("prior_measures", "person"),
    ):
        if isinstance(out.get(field), list):
            out[field] = [_named(entry, key, people) for entry in out[field]]
    return out


def case_out(case: AccountabilityCase) -> dict[str, Any]:
    participants = list(case.participants.select_related("person").order_by("id"))
    # The facts and the recommendation name the participants (everyone the rules core was
    # told about) by registry code.
    people = {p.person.code: p.person for p in participants}
    return {
        "id": case.pk,
        "lead_id": case.lead_id,
        "organ_id": case.organ_id,
        "organ_name": case.organ.name,
        "failure_date": case.failure_date,
        "investigating_organ_id": case.investigating_organ_id,
        "state": case.state,
        "grounds": case.grounds,
        "threshold_met": case.threshold_met,
        "threshold_reasoning": case.threshold_reasoning,
        "harm": case.harm,
        "impact": case.impact,
        "harm_description": case.harm_description,
        "responsibility_kind": case.responsibility_kind,
        "participants": [
            {
                "person_id": p.person_id,
                "name": p.person.name,
                "role": p.role,
                "participated": p.participated,
                "objected": p.objected,
                "objection_reference": p.objection_reference,
                "diligent": p.diligent,
                "diligence_note": p.diligence_note,
                "discipline_warranted": p.discipline_warranted,
                "suspected_crime": p.suspected_crime,
            }
            for p in participants
        ],
        "facts": _with_person_ids(case.facts, people),
        "recommendation": _with_person_ids(case.recommendation, people),
        "recommendation_ids": list(
            case.recommendations.order_by("id").values_list("pk", flat=True)
        ),
        "notices": [dispatch_out(n) for n in selectors.notices_dispatched(case=case)],
    }


def dispatch_out(n: Notice) -> dict[str, Any]:
    return {
        "decision_id": n.decision_id,
        "subject_name": n.decision.subject_name,
        "to_organ_id": n.to_organ_id,
        "to_organ_name": n.to_organ.name,
        "role": n.role,
        "role_label": str(n.get_role_display()),
        "sent_at": n.created_at,
    }


def decision_out(d: Decision, notices: list[Notice] | None = None) -> dict[str, Any]:
    rectification = Rectification.objects.filter(decision_id=d.pk).first()
    return {
        "id": d.pk,
        "recommendation_id": d.recommendation_id,
        "person_id": d.person_id,
        "organ_id": d.organ_id,
        "subject_name": d.subject_name,
        "role": d.role,
        "responsibility": d.responsibility,
        "tier": d.tier,
        "recommended_measures": d.recommended_measures,
        "recommended_options": d.recommended_options,
        "recommended_rectification": d.recommended_rectification,
        "recommended_basis": d.recommended_basis,
        "state": d.state,
        "decided_measures": d.decided_measures,
        "decided_options": d.decided_options,
        "differs": d.differs,
        "reasons": d.reasons,
        "decided_on": d.decided_on,
        "rectification_due": rectification.due if rectification else None,
        "notices": [
            dispatch_out(n)
            for n in (notices if notices is not None else selectors.notices_dispatched(case=d.case))
            if n.decision_id == d.pk
        ],
    }


def recommendation_out(r: Recommendation) -> dict[str, Any]:
    notices = selectors.notices_dispatched(recommendation=r)
    return {
        "id": r.pk,
        "number": r.number,
        "case_id": r.case_id,
        "authority_id": r.authority_id,
        "authority_name": r.authority.name,
        "organ_name": r.case.organ.name,
        "sent_at": r.sent_at,
        "decisions": [decision_out(d, notices) for d in selectors.decisions_of(r)],
    }


def rectification_out(r: Rectification, today: dt.date) -> dict[str, Any]:
    return {
        "id": r.pk,
        "case_id": r.case_id,
        "decision_id": r.decision_id,
        "person_id": r.person_id,
        "organ_id": r.organ_id,
        "subject_name": r.person.name if r.person else (r.organ.name if r.organ else ""),
        "measure": r.measure,
        "due": r.due,
        "rectified_at": r.rectified_at,
        "evidence": r.evidence,
        "overdue": r.rectified_at is None and r.due < today,
    }


def notice_out(n: Notice) -> dict[str, Any]:
    return {
        "id": n.pk,
        "to_organ_id": n.to_organ_id,
        "role": n.role,
        "case_id": n.case_id,
        "decision_id": n.decision_id,
        "subject_name": n.decision.subject_name,
        "person_id": n.decision.person_id,
        "decided_measures": n.decision.decided_measures,
        "decided_on": n.decision.decided_on,
        "created_at": n.created_at,
    }


def record_out(person: Person) -> dict[str, Any]:
    entries = []
    for d in selectors.accountability_record(person):
        rectification = Rectification.objects.filter(decision_id=d.pk).first()
        entries.append(
            {
                "decision_id": d.pk,
                "case_id": d.case_id,
                "organ_name": d.case.organ.name,
                "authority_name": d.recommendation.authority.name,
                "responsibility": d.responsibility,
                "decided_measures": d.decided_measures,
                "decided_options": d.decided_options,
                "decided_on": d.decided_on,
                "rectification_due": rectification.due if rectification else None,
                "rectified_in_time": rectification.rectified_in_time if rectification else None,
                "referrals": [r.target for r in d.referrals.all()],
            }
        )
    return {"person_id": person.pk, "name": person.name, "entries": entries}


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filtered(filterset: type[Any], filters: PageIn, base: QuerySet[Any]) -> QuerySet[Any]:
    """``base`` through the list's FilterSet (the pages' own): the validated query, its
    ``<organ>_id`` parameters under the FilterSet's names; what the FilterSet refuses is a 422
    naming the API's parameter."""
    data: MultiValueDict[str, str] = MultiValueDict()
    renamed: dict[str, str] = {}
    for key, value in filters.model_dump(mode="json", exclude={"page", "page_size"}).items():
        if value is None or value == []:
            continue
        name = key.removesuffix("_id") if key.removesuffix("_id") in filterset.base_filters else key
        renamed[name] = key
        values = value if isinstance(value, list) else [value]
        data.setlist(name, [str(v) for v in values])
    found = filterset(data, queryset=base)
    if not found.is_valid():
        raise ValidationError(
            {renamed.get(field, field): errors for field, errors in found.errors.items()}
        )
    rows: QuerySet[Any] = found.qs
    return rows


# --- leads ----------------------------------------------------------------------------------


@router.get("/leads", response={200: PageOut[LeadOut], **READ_ERRORS}, operation_id="lead_list")
def lead_list(request: HttpRequest, filters: Query[LeadFilter]) -> Any:
    """Leads the user's petition office may investigate: disclosure to the accused first (the
    highest priority), then newest first; ``tier`` tells leads from signals."""
    leads = selectors.prioritized(selectors.with_holders(selectors.leads_visible_to(request.user)))
    leads = _filtered(LeadFilterSet, filters, leads)
    return page_out(leads, page=filters.page, page_size=filters.page_size, render=lead_out)


@router.post("/leads", response={201: LeadOut, **WRITE_ERRORS}, operation_id="lead_file")
def lead_file(request: HttpRequest, payload: LeadIn) -> Any:
    """File a lead by hand (from a complaint or an inspection finding)."""
    organ = access_organ_by_id(request.user, payload.organ_id)
    selectors.require_petition_office(request.user, organ, action="accountability.lead.file")
    if payload.matter_id is not None:
        access_matter_by_id(request.user, payload.matter_id)
    persons = list(Person.objects.filter(pk__in=payload.person_ids))
    if len(persons) != len(set(payload.person_ids)):
        raise ValidationError({"person_ids": [ValidationError(_("人员不存在。"), code="unknown")]})
    lead = services.lead_file_manual(
        kind=payload.kind,
        ground=payload.ground,
        organ=organ,
        failure_date=payload.failure_date,
        summary=payload.summary,
        evidence=[e.dict() for e in payload.evidence],
        persons=persons,
        matter_id=payload.matter_id,
        actor=request.user,
    )
    return Status(201, lead_out(lead))


@router.get("/leads/{lead_id}", response={200: LeadOut, **READ_ERRORS}, operation_id="lead_detail")
def lead_detail(request: HttpRequest, lead_id: int) -> Any:
    return lead_out(selectors.access_lead_by_id(request.user, lead_id))


@router.post(
    "/leads/{lead_id}/dismiss", response={200: LeadOut, **WRITE_ERRORS}, operation_id="lead_dismiss"
)
def lead_dismiss(request: HttpRequest, lead_id: int, payload: ReasonIn) -> Any:
    lead = selectors.access_lead_by_id(request.user, lead_id, action="dismiss")
    selectors.require_petition_office(
        request.user, lead.organ, action="accountability.lead.dismiss"
    )
    return lead_out(services.lead_dismiss(lead=lead, reason=payload.reason, actor=request.user))


@router.post(
    "/leads/{lead_id}/promote", response={200: LeadOut, **WRITE_ERRORS}, operation_id="lead_promote"
)
def lead_promote(request: HttpRequest, lead_id: int, payload: PromoteIn) -> Any:
    """Make a signal (待研判信号) a lead; it stays open, for investigation."""
    lead = selectors.access_lead_by_id(request.user, lead_id, action="promote")
    selectors.require_petition_office(
        request.user, lead.organ, action="accountability.lead.promote"
    )
    return lead_out(services.lead_promote(lead=lead, note=payload.note, actor=request.user))


@router.post(
    "/leads/{lead_id}/investigation",
    response={201: CaseOut, **WRITE_ERRORS},
    operation_id="case_open",
)
def case_open(request: HttpRequest, lead_id: int) -> Any:
    """Open the investigation of a lead (细则第十七条第二款)."""
    lead = selectors.access_lead_by_id(request.user, lead_id, action="investigate")
    office = selectors.require_petition_office(
        request.user, lead.organ, action="accountability.case.open"
    )
    case = services.case_open(lead=lead, investigating_organ=office, actor=request.user)
    return Status(201, case_out(case))


# --- cases ----------------------------------------------------------------------------------


@router.get("/cases/{case_id}", response={200: CaseOut, **READ_ERRORS}, operation_id="case_detail")
def case_detail(request: HttpRequest, case_id: int) -> Any:
    return case_out(selectors.access_case_by_id(request.user, case_id))


@router.put(
    "/cases/{case_id}/findings",
    response={200: CaseOut, **WRITE_ERRORS},
    operation_id="case_record_findings",
)
def case_findings(request: HttpRequest, case_id: int, payload: FindingsIn) -> Any:
    """Record the findings; the rules core's recommendation is stored with them."""
    case = selectors.access_case_by_id(request.user, case_id, action="findings")
    ids = [p.person_id for p in payload.participants]
    people = Person.objects.in_bulk(ids)
    if len(people) != len(set(ids)):
        raise ValidationError(
            {"participants": [ValidationError(_("人员不存在。"), code="unknown")]}
        )
    case = services.case_record_findings(
        case=case,
        grounds=payload.grounds,
        threshold_met=payload.threshold_met,
        threshold_reasoning=payload.threshold_reasoning,
        harm=payload.harm,
        impact=payload.impact,
        harm_description=payload.harm_description,
        responsibility=payload.responsibility,
        participants=[{**p.dict(), "person": people[p.person_id]} for p in payload.participants],
        actor=request.user,
    )
    return case_out(case)


@router.post(
    "/cases/{case_id}/close",
    response={200: CaseOut, **WRITE_ERRORS},
    operation_id="case_close_not_accountable",
)
def case_close(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    case = selectors.access_case_by_id(request.user, case_id, action="close")
    return case_out(
        services.case_close_not_accountable(case=case, reason=payload.reason, actor=request.user)
    )


@router.post(
    "/cases/{case_id}/send",
    response={201: list[RecommendationOut], **WRITE_ERRORS},
    operation_id="case_send_recommendation",
)
def case_send(request: HttpRequest, case_id: int) -> Any:
    """Send the recommendation to each managing authority."""
    case = selectors.access_case_by_id(request.user, case_id, action="send")
    letters = services.case_send_recommendation(case=case, actor=request.user)
    return Status(201, [recommendation_out(letter) for letter in letters])


# --- the managing authority -----------------------------------------------------------------


@router.get(
    "/recommendations",
    response={200: PageOut[RecommendationOut], **READ_ERRORS},
    operation_id="recommendation_list",
)
def recommendation_list(request: HttpRequest, filters: Query[RecommendationFilterIn]) -> Any:
    """Recommendations addressed to an authority the user acts for."""
    letters = selectors.recommendations_for_authority(request.user)
    return page_out(
        _filtered(RecommendationFilter, filters, letters),
        page=filters.page,
        page_size=filters.page_size,
        render=recommendation_out,
    )


@router.get(
    "/recommendations/{recommendation_id}",
    response={200: RecommendationOut, **READ_ERRORS},
    operation_id="recommendation_detail",
)
def recommendation_detail(request: HttpRequest, recommendation_id: int) -> Any:
    return recommendation_out(
        selectors.access_recommendation_by_id(request.user, recommendation_id)
    )


@router.get(
    "/recommendations/{recommendation_id}/letter.pdf",
    response={200: None, **READ_ERRORS},
    operation_id="recommendation_letter_pdf",
)
def recommendation_letter(request: HttpRequest, recommendation_id: int) -> Any:
    """责任追究建议书 (PDF)."""
    r = selectors.access_recommendation_by_id(request.user, recommendation_id, action="download")
    return _pdf(documents.recommendation_letter_pdf(r), f"recommendation-{r.pk}.pdf")


@router.get(
    "/recommendations/{recommendation_id}/decision-notice.pdf",
    response={200: None, **READ_ERRORS},
    operation_id="decision_notice_pdf",
)
def decision_notice(request: HttpRequest, recommendation_id: int) -> Any:
    """责任追究决定通知书 (PDF)."""
    r = selectors.access_recommendation_by_id(request.user, recommendation_id, action="download")
    return _pdf(documents.decision_notice_pdf(r), f"decision-notice-{r.pk}.pdf")


@router.post(
    "/decisions/{decision_id}",
    response={200: DecisionOut, **WRITE_ERRORS},
    operation_id="decision_record",
)
def decision_record(request: HttpRequest, decision_id: int, payload: DecisionIn) -> Any:
    """The authority's decision on one person or the organ; differing needs reasons."""
    decision = selectors.access_decision_for_authority(request.user, decision_id)
    decision = services.decision_record(
        decision=decision,
        measures=payload.measures,
        options=payload.options,
        reasons=payload.reasons,
        rectification_due=payload.rectification_due,
        decided_on=payload.decided_on,
        actor=request.user,
    )
    return decision_out(decision)


# --- effects --------------------------------------------------------------------------------


@router.get(
    "/rectifications",
    response={200: PageOut[RectificationOut], **READ_ERRORS},
    operation_id="rectification_list",
)
def rectification_list(request: HttpRequest, filters: Query[RectificationFilterIn]) -> Any:
    today = timezone.localdate()
    items = selectors.rectifications_visible_to(request.user)
    return page_out(
        _filtered(RectificationFilter, filters, items),
        page=filters.page,
        page_size=filters.page_size,
        render=lambda r: rectification_out(r, today),
    )


@router.post(
    "/rectifications/{rectification_id}/done",
    response={200: RectificationOut, **WRITE_ERRORS},
    operation_id="rectification_mark_done",
)
def rectification_done(request: HttpRequest, rectification_id: int, payload: RectifyIn) -> Any:
    r = selectors.access_rectification_by_id(request.user, rectification_id)
    r = services.rectification_mark_done(
        rectification=r, evidence=payload.evidence, actor=request.user
    )
    return rectification_out(r, timezone.localdate())


@router.get(
    "/notices", response={200: PageOut[NoticeOut], **READ_ERRORS}, operation_id="notice_list"
)
def notice_list(request: HttpRequest, filters: Query[NoticeFilterIn]) -> Any:
    """Notices to the user's organization or personnel department (细则第十八条)."""
    notices = selectors.notices_for(request.user).order_by("-created_at", "-id")
    return page_out(
        _filtered(NoticeFilter, filters, notices),
        page=filters.page,
        page_size=filters.page_size,
        render=notice_out,
    )


@router.get(
    "/records/{person_id}",
    response={200: RecordOut, **READ_ERRORS},
    operation_id="accountability_record_detail",
)
def accountability_record(request: HttpRequest, person_id: int) -> Any:
    """A person's accountability record: organization and personnel departments and the
    managing authority only; everyone else gets a logged 404."""
    person = selectors.access_accountability_record(request.user, person_id)
    return record_out(person)


@router.get("/honours", response={200: HonourOut, **READ_ERRORS}, operation_id="honour_status")
def honour_status(request: HttpRequest, filters: Query[HonourFilter]) -> Any:
    """Whether an organ may be chosen for comprehensive honours in a year (细则第十四条)."""
    organ = access_organ_by_id(request.user, filters.organ_id)
    rows = selectors.honour_disqualifications(organ, filters.year)
    return {
        "organ_id": organ.pk,
        "year": filters.year,
        "disqualified": bool(rows),
        "cases": [{"case_id": h.case_id, "basis": h.basis} for h in rows],
    }
