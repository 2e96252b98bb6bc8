"""The steps the matter page offers.

The labels of periods, events and states are the choices' (``xinfang.petitions.matters.
choices``: ``Period``, ``EventAction``, ``MatterState``).

Each ``ActionSpec`` pairs a form with the one service it calls; ``steps_in_state`` says which
steps a matter in each state offers (the service still decides whether the user's organ may
take it, and refuses with the rule).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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


def _end_hearing(*, matter: Matter, organ: Organ, ended_on: Any, note: str, actor: Any) -> Any:
    """Record the last day of the matter's running hearing."""
    hearing = selectors.running_hearing(matter=matter)
    if hearing is None:
        raise forms.ValidationError(gettext_lazy("没有尚未结束的听证。"), code="no_hearing")
    return services.matter_hearing_end(
        hearing=hearing, organ=organ, ended_on=ended_on, note=note, actor=actor
    )


@dataclass(frozen=True)
class ActionSpec:
    """One step the matter page offers: its form, its heading and the service it calls.

    The form's fields are the service's keywords (``renames`` where a form names one
    otherwise; ``defaults`` for an optional field left blank); the service gets the matter
    (``matter=``, unless ``on_matter`` is false: the form names what the step is on), the
    organ the user acts for (unless ``with_organ`` is false: the rules name who takes it) and
    the user (``actor=``).
    """

    name: str
    title: Any
    form: type[forms.Form]
    button: Any
    service: Callable[..., Any]
    #: The move of the procedure the step is, if it is one: the page offers it only when the
    #: rules let the acting organ's part take it (``allowed_actions``).
    procedure: Action | None = None
    renames: Mapping[str, str] = field(default_factory=dict)
    defaults: Mapping[str, Any] = field(default_factory=dict)
    on_matter: bool = True
    with_organ: bool = True

    def call(self, matter: Matter, organ: Organ | None, data: Mapping[str, Any], user: Any) -> Any:
        """Take the step with the form's cleaned data."""
        keywords = {self.renames.get(name, name): value for name, value in data.items()}
        for name, value in self.defaults.items():
            keywords[name] = keywords.get(name) or value
        if self.on_matter:
            keywords["matter"] = matter
        if self.with_organ:
            keywords["organ"] = organ
        return self.service(actor=user, **keywords)


_ = gettext_lazy
A = Action
#: The steps, in the order the page offers them.
ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec(
            "route", _("转送、交办"), f.RouteForm, _("转送、交办"), services.matter_route, A.ROUTE
        ),
        ActionSpec(
            "route_out",
            _("导入法定途径"),
            f.RouteOutForm,
            _("导入法定途径"),
            services.matter_route_out,
            A.ROUTE_OUT,
        ),
        ActionSpec(
            "other_organ",
            _("告知向人大、法院、检察院提出"),
            f.OtherOrganForm,
            _("告知"),
            services.matter_send_to_other_organ,
            A.SEND_TO_OTHER_ORGAN,
        ),
        ActionSpec(
            "discipline",
            _("转纪检监察机关"),
            f.DisciplineForm,
            _("转纪检监察机关"),
            services.matter_send_to_discipline,
            A.SEND_TO_DISCIPLINE,
        ),
        ActionSpec(
            "politics_law",
            _("涉法涉诉：转送或引导至政法部门"),
            f.PoliticsLawForm,
            _("提交"),
            services.matter_send_to_politics_law,
            A.SEND_TO_POLITICS_LAW,
        ),
        ActionSpec(
            "accept",
            _("受理"),
            f.AcceptForm,
            _("受理"),
            services.matter_accept,
            A.ACCEPT,
            defaults={"handling_way": HandlingWay.OPINION},
        ),
        ActionSpec(
            "decline",
            _("不予受理"),
            f.DeclineForm,
            _("不予受理"),
            services.matter_decline,
            A.DECLINE,
        ),
        ActionSpec(
            "object",
            _("对转送、交办提出异议"),
            f.ObjectionForm,
            _("提交异议"),
            services.matter_object,
            A.OBJECT,
        ),
        ActionSpec(
            "objection_agree",
            _("核实同意异议"),
            f.ObjectionAgreeForm,
            _("同意异议，交还材料"),
            services.matter_objection_agree,
            A.AGREE_OBJECTION,
        ),
        ActionSpec(
            "objection_refuse",
            _("核实不同意异议"),
            f.ObjectionRefuseForm,
            _("不同意异议，由其办理"),
            services.matter_objection_refuse,
            A.REFUSE_OBJECTION,
        ),
        ActionSpec(
            "objection_withdraw",
            _("撤回异议"),
            f.ObjectionWithdrawForm,
            _("撤回异议"),
            services.matter_objection_withdraw,
            A.WITHDRAW_OBJECTION,
        ),
        ActionSpec(
            "extend",
            _("申请延期"),
            f.ExtendForm,
            _("提交延期申请"),
            services.matter_extension_request,
            A.EXTEND,
        ),
        ActionSpec(
            "conclude", _("办结"), f.OpinionForm, _("办结"), services.matter_conclude, A.CONCLUDE
        ),
        ActionSpec(
            "reply", _("答复办结"), f.ReplyForm, _("答复并办结"), services.matter_reply, A.CONCLUDE
        ),
        ActionSpec(
            "review_request",
            _("登记复查请求"),
            f.RequestForm,
            _("登记复查请求"),
            services.matter_request_review,
            A.REQUEST_REVIEW,
            renames={"to_organ": "review_organ"},
            with_organ=False,
        ),
        ActionSpec(
            "review",
            _("出具复查意见"),
            f.OpinionForm,
            _("出具复查意见"),
            services.matter_decide_review,
            A.REVIEW,
        ),
        ActionSpec(
            "rereview_request",
            _("登记复核请求"),
            f.RequestForm,
            _("登记复核请求"),
            services.matter_request_rereview,
            A.REQUEST_REREVIEW,
            renames={"to_organ": "rereview_organ"},
            with_organ=False,
        ),
        ActionSpec(
            "rereview",
            _("出具复核意见"),
            f.OpinionForm,
            _("出具复核意见"),
            services.matter_decide_rereview,
            A.REREVIEW,
        ),
        ActionSpec(
            "hearing_start",
            _("举行听证"),
            f.HearingStartForm,
            _("登记听证"),
            services.matter_hearing_start,
        ),
        ActionSpec(
            "hearing_end", _("登记听证结束"), f.HearingEndForm, _("登记听证结束"), _end_hearing
        ),
        ActionSpec(
            "execute",
            _("登记执行情况"),
            f.ExecutionForm,
            _("登记执行情况"),
            services.matter_record_execution,
        ),
        ActionSpec("close", _("结案"), f.CloseForm, _("结案"), services.matter_close, A.CLOSE),
        ActionSpec(
            "satisfaction",
            _("满意度评价"),
            f.SatisfactionForm,
            _("记录评价"),
            services.matter_rate_satisfaction,
            with_organ=False,
        ),
        ActionSpec(
            "follow_up", _("回访"), f.FollowUpForm, _("记录回访"), services.matter_follow_up
        ),
        ActionSpec(
            "supervise",
            _("督办"),
            f.SuperviseForm,
            _("发出督办"),
            services.supervision_order_issue,
            defaults={
                "level": SupervisionLevel.SUPERVISE,
                "subject": SupervisionSubject.HANDLING,
            },
        ),
        ActionSpec(
            "supervision_reply",
            _("督办反馈"),
            f.SupervisionReplyForm,
            _("反馈"),
            services.supervision_order_reply,
            on_matter=False,
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
