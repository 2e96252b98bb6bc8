"""Endpoints of 细则第四条 (``/api/duties/agenda``): agenda items and their follow-up, the norm
by year, major decisions with their risk assessment and linked matters, dispute screening, the
early warning, and an organ's own duty norms.

Thin: each endpoint reads through a chokepoint (a logged 404 otherwise), calls one service or
selector and renders.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from xinfang.access.choices import DenialReason
from xinfang.access.policy import access_organ_by_id, access_organ_records_by_id, log_denial
from xinfang.api.paging import PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.duties.models.agenda import AgendaItem, DisputeScreening, MajorDecision
from xinfang.duties.models.settings import ORGAN_SETTINGS, OrganDutySettings
from xinfang.duties.selectors import SettingValue, duty_setting
from xinfang.duties.selectors import agenda as selectors
from xinfang.duties.selectors.agenda_warnings import may_see_warnings, region_warnings
from xinfang.duties.services import agenda as services
from xinfang.duties.services import agenda_decisions as decisions
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.selectors import access_matter_by_id
from xinfang.refusals import Refused
from xinfang.rules.basis import basis_strings

from .agenda_schemas import (
    AgendaFollowUpIn,
    AgendaItemFilter,
    AgendaItemIn,
    AgendaItemOut,
    AgendaNormFilter,
    AgendaNormOut,
    AssessmentIn,
    DecisionDetailOut,
    DecisionFilter,
    LinkIn,
    MajorDecisionIn,
    MajorDecisionOut,
    ScreeningFilter,
    ScreeningIn,
    ScreeningOut,
    SettingsIn,
    SettingsOut,
    WarningFilter,
    WarningsOut,
)

router = Router(tags=["duties"])


@contextmanager
def fields_as(names: dict[str, str]) -> Iterator[None]:
    """A service's errors by the request's own field names (``follow_up_owner`` →
    ``follow_up_owner_id``)."""
    try:
        yield
    except Refused:
        raise
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()}) from exc


def people(ids: list[int], field: str) -> list[Person]:
    found = list(Person.objects.filter(pk__in=ids).order_by("pk"))
    if len(found) != len(set(ids)):
        raise ValidationError({field: [ValidationError(_("人员不存在。"), code="unknown")]})
    return found


def setting_out(value: SettingValue) -> dict[str, Any]:
    return {
        "name": value.name,
        "value": value.value,
        "unit": str(value.unit),
        "label": value.label,
        "policy": value.policy,
        "basis": basis_strings(value.basis),
        "decided_by": value.decided_by,
    }


def person_ref(person: Person | None) -> dict[str, Any] | None:
    return None if person is None else {"person_id": person.pk, "name": person.name}


def matter_ref(matter: Matter) -> dict[str, Any]:
    return {"matter_id": matter.pk, "summary": matter.summary, "received_at": matter.received_at}


def item_out(item: AgendaItem) -> dict[str, Any]:
    today = timezone.localdate()
    due = item.follow_up_due
    return {
        "id": item.pk,
        "organ_id": item.organ_id,
        "organ_name": item.organ.name,
        "kind": item.kind,
        "kind_label": str(item.get_kind_display()),
        "held_on": item.held_on,
        "meeting": item.meeting,
        "attendees": [person_ref(p) for p in item.attendees.order_by("pk")],
        "minutes_ref": item.minutes_ref,
        "decisions": item.decisions,
        "follow_up_owner": person_ref(item.follow_up_owner),
        "follow_up_due": due,
        "state": item.state,
        "overdue": item.state == "open" and due is not None and due < today,
        "done_at": item.done_at,
        "done_note": item.done_note,
        "allowed_steps": services.AGENDA_ITEM.allowed(item),
    }


def decision_out(user: Any, decision: MajorDecision) -> dict[str, Any]:
    assessment = selectors.assessment_of(decision)
    shown, count = selectors.linked_matters(user, decision)
    return {
        "id": decision.pk,
        "organ_id": decision.organ_id,
        "organ_name": decision.organ.name,
        "title": decision.title,
        "decided_on": decision.decided_on,
        "decision_maker": person_ref(decision.decision_maker),
        "in_scope": decision.in_scope,
        "description": decision.description,
        "assessment": None
        if assessment is None
        else {
            "id": assessment.pk,
            "assessed_on": assessment.assessed_on,
            "conclusion": assessment.conclusion,
            "risk_level": assessment.risk_level,
            "measures": assessment.measures,
            "before_decision": assessment.assessed_on <= decision.decided_on,
        },
        "assessment_missing": selectors.assessment_missing(decision),
        "linked_count": count,
        "linked_matters": [matter_ref(m) for m in shown],
    }


def decision_detail_out(user: Any, decision: MajorDecision) -> dict[str, Any]:
    suggested = selectors.matter_suggestions(user, decision)
    return {**decision_out(user, decision), "suggested_matters": [matter_ref(m) for m in suggested]}


def screening_out(s: DisputeScreening) -> dict[str, Any]:
    return {
        "id": s.pk,
        "organ_id": s.organ_id,
        "organ_name": s.organ.name,
        "held_on": s.held_on,
        "period": s.period,
        "disputes_found": s.disputes_found,
        "disputes_resolved": s.disputes_resolved,
        "notes": s.notes,
    }


def settings_out(organ: Organ) -> dict[str, Any]:
    own = OrganDutySettings.objects.filter(organ_id=organ.pk).first()
    today = timezone.localdate()
    return {
        "organ_id": organ.pk,
        "decided_by": own.decided_by if own is not None else "",
        "own": {name: getattr(own, name, None) for name in ORGAN_SETTINGS},
        "applied": [
            setting_out(duty_setting(name, on=today, organ=organ)) for name in ORGAN_SETTINGS
        ],
    }


def _by_organ(rows: QuerySet[Any], organ_id: int | None) -> QuerySet[Any]:
    return rows if organ_id is None else rows.filter(organ_id=organ_id)


# --- agenda items ---------------------------------------------------------------------------


@router.get(
    "/items", response={200: PageOut[AgendaItemOut], **READ_ERRORS}, operation_id="agenda_item_list"
)
def agenda_item_list(request: HttpRequest, filters: Query[AgendaItemFilter]) -> Any:
    """Agenda items the user may read, latest meeting first."""
    rows = _by_organ(selectors.agenda_items_visible(request.user), filters.organ_id)
    if filters.year is not None:
        rows = rows.filter(held_on__year=filters.year)
    return page_out(rows, page=filters.page, page_size=filters.page_size, render=item_out)


@router.post(
    "/items", response={201: AgendaItemOut, **WRITE_ERRORS}, operation_id="agenda_item_create"
)
def agenda_item_create(request: HttpRequest, payload: AgendaItemIn) -> Any:
    """Record a meeting at which the team took up petition work (细则第四条第一款)."""
    organ = access_organ_by_id(request.user, payload.organ_id)
    owner = None
    if payload.follow_up_owner_id is not None:
        owner = people([payload.follow_up_owner_id], "follow_up_owner_id")[0]
    with fields_as({"follow_up_owner": "follow_up_owner_id", "attendees": "attendee_ids"}):
        item = services.agenda_item_record(
            organ=organ,
            kind=payload.kind,
            held_on=payload.held_on,
            meeting=payload.meeting,
            decisions=payload.decisions,
            minutes_ref=payload.minutes_ref,
            attendees=people(payload.attendee_ids, "attendee_ids"),
            follow_up_owner=owner,
            follow_up_due=payload.follow_up_due,
            actor=request.user,
        )
    return Status(201, item_out(item))


@router.get(
    "/items/{item_id}",
    response={200: AgendaItemOut, **READ_ERRORS},
    operation_id="agenda_item_detail",
)
def agenda_item_detail(request: HttpRequest, item_id: int) -> Any:
    return item_out(selectors.access_agenda_item_by_id(request.user, item_id))


@router.post(
    "/items/{item_id}/follow-up-done",
    response={200: AgendaItemOut, **WRITE_ERRORS},
    operation_id="agenda_item_follow_up_done",
)
def agenda_item_follow_up_done(
    request: HttpRequest, item_id: int, payload: AgendaFollowUpIn
) -> Any:
    """Record that the meeting's decisions were carried out."""
    item = selectors.access_agenda_item_by_id(request.user, item_id, action="follow_up_done")
    return item_out(
        services.agenda_follow_up_done(item=item, note=payload.note, actor=request.user)
    )


