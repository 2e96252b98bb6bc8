"""Endpoints of petition matters: intake, listing, reading and every step of the procedure.

Thin: each one parses its typed input, fetches the matter through the access chokepoint
(``access_matter_by_id``: out of scope or excluded answers 404 and is logged), calls one
service and renders the result. Status codes:

- 200/201 on success (intake 201, also on an idempotent replay with the same body);
- 401 unauthenticated, 403 CSRF or acting outside one's own organ (本单位), 404 not found or
  out of scope (the same answer, logged);
- 409 ``{code, message, basis}`` when the procedure refuses the step (``MatterRefused``): the
  code names the rule (``not_allowed_from_state``, ``extension_limit``,
  ``routing_to_accused_unit``, ...) and the message states it with its citation;
- 422 ``{code: "invalid", message, fields}`` for bad input, by field (schema or service), and
  ``{code: "idempotency_conflict"}`` for a reused ``Idempotency-Key`` with another body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from xinfang.access.policy import accused_organ_ids
from xinfang.api.paging import PageIn, PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.petitions.matters import routing, services
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters.errors import MatterRefused
from xinfang.petitions.matters.models import ExtensionRequest, Hearing, Matter, SupervisionOrder
from xinfang.petitions.selectors import access_petitioner_by_id
from xinfang.rules.basis import rules

from . import schemas as s
from .support import (
    MatterInputInvalid,
    acting_organ,
    category_by_id,
    field_error,
    hearing_out,
    intake_organ,
    matter_detail_out,
    matter_out,
    organ_by_id,
    organs_by_ids,
    persons_by_ids,
    service_input,
    suggestion_out,
    supervision_out,
)
from .support import follow_up_out as _follow_up_out
from .support import repeat_out as _repeat_out

#: The errors an operation declares (docs/api.md); ``ERRORS`` is the older name for a write's.
ERRORS = WRITE_ERRORS
STEP = {200: s.MatterOut, **WRITE_ERRORS}

router = Router(tags=["matters"])


def _matter(request: HttpRequest, matter_id: int, action: str) -> Matter:
    return matter_selectors.access_matter_by_id(request.user, matter_id, action=action)


def _body_hash(payload: s.MatterCreateIn) -> str:
    canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Intake, list, detail


def _register(request: HttpRequest, payload: s.MatterCreateIn) -> dict[str, Any]:
    organ = intake_organ(request.user, payload.organ_id)
    petitioner = None
    if payload.petitioner_id is not None:
        petitioner = access_petitioner_by_id(
            request.user, payload.petitioner_id, action="matter.register"
        )
    identity = payload.petitioner.model_dump() if payload.petitioner is not None else None
    accused_organs = organs_by_ids(payload.accused_organ_ids, field="accused_organ_ids")
    # A petition office registers (and routes on); any other organ takes in a matter it
    # received directly, to decide acceptance itself: the service chooses (matter_take_in).
    with service_input(**{f: f"petitioner.{f}" for f in ("name", "id_number", "phone", "address")}):
        matter = services.matter_take_in(
            organ=organ,
            actor=request.user,
            data=services.MatterIntake(
                channel=payload.channel,
                received_at=payload.received_at,
                summary=payload.summary,
                content=payload.content,
                region_code=payload.region_code,
                category=category_by_id(payload.category_id),
                petitioner=petitioner,
                identity=identity,
                is_collective=payload.is_collective,
                headcount=payload.headcount,
                representatives=payload.representatives,
                may_be_public=payload.may_be_public,
                accused_organs=accused_organs,
                accused_persons=persons_by_ids(
                    payload.accused_person_ids, field="accused_person_ids"
                ),
                accused_names=payload.accused_names,
                legal_route=payload.legal_route or "",
                other_organ=payload.other_organ or "",
                is_accusation=payload.is_accusation,
            ),
        )
    # The service's own instance holds what was written, its organs and category included;
    # only the receipt time is brought to UTC, as the database would hand it back.
    matter.received_at = matter.received_at.astimezone(dt.UTC)
    suggestions = routing.suggest_organs(
        region_code=matter.region_code,
        category=matter.category,
        accused=accused_organs,
        other_organ=matter.other_organ,
        accusation=matter.is_accusation,
    )
    body = {
        **matter_out(matter),
        "query_code": matter.query_code,
        "repeats": _repeat_out(
            matter_selectors.repeat_candidates(
                matter=matter, user=request.user, links=getattr(matter, "new_repeat_links", None)
            )
        ),
        "suggestions": suggestion_out(suggestions),
    }
    # Stored as JSON, so a replay answers exactly what the first request answered.
    return s.MatterCreatedOut.model_validate(body).model_dump(mode="json")


@router.post("", response={201: s.MatterCreatedOut, **WRITE_ERRORS}, operation_id="matter_create")
def matter_create(
    request: HttpRequest,
    payload: s.MatterCreateIn,
    idempotency_key: str | None = Header(  # type: ignore[type-arg]
        default=None,
        alias="Idempotency-Key",
        description="replays with the same key and body return the first response",
    ),
) -> Any:
    """Register a matter (登记, 细则第八条第一项); the routing period starts on receipt.

    Returns the query code for the petitioner, the repeat candidates (never merged) and the
    routing suggestions. With ``Idempotency-Key``, a replay returns the original response and
    creates nothing; the same key with another body answers 422 ``idempotency_conflict``.
    """
    if not idempotency_key:
        return Status(201, _register(request, payload))
    with service_input(key="Idempotency-Key"):
        body, _replayed = services.intake_idempotent(
            key=idempotency_key,
            body_hash=_body_hash(payload),
            create=lambda: _register(request, payload),
            scope=f"api.matters:user:{request.user.pk}",
        )
    return Status(201, body)


@router.get("", response={200: s.MatterPageOut, **READ_ERRORS}, operation_id="matter_list")
def matter_list(request: HttpRequest, filters: Query[s.MatterFilter]) -> Any:
    """The matters the user may see (scope and exclusion applied), newest first."""
    if "organ" in request.GET:
        # Renamed to ``organ_id`` like every other organ filter: never ignored in silence.
        renamed = ValidationError({"organ": ValidationError(_("该参数已改名为 organ_id。"))})
        raise MatterInputInvalid(renamed, renames={"organ": "organ"})
    today = timezone.localdate()
    qs = matter_selectors.matter_list(user=request.user).select_related(
        "registering_organ", "current_organ", "handling_organ", "category"
    )
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.overdue is True:
        qs = qs.filter(action_due__lt=today, action_paused=False)
    elif filters.overdue is False:
        # A clock a hearing pauses is not overdue (听证所需时间不计算在期限内).
        qs = qs.filter(
            Q(action_due__isnull=True) | Q(action_due__gte=today) | Q(action_paused=True)
        )
    if filters.organ_id is not None:
        qs = qs.filter(current_organ_id=filters.organ_id)
    return page_out(
        qs.order_by("-registered_at", "-id"),
        page=filters.page,
        page_size=filters.page_size,
        render=lambda m: matter_out(m, today),
    )


@router.get(
    "/{matter_id}", response={200: s.MatterDetailOut, **READ_ERRORS}, operation_id="matter_detail"
)
def matter_detail(request: HttpRequest, matter_id: int) -> Any:
    """One matter: content, petitioner masked, clocks with due dates, the timeline of events."""
    return matter_detail_out(_matter(request, matter_id, "read"), user=request.user)


# ---------------------------------------------------------------------------------------------
# Routing (细则第六条)


@router.post("/{matter_id}/route", response=STEP, operation_id="matter_route")
def matter_route(request: HttpRequest, matter_id: int, payload: s.RouteIn) -> Any:
    """Transfer (转送) or assign (交办) a registered matter; never to an accused unit."""
    matter = _matter(request, matter_id, "matter.route")
    to_organ = organ_by_id(payload.to_organ_id, field="to_organ_id")
    with service_input():
        services.matter_route(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            to_organ=to_organ,
            kind=payload.kind,
            report_due=payload.report_due,
            note=payload.note,
            actor=request.user,
        )
    return matter_out(matter)


@router.post("/{matter_id}/route-out", response=STEP, operation_id="matter_route_out")
def matter_route_out(request: HttpRequest, matter_id: int, payload: s.RouteOutIn) -> Any:
    """Route the request out to its legal route (诉讼与信访分离), naming it to the petitioner."""
    matter = _matter(request, matter_id, "matter.route_out")
    with service_input():
        services.matter_route_out(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            legal_route=payload.legal_route,
            reason=payload.reason,
            notice=payload.notice,
            actor=request.user,
        )
    return matter_out(matter)


@router.post(
    "/{matter_id}/send-to-other-organ", response=STEP, operation_id="matter_send_to_other_organ"
)
def matter_send_to_other_organ(
    request: HttpRequest, matter_id: int, payload: s.SendToOtherOrganIn
) -> Any:
    """Tell the petitioner to take the matter to a people's congress, court or procuratorate."""
    matter = _matter(request, matter_id, "matter.send_to_other_organ")
    to_organ = (
        organ_by_id(payload.to_organ_id, field="to_organ_id") if payload.to_organ_id else None
    )
    with service_input():
        services.matter_send_to_other_organ(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            other_organ=payload.other_organ,
            notice=payload.notice,
            to_organ=to_organ,
            actor=request.user,
        )
    return matter_out(matter)


