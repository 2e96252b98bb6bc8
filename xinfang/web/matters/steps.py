"""The steps the matter page offers.

The labels of periods, events and states are the choices' (``xinfang.petitions.matters.
choices``: ``Period``, ``EventAction``, ``MatterState``).

Each ``ActionSpec`` pairs a form with the one service it calls; ``steps_in_state`` says which
steps a matter in each state offers (the service still decides whether the user's organ may
take it, and refuses with the rule).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from xinfang.orgs.models import Organ
from xinfang.petitions.matters import selectors, services
from xinfang.petitions.matters.choices import (
    HandlingWay,
    MatterState,
    SupervisionLevel,
    SupervisionSubject,
)
from xinfang.petitions.matters.models import Matter
from xinfang.rules.procedure import Action, Actor, allowed_actions

from . import forms as f

# ---------------------------------------------------------------------------------------------
# The steps


def _end_hearing(matter: Matter, organ: Organ, data: dict[str, Any], user: Any) -> Any:
    """Record the last day of the matter's running hearing."""
    hearing = selectors.running_hearing(matter=matter)
    if hearing is None:
        raise forms.ValidationError(gettext_lazy("没有尚未结束的听证。"), code="no_hearing")
    return services.matter_hearing_end(
        hearing=hearing, organ=organ, ended_on=data["ended_on"], note=data["note"], actor=user
    )


@dataclass(frozen=True)
class ActionSpec:
    """One step the matter page offers: its form, its heading and the service it calls."""

    name: str
    title: Any
    form: type[forms.Form]
    button: Any
    call: Callable[[Matter, Organ, dict[str, Any], Any], Any]
    #: The move of the procedure the step is, if it is one: the page offers it only when the
    #: rules let the acting organ's part take it (``allowed_actions``).
    procedure: Action | None = None


