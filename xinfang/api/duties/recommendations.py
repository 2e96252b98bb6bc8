"""Endpoints of 细则第六条 (recommendations, situation reports), under
``/api/duties/recommendations``.

Thin: each endpoint reads through a chokepoint of ``xinfang.duties.selectors.recommendations``
(a logged 404 otherwise), calls one service and renders. A refusal is a 409 with its basis,
bad input a 422 by field, acting outside one's own organ a 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from xinfang.api.paging import PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.duties.models.recommendations import OfficeRecommendation, SituationReport
from xinfang.duties.selectors import recommendations as selectors
from xinfang.duties.services import recommendations as services
from xinfang.duties.services import recommendations_reports as reports
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import organs_of_user
from xinfang.petitions.matters.selectors import access_matter_by_id
from xinfang.rules.basis import basis_strings

from .recommendations_schemas import (
    CirculateIn,
    OfficeRecommendationOut,
    RecommendationCloseIn,
    RecommendationFilter,
    RecommendationFollowUpIn,
    RecommendationIn,
    RecommendationReplyIn,
    ReportFilter,
    ReportOut,
    ReportTextIn,
    SituationReportIn,
    WithdrawIn,
)

router = Router(tags=["duties"])


def _organ_ids(request: HttpRequest) -> list[int]:
    return [organ.pk for organ in organs_of_user(request.user)]


def _ref(organ: Organ) -> dict[str, Any]:
    return {"id": organ.pk, "name": organ.name}


def recommendation_out(rec: OfficeRecommendation, organ_ids: list[int]) -> dict[str, Any]:
    today = timezone.localdate()
    setting = selectors.reply_setting(rec.sent_on, rec.recipient)
    overdue = (rec.awaits_reply and rec.reply_due < today) or (
        rec.measures_outstanding and rec.measures_due is not None and rec.measures_due < today
    )
    return {
        "id": rec.pk,
        "office": _ref(rec.office),
        "recipient": _ref(rec.recipient),
        "kind": rec.kind,
        "kind_label": str(rec.get_kind_display()),
        "title": rec.title,
        "content": rec.content,
        "reasons": rec.reasons,
        "matter_ids": [m.pk for m in rec.matters.all()],
        "basis": basis_strings(selectors.recommendation_basis(rec.kind, rec.sent_on)),
        "sent_on": rec.sent_on,
        "reply_due": rec.reply_due,
        "reply_due_set": rec.reply_due_set,
        "reply_period": {
            "days": setting.value,
            "label": str(setting.label),
            "basis": basis_strings(setting.basis),
        },
        "state": rec.state,
        "state_label": str(rec.get_state_display()),
        "overdue": overdue,
        "reply": rec.reply,
        "replied_on": rec.replied_on,
        "adoption": rec.adoption,
        "adoption_reasons": rec.adoption_reasons,
        "follow_up_notes": rec.follow_up_notes,
        "followed_up_on": rec.followed_up_on,
        "measures_due": rec.measures_due,
        "measures": rec.measures,
        "measures_done_on": rec.measures_done_on,
        "closed_on": rec.closed_on,
        "closing_note": rec.closing_note,
        "withdrawn_reason": rec.withdrawn_reason,
        "steps": services.steps_open_to(rec, organ_ids),
        "created_at": rec.created_at,
    }


def _organ_named(organ_id: int, field: str) -> Organ:
    """An organ of the registry by id (the service says whether it may take part), or 422."""
    organ = Organ.objects.filter(pk=organ_id).first()
    if organ is None:
        raise ValidationError({field: [ValidationError(_("机关不存在。"), code="unknown")]})
    return organ


# --- recommendations -------------------------------------------------------------------------


@router.get(
    "",
    response={200: PageOut[OfficeRecommendationOut], **READ_ERRORS},
    operation_id="office_recommendation_list",
)
def recommendation_list(request: HttpRequest, filters: Query[RecommendationFilter]) -> Any:
    """Recommendations the user may read (made by the user's petition office or addressed to
    the user's organs), newest first."""
    rows = selectors.recommendations_visible(request.user).prefetch_related("matters")
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.organ_id:
        rows = rows.filter(Q(office_id=filters.organ_id) | Q(recipient_id=filters.organ_id))
    ids = _organ_ids(request)
    return page_out(
        rows,
        page=filters.page,
        page_size=filters.page_size,
        render=lambda rec: recommendation_out(rec, ids),
    )


@router.post(
    "",
    response={201: OfficeRecommendationOut, **WRITE_ERRORS},
    operation_id="office_recommendation_send",
)
def recommendation_send(request: HttpRequest, payload: RecommendationIn) -> Any:
    """The petition office makes a recommendation to an organ (细则第六条)."""
    rec = services.office_recommendation_send(
        office=_organ_named(payload.office_id, "office_id"),
        recipient=_organ_named(payload.recipient_id, "recipient_id"),
        kind=payload.kind,
        title=payload.title,
        content=payload.content,
        reasons=payload.reasons,
        matters=[access_matter_by_id(request.user, pk) for pk in payload.matter_ids],
        sent_on=payload.sent_on,
        reply_due=payload.reply_due,
        actor=request.user,
    )
    return Status(201, recommendation_out(rec, _organ_ids(request)))


@router.get(
    "/{int:recommendation_id}",
    response={200: OfficeRecommendationOut, **READ_ERRORS},
    operation_id="office_recommendation_detail",
)
def recommendation_detail(request: HttpRequest, recommendation_id: int) -> Any:
    rec = selectors.access_recommendation_by_id(request.user, recommendation_id)
    return recommendation_out(rec, _organ_ids(request))


@router.post(
    "/{int:recommendation_id}/reply",
    response={200: OfficeRecommendationOut, **WRITE_ERRORS},
    operation_id="office_recommendation_reply",
)
def recommendation_reply(
    request: HttpRequest, recommendation_id: int, payload: RecommendationReplyIn
) -> Any:
    """The recipient replies in writing on adoption (信访工作条例(2022)第四十条第四款)."""
    rec = selectors.access_recommendation_by_id(request.user, recommendation_id, action="reply")
    rec = services.office_recommendation_reply(
        recommendation=rec,
        reply=payload.reply,
        adoption=payload.adoption,
        adoption_reasons=payload.adoption_reasons,
        actor=request.user,
    )
    return recommendation_out(rec, _organ_ids(request))


@router.post(
    "/{int:recommendation_id}/follow-up",
    response={200: OfficeRecommendationOut, **WRITE_ERRORS},
    operation_id="office_recommendation_follow_up",
)
def recommendation_follow_up(
    request: HttpRequest, recommendation_id: int, payload: RecommendationFollowUpIn
) -> Any:
    """The office follows the recommendation up: notes, and for measures adopted their due
    date, what they are and when they were done."""
    rec = selectors.access_recommendation_by_id(request.user, recommendation_id, action="follow_up")
    rec = services.office_recommendation_follow_up(
        recommendation=rec, actor=request.user, **payload.dict()
    )
    return recommendation_out(rec, _organ_ids(request))


@router.post(
    "/{int:recommendation_id}/close",
    response={200: OfficeRecommendationOut, **WRITE_ERRORS},
    operation_id="office_recommendation_close",
)
def recommendation_close(
    request: HttpRequest, recommendation_id: int, payload: RecommendationCloseIn
) -> Any:
    rec = selectors.access_recommendation_by_id(request.user, recommendation_id, action="close")
    rec = services.office_recommendation_close(
        recommendation=rec, note=payload.note, actor=request.user
    )
    return recommendation_out(rec, _organ_ids(request))


@router.post(
    "/{int:recommendation_id}/withdraw",
    response={200: OfficeRecommendationOut, **WRITE_ERRORS},
    operation_id="office_recommendation_withdraw",
)
def recommendation_withdraw(
    request: HttpRequest, recommendation_id: int, payload: WithdrawIn
) -> Any:
    rec = selectors.access_recommendation_by_id(request.user, recommendation_id, action="withdraw")
    rec = services.office_recommendation_withdraw(
        recommendation=rec, reason=payload.reason, actor=request.user
    )
    return recommendation_out(rec, _organ_ids(request))


# --- situation reports -----------------------------------------------------------------------


def report_out(request: HttpRequest, report: SituationReport) -> dict[str, Any]:
    principal = selectors.is_principal_leader(request.user, report.office, timezone.localdate())
    return {
        "id": report.pk,
        "office": _ref(report.office),
        "period_start": report.period_start,
        "period_end": report.period_end,
        "title": report.title,
        "basis": basis_strings(selectors.report_basis(report.period_end)),
        "figures": report.figures,
        "generated_at": report.generated_at,
        "analysis": report.analysis,
        "recommendations": report.recommendations,
        "state": report.state,
        "state_label": str(report.get_state_display()),
        "approved_by": report.approved_by.name if report.approved_by else "",
        "approved_on": report.approved_on,
        "circulated_to": [_ref(o) for o in report.circulated_to.order_by("path")],
        "circulated_on": report.circulated_on,
        "steps": reports.report_steps_open_to(report, _organ_ids(request), principal=principal),
    }


@router.get(
    "/reports",
    response={200: PageOut[ReportOut], **READ_ERRORS},
    operation_id="situation_report_list",
)
def report_list(request: HttpRequest, filters: Query[ReportFilter]) -> Any:
    """Situation reports the user may read: the office's own, and those circulated to the
    user's organs."""
    rows = selectors.reports_visible(request.user)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.organ_id:
        rows = rows.filter(office_id=filters.organ_id)
    return page_out(
        rows,
        page=filters.page,
        page_size=filters.page_size,
        render=lambda report: report_out(request, report),
    )


@router.post(
    "/reports",
    response={201: ReportOut, **WRITE_ERRORS},
    operation_id="situation_report_generate",
)
def report_generate(request: HttpRequest, payload: SituationReportIn) -> Any:
    """Generate a draft for the petition office and period from the data (细则第六条)."""
    report = reports.situation_report_generate(
        office=_organ_named(payload.office_id, "office_id"),
        period_start=payload.period_start,
        period_end=payload.period_end,
        actor=request.user,
    )
    return Status(201, report_out(request, report))


@router.get(
    "/reports/{int:report_id}",
    response={200: ReportOut, **READ_ERRORS},
    operation_id="situation_report_detail",
)
def report_detail(request: HttpRequest, report_id: int) -> Any:
    return report_out(request, selectors.access_report_by_id(request.user, report_id))


@router.put(
    "/reports/{int:report_id}/text",
    response={200: ReportOut, **WRITE_ERRORS},
    operation_id="situation_report_edit",
)
def report_edit(request: HttpRequest, report_id: int, payload: ReportTextIn) -> Any:
    """The text of a draft: the analysis and the recommendations."""
    report = selectors.access_report_by_id(request.user, report_id, action="edit")
    report = reports.situation_report_edit(
        report=report,
        analysis=payload.analysis,
        recommendations=payload.recommendations,
        actor=request.user,
    )
    return report_out(request, report)


@router.post(
    "/reports/{int:report_id}/regenerate",
    response={200: ReportOut, **WRITE_ERRORS},
    operation_id="situation_report_regenerate",
)
def report_regenerate(request: HttpRequest, report_id: int) -> Any:
    """Take a draft's figures again from the data."""
    report = selectors.access_report_by_id(request.user, report_id, action="regenerate")
    return report_out(
        request, reports.situation_report_regenerate(report=report, actor=request.user)
    )


@router.post(
    "/reports/{int:report_id}/approve",
    response={200: ReportOut, **WRITE_ERRORS},
    operation_id="situation_report_approve",
)
def report_approve(request: HttpRequest, report_id: int) -> Any:
    """The office's principal leader approves the report."""
    report = selectors.access_report_by_id(request.user, report_id, action="approve")
    return report_out(request, reports.situation_report_approve(report=report, actor=request.user))


@router.post(
    "/reports/{int:report_id}/circulate",
    response={200: ReportOut, **WRITE_ERRORS},
    operation_id="situation_report_circulate",
)
def report_circulate(request: HttpRequest, report_id: int, payload: CirculateIn) -> Any:
    """Circulate an approved report to organs of the office's territory, its level's party
    committee and government, or the petition office above."""
    report = selectors.access_report_by_id(request.user, report_id, action="circulate")
    offered = {organ.pk: organ for organ in selectors.circulation_choices(report.office)}
    missing = [pk for pk in payload.organ_ids if pk not in offered]
    if missing:
        raise ValidationError(
            {"organ_ids": [ValidationError(_("不在可印发的范围内。"), code="not_offered")]}
        )
    organs = [offered[pk] for pk in dict.fromkeys(payload.organ_ids)]
    report = reports.situation_report_circulate(report=report, organs=organs, actor=request.user)
    return report_out(request, report)