@router.post(
    "/{matter_id}/send-to-politics-law",
    response=STEP,
    operation_id="matter_send_to_politics_law",
)
def matter_send_to_politics_law(
    request: HttpRequest, matter_id: int, payload: s.SendToPoliticsLawIn
) -> Any:
    """A matter of litigation rights goes to the political-legal organs (信访工作条例
    (2022)第二十二条第二款, 第二十八条第二款): a letter is transferred to ``to_organ_id``, from
    the petition office one of its own level (409 ``politics_law_not_same_level``); a visitor
    is guided there with ``notice``. 409 under the 2005 procedure
    (``politics_law_not_in_procedure``: route out, or send to the court or procuratorate) and
    for an accused organ; 422 for an organ that is not a political-legal organ, a letter
    without one, or a visit without the notice."""
    matter = _matter(request, matter_id, "matter.send_to_politics_law")
    to_organ = (
        organ_by_id(payload.to_organ_id, field="to_organ_id") if payload.to_organ_id else None
    )
    with service_input():
        services.matter_send_to_politics_law(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            to_organ=to_organ,
            notice=payload.notice,
            actor=request.user,
        )
    return matter_out(matter)


@router.post(
    "/{matter_id}/send-to-discipline", response=STEP, operation_id="matter_send_to_discipline"
)
def matter_send_to_discipline(
    request: HttpRequest, matter_id: int, payload: s.SendToDisciplineIn
) -> Any:
    """Send an accusation against officials (检举控告) to a discipline body."""
    matter = _matter(request, matter_id, "matter.send_to_discipline")
    to_organ = organ_by_id(payload.to_organ_id, field="to_organ_id")
    with service_input():
        services.matter_send_to_discipline(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            to_organ=to_organ,
            note=payload.note,
            actor=request.user,
        )
    return matter_out(matter)