@router.get("/norm", response={200: AgendaNormOut, **READ_ERRORS}, operation_id="agenda_norm")
def agenda_norm(request: HttpRequest, filters: Query[AgendaNormFilter]) -> Any:
    """Petition work on the organ's agenda in a year against its norm (``agenda_per_year``)."""
    organ = access_organ_records_by_id(request.user, filters.organ_id)
    today = timezone.localdate()
    status = selectors.agenda_norm(organ, filters.year or today.year, today)
    return {
        "organ_id": organ.pk,
        "year": status.year,
        "held": status.held,
        "expected": status.expected,
        "behind": status.behind,
        "setting": setting_out(status.setting),
    }


# --- major decisions ------------------------------------------------------------------------


@router.get(
    "/decisions",
    response={200: PageOut[MajorDecisionOut], **READ_ERRORS},
    operation_id="agenda_decision_list",
)
def agenda_decision_list(request: HttpRequest, filters: Query[DecisionFilter]) -> Any:
    """Major decisions the user may read, latest first."""
    rows = _by_organ(selectors.decisions_visible(request.user), filters.organ_id)
    return page_out(
        rows,
        page=filters.page,
        page_size=filters.page_size,
        render=lambda d: decision_out(request.user, d),
    )


@router.post(
    "/decisions",
    response={201: MajorDecisionOut, **WRITE_ERRORS},
    operation_id="agenda_decision_create",
)
def agenda_decision_create(request: HttpRequest, payload: MajorDecisionIn) -> Any:
    """Enter a major decision in the register (细则第四条第一款)."""
    organ = access_organ_by_id(request.user, payload.organ_id)
    maker = people([payload.decision_maker_id], "decision_maker_id")[0]
    with fields_as({"decision_maker": "decision_maker_id"}):
        decision = decisions.decision_record(
            organ=organ,
            title=payload.title,
            decided_on=payload.decided_on,
            decision_maker=maker,
            in_scope=payload.in_scope,
            description=payload.description,
            actor=request.user,
        )
    return Status(201, decision_out(request.user, decision))


