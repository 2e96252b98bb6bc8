"""The steps of the procedure on one matter, each declared once in ``STEPS``.

A step endpoint is ``POST /matters/{matter_id}/<path>``. It reads the matter through the
access chokepoint for the step's action, turns the body into the service's keywords (an id
that names no organ is a 422 by its field), adds the organ the user acts for when the body is a
``StepIn`` (its ``organ_id``, else inferred), calls the service and answers the matter as it
now stands (``STEP``). A row's ``doc`` is the operation's description.

``POST .../execution`` is written out: it first finds the opinion to carry out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from django.http import HttpRequest

from xinfang.inputs import InputSchema
from xinfang.petitions.matters import services

from . import schemas as s
from .routers import STEP, access_matter, router
from .support import acting_organ, matter_out, organ_by_id, service_input

P = TypeVar("P", bound=InputSchema)


def body_arguments(payload: InputSchema) -> dict[str, Any]:
    """A body as its service's keywords: each field by its name, but ``organ_id`` (the organ
    the user acts for, added by ``take_step``) and an ``x_organ_id`` given as the organ
    ``x_organ`` (an id that names no organ is a 422 by its field)."""
    arguments: dict[str, Any] = {}
    for name, value in payload:
        if name == "organ_id":
            continue
        if name.endswith("_organ_id"):
            arguments[name.removesuffix("_id")] = organ_by_id(value, field=name) if value else None
        else:
            arguments[name] = value
    return arguments


@dataclasses.dataclass(frozen=True)
class StepEndpoint(Generic[P]):
    """One step endpoint: where it is, its body, what it reads the matter for, the service it
    calls with what, and its description."""

    #: below ``/matters/{matter_id}/``
    path: str
    operation_id: str
    payload: type[P]
    #: the action the matter is read for (``access_matter_by_id``)
    action: str
    #: called with ``matter``, ``actor``, ``organ`` for a ``StepIn`` body, and ``arguments``
    service: Callable[..., object]
    doc: str
    #: the service's field names as this body names them, for a 422 (``service_input``)
    renames: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: the body as the service's own keywords (by default: ``body_arguments``)
    arguments: Callable[[P], dict[str, Any]] = body_arguments


#: Left unannotated, so that mypy checks each row against its own ``payload``.
STEPS = (
    # -- Routing (细则第六条)
    StepEndpoint(
        path="route",
        operation_id="matter_route",
        payload=s.RouteIn,
        action="matter.route",
        service=services.matter_route,
        doc="""Transfer (转送) or assign (交办) a registered matter; never to an accused unit.""",
    ),
    StepEndpoint(
        path="route-out",
        operation_id="matter_route_out",
        payload=s.RouteOutIn,
        action="matter.route_out",
        service=services.matter_route_out,
        doc="""Route the request out to its legal route (诉讼与信访分离), naming it to the
        petitioner.""",
    ),
    StepEndpoint(
        path="send-to-other-organ",
        operation_id="matter_send_to_other_organ",
        payload=s.SendToOtherOrganIn,
        action="matter.send_to_other_organ",
        service=services.matter_send_to_other_organ,
        doc="""Tell the petitioner to take the matter to a people's congress, court or
        procuratorate.""",
    ),
    StepEndpoint(
        path="send-to-politics-law",
        operation_id="matter_send_to_politics_law",
        payload=s.SendToPoliticsLawIn,
        action="matter.send_to_politics_law",
        service=services.matter_send_to_politics_law,
        doc="""A matter of litigation rights goes to the political-legal organs (信访工作条例
        (2022)第二十二条第二款, 第二十八条第二款): a letter is transferred to ``to_organ_id``, from
        the petition office one of its own level (409 ``politics_law_not_same_level``); a visitor
        is guided there with ``notice``. 409 under the 2005 procedure
        (``politics_law_not_in_procedure``: route out, or send to the court or procuratorate) and
        for an accused organ; 422 for an organ that is not a political-legal organ, a letter
        without one, or a visit without the notice.""",
    ),
    StepEndpoint(
        path="send-to-discipline",
        operation_id="matter_send_to_discipline",
        payload=s.SendToDisciplineIn,
        action="matter.send_to_discipline",
        service=services.matter_send_to_discipline,
        doc="""Send an accusation against officials (检举控告) to a discipline body.""",
    ),
    # -- Acceptance and objections
    StepEndpoint(
        path="accept",
        operation_id="matter_accept",
        payload=s.AcceptIn,
        action="matter.accept",
        service=services.matter_accept,
        doc="""Accept (受理) to be handled the ``handling_way``: for a handling opinion (the
        default, 信访工作条例(2022)第三十一条第六项) the handling period starts today; a duty
        (第三十一条第五项) or a suggestion (第二十九条) runs none. 409
        ``handling_way_not_in_procedure`` for those two under the 2005 procedure
        (信访条例第三十三条: every accepted matter has its 60 days).""",
    ),
    StepEndpoint(
        path="decline",
        operation_id="matter_decline",
        payload=s.DeclineIn,
        action="matter.decline",
        service=services.matter_decline,
        doc="""Decline (不予受理) with the reason and the notice to the petitioner.""",
    ),
    StepEndpoint(
        path="objection",
        operation_id="matter_object",
        payload=s.ObjectionIn,
        action="matter.object",
        service=services.matter_object,
        doc="""Object to a transfer or assignment outside the organ's competence, with reasons,
        within 5 working days of receipt (信访工作条例(2022)第二十三条第三款); 409 under the 2005
        procedure (``objection_not_in_procedure``), when late (``late_objection``) or for a
        matter received directly (``objection_not_routed``).""",
    ),
    StepEndpoint(
        path="objection/agree",
        operation_id="matter_objection_agree",
        payload=s.ObjectionAgreeIn,
        action="matter.objection_agree",
        service=services.matter_objection_agree,
        doc="""The office that routed the matter agrees to the objection: the matter returns to it,
        registered, to be routed again; the receiving organ's acceptance clock stops.""",
    ),
    StepEndpoint(
        path="objection/refuse",
        operation_id="matter_objection_refuse",
        payload=s.ObjectionRefuseIn,
        action="matter.objection_refuse",
        service=services.matter_objection_refuse,
        doc="""The office that routed the matter refuses the objection: the organ decides on
        acceptance within its acceptance period.""",
    ),
    StepEndpoint(
        path="objection/withdraw",
        operation_id="matter_objection_withdraw",
        payload=s.ObjectionWithdrawIn,
        action="matter.objection_withdraw",
        service=services.matter_objection_withdraw,
        doc="""The organ that objected withdraws its objection before the office decides: the matter
        waits for its acceptance decision again, on the acceptance clock that kept running.""",
    ),
    # -- Handling
    StepEndpoint(
        path="conclude",
        operation_id="matter_conclude",
        payload=s.ConcludeIn,
        action="matter.conclude",
        service=services.matter_conclude,
        doc="""Conclude with the handling opinion (支持 / 解释 / 不予支持, facts, reasons, legal
        basis).""",
    ),
    StepEndpoint(
        path="reply",
        operation_id="matter_reply",
        payload=s.ReplyIn,
        action="matter.conclude",
        service=services.matter_reply,
        doc="""Conclude a duty or suggestion matter with the reply (答复; 信访工作条例(2022)
        第三十一条第五项、第二十九条); the matter is closed, as no 信访处理意见 follows to review.
        409 ``handling_way_mismatch`` for a matter handled for an opinion (``/conclude``); 422
        for an outcome of the other way.""",
    ),
    # -- Review and re-review (复查、复核), closing
    StepEndpoint(
        path="review-request",
        operation_id="matter_review_request",
        payload=s.ReviewRequestIn,
        action="matter.request_review",
        service=services.matter_request_review,
        doc="""Record the petitioner's request for a review by the organ above.""",
        renames={"to_organ": "review_organ_id"},
    ),
    StepEndpoint(
        path="review",
        operation_id="matter_review",
        payload=s.ReviewIn,
        action="matter.review",
        service=services.matter_decide_review,
        doc="""Issue the review opinion (复查意见).""",
    ),
    StepEndpoint(
        path="rereview-request",
        operation_id="matter_rereview_request",
        payload=s.RereviewRequestIn,
        action="matter.request_rereview",
        service=services.matter_request_rereview,
        doc="""Record the petitioner's request for a re-review.""",
        renames={"to_organ": "rereview_organ_id"},
    ),
    StepEndpoint(
        path="rereview",
        operation_id="matter_rereview",
        payload=s.RereviewIn,
        action="matter.rereview",
        service=services.matter_decide_rereview,
        doc="""Issue the re-review opinion (复核意见): final.""",
    ),
    StepEndpoint(
        path="close",
        operation_id="matter_close",
        payload=s.CloseIn,
        action="matter.close",
        service=services.matter_close,
        doc="""Close a concluded or reviewed matter (结案).""",
    ),
    # -- Satisfaction
    StepEndpoint(
        path="satisfaction",
        operation_id="matter_satisfaction",
        payload=s.SatisfactionIn,
        action="matter.rate",
        service=services.matter_rate_satisfaction,
        doc="""Record the petitioner's satisfaction with the handling (满意度评价).""",
    ),
)