# ---------------------------------------------------------------------------------------------
# Acceptance and handling


@router.post("/{matter_id}/accept", response=STEP, operation_id="matter_accept")
def matter_accept(request: HttpRequest, matter_id: int, payload: s.AcceptIn) -> Any:
    """Accept (受理) to be handled the ``handling_way``: for a handling opinion (the default,
    信访工作条例(2022)第三十一条第六项) the handling period starts today; a duty (第三十一条第五项)
    or a suggestion (第二十九条) runs none. 409 ``handling_way_not_in_procedure`` for those two
    under the 2005 procedure (信访条例第三十三条: every accepted matter has its 60 days)."""
    matter = _matter(request, matter_id, "matter.accept")
    with service_input():
        services.matter_accept(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            notice=payload.notice,
            handling_way=payload.handling_way,
            actor=request.user,
        )
    return matter_out(matter)


@router.post("/{matter_id}/decline", response=STEP, operation_id="matter_decline")
def matter_decline(request: HttpRequest, matter_id: int, payload: s.DeclineIn) -> Any:
    """Decline (不予受理) with the reason and the notice to the petitioner."""
    matter = _matter(request, matter_id, "matter.decline")
    with service_input():
        services.matter_decline(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            reason=payload.reason,
            notice=payload.notice,
            actor=request.user,
        )
    return matter_out(matter)