@router.get(
    "/decisions/{decision_id}",
    response={200: DecisionDetailOut, **READ_ERRORS},
    operation_id="agenda_decision_detail",
)
def agenda_decision_detail(request: HttpRequest, decision_id: int) -> Any:
    """A decision, its assessment, the matters linked and the matters suggested."""
    decision = selectors.access_decision_by_id(request.user, decision_id)
    return decision_detail_out(request.user, decision)


@router.post(
    "/decisions/{decision_id}/assessment",
    response={201: MajorDecisionOut, **WRITE_ERRORS},
    operation_id="agenda_assessment_create",
)
def agenda_assessment_create(request: HttpRequest, decision_id: int, payload: AssessmentIn) -> Any:
    """Record the decision's social stability risk assessment (one a decision: 409 after)."""
    decision = selectors.access_decision_by_id(request.user, decision_id, action="assess")
    decisions.risk_assessment_record(
        decision=decision,
        assessed_on=payload.assessed_on,
        conclusion=payload.conclusion,
        risk_level=payload.risk_level,
        measures=payload.measures,
        actor=request.user,
    )
    return Status(201, decision_out(request.user, decision))


@router.post(
    "/decisions/{decision_id}/matters",
    response={200: MajorDecisionOut, **WRITE_ERRORS},
    operation_id="agenda_decision_link_matter",
)
def agenda_decision_link_matter(request: HttpRequest, decision_id: int, payload: LinkIn) -> Any:
    """Link a petition matter that arose from the decision (细则第十一条第一款第一项)."""
    return _relink(request, decision_id, payload.matter_id, decisions.decision_link_matter)