def _opinion(service: Callable[..., Any]) -> Callable[[Matter, Organ, dict[str, Any], Any], Any]:
    def call(matter: Matter, organ: Organ, data: dict[str, Any], user: Any) -> Any:
        return service(
            matter=matter,
            organ=organ,
            kind=data["kind"],
            facts=data["facts"],
            reasons=data["reasons"],
            legal_basis=data["legal_basis"],
            delivered_on=data["delivered_on"],
            actor=user,
        )

    return call


ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec(
            "route",
            gettext_lazy("转送、交办"),
            f.RouteForm,
            gettext_lazy("转送、交办"),
            lambda m, o, d, u: services.matter_route(
                matter=m,
                organ=o,
                to_organ=d["to_organ"],
                kind=d["kind"],
                report_due=d["report_due"],
                note=d["note"],
                actor=u,
            ),
            procedure=Action.ROUTE,
        ),
        ActionSpec(
            "route_out",
            gettext_lazy("导入法定途径"),
            f.RouteOutForm,
            gettext_lazy("导入法定途径"),
            lambda m, o, d, u: services.matter_route_out(
                matter=m,
                organ=o,
                legal_route=d["legal_route"],
                reason=d["reason"],
                notice=d["notice"],
                actor=u,
            ),
            procedure=Action.ROUTE_OUT,
        ),
        ActionSpec(
            "other_organ",
            gettext_lazy("告知向人大、法院、检察院提出"),
            f.OtherOrganForm,
            gettext_lazy("告知"),
            lambda m, o, d, u: services.matter_send_to_other_organ(
                matter=m, organ=o, other_organ=d["other_organ"], notice=d["notice"], actor=u
            ),
            procedure=Action.SEND_TO_OTHER_ORGAN,
        ),
        ActionSpec(
            "discipline",
            gettext_lazy("转纪检监察机关"),
            f.DisciplineForm,
            gettext_lazy("转纪检监察机关"),
            lambda m, o, d, u: services.matter_send_to_discipline(
                matter=m, organ=o, to_organ=d["to_organ"], note=d["note"], actor=u
            ),
            procedure=Action.SEND_TO_DISCIPLINE,
        ),
        ActionSpec(
            "politics_law",
            gettext_lazy("涉法涉诉：转送或引导至政法部门"),
            f.PoliticsLawForm,
            gettext_lazy("提交"),
            lambda m, o, d, u: services.matter_send_to_politics_law(
                matter=m, organ=o, to_organ=d["to_organ"], notice=d["notice"], actor=u
            ),
            procedure=Action.SEND_TO_POLITICS_LAW,
        ),
        ActionSpec(
            "accept",
            gettext_lazy("受理"),
            f.AcceptForm,
            gettext_lazy("受理"),
            lambda m, o, d, u: services.matter_accept(
                matter=m,
                organ=o,
                notice=d["notice"],
                handling_way=d.get("handling_way") or HandlingWay.OPINION,
                actor=u,
            ),
            procedure=Action.ACCEPT,
        ),
        ActionSpec(
            "decline",
            gettext_lazy("不予受理"),
            f.DeclineForm,
            gettext_lazy("不予受理"),
            lambda m, o, d, u: services.matter_decline(
                matter=m, organ=o, reason=d["reason"], notice=d["notice"], actor=u
            ),
            procedure=Action.DECLINE,
        ),
        ActionSpec(
            "object",
            gettext_lazy("对转送、交办提出异议"),
            f.ObjectionForm,
            gettext_lazy("提交异议"),
            lambda m, o, d, u: services.matter_object(
                matter=m, organ=o, reason=d["reason"], actor=u
            ),
            procedure=Action.OBJECT,
        ),
        ActionSpec(
            "objection_agree",
            gettext_lazy("核实同意异议"),
            f.ObjectionAgreeForm,
            gettext_lazy("同意异议，交还材料"),
            lambda m, o, d, u: services.matter_objection_agree(
                matter=m, organ=o, note=d["note"], actor=u
            ),
            procedure=Action.AGREE_OBJECTION,
        ),
        ActionSpec(
            "objection_refuse",
            gettext_lazy("核实不同意异议"),
            f.ObjectionRefuseForm,
            gettext_lazy("不同意异议，由其办理"),
            lambda m, o, d, u: services.matter_objection_refuse(
                matter=m, organ=o, reason=d["reason"], actor=u
            ),
            procedure=Action.REFUSE_OBJECTION,
        ),
        ActionSpec(
            "objection_withdraw",
            gettext_lazy("撤回异议"),
            f.ObjectionWithdrawForm,
            gettext_lazy("撤回异议"),
            lambda m, o, d, u: services.matter_objection_withdraw(
                matter=m, organ=o, note=d["note"], actor=u
            ),
            procedure=Action.WITHDRAW_OBJECTION,
        ),
        ActionSpec(
            "extend",
            gettext_lazy("申请延期"),
            f.ExtendForm,
            gettext_lazy("提交延期申请"),
            lambda m, o, d, u: services.matter_extension_request(
                matter=m,
                organ=o,
                days=d["days"],
                reason=d["reason"],
                document_ref=d["document_ref"],
                actor=u,
            ),
            procedure=Action.EXTEND,
        ),
        ActionSpec(
            "conclude",
            gettext_lazy("办结"),
            f.OpinionForm,
            gettext_lazy("办结"),
            _opinion(services.matter_conclude),
            procedure=Action.CONCLUDE,
        ),
        ActionSpec(
            "reply",
            gettext_lazy("答复办结"),
            f.ReplyForm,
            gettext_lazy("答复并办结"),
            lambda m, o, d, u: services.matter_reply(
                matter=m, organ=o, outcome=d["outcome"], reply=d["reply"], actor=u
            ),
            procedure=Action.CONCLUDE,
        ),
        ActionSpec(
            "review_request",
            gettext_lazy("登记复查请求"),
            f.RequestForm,
            gettext_lazy("登记复查请求"),
            lambda m, o, d, u: services.matter_request_review(
                matter=m, review_organ=d["to_organ"], reason=d["reason"], actor=u
            ),
            procedure=Action.REQUEST_REVIEW,
        ),
        ActionSpec(
            "review",
            gettext_lazy("出具复查意见"),
            f.OpinionForm,
            gettext_lazy("出具复查意见"),
            _opinion(services.matter_decide_review),
            procedure=Action.REVIEW,
        ),
        ActionSpec(
            "rereview_request",
            gettext_lazy("登记复核请求"),
            f.RequestForm,
            gettext_lazy("登记复核请求"),
            lambda m, o, d, u: services.matter_request_rereview(
                matter=m, rereview_organ=d["to_organ"], reason=d["reason"], actor=u
            ),
            procedure=Action.REQUEST_REREVIEW,
        ),
        ActionSpec(
            "rereview",
            gettext_lazy("出具复核意见"),
            f.OpinionForm,
            gettext_lazy("出具复核意见"),
            _opinion(services.matter_decide_rereview),
            procedure=Action.REREVIEW,
        ),
        ActionSpec(
            "hearing_start",
            gettext_lazy("举行听证"),
            f.HearingStartForm,
            gettext_lazy("登记听证"),
            lambda m, o, d, u: services.matter_hearing_start(
                matter=m,
                organ=o,
                started_on=d["started_on"],
                place=d["place"],
                note=d["note"],
                actor=u,
            ),
        ),
        ActionSpec(
            "hearing_end",
            gettext_lazy("登记听证结束"),
            f.HearingEndForm,
            gettext_lazy("登记听证结束"),
            _end_hearing,
        ),
        ActionSpec(
            "execute",
            gettext_lazy("登记执行情况"),
            f.ExecutionForm,
            gettext_lazy("登记执行情况"),
            lambda m, o, d, u: services.matter_record_execution(
                matter=m, organ=o, note=d["note"], actor=u
            ),
        ),
        ActionSpec(
            "close",
            gettext_lazy("结案"),
            f.CloseForm,
            gettext_lazy("结案"),
            lambda m, o, d, u: services.matter_close(
                matter=m, organ=o, reason=d["reason"], actor=u
            ),
            procedure=Action.CLOSE,
        ),
        ActionSpec(
            "satisfaction",
            gettext_lazy("满意度评价"),
            f.SatisfactionForm,
            gettext_lazy("记录评价"),
            lambda m, o, d, u: services.matter_rate_satisfaction(
                matter=m, rating=d["rating"], actor=u
            ),
        ),
        ActionSpec(
            "follow_up",
            gettext_lazy("回访"),
            f.FollowUpForm,
            gettext_lazy("记录回访"),
            lambda m, o, d, u: services.matter_follow_up(
                matter=m,
                organ=o,
                method=d["method"],
                notes=d["notes"],
                satisfaction=d.get("satisfaction", ""),
                actor=u,
            ),
        ),
        ActionSpec(
            "supervise",
            gettext_lazy("督办"),
            f.SuperviseForm,
            gettext_lazy("发出督办"),
            lambda m, o, d, u: services.supervision_order_issue(
                matter=m,
                organ=o,
                to_organ=d["to_organ"],
                instructions=d["instructions"],
                actor=u,
                level=d.get("level") or SupervisionLevel.SUPERVISE,
                subject=d.get("subject") or SupervisionSubject.HANDLING,
                circulation_scope=d.get("circulation_scope", ""),
                escalation_reason=d.get("escalation_reason", ""),
            ),
        ),
        ActionSpec(
            "supervision_reply",
            gettext_lazy("督办反馈"),
            f.SupervisionReplyForm,
            gettext_lazy("反馈"),
            lambda m, o, d, u: services.supervision_order_reply(
                order=d["order"], organ=o, reply=d["reply"], actor=u
            ),
        ),
    )
}