@router.post("/{matter_id}/objection", response=STEP, operation_id="matter_object")
def matter_object(request: HttpRequest, matter_id: int, payload: s.ObjectionIn) -> Any:
    """Object to a transfer or assignment outside the organ's competence, with reasons, within
    5 working days of receipt (信访工作条例(2022)第二十三条第三款); 409 under the 2005 procedure
    (``objection_not_in_procedure``), when late (``late_objection``) or for a matter received
    directly (``objection_not_routed``)."""
    matter = _matter(request, matter_id, "matter.object")
    with service_input():
        services.matter_object(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            reason=payload.reason,
            actor=request.user,
        )
    return matter_out(matter)


@router.post("/{matter_id}/objection/agree", response=STEP, operation_id="matter_objection_agree")
def matter_objection_agree(
    request: HttpRequest, matter_id: int, payload: s.ObjectionAgreeIn
) -> Any:
    """The office that routed the matter agrees to the objection: the matter returns to it,
    registered, to be routed again; the receiving organ's acceptance clock stops."""
    matter = _matter(request, matter_id, "matter.objection_agree")
    with service_input():
        services.matter_objection_agree(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            note=payload.note,
            actor=request.user,
        )
    return matter_out(matter)


@router.post("/{matter_id}/objection/refuse", response=STEP, operation_id="matter_objection_refuse")
def matter_objection_refuse(
    request: HttpRequest, matter_id: int, payload: s.ObjectionRefuseIn
) -> Any:
    """The office that routed the matter refuses the objection: the organ decides on
    acceptance within its acceptance period."""
    matter = _matter(request, matter_id, "matter.objection_refuse")
    with service_input():
        services.matter_objection_refuse(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            reason=payload.reason,
            actor=request.user,
        )
    return matter_out(matter)


@router.post(
    "/{matter_id}/objection/withdraw", response=STEP, operation_id="matter_objection_withdraw"
)
def matter_objection_withdraw(
    request: HttpRequest, matter_id: int, payload: s.ObjectionWithdrawIn
) -> Any:
    """The organ that objected withdraws its objection before the office decides: the matter
    waits for its acceptance decision again, on the acceptance clock that kept running."""
    matter = _matter(request, matter_id, "matter.objection_withdraw")
    with service_input():
        services.matter_objection_withdraw(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            note=payload.note,
            actor=request.user,
        )
    return matter_out(matter)


# ---------------------------------------------------------------------------------------------
# Hearings (听证)


def _hearing_step_out(hearing: Hearing, matter: Matter) -> dict[str, Any]:
    return {
        **hearing_out(hearing),
        "matter_state": matter.state,
        "action_period": matter.action_period,
        "action_due": matter.action_due,
        "action_paused": matter.action_paused,
    }


@router.post(
    "/{matter_id}/hearings",
    response={201: s.HearingStepOut, **WRITE_ERRORS},
    operation_id="hearing_start",
)
def hearing_start(request: HttpRequest, matter_id: int, payload: s.HearingStartIn) -> Any:
    """Record a hearing that began on ``started_on`` (举行听证). The re-review organ holds one
    while it re-reviews (信访条例(2005)第三十五条第二款, 信访工作条例(2022)第三十六条第二款): the
    re-review clock is paused until the hearing ends; the handling organ may hold one while it
    handles the matter (its period runs on). 409 ``hearing_running``, ``hearing_in_future``,
    ``hearing_after_expiry``, ``actor_not_allowed``, ``not_allowed_from_state``."""
    matter = _matter(request, matter_id, "matter.hearing")
    with service_input():
        hearing = services.matter_hearing_start(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            started_on=payload.started_on,
            place=payload.place,
            note=payload.note,
            actor=request.user,
        )
    return Status(201, _hearing_step_out(hearing, matter))


