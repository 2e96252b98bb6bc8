"""The steps of the procedure on one matter: each reads the matter for its action, calls
one service and answers the matter as it now stands (``STEP``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters import services
from xinfang.petitions.matters.errors import MatterRefused
from xinfang.rules.basis import rules

from . import schemas as s
from .routers import STEP, access_matter, router
from .support import (
    acting_organ,
    matter_out,
    organ_by_id,
    service_input,
)

# ---------------------------------------------------------------------------------------------
# Routing (细则第六条)


@router.post("/{matter_id}/route", response=STEP, operation_id="matter_route")
def matter_route(request: HttpRequest, matter_id: int, payload: s.RouteIn) -> Any:
    """Transfer (转送) or assign (交办) a registered matter; never to an accused unit."""
    matter = access_matter(request, matter_id, "matter.route")
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
    matter = access_matter(request, matter_id, "matter.route_out")
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
    matter = access_matter(request, matter_id, "matter.send_to_other_organ")
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
    matter = access_matter(request, matter_id, "matter.send_to_politics_law")
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
    matter = access_matter(request, matter_id, "matter.send_to_discipline")
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
    matter = access_matter(request, matter_id, "matter.accept")
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
    matter = access_matter(request, matter_id, "matter.decline")
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
    matter = access_matter(request, matter_id, "matter.object")
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
    matter = access_matter(request, matter_id, "matter.objection_agree")
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
    matter = access_matter(request, matter_id, "matter.objection_refuse")
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
    matter = access_matter(request, matter_id, "matter.objection_withdraw")
    with service_input():
        services.matter_objection_withdraw(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            note=payload.note,
            actor=request.user,
        )
    return matter_out(matter)


@router.post("/{matter_id}/conclude", response=STEP, operation_id="matter_conclude")
def matter_conclude(request: HttpRequest, matter_id: int, payload: s.ConcludeIn) -> Any:
    """Conclude with the handling opinion (支持 / 解释 / 不予支持, facts, reasons, legal basis)."""
    matter = access_matter(request, matter_id, "matter.conclude")
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
    matter = access_matter(request, matter_id, "matter.conclude")
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
    matter = access_matter(request, matter_id, "matter.request_review")
    review_organ = organ_by_id(payload.review_organ_id, field="review_organ_id")
    with service_input(to_organ="review_organ_id"):
        services.matter_request_review(
            matter=matter, review_organ=review_organ, reason=payload.reason, actor=request.user
        )
    return matter_out(matter)


@router.post("/{matter_id}/review", response=STEP, operation_id="matter_review")
def matter_review(request: HttpRequest, matter_id: int, payload: s.ReviewIn) -> Any:
    """Issue the review opinion (复查意见)."""
    matter = access_matter(request, matter_id, "matter.review")
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
    matter = access_matter(request, matter_id, "matter.request_rereview")
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
    matter = access_matter(request, matter_id, "matter.rereview")
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
    matter = access_matter(request, matter_id, "matter.close")
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
    matter = access_matter(request, matter_id, "matter.execute")
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
# Satisfaction


@router.post("/{matter_id}/satisfaction", response=STEP, operation_id="matter_satisfaction")
def matter_satisfaction(request: HttpRequest, matter_id: int, payload: s.SatisfactionIn) -> Any:
    """Record the petitioner's satisfaction with the handling (满意度评价)."""
    matter = access_matter(request, matter_id, "matter.rate")
    with service_input():
        services.matter_rate_satisfaction(matter=matter, rating=payload.rating, actor=request.user)
    return matter_out(matter)