S = MatterState
SUPERVISION = ("supervision_reply", "supervise")
HEARING = ("hearing_end", "hearing_start")
#: Steps beside the procedure, by the states in which the page offers them. The procedure's own
#: steps are offered where the rules core allows them (``steps_in_state``).
BESIDE_BY_STATE: dict[str, tuple[str, ...]] = {
    S.ROUTED: SUPERVISION,
    S.OBJECTED: SUPERVISION,
    S.ACCEPTED: (*SUPERVISION, *HEARING),
    S.EXTENDED: (*SUPERVISION, *HEARING),
    S.CONCLUDED: ("execute", "satisfaction", "follow_up", *SUPERVISION),
    S.REVIEW_REQUESTED: SUPERVISION,
    S.REVIEWED: ("execute", "satisfaction", "follow_up", *SUPERVISION),
    S.REREVIEW_REQUESTED: (*SUPERVISION, *HEARING),
    S.REREVIEWED: ("execute", "satisfaction", "follow_up", *SUPERVISION),
    S.CLOSED: ("execute", "satisfaction", "follow_up", *SUPERVISION),
}


def steps_in_state(state: str) -> tuple[str, ...]:
    """The steps the page may offer on a matter in ``state``, in the page's order: the moves the
    procedure allows from there to anyone (``allowed_actions``; the page then keeps those of the
    part the user's organ plays), and the steps beside it."""
    moves = {action for actor in Actor for action in allowed_actions(state, actor)}
    beside = BESIDE_BY_STATE.get(state, ())
    return tuple(
        name
        for name, spec in ACTIONS.items()
        if (spec.procedure is not None and spec.procedure in moves) or name in beside
    )