@router.post(
    "/{matter_id}/hearings/{hearing_id}/end",
    response={200: s.HearingStepOut, **WRITE_ERRORS},
    operation_id="hearing_end",
)
def hearing_end(
    request: HttpRequest, matter_id: int, hearing_id: int, payload: s.HearingEndIn
) -> Any:
    """Record the hearing's last day. For a re-review hearing the re-review due date is counted
    again without the hearing's days (calendar days, first and last included) and the clock
    runs on. 409 ``hearing_not_running``, ``hearing_in_future``, ``actor_not_allowed``; 422
    for an end before the start."""
    matter = _matter(request, matter_id, "matter.hearing")
    hearing = Hearing.objects.filter(pk=hearing_id, matter_id=matter.pk).first()
    if hearing is None:
        raise Http404(_("未找到。"))
    hearing.matter = matter
    with service_input():
        services.matter_hearing_end(
            hearing=hearing,
            organ=acting_organ(request.user, matter, payload.organ_id),
            ended_on=payload.ended_on,
            note=payload.note,
            actor=request.user,
        )
    return _hearing_step_out(hearing, matter)


def _extension_out(extension: ExtensionRequest) -> dict[str, Any]:
    matter = extension.matter
    return {
        "id": extension.pk,
        "matter_id": extension.matter_id,
        "organ_id": extension.organ_id,
        "days": extension.days,
        "reason": extension.reason,
        "status": extension.status,
        "requested_at": extension.requested_at,
        "requested_by": extension.requested_by,
        "decided_at": extension.decided_at,
        "decided_by": extension.decided_by,
        "approval": extension.approval,
        "approver_id": extension.approved_by_id,
        "document_ref": extension.document_ref,
        "refusal_reason": extension.refusal_reason,
        "matter_state": matter.state,
        "action_due": matter.action_due,
    }


def _extension(request: HttpRequest, matter_id: int, request_id: int) -> ExtensionRequest:
    """The matter's extension request, the matter read through the access chokepoint."""
    matter = _matter(request, matter_id, "matter.extend")
    extension = ExtensionRequest.objects.filter(pk=request_id, matter_id=matter.pk).first()
    if extension is None:
        raise Http404(_("未找到。"))
    extension.matter = matter
    return extension


@router.get(
    "/{matter_id}/extension-requests",
    response={200: PageOut[s.ExtensionRequestOut], **READ_ERRORS},
    operation_id="extension_request_list",
)
def extension_request_list(request: HttpRequest, matter_id: int, paging: Query[PageIn]) -> Any:
    """The matter's extension requests (延期申请), oldest first, with their decisions."""
    matter = _matter(request, matter_id, "read")

    def render(extension: ExtensionRequest) -> dict[str, Any]:
        extension.matter = matter
        return _extension_out(extension)

    return page_out(
        matter_selectors.matter_extension_requests(matter=matter),
        page=paging.page,
        page_size=paging.page_size,
        render=render,
    )


@router.post(
    "/{matter_id}/extension-requests",
    response={201: s.ExtensionRequestOut, **WRITE_ERRORS},
    operation_id="extension_request_create",
)
def extension_request_create(
    request: HttpRequest, matter_id: int, payload: s.ExtensionRequestIn
) -> Any:
    """Ask to extend the handling period (延期申请) within the profile's limit. It waits for a
    responsible person of the handling organ (the handling period keeps running), unless the
    one asking is one or ``document_ref`` names an approval given on paper."""
    matter = _matter(request, matter_id, "matter.extend")
    extension = _file_extension_request(request, matter, payload)
    return Status(201, _extension_out(extension))