@router.delete(
    "/decisions/{decision_id}/matters/{matter_id}",
    response={200: MajorDecisionOut, **WRITE_ERRORS},
    operation_id="agenda_decision_unlink_matter",
)
def agenda_decision_unlink_matter(request: HttpRequest, decision_id: int, matter_id: int) -> Any:
    return _relink(request, decision_id, matter_id, decisions.decision_unlink_matter)


def _relink(request: HttpRequest, decision_id: int, matter_id: int, change: Any) -> Any:
    decision = selectors.access_decision_by_id(request.user, decision_id, action="link_matter")
    matter = access_matter_by_id(request.user, matter_id)
    change(decision=decision, matter=matter, actor=request.user)
    return decision_out(request.user, decision)


# --- screening and warnings -----------------------------------------------------------------


@router.get(
    "/screenings",
    response={200: PageOut[ScreeningOut], **READ_ERRORS},
    operation_id="agenda_screening_list",
)
def agenda_screening_list(request: HttpRequest, filters: Query[ScreeningFilter]) -> Any:
    rows = _by_organ(selectors.screenings_visible(request.user), filters.organ_id)
    return page_out(rows, page=filters.page, page_size=filters.page_size, render=screening_out)


@router.post(
    "/screenings",
    response={201: ScreeningOut, **WRITE_ERRORS},
    operation_id="agenda_screening_create",
)
def agenda_screening_create(request: HttpRequest, payload: ScreeningIn) -> Any:
    """Record a round of dispute screening (细则第四条第二款)."""
    organ = access_organ_by_id(request.user, payload.organ_id)
    screening = services.dispute_screening_record(
        organ=organ,
        held_on=payload.held_on,
        period=payload.period,
        disputes_found=payload.disputes_found,
        disputes_resolved=payload.disputes_resolved,
        notes=payload.notes,
        actor=request.user,
    )
    return Status(201, screening_out(screening))


@router.get("/warnings", response={200: WarningsOut, **READ_ERRORS}, operation_id="agenda_warnings")
def agenda_warnings(request: HttpRequest, filters: Query[WarningFilter]) -> Any:
    """The early warning of the organ's region, for its leaders and petition office."""
    organ = access_organ_records_by_id(request.user, filters.organ_id)
    today = timezone.localdate()
    if not may_see_warnings(request.user, organ, today):
        log_denial(
            request.user,
            object_type="orgs.organ",
            object_id=organ.pk,
            reason=DenialReason.OUT_OF_SCOPE,
            action="warnings",
        )
        raise Http404(_("未找到。"))
    found = region_warnings(request.user, organ, today)
    return {
        "organ_id": organ.pk,
        "region": found.region,
        "since": found.since,
        "today": found.today,
        "spike_setting": setting_out(found.spike_setting),
        "repeat_setting": setting_out(found.repeat_setting),
        "spikes": [vars(s) for s in found.spikes],
        "repeats": [vars(r) for r in found.repeats],
        "collective_count": found.collective_count,
        "collective_headcount": found.collective_headcount,
        "collective_matter_ids": found.collective_ids,
        "total": found.total,
    }


# --- an organ's own norms -------------------------------------------------------------------


@router.get(
    "/settings/{organ_id}",
    response={200: SettingsOut, **READ_ERRORS},
    operation_id="agenda_settings_detail",
)
def agenda_settings_detail(request: HttpRequest, organ_id: int) -> Any:
    """The organ's own norms and the values that apply (labelled 政策设定值 or 本机关设定)."""
    return settings_out(access_organ_by_id(request.user, organ_id))


@router.put(
    "/settings/{organ_id}",
    response={200: SettingsOut, **WRITE_ERRORS},
    operation_id="agenda_settings_update",
)
def agenda_settings_update(request: HttpRequest, organ_id: int, payload: SettingsIn) -> Any:
    """Set the organ's own norms (an empty value: the policy value applies)."""
    organ = access_organ_by_id(request.user, organ_id)
    services.organ_duty_settings_set(
        organ=organ,
        decided_by=payload.decided_by,
        actor=request.user,
        **{name: getattr(payload, name) for name in ORGAN_SETTINGS},
    )
    return settings_out(organ)