def take_step(
    step: StepEndpoint[Any], request: HttpRequest, matter_id: int, payload: InputSchema
) -> dict[str, Any]:
    """Take ``step`` on the matter for the request's user: the matter as it now stands."""
    matter = access_matter(request, matter_id, step.action)
    arguments = step.arguments(payload)
    with service_input(**step.renames):
        if isinstance(payload, s.StepIn):
            arguments["organ"] = acting_organ(request.user, matter, payload.organ_id)
        step.service(matter=matter, actor=request.user, **arguments)
    return matter_out(matter)


def _view(step: StepEndpoint[Any]) -> Callable[..., Any]:
    """The view of one step, as django-ninja reads it: named after its operation, its body
    typed with the row's schema, its docstring the row's ``doc``."""

    def view(request: HttpRequest, matter_id: int, payload: InputSchema) -> Any:
        return take_step(step, request, matter_id, payload)

    view.__annotations__ = {**view.__annotations__, "payload": step.payload}
    view.__name__ = view.__qualname__ = step.operation_id
    view.__doc__ = step.doc
    return view


for _step in STEPS:
    router.add_api_operation(
        f"/{{matter_id}}/{_step.path}",
        ["POST"],
        _view(_step),
        response=STEP,
        operation_id=_step.operation_id,
    )


@router.post("/{matter_id}/execution", response=STEP, operation_id="matter_execution")
def matter_execution(request: HttpRequest, matter_id: int, payload: s.ExecutionIn) -> Any:
    """Record that the opinion supporting the request was carried out (细则第十一条第一款第二项)."""
    matter = access_matter(request, matter_id, "matter.execute")
    with service_input():
        organ = acting_organ(request.user, matter, payload.organ_id)
        # The service finds the opinion to carry out, or refuses (nothing_to_execute).
        services.matter_record_execution(
            matter=matter, organ=organ, note=payload.note, actor=request.user
        )
    return matter_out(matter)