def _file_extension_request(
    request: HttpRequest, matter: Matter, payload: s.ExtensionRequestIn
) -> ExtensionRequest:
    """File the request (both addresses); the matter re-read after the step."""
    with service_input():
        extension = services.matter_extension_request(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            days=payload.days,
            reason=payload.reason,
            document_ref=payload.document_ref,
            actor=request.user,
        )
    matter.refresh_from_db()
    extension.matter = matter
    return extension


@router.post("/{matter_id}/extend", response=STEP, deprecated=True, operation_id="matter_extend")
def matter_extend(request: HttpRequest, matter_id: int, payload: s.ExtendIn) -> Any:
    """The earlier address of ``POST .../extension-requests``, kept for existing clients: it
    files the request and answers the matter. Naming an approver is refused: the responsible
    person approves with their own account (or ``document_ref`` records an approval on
    paper)."""
    matter = _matter(request, matter_id, "matter.extend")
    if payload.approver_id is not None:
        raise ValidationError(
            {
                "approver_id": _(
                    "延期须经本机关负责人本人在系统中批准，不能由申请人指定批准人；"
                    "已书面批准的，请填写批准文件文号（document_ref）。"
                )
            }
        )
    _file_extension_request(request, matter, payload)
    return matter_out(matter)


@router.post(
    "/{matter_id}/extension-requests/{request_id}/approve",
    response=STEP,
    operation_id="extension_request_approve",
)
def extension_request_approve(
    request: HttpRequest, matter_id: int, request_id: int, payload: s.ExtensionApproveIn
) -> Any:
    """A responsible person of the handling organ approves (the approver is the account's
    person); staff record an approval given on paper with its ``document_ref``. The due date
    moves; the petitioner is told the reason."""
    extension = _extension(request, matter_id, request_id)
    with service_input():
        matter = services.matter_extension_approve(
            extension=extension,
            document_ref=payload.document_ref,
            notice=payload.notice,
            actor=request.user,
        )
    return matter_out(matter)


@router.post(
    "/{matter_id}/extension-requests/{request_id}/refuse",
    response={200: s.ExtensionRequestOut, **WRITE_ERRORS},
    operation_id="extension_request_refuse",
)
def extension_request_refuse(
    request: HttpRequest, matter_id: int, request_id: int, payload: s.ExtensionRefuseIn
) -> Any:
    """A responsible person of the handling organ refuses with the reason."""
    extension = _extension(request, matter_id, request_id)
    with service_input():
        services.matter_extension_refuse(
            extension=extension, reason=payload.reason, actor=request.user
        )
    return _extension_out(extension)


@router.post("/{matter_id}/conclude", response=STEP, operation_id="matter_conclude")
def matter_conclude(request: HttpRequest, matter_id: int, payload: s.ConcludeIn) -> Any:
    """Conclude with the handling opinion (支持 / 解释 / 不予支持, facts, reasons, legal basis)."""
    matter = _matter(request, matter_id, "matter.conclude")
    with service_input():
        services.matter_conclude(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            kind=payload.kind,
            facts=payload.facts,
            reasons=payload.reasons,
            legal_basis=payload.legal_basis,
            delivered_on=payload.delivered_on,
            actor=request.user,
        )
    return matter_out(matter)


@router.post("/{matter_id}/reply", response=STEP, operation_id="matter_reply")
def matter_reply(request: HttpRequest, matter_id: int, payload: s.ReplyIn) -> Any:
    """Conclude a duty or suggestion matter with the reply (答复; 信访工作条例(2022)第三十一条
    第五项、第二十九条); the matter is closed, as no 信访处理意见 follows to review. 409
    ``handling_way_mismatch`` for a matter handled for an opinion (``/conclude``); 422 for an
    outcome of the other way."""
    matter = _matter(request, matter_id, "matter.conclude")
    with service_input():
        services.matter_reply(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            outcome=payload.outcome,
            reply=payload.reply,
            actor=request.user,
        )
    return matter_out(matter)


# ---------------------------------------------------------------------------------------------
# Review and re-review (复查、复核), closing


@router.post("/{matter_id}/review-request", response=STEP, operation_id="matter_review_request")
def matter_review_request(request: HttpRequest, matter_id: int, payload: s.ReviewRequestIn) -> Any:
    """Record the petitioner's request for a review by the organ above."""
    matter = _matter(request, matter_id, "matter.request_review")
    review_organ = organ_by_id(payload.review_organ_id, field="review_organ_id")
    with service_input(to_organ="review_organ_id"):
        services.matter_request_review(
            matter=matter, review_organ=review_organ, reason=payload.reason, actor=request.user
        )
    return matter_out(matter)


@router.post("/{matter_id}/review", response=STEP, operation_id="matter_review")
def matter_review(request: HttpRequest, matter_id: int, payload: s.ReviewIn) -> Any:
    """Issue the review opinion (复查意见)."""
    matter = _matter(request, matter_id, "matter.review")
    with service_input():
        services.matter_decide_review(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            kind=payload.kind,
            facts=payload.facts,
            reasons=payload.reasons,
            legal_basis=payload.legal_basis,
            delivered_on=payload.delivered_on,
            actor=request.user,
        )
    return matter_out(matter)


@router.post("/{matter_id}/rereview-request", response=STEP, operation_id="matter_rereview_request")
def matter_rereview_request(
    request: HttpRequest, matter_id: int, payload: s.RereviewRequestIn
) -> Any:
    """Record the petitioner's request for a re-review."""
    matter = _matter(request, matter_id, "matter.request_rereview")
    rereview_organ = organ_by_id(payload.rereview_organ_id, field="rereview_organ_id")
    with service_input(to_organ="rereview_organ_id"):
        services.matter_request_rereview(
            matter=matter,
            rereview_organ=rereview_organ,
            reason=payload.reason,
            actor=request.user,
        )
    return matter_out(matter)


@router.post("/{matter_id}/rereview", response=STEP, operation_id="matter_rereview")
def matter_rereview(request: HttpRequest, matter_id: int, payload: s.RereviewIn) -> Any:
    """Issue the re-review opinion (复核意见): final."""
    matter = _matter(request, matter_id, "matter.rereview")
    with service_input():
        services.matter_decide_rereview(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            kind=payload.kind,
            facts=payload.facts,
            reasons=payload.reasons,
            legal_basis=payload.legal_basis,
            delivered_on=payload.delivered_on,
            actor=request.user,
        )
    return matter_out(matter)


@router.post("/{matter_id}/close", response=STEP, operation_id="matter_close")
def matter_close(request: HttpRequest, matter_id: int, payload: s.CloseIn) -> Any:
    """Close a concluded or reviewed matter (结案)."""
    matter = _matter(request, matter_id, "matter.close")
    with service_input():
        services.matter_close(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            reason=payload.reason,
            actor=request.user,
        )
    return matter_out(matter)


@router.post("/{matter_id}/execution", response=STEP, operation_id="matter_execution")
def matter_execution(request: HttpRequest, matter_id: int, payload: s.ExecutionIn) -> Any:
    """Record that the opinion supporting the request was carried out (细则第十一条第一款第二项)."""
    matter = _matter(request, matter_id, "matter.execute")
    opinion = matter_selectors.opinion_due_for_execution(matter=matter)
    if opinion is None:
        raise MatterRefused(
            "nothing_to_execute",
            "没有待执行的支持信访请求的处理意见",
            "there is no opinion supporting the request waiting to be carried out",
            basis=(rules(11, 1, 2),),
        )
    with service_input():
        services.opinion_record_execution(
            opinion=opinion,
            organ=acting_organ(request.user, matter, payload.organ_id),
            note=payload.note,
            actor=request.user,
        )
    return matter_out(matter)


# ---------------------------------------------------------------------------------------------
# Satisfaction, follow-up, supervision orders


@router.post("/{matter_id}/satisfaction", response=STEP, operation_id="matter_satisfaction")
def matter_satisfaction(request: HttpRequest, matter_id: int, payload: s.SatisfactionIn) -> Any:
    """Record the petitioner's satisfaction with the handling (满意度评价)."""
    matter = _matter(request, matter_id, "matter.rate")
    with service_input():
        services.matter_rate_satisfaction(matter=matter, rating=payload.rating, actor=request.user)
    return matter_out(matter)


@router.post(
    "/{matter_id}/follow-up",
    response={201: s.FollowUpOut, **WRITE_ERRORS},
    operation_id="matter_follow_up",
)
def matter_follow_up(request: HttpRequest, matter_id: int, payload: s.FollowUpIn) -> Any:
    """Record a follow-up visit (回访) after the opinion."""
    matter = _matter(request, matter_id, "matter.follow_up")
    with service_input():
        follow_up = services.matter_follow_up(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            method=payload.method,
            notes=payload.notes,
            satisfaction=payload.satisfaction or "",
            actor=request.user,
        )
    return Status(201, _follow_up_out(follow_up))


@router.post(
    "/{matter_id}/supervision-orders",
    response={201: s.SupervisionOrderOut, **WRITE_ERRORS},
    operation_id="supervision_order_issue",
)
def supervision_order_issue(
    request: HttpRequest, matter_id: int, payload: s.SupervisionOrderIn
) -> Any:
    """Issue a supervision order (督办) with its reply deadline; never to an accused unit."""
    matter = _matter(request, matter_id, "matter.supervise")
    to_organ = organ_by_id(payload.to_organ_id, field="to_organ_id")
    with service_input():
        order = services.supervision_order_issue(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            to_organ=to_organ,
            instructions=payload.instructions,
            actor=request.user,
        )
    return Status(201, supervision_out(order))


@router.post(
    "/{matter_id}/supervision-orders/{order_id}/reply",
    response={200: s.SupervisionOrderOut, **WRITE_ERRORS},
    operation_id="supervision_order_reply",
)
def supervision_order_reply(
    request: HttpRequest, matter_id: int, order_id: int, payload: s.SupervisionReplyIn
) -> Any:
    """The supervised organ's written reply to a supervision order."""
    matter = _matter(request, matter_id, "matter.supervision_reply")
    order = SupervisionOrder.objects.filter(pk=order_id, matter_id=matter.pk).first()
    if order is None:
        raise field_error("order_id", _("未找到。"), "not_found")
    organ = (
        organ_by_id(payload.organ_id, field="organ_id")
        if payload.organ_id is not None
        else order.to_organ
    )
    with service_input():
        services.supervision_order_reply(
            order=order, organ=organ, reply=payload.reply, actor=request.user
        )
    return supervision_out(order)


# ---------------------------------------------------------------------------------------------
# Routing suggestions (细则第三条)

routing_router = Router(tags=["routing"])


@routing_router.get(
    "/suggest", response={200: list[s.SuggestionOut], **READ_ERRORS}, operation_id="routing_suggest"
)
def routing_suggest(request: HttpRequest, filters: Query[s.SuggestFilter]) -> Any:
    """Organs for a matter from its region and subject, lowest level first, with reasons.

    With ``matter_id`` the matter's region, category and accused units are used (an accused
    unit and the organs under it are never suggested).
    """
    if filters.matter_id is not None:
        matter = _matter(request, filters.matter_id, "read")
        accused = organs_by_ids(sorted(accused_organ_ids(matter)), field="matter_id")
        suggestions = routing.suggest_organs(
            region_code=matter.region_code,
            category=matter.category,
            accused=accused,
            other_organ=matter.other_organ,
            accusation=matter.is_accusation,
            limit=filters.limit,
        )
        return suggestion_out(suggestions)
    if not filters.region_code:
        raise field_error("region_code", _("此项不能为空。"), "required")
    suggestions = routing.suggest_organs(
        region_code=filters.region_code,
        category=category_by_id(filters.category_id),
        other_organ=filters.other_organ or "",
        accusation=filters.accusation,
        limit=filters.limit,
    )
    return suggestion_out(suggestions)
