"""The petition matter's states and transitions, as data.

Each :class:`Transition` says who may act, from which states, into which state, which
statutory period it starts and which it stops. :func:`check_transition` is the one entry the
petitions app calls before it changes a matter: it returns a :class:`Decision` (the new state,
the clocks to start and stop, the basis) or raises :class:`TransitionRefused` naming the rule,
in Chinese and English.

The procedure follows the national regulation named by the profile (信访条例 2005 for
``chongqing-2017``; 信访工作条例 2022 for ``national-2022``); the citations come from the
profile, so the same transitions carry the right article under either.

Rules enforced here:

* 诉讼与信访分离: a request that belongs to litigation, arbitration or administrative
  reconsideration is routed out to that route, never accepted (细则第六条).
* Matters for people's congresses, courts and procuratorates are sent there.
* 检举控告 (accusations against officials) go to the discipline bodies.
* A higher level does not accept a matter pending at the competent level.
* The same request is not accepted again after re-review.
* A collective visit chooses at most 5 representatives.
* A ``handle`` extension is at most the profile's limit, is granted once, and only while the
  handling period still runs; a responsible person of the handling organ approves it (or an
  approval document given on paper is recorded).
* An organ that receives a transferred or assigned matter outside its competence may object
  within the profile's ``objection`` period (信访工作条例(2022)第二十三条第三款: 5 working days
  from receipt, with detailed reasons); the office or higher organ that routed it verifies and
  agrees (the matter goes back to it and is routed again) or refuses (the organ must decide on
  acceptance; its acceptance clock never stopped). The organ may withdraw its objection
  before the office decides. The 2005 regulation has no such step: under a profile without
  the ``objection`` period the step is refused.
* A matter of litigation rights (涉法涉诉) goes to the political-legal organs (信访工作条例(2022)
  第二十二条第二款、第二十八条第二款): a letter is transferred, by a petition office to the
  political-legal organ of its own level (同级); a visitor is guided there. The 2005 regulation
  has no such step: under a profile without the ``politics_law`` basis it is refused, and the
  matter is routed out or sent to the court or procuratorate instead.
* How an accepted matter is handled (``HandlingWay``) decides whether the handling period runs:
  信访工作条例(2022)第三十四条 sets it for matters of 第三十一条第六项 only (investigated and
  answered with a 信访处理意见书); a request that an organ perform a duty (第三十一条第五项) or a
  suggestion (第二十九条) is accepted without it, concluded by a reply (答复) that closes the
  matter, and never extended. The 2005 regulation (第三十三条) gives every accepted matter its
  60 days: under a profile without those ways only ``opinion`` exists.
* A matter submitted directly to the competent organ starts the notice (acceptance) period
  unless the petitioner's name or address is unclear (信访工作条例(2022)第二十三条第二款,
  信访条例(2005)第二十二条第二款: 姓名（名称）、住址不清的除外); a routed matter always starts it.
* A matter not yet accepted is taken out of the procedure (to a legal route, another organ,
  the discipline bodies) only by the organ that holds it (谁主管、谁负责, 细则第三条): the
  petition office while it is registered there, the organ it was routed to once routed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from .basis import Basis, rules
from .errors import RulesError
from .profiles import Profile


class MatterState(StrEnum):
    SUBMITTED = "submitted"  # 已提出，未登记
    REGISTERED = "registered"  # 信访部门已登记
    ROUTED = "routed"  # 已转送、交办（或直接向有权机关提出），待决定是否受理
    OBJECTED = "objected"  # 收到转送、交办的机关已提出异议，待转送、交办机关核实
    ACCEPTED = "accepted"  # 已受理，办理中
    EXTENDED = "extended"  # 经批准延期办理
    CONCLUDED = "concluded"  # 已办结，出具处理意见
    REVIEW_REQUESTED = "review_requested"  # 已请求复查
    REVIEWED = "reviewed"  # 已出具复查意见
    REREVIEW_REQUESTED = "rereview_requested"  # 已请求复核
    REREVIEWED = "rereviewed"  # 已出具复核意见（终结）
    DECLINED = "declined"  # 不予受理
    ROUTED_OUT = "routed_out"  # 导入诉讼、仲裁、行政复议等法定途径
    SENT_TO_OTHER_ORGAN = "sent_to_other_organ"  # 告知向人大、法院、检察院提出
    SENT_TO_DISCIPLINE = "sent_to_discipline"  # 检举控告转纪检监察机关
    SENT_TO_POLITICS_LAW = "sent_to_politics_law"  # 涉法涉诉：已转送政法部门（走访：已引导）
    CLOSED = "closed"  # 期满未请求复查、复核，或信访人息诉


FINAL_STATES: frozenset[MatterState] = frozenset(
    {
        MatterState.REREVIEWED,
        MatterState.DECLINED,
        MatterState.ROUTED_OUT,
        MatterState.SENT_TO_OTHER_ORGAN,
        MatterState.SENT_TO_DISCIPLINE,
        MatterState.SENT_TO_POLITICS_LAW,
        MatterState.CLOSED,
    }
)

#: Open organ work: the states in which the matter waits for a step of the organ where it sits
#: (its queue, its open count), in the procedure's order. In each the procedure gives that
#: organ a period: ``registered``, the petition office routes it (``route``); ``routed``, the
#: organ decides on acceptance (``accept``); ``objected``, the acceptance clock runs on while
#: the office verifies the objection, and the organ withdraws it or, refused, decides in time
#: (信访工作条例(2022)第二十三条第三款); ``accepted`` and ``extended``, it handles the matter
#: (``handle``); ``review_requested`` and ``rereview_requested``, the organ above reviews or
#: re-reviews it (``review``, ``rereview``). The matter is open there whether or not that clock
#: runs: a ``duty`` or ``suggestion`` matter is handled without one (第三十四条), and a direct
#: receipt whose petitioner's name or address is unclear awaits its acceptance decision with no
#: notice period (第二十三条第二款). Not open: ``submitted`` (not taken in yet), ``concluded``
#: and ``reviewed`` (the petitioner's request period runs; the organ waits for the
#: petitioner), and the final states.
OPEN_STATES: tuple[MatterState, ...] = (
    MatterState.REGISTERED,
    MatterState.ROUTED,
    MatterState.OBJECTED,
    MatterState.ACCEPTED,
    MatterState.EXTENDED,
    MatterState.REVIEW_REQUESTED,
    MatterState.REREVIEW_REQUESTED,
)


class Actor(StrEnum):
    PETITION_OFFICE = "petition_office"  # 信访部门
    HANDLING_ORGAN = "handling_organ"  # 有权处理的机关（办理机关）
    HIGHER_ORGAN = "higher_organ"  # 上一级机关（复查、复核）
    PETITIONER = "petitioner"  # 信访人


class Action(StrEnum):
    REGISTER = "register"  # 登记（信访部门）
    RECEIVE = "receive"  # 有权处理的机关直接收到
    ROUTE = "route"  # 转送、交办
    ACCEPT = "accept"  # 受理
    DECLINE = "decline"  # 不予受理
    OBJECT = "object"  # 对转送、交办提出异议（2022条例第二十三条第三款）
    AGREE_OBJECTION = "agree_objection"  # 核实同意异议，交还材料，重新转送、交办
    REFUSE_OBJECTION = "refuse_objection"  # 不同意异议，由收到的机关决定是否受理
    WITHDRAW_OBJECTION = "withdraw_objection"  # 提出异议的机关在核实前撤回异议
    ROUTE_OUT = "route_out"  # 导入法定途径
    SEND_TO_OTHER_ORGAN = "send_to_other_organ"  # 告知向人大、法院、检察院提出
    SEND_TO_DISCIPLINE = "send_to_discipline"  # 转纪检监察机关
    SEND_TO_POLITICS_LAW = "send_to_politics_law"  # 涉法涉诉转政法部门（2022条例第二十二条第二款）
    EXTEND = "extend"  # 延期
    CONCLUDE = "conclude"  # 办结
    REQUEST_REVIEW = "request_review"  # 请求复查
    REVIEW = "review"  # 复查
    REQUEST_REREVIEW = "request_rereview"  # 请求复核
    REREVIEW = "rereview"  # 复核
    CLOSE = "close"  # 结案


#: How refusals name states, actions and actors: Chinese and English, as the pages label them.
STATE_NAMES: Mapping[MatterState, tuple[str, str]] = MappingProxyType(
    {
        MatterState.SUBMITTED: ("已提出", "submitted"),
        MatterState.REGISTERED: ("已登记", "registered"),
        MatterState.ROUTED: ("待受理", "awaiting acceptance"),
        MatterState.OBJECTED: ("已提出异议", "objected to by the receiving organ"),
        MatterState.ACCEPTED: ("办理中", "being handled"),
        MatterState.EXTENDED: ("延期办理中", "being handled (extended)"),
        MatterState.CONCLUDED: ("已办结", "concluded"),
        MatterState.REVIEW_REQUESTED: ("复查中", "under review"),
        MatterState.REVIEWED: ("已复查", "reviewed"),
        MatterState.REREVIEW_REQUESTED: ("复核中", "under re-review"),
        MatterState.REREVIEWED: ("已复核（终结）", "re-reviewed (final)"),
        MatterState.DECLINED: ("不予受理", "declined"),
        MatterState.ROUTED_OUT: ("已导入法定途径", "routed out to a legal route"),
        MatterState.SENT_TO_OTHER_ORGAN: ("已告知向其他机关提出", "sent to another organ"),
        MatterState.SENT_TO_DISCIPLINE: ("已转纪检监察机关", "sent to the discipline bodies"),
        MatterState.SENT_TO_POLITICS_LAW: ("已转政法部门", "sent to the political-legal organs"),
        MatterState.CLOSED: ("已结案", "closed"),
    }
)
ACTION_NAMES: Mapping[Action, tuple[str, str]] = MappingProxyType(
    {
        Action.REGISTER: ("登记", "register"),
        Action.RECEIVE: ("直接收到", "receive directly"),
        Action.ROUTE: ("转送、交办", "route"),
        Action.ACCEPT: ("受理", "accept"),
        Action.DECLINE: ("不予受理", "decline"),
        Action.OBJECT: ("提出异议", "object"),
        Action.AGREE_OBJECTION: ("同意异议", "agree to the objection"),
        Action.REFUSE_OBJECTION: ("不同意异议", "refuse the objection"),
        Action.WITHDRAW_OBJECTION: ("撤回异议", "withdraw the objection"),
        Action.ROUTE_OUT: ("导入法定途径", "route out"),
        Action.SEND_TO_OTHER_ORGAN: ("告知向其他机关提出", "send to another organ"),
        Action.SEND_TO_DISCIPLINE: ("转纪检监察机关", "send to the discipline bodies"),
        Action.SEND_TO_POLITICS_LAW: ("转送政法部门", "send to the political-legal organs"),
        Action.EXTEND: ("延期", "extend"),
        Action.CONCLUDE: ("办结", "conclude"),
        Action.REQUEST_REVIEW: ("请求复查", "request a review"),
        Action.REVIEW: ("复查", "review"),
        Action.REQUEST_REREVIEW: ("请求复核", "request a re-review"),
        Action.REREVIEW: ("复核", "re-review"),
        Action.CLOSE: ("结案", "close"),
    }
)
ACTOR_NAMES: Mapping[Actor, tuple[str, str]] = MappingProxyType(
    {
        Actor.PETITION_OFFICE: ("信访部门", "the petition office"),
        Actor.HANDLING_ORGAN: ("办理机关", "the handling organ"),
        Actor.HIGHER_ORGAN: ("上一级机关", "the organ one level up"),
        Actor.PETITIONER: ("信访人", "the petitioner"),
    }
)

#: The procedural rule that made each final state final: a refusal on a final matter cites it.
FINAL_STATE_RULES: Mapping[MatterState, str] = MappingProxyType(
    {
        MatterState.REREVIEWED: "same_request_after_rereview",
        MatterState.DECLINED: "accept",
        MatterState.ROUTED_OUT: "legal_route",
        MatterState.SENT_TO_OTHER_ORGAN: "other_organ",
        MatterState.SENT_TO_DISCIPLINE: "discipline",
        MatterState.SENT_TO_POLITICS_LAW: "politics_law",
        MatterState.CLOSED: "review",
    }
)


class LegalRoute(StrEnum):
    """Statutory routes that take precedence over petition handling (诉讼与信访分离, 细则第六条):
    the procedures a department's classified handling list names for a request (细则第五条;
    信访工作条例(2022)第三十一条). Accusations go to the discipline bodies, not by route-out."""

    LITIGATION = "litigation"  # 诉讼
    ARBITRATION = "arbitration"  # 仲裁
    ADMINISTRATIVE_RECONSIDERATION = "administrative_reconsideration"  # 行政复议
    ADMINISTRATIVE_ADJUDICATION = "administrative_adjudication"  # 行政裁决
    ADMINISTRATIVE_CONFIRMATION = "administrative_confirmation"  # 行政确认
    ADMINISTRATIVE_LICENSING = "administrative_licensing"  # 行政许可
    ADMINISTRATIVE_PENALTY = "administrative_penalty"  # 行政处罚
    PARTY_MEMBER_APPEAL = "party_member_appeal"  # 党员申诉


#: Each route's name, Chinese and English, as refusals say it.
ROUTE_NAMES: dict[LegalRoute, tuple[str, str]] = {
    LegalRoute.LITIGATION: ("诉讼", "litigation"),
    LegalRoute.ARBITRATION: ("仲裁", "arbitration"),
    LegalRoute.ADMINISTRATIVE_RECONSIDERATION: ("行政复议", "administrative reconsideration"),
    LegalRoute.ADMINISTRATIVE_ADJUDICATION: ("行政裁决", "administrative adjudication"),
    LegalRoute.ADMINISTRATIVE_CONFIRMATION: ("行政确认", "administrative confirmation"),
    LegalRoute.ADMINISTRATIVE_LICENSING: ("行政许可", "administrative licensing"),
    LegalRoute.ADMINISTRATIVE_PENALTY: ("行政处罚", "administrative penalty"),
    LegalRoute.PARTY_MEMBER_APPEAL: ("党员申诉", "a party member's appeal"),
}


class OtherOrgan(StrEnum):
    """Bodies whose matters are sent to them (信访条例(2005)第十五条)."""

    PEOPLES_CONGRESS = "peoples_congress"  # 人民代表大会及其常务委员会
    COURT = "court"  # 人民法院
    PROCURATORATE = "procuratorate"  # 人民检察院


#: Each body's name, Chinese and English, as refusals say it.
OTHER_ORGAN_NAMES: dict[OtherOrgan, tuple[str, str]] = {
    OtherOrgan.PEOPLES_CONGRESS: ("人民代表大会及其常务委员会", "people's congress"),
    OtherOrgan.COURT: ("人民法院", "people's court"),
    OtherOrgan.PROCURATORATE: ("人民检察院", "people's procuratorate"),
}


class HandlingWay(StrEnum):
    """How an accepted matter is handled (信访工作条例(2022)第二十九条、第三十一条).

    Only a matter of 第三十一条第六项 — the petitioner heard, the facts investigated, a
    信访处理意见书 issued — has the handling period of 第三十四条 and the review of 第三十五条
    ("信访人对信访处理意见不服的"). A request that the organ investigate a violation or protect a
    right (第三十一条第五项) is met by performing the duty or replying; a suggestion (第二十九条)
    is studied and answered. Items (一)–(四) of 第三十一条 are routes out (``LegalRoute``);
    accusations (第三十条) go to the discipline bodies. 信访条例(2005)第三十三条 gives every
    accepted matter its 60 days, so a profile without the other ways knows ``opinion`` only.
    """

    OPINION = "opinion"  # 第三十一条第六项：调查核实，出具信访处理意见书
    DUTY = "duty"  # 第三十一条第五项：依法履行或者答复
    SUGGESTION = "suggestion"  # 第二十九条：研究论证，采纳或者部分采纳，并予以回复


#: Each way's name, Chinese and English, as refusals say it.
HANDLING_WAY_NAMES: Mapping[HandlingWay, tuple[str, str]] = MappingProxyType(
    {
        HandlingWay.OPINION: (
            "调查核实并出具信访处理意见书",
            "investigation and a handling opinion",
        ),
        HandlingWay.DUTY: ("依法履行或者答复", "performing the duty or replying"),
        HandlingWay.SUGGESTION: ("研究论证并予以回复", "studying the suggestion and replying"),
    }
)

#: The profile rule (``[procedure_basis]``) each way's steps cite. A way other than ``opinion``
#: exists under a profile only where the profile gives its citations (``handling_ways``).
HANDLING_WAY_RULES: Mapping[HandlingWay, str] = MappingProxyType(
    {
        HandlingWay.OPINION: "handling_opinion",
        HandlingWay.DUTY: "handling_duty",
        HandlingWay.SUGGESTION: "handling_suggestion",
    }
)


def handling_ways(profile: Profile) -> tuple[HandlingWay, ...]:
    """The ways a matter accepted under ``profile`` may be handled, ``opinion`` first."""
    return tuple(
        way
        for way in HandlingWay
        if way is HandlingWay.OPINION or profile.basis_for(HANDLING_WAY_RULES[way])
    )


class ReplyOutcome(StrEnum):
    """What the reply that concludes a ``duty`` or ``suggestion`` matter says."""

    PERFORMED = "performed"  # 依法履行（第三十一条第五项）
    ANSWERED = "answered"  # 答复（第三十一条第五项）
    ADOPTED = "adopted"  # 采纳（第二十九条第一款）
    PARTLY_ADOPTED = "partly_adopted"  # 部分采纳（第二十九条第一款）
    NOT_ADOPTED = "not_adopted"  # 不予采纳：经研究论证不科学合理或者不具有现实可行性


#: The outcomes a reply may have, by the way the matter is handled.
REPLY_OUTCOMES: Mapping[HandlingWay, tuple[ReplyOutcome, ...]] = MappingProxyType(
    {
        HandlingWay.OPINION: (),
        HandlingWay.DUTY: (ReplyOutcome.PERFORMED, ReplyOutcome.ANSWERED),
        HandlingWay.SUGGESTION: (
            ReplyOutcome.ADOPTED,
            ReplyOutcome.PARTLY_ADOPTED,
            ReplyOutcome.NOT_ADOPTED,
        ),
    }
)


@dataclass(frozen=True, slots=True)
class Transition:
    """One permitted move of a matter."""

    action: Action
    sources: frozenset[MatterState]
    target: MatterState
    actors: frozenset[Actor]
    starts: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    basis_rule: str = ""
    extra_basis: tuple[Basis, ...] = ()
    #: Only the organ that holds the matter in its state (``HOLDERS``) takes it.
    holder_only: bool = False

    def actors_in(self, state: MatterState) -> frozenset[Actor]:
        """Who may take the step from ``state``: ``actors``, narrowed to the holder."""
        if self.holder_only and state in HOLDERS:
            return self.actors & {HOLDERS[state]}
        return self.actors


def _t(
    action: Action,
    sources: set[MatterState],
    target: MatterState,
    actors: set[Actor],
    *,
    starts: tuple[str, ...] = (),
    stops: tuple[str, ...] = (),
    basis_rule: str = "",
    extra_basis: tuple[Basis, ...] = (),
    holder_only: bool = False,
) -> Transition:
    return Transition(
        action,
        frozenset(sources),
        target,
        frozenset(actors),
        starts,
        stops,
        basis_rule,
        extra_basis,
        holder_only,
    )


S = MatterState
A = Actor
_EARLY = {S.REGISTERED, S.ROUTED}

#: Who holds a matter not yet accepted (谁主管、谁负责, 细则第三条): the petition office while
#: it is registered there; once transferred or assigned (or received directly) the organ it
#: went to, in whose queue it waits for the acceptance decision. The office that routed it has
#: let it go: it supervises (督办), it does not pull the matter back out of that queue.
HOLDERS: Mapping[MatterState, Actor] = MappingProxyType(
    {S.REGISTERED: A.PETITION_OFFICE, S.ROUTED: A.HANDLING_ORGAN}
)

TRANSITIONS: Mapping[Action, Transition] = MappingProxyType(
    {
        t.action: t
        for t in (
            _t(
                Action.REGISTER,
                {S.SUBMITTED},
                S.REGISTERED,
                {A.PETITION_OFFICE},
                starts=("route",),
                basis_rule="register",
            ),
            _t(
                Action.RECEIVE,
                {S.SUBMITTED},
                S.ROUTED,
                {A.HANDLING_ORGAN},
                starts=("accept",),
                basis_rule="accept",
                extra_basis=(rules(8, None, 1),),
            ),
            _t(
                Action.ROUTE,
                {S.REGISTERED},
                S.ROUTED,
                {A.PETITION_OFFICE},
                starts=("accept",),
                stops=("route",),
                basis_rule="route",
            ),
            _t(
                Action.ACCEPT,
                {S.ROUTED},
                S.ACCEPTED,
                {A.HANDLING_ORGAN},
                starts=("handle",),
                stops=("accept",),
                basis_rule="accept",
            ),
            _t(
                Action.DECLINE,
                {S.ROUTED},
                S.DECLINED,
                {A.HANDLING_ORGAN},
                stops=("accept",),
                basis_rule="accept",
            ),
            # 信访工作条例(2022)第二十三条第三款: the acceptance period keeps running while
            # the objection is verified (a refused objection leaves the organ to decide on
            # acceptance in time); an agreed one stops it and the office routes again.
            _t(
                Action.OBJECT,
                {S.ROUTED},
                S.OBJECTED,
                {A.HANDLING_ORGAN},
                basis_rule="objection",
            ),
            _t(
                Action.AGREE_OBJECTION,
                {S.OBJECTED},
                S.REGISTERED,
                {A.PETITION_OFFICE},
                starts=("route",),
                stops=("accept",),
                basis_rule="objection",
            ),
            _t(
                Action.REFUSE_OBJECTION,
                {S.OBJECTED},
                S.ROUTED,
                {A.PETITION_OFFICE},
                basis_rule="objection",
            ),
            # The organ that objected takes its objection back before the office decides: the
            # matter waits for its acceptance decision again, on the clock that never stopped.
            _t(
                Action.WITHDRAW_OBJECTION,
                {S.OBJECTED},
                S.ROUTED,
                {A.HANDLING_ORGAN},
                basis_rule="objection",
            ),
            _t(
                Action.ROUTE_OUT,
                _EARLY,
                S.ROUTED_OUT,
                {A.PETITION_OFFICE, A.HANDLING_ORGAN},
                stops=("route", "accept"),
                basis_rule="legal_route",
                holder_only=True,
            ),
            _t(
                Action.SEND_TO_OTHER_ORGAN,
                _EARLY,
                S.SENT_TO_OTHER_ORGAN,
                {A.PETITION_OFFICE, A.HANDLING_ORGAN},
                stops=("route", "accept"),
                basis_rule="other_organ",
                holder_only=True,
            ),
            _t(
                Action.SEND_TO_DISCIPLINE,
                _EARLY,
                S.SENT_TO_DISCIPLINE,
                {A.PETITION_OFFICE, A.HANDLING_ORGAN},
                stops=("route", "accept"),
                basis_rule="discipline",
                holder_only=True,
            ),
            # 信访工作条例(2022)第二十二条第二款、第二十八条第二款: a matter of litigation rights
            # leaves the petition procedure for the political-legal organs (a letter is
            # transferred, a visitor guided there).
            _t(
                Action.SEND_TO_POLITICS_LAW,
                _EARLY,
                S.SENT_TO_POLITICS_LAW,
                {A.PETITION_OFFICE, A.HANDLING_ORGAN},
                stops=("route", "accept"),
                basis_rule="politics_law",
                holder_only=True,
            ),
            _t(
                Action.EXTEND,
                {S.ACCEPTED},
                S.EXTENDED,
                {A.HANDLING_ORGAN},
                starts=("handle",),
                stops=("handle",),
                basis_rule="handle",
            ),
            _t(
                Action.CONCLUDE,
                {S.ACCEPTED, S.EXTENDED},
                S.CONCLUDED,
                {A.HANDLING_ORGAN},
                starts=("review_request",),
                stops=("handle",),
                basis_rule="handle",
            ),
            _t(
                Action.REQUEST_REVIEW,
                {S.CONCLUDED},
                S.REVIEW_REQUESTED,
                {A.PETITIONER},
                starts=("review",),
                stops=("review_request",),
                basis_rule="review",
            ),
            _t(
                Action.REVIEW,
                {S.REVIEW_REQUESTED},
                S.REVIEWED,
                {A.HIGHER_ORGAN},
                starts=("rereview_request",),
                stops=("review",),
                basis_rule="review",
            ),
            _t(
                Action.REQUEST_REREVIEW,
                {S.REVIEWED},
                S.REREVIEW_REQUESTED,
                {A.PETITIONER},
                starts=("rereview",),
                stops=("rereview_request",),
                basis_rule="rereview",
            ),
            _t(
                Action.REREVIEW,
                {S.REREVIEW_REQUESTED},
                S.REREVIEWED,
                {A.HIGHER_ORGAN},
                stops=("rereview",),
                basis_rule="rereview",
            ),
            _t(
                Action.CLOSE,
                {S.CONCLUDED, S.REVIEWED},
                S.CLOSED,
                {A.PETITION_OFFICE, A.HANDLING_ORGAN},
                stops=("review_request", "rereview_request"),
                basis_rule="review",
            ),
        )
    }
)


@dataclass(frozen=True, slots=True)
class TransitionContext:
    """Facts about the matter that some transitions depend on (all optional).

    ``representatives``: number of representatives of a collective visit (register, receive).
    ``legal_route``: the statutory route the request belongs to, if any.
    ``other_organ``: the people's congress, court or procuratorate competent for it, if any.
    ``accusation``: the request accuses an official (检举控告) and belongs to discipline bodies.
    ``higher_level`` and ``pending_at_competent_level``: the acting organ is above the
    competent level while the matter is accepted or pending there.
    ``same_request_after_rereview``: the same request on the same facts and grounds was
    already re-reviewed.
    ``extension_days``: the extension asked for (extend).
    ``handling_expired``: the handling period had already run out on the day of the extension.
    ``request_in_time``: a review or re-review request came within its period.
    ``routed_here``: the matter came to the acting organ by transfer or assignment (object).
    ``objection_in_time``: the objection came within the objection period (object).
    ``visit``: the petitioner came in person (走访): a matter of litigation rights is not
    transferred, the petitioner is guided to the political-legal organs (send_to_politics_law).
    ``same_level``: the political-legal organ a letter goes to is of the acting organ's level
    (同级) (send_to_politics_law).
    ``hearing_running``: a hearing on the matter has started and not ended (conclude,
    re-review: the opinion comes after the hearing, whose end date must be known).
    ``handling_way``: how the matter is (to be) handled (accept, extend, conclude).
    ``reply``: the conclusion is a reply (答复), not a handling opinion (conclude).
    ``name_or_address_unclear``: the petitioner's name or address is unclear, so no written
    notice is due for a direct submission (receive).
    """

    representatives: int | None = None
    legal_route: LegalRoute | None = None
    other_organ: OtherOrgan | None = None
    accusation: bool = False
    higher_level: bool = False
    pending_at_competent_level: bool = False
    same_request_after_rereview: bool = False
    extension_days: int | None = None
    handling_expired: bool = False
    request_in_time: bool = True
    routed_here: bool = True
    objection_in_time: bool = True
    visit: bool = False
    same_level: bool = True
    hearing_running: bool = False
    handling_way: HandlingWay = HandlingWay.OPINION
    reply: bool = False
    name_or_address_unclear: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """A permitted transition: where the matter goes and what happens to the clocks."""

    action: Action
    source: MatterState
    target: MatterState
    actor: Actor
    starts: tuple[str, ...]
    stops: tuple[str, ...]
    final: bool
    basis: tuple[Basis, ...]
    extension_days: int = 0


class TransitionRefused(RulesError):
    """The procedure does not allow the transition; ``rule`` is a stable code."""

    def __init__(
        self, rule: str, message_zh: str, message_en: str, *, basis: tuple[Basis, ...] = ()
    ) -> None:
        self.rule = rule
        super().__init__(message_zh, message_en, basis=basis)


@dataclass(frozen=True, slots=True)
class _Check:
    profile: Profile
    context: TransitionContext = field(default_factory=TransitionContext)

    def refuse(self, rule: str, zh: str, en: str, basis_rule: str = "") -> TransitionRefused:
        return TransitionRefused(rule, zh, en, basis=self.profile.basis_for(basis_rule or rule))


def _check_intake(check: _Check) -> None:
    ctx = check.context
    limit = check.profile.collective_representatives_limit
    if ctx.representatives is not None and ctx.representatives > limit:
        raise check.refuse(
            "collective_representatives",
            f"多人走访提出同一信访事项，应当推选代表，代表人数不超过{limit}人",
            f"a collective visit must choose at most {limit} representatives, "
            f"not {ctx.representatives}",
        )


def _check_acceptable(check: _Check) -> None:
    ctx = check.context
    if ctx.same_request_after_rereview:
        raise check.refuse(
            "same_request_after_rereview",
            "复核意见作出后，以同一事实和理由提出的投诉请求不再受理",
            "the same request on the same facts and grounds is not accepted again after re-review",
        )
    if ctx.legal_route is not None:
        route_zh, route_en = ROUTE_NAMES[ctx.legal_route]
        raise check.refuse(
            "legal_route",
            f"诉讼与信访分离：该请求应通过法定途径（{route_zh}）解决，不予受理，应导入相应程序",
            f"litigation-petition separation: the request belongs to {route_en}; "
            "route it out instead of accepting it",
        )
    if ctx.other_organ is not None:
        organ_zh, organ_en = OTHER_ORGAN_NAMES[ctx.other_organ]
        raise check.refuse(
            "other_organ",
            f"属于{organ_zh}职权范围的信访事项，应告知信访人向其提出",
            f"the matter belongs to the {organ_en}; send it there",
        )
    if ctx.accusation:
        raise check.refuse(
            "discipline",
            "检举控告类事项应转纪检监察机关依规依纪依法处理",
            "an accusation against an official goes to the discipline bodies",
        )
    if ctx.higher_level and ctx.pending_at_competent_level:
        raise check.refuse(
            "pending_at_competent_level",
            "信访事项已由有权处理的机关受理或正在办理，上级机关不予受理",
            "a higher level does not accept a matter pending at the competent level",
        )


def _check_route_out(check: _Check, action: Action) -> None:
    ctx = check.context
    if action is Action.ROUTE_OUT and ctx.legal_route is None:
        raise check.refuse(
            "missing_context",
            "导入法定途径须指明途径（诉讼、仲裁、行政复议、行政裁决、行政确认、行政许可、行政处罚或党员申诉）",
            "routing out needs the legal route (litigation, arbitration, administrative "
            "reconsideration, adjudication, confirmation, licensing or penalty, or a party "
            "member's appeal)",
            "legal_route",
        )
    if action is Action.SEND_TO_OTHER_ORGAN and ctx.other_organ is None:
        raise check.refuse(
            "missing_context",
            "须指明人大、法院或检察院",
            "sending to another organ needs the people's congress, court or procuratorate",
            "other_organ",
        )
    if action is Action.SEND_TO_DISCIPLINE and not ctx.accusation:
        raise check.refuse(
            "missing_context",
            "只有检举控告类事项转纪检监察机关",
            "only accusations against officials go to the discipline bodies",
            "discipline",
        )


def _check_objection_in_procedure(check: _Check) -> None:
    """The objection step exists only where the profile's regulation provides it."""
    if "objection" not in check.profile.periods:
        raise TransitionRefused(
            "objection_not_in_procedure",
            "本配置所依据的程序法规没有异议程序：收到转送、交办的信访事项，应当在受理期限内决定是否"
            "受理并书面告知信访人（异议程序自《信访工作条例》（2022）施行之日起适用）",
            "the procedure of this profile has no objection step: an organ that receives a "
            "transferred or assigned matter decides within the acceptance period whether to "
            "accept it and tells the petitioner (the objection step applies under the "
            "Regulations on Petition Work (2022))",
            basis=check.profile.basis_for("accept"),
        )


def _check_objection(check: _Check) -> None:
    if not check.context.routed_here:
        raise check.refuse(
            "objection_not_routed",
            "只有收到转送、交办信访事项的机关、单位可以提出异议；信访人直接提出的，按本机关或本系统"
            "职权范围处理",
            "only an organ that received the matter by transfer or assignment may object; a "
            "matter brought to it directly is handled by competence",
            "objection",
        )
    if not check.context.objection_in_time:
        days = check.profile.period("objection").days
        raise check.refuse(
            "late_objection",
            f"异议应当自收到之日起{days}个工作日内提出，已超过期限，应当决定是否受理",
            f"an objection is raised within {days} working days of receipt; that period has "
            "passed, so the organ decides whether to accept the matter",
            "objection",
        )


#: The basis rule of a visitor's guidance to the political-legal organs (信访工作条例(2022)
#: 第二十二条第二款 second sentence, 第二十条第二款); a letter's transfer cites ``politics_law``.
POLITICS_LAW_VISIT = "politics_law_visit"


def _in_procedure(basis_rule: str, profile: Profile) -> bool:
    """Whether the profile's regulation has the step: the objection needs its period, the
    transfer to the political-legal organs its basis (信访工作条例(2022) only, both)."""
    if basis_rule == "objection":
        return "objection" in profile.periods
    if basis_rule == "politics_law":
        return "politics_law" in profile.procedure_basis
    return True


def _rule_basis(profile: Profile, rule: str) -> tuple[Basis, ...]:
    """The citations of a procedural rule; for the transfer to the political-legal organs under
    a regulation without it (2005), those of what that regulation does with such a request:
    route it out to its legal route, or send it to the court or procuratorate."""
    if rule == "politics_law" and not _in_procedure(rule, profile):
        return tuple(
            dict.fromkeys(profile.basis_for("legal_route") + profile.basis_for("other_organ"))
        )
    return profile.basis_for(rule)


def _check_politics_law_in_procedure(check: _Check) -> None:
    """The transfer to the political-legal organs exists only where the profile's regulation
    provides it; under 信访条例(2005) such a request is routed out or sent on."""
    if not _in_procedure("politics_law", check.profile):
        raise TransitionRefused(
            "politics_law_not_in_procedure",
            "本配置所依据的程序法规没有转送政法部门的程序：依法应当通过诉讼等法定途径解决的，应导入"
            "法定途径；属于人民法院、人民检察院职权范围的，应告知信访人向其提出（转送政法部门自"
            "《信访工作条例》（2022）施行之日起适用）",
            "the procedure of this profile has no transfer to the political-legal organs: route "
            "a request that belongs to litigation or another legal route out to it, or send a "
            "matter of a court or procuratorate there (the transfer applies under the "
            "Regulations on Petition Work (2022))",
            basis=_rule_basis(check.profile, "politics_law"),
        )


def _check_politics_law(check: _Check, actor: Actor) -> None:
    ctx = check.context
    if actor is Actor.PETITION_OFFICE and not ctx.visit and not ctx.same_level:
        raise check.refuse(
            "politics_law_not_same_level",
            "信访部门对收到的涉法涉诉信件，应当转送同级政法部门依法处理",
            "a petition office transfers a letter about litigation rights to the "
            "political-legal organ of its own level",
            "politics_law",
        )


def _handling_way(check: _Check) -> HandlingWay:
    """The matter's way of handling, refused where the profile's regulation does not know it."""
    try:
        way = HandlingWay(check.context.handling_way)
    except ValueError:
        raise TransitionRefused(
            "unknown_name", "未知的办理方式", repr(check.context.handling_way)
        ) from None
    if way not in handling_ways(check.profile):
        way_zh, way_en = HANDLING_WAY_NAMES[way]
        days = check.profile.period("handle").days
        raise check.refuse(
            "handling_way_not_in_procedure",
            f"本配置所依据的程序法规规定信访事项均应当自受理之日起{days}日内办结，没有“{way_zh}”"
            "这一不计办理期限的办理方式（自《信访工作条例》（2022）施行之日起适用）",
            f"the procedure of this profile concludes every accepted matter within {days} days "
            f"of acceptance; handling by {way_en}, without that period, applies under the "
            "Regulations on Petition Work (2022)",
            "handle_scope",
        )
    return way


def _check_not_extended(check: _Check, way: HandlingWay) -> None:
    """Only a matter with a handling period has one to extend."""
    if way is HandlingWay.OPINION:
        return
    way_zh, way_en = HANDLING_WAY_NAMES[way]
    days = check.profile.period("handle").days
    raise check.refuse(
        "extension_not_applicable",
        f"按“{way_zh}”办理的事项没有办理期限，不能延期：{days}日的办理期限及其延长只适用于"
        "调查核实并出具信访处理意见书的信访事项",
        f"a matter handled by {way_en} has no handling period to extend: the {days}-day "
        "period and its extension apply only to a matter answered with a handling opinion",
        "handle_scope",
    )


def _check_conclusion(check: _Check, way: HandlingWay) -> None:
    """A matter is concluded the way it is handled: an opinion, or a reply."""
    if way is HandlingWay.OPINION and check.context.reply:
        raise check.refuse(
            "handling_way_mismatch",
            "该信访事项按调查核实、出具信访处理意见书的方式办理，应当以处理意见（支持、解释或者"
            "不予支持）办结，不能以答复办结",
            "this matter is handled by investigation and is concluded with a handling opinion "
            "(support, explanation or no support), not with a reply",
            HANDLING_WAY_RULES[way],
        )
    if way is not HandlingWay.OPINION and not check.context.reply:
        way_zh, way_en = HANDLING_WAY_NAMES[way]
        raise check.refuse(
            "handling_way_mismatch",
            f"该事项按“{way_zh}”的方式办理，以答复办结，不出具信访处理意见书",
            f"this matter is handled by {way_en}: it is concluded with a reply, not with a "
            "handling opinion",
            HANDLING_WAY_RULES[way],
        )


def _check_extension(check: _Check) -> int:
    handle = check.profile.period("handle")
    days = check.context.extension_days
    if days is None or days <= 0:
        raise TransitionRefused(
            "extension_days_required",
            "延期须写明延长天数",
            "an extension states its number of days",
            basis=handle.extension_source,
        )
    if check.context.handling_expired:
        # An extension lengthens a running period for a complex matter; once the period has
        # run out the matter is overdue, and approving time afterwards would hide that.
        raise TransitionRefused(
            "extension_after_expiry",
            "办理期限已届满，不能再延期：延期须在办理期限内报经本机关负责人批准",
            "the handling period has already run out; an extension is approved before it ends",
            basis=handle.extension_source,
        )
    if days > handle.extension_limit:
        raise TransitionRefused(
            "extension_limit",
            f"延长期限不得超过{handle.extension_limit}日",
            f"an extension of {days} days exceeds the limit of {handle.extension_limit}",
            basis=handle.extension_source,
        )
    return days


#: The positions whose holder is a responsible person (负责人) of the organ and approves the
#: extension of its handling period: the principal leader and the supervising (deputy) leaders.
#: Other members of the leadership team and staff do not.
EXTENSION_APPROVER_POSITIONS = frozenset({"principal_leader", "supervising_leader"})


class ExtensionApproval(StrEnum):
    """How an extension of the handling period was approved."""

    LEADER = "leader"  # a responsible person of the organ approved it in the system
    DOCUMENT = "document"  # approved on paper; the approval document's reference is recorded


def check_extension_approval(
    *, profile: Profile, approver_positions: Collection[str], document_ref: str = ""
) -> ExtensionApproval:
    """Whether an extension is approved as the law asks, and how.

    The handling period is extended only with the approval of the handling organ's responsible
    person (信访条例(2005)第三十三条: 经本行政机关负责人批准; 信访工作条例(2022)第三十四条:
    经本机关、单位负责人批准; the article is the profile's). ``approver_positions`` are the kinds of
    position the approving person holds in the handling organ that day; a responsible person
    approves in person. Otherwise the approval was given on paper, and its document's reference
    (批准文件文号) is what records it. Refused (``extension_approver``) with neither.
    """
    if EXTENSION_APPROVER_POSITIONS & set(approver_positions):
        return ExtensionApproval.LEADER
    if document_ref.strip():
        return ExtensionApproval.DOCUMENT
    raise TransitionRefused(
        "extension_approver",
        "延期须经本机关负责人（主要负责人或分管负责人）批准；书面批准的，须登记批准文件文号",
        "an extension is approved by a responsible person of the handling organ (its principal "
        "or a supervising leader); an approval given on paper is recorded with its document "
        "reference",
        basis=profile.period("handle").extension_source,
    )


# ---------------------------------------------------------------------------------------------
# Hearings (听证)


class HearingStage(StrEnum):
    """Where in the procedure a hearing is held."""

    HANDLE = "handle"  # 办理：重大、复杂、疑难的信访事项（2005第31条第2款；2022第31条第6项）
    REREVIEW = "rereview"  # 复核（2005条例第三十五条第二款；2022条例第三十六条第二款）


@dataclass(frozen=True, slots=True)
class HearingRule:
    """Who may hold a hearing in which states, and which period stops while it runs."""

    stage: HearingStage
    states: frozenset[MatterState]
    actor: Actor
    #: The period whose clock does not run during the hearing ("" when none does).
    pauses: str
    basis_rule: str


#: The hearings the regulations provide for. The handling organ may hold one while it handles
#: the matter, but the handling period keeps running (the articles on hearings say nothing of
#: it); the re-review organ may hold one, and its time is not counted in the re-review period
#: (听证所需时间不计算在前款规定的期限内). The review article says nothing of hearings.
HEARINGS: tuple[HearingRule, ...] = (
    HearingRule(
        HearingStage.HANDLE,
        frozenset({MatterState.ACCEPTED, MatterState.EXTENDED}),
        Actor.HANDLING_ORGAN,
        pauses="",
        basis_rule="hearing",
    ),
    HearingRule(
        HearingStage.REREVIEW,
        frozenset({MatterState.REREVIEW_REQUESTED}),
        Actor.HIGHER_ORGAN,
        pauses="rereview",
        basis_rule="rereview_hearing",
    ),
)

HEARING_STAGE_NAMES: Mapping[HearingStage, tuple[str, str]] = MappingProxyType(
    {
        HearingStage.HANDLE: ("办理听证", "hearing in handling"),
        HearingStage.REREVIEW: ("复核听证", "hearing in re-review"),
    }
)


def _hearing_of(state: MatterState) -> HearingRule | None:
    return next((h for h in HEARINGS if state in h.states), None)


def hearing_rule(stage: HearingStage | str) -> HearingRule:
    """The rule of a hearing stage."""
    return next(h for h in HEARINGS if h.stage is HearingStage(stage))


def hearing_for(state: MatterState | str, actor: Actor | str) -> HearingRule | None:
    """The hearing ``actor`` may hold on a matter in ``state`` (before the date checks), if any:
    what a page offers."""
    hearing = _hearing_of(MatterState(state))
    return hearing if hearing is not None and hearing.actor is Actor(actor) else None


def _hearing_running(profile: Profile, hearing: HearingRule | None) -> TransitionRefused:
    return TransitionRefused(
        "hearing_running",
        "听证尚未结束：请先登记听证结束日期，再出具意见",
        "a hearing on the matter has not ended: record the day it ended before issuing the opinion",
        basis=profile.basis_for(hearing.basis_rule if hearing else "hearing"),
    )


def _hearing_in_future(profile: Profile, hearing: HearingRule, *, end: bool) -> TransitionRefused:
    day_zh, day_en = ("结束日", "last") if end else ("开始日", "first")
    return TransitionRefused(
        "hearing_in_future",
        f"听证{day_zh}不能晚于今天：只能登记已经举行的听证",
        f"the hearing's {day_en} day cannot be after today: only a hearing that has taken "
        "place is recorded",
        basis=profile.basis_for(hearing.basis_rule),
    )


@dataclass(frozen=True, slots=True)
class HearingDecision:
    """A hearing that may be recorded: its stage, the period it stops, its basis."""

    stage: HearingStage
    pauses: str
    basis: tuple[Basis, ...]


def check_hearing_start(
    state: MatterState | str,
    *,
    actor: Actor | str,
    profile: Profile,
    started_on: dt.date,
    today: dt.date,
    running: bool = False,
    period_due: dt.date | None = None,
) -> HearingDecision:
    """Whether ``actor`` may record a hearing that began on ``started_on`` (今天 ``today``).

    Refused (``TransitionRefused``): a final matter (``final_state``); a state with no hearing
    (``not_allowed_from_state``: hearings are held while the matter is handled or re-reviewed);
    an organ whose part is not the one holding it (``actor_not_allowed``); a second hearing
    while one runs (``hearing_running``); a day after today (``hearing_in_future``); a hearing
    that would stop a period that had already run out before it began (``hearing_after_expiry``:
    ``period_due`` is the paused period's due date so far).
    """
    try:
        state = MatterState(state)
        actor = Actor(actor)
    except ValueError as exc:
        raise TransitionRefused("unknown_name", "未知的状态或主体", str(exc)) from None
    state_zh, state_en = STATE_NAMES[state]
    hearing = _hearing_of(state)
    if state in FINAL_STATES:
        raise TransitionRefused(
            "final_state",
            f"信访事项已终结（{state_zh}），不能再举行听证",
            f"the matter is final ({state_en}); no hearing can be recorded",
            basis=profile.basis_for(FINAL_STATE_RULES[state]),
        )
    if hearing is None:
        raise TransitionRefused(
            "not_allowed_from_state",
            f"信访事项{state_zh}，不能登记听证（仅在办理中、延期办理中或复核中时可以）",
            f"cannot record a hearing on a matter {state_en} (only one being handled or under "
            "re-review)",
            basis=profile.basis_for("hearing") + profile.basis_for("rereview_hearing"),
        )
    if actor is not hearing.actor:
        raise TransitionRefused(
            "actor_not_allowed",
            f"信访事项{state_zh}，{ACTOR_NAMES[actor][0]}无权举行听证，应由"
            f"{ACTOR_NAMES[hearing.actor][0]}举行",
            f"the matter is {state_en}: {ACTOR_NAMES[actor][1]} may not hold a hearing; that "
            f"is for {ACTOR_NAMES[hearing.actor][1]}",
            basis=profile.basis_for(hearing.basis_rule),
        )
    if running:
        raise TransitionRefused(
            "hearing_running",
            "该信访事项已有尚未结束的听证：请先登记其结束日期",
            "a hearing on the matter has not ended yet: record the day it ended first",
            basis=profile.basis_for(hearing.basis_rule),
        )
    if started_on > today:
        raise _hearing_in_future(profile, hearing, end=False)
    if hearing.pauses and period_due is not None and started_on > period_due:
        raise TransitionRefused(
            "hearing_after_expiry",
            f"复核期限已于{period_due.isoformat()}届满，此后举行的听证不能中止期限计算",
            f"the re-review period ran out on {period_due.isoformat()}; a hearing begun after "
            "that does not stop it",
            basis=profile.basis_for(hearing.basis_rule),
        )
    return HearingDecision(
        stage=hearing.stage, pauses=hearing.pauses, basis=profile.basis_for(hearing.basis_rule)
    )


def check_hearing_end(
    stage: HearingStage | str,
    *,
    profile: Profile,
    running: bool,
    ended_on: dt.date,
    today: dt.date,
) -> HearingDecision:
    """Whether a hearing of ``stage`` may be recorded as ended on ``ended_on``.

    Refused: a hearing already ended (``hearing_not_running``), a day after today
    (``hearing_in_future``). The day it ended is the last day not counted in the paused period.
    """
    hearing = hearing_rule(stage)
    if not running:
        raise TransitionRefused(
            "hearing_not_running",
            "该听证已经登记结束",
            "the hearing has already been recorded as ended",
            basis=profile.basis_for(hearing.basis_rule),
        )
    if ended_on > today:
        raise _hearing_in_future(profile, hearing, end=True)
    return HearingDecision(
        stage=hearing.stage, pauses=hearing.pauses, basis=profile.basis_for(hearing.basis_rule)
    )


def check_transition(
    state: MatterState | str,
    action: Action | str,
    *,
    actor: Actor | str,
    profile: Profile,
    context: TransitionContext | None = None,
) -> Decision:
    """Whether ``actor`` may take ``action`` on a matter in ``state`` under ``profile``.

    Returns the :class:`Decision` (target state, periods started and stopped, basis) or raises
    :class:`TransitionRefused` whose ``rule`` names the rule that refused and whose message
    says why in Chinese and English. Unknown state, action or actor names are refused too.
    """
    check = _Check(profile, context or TransitionContext())
    try:
        state = MatterState(state)
        action = Action(action)
        actor = Actor(actor)
    except ValueError as exc:
        raise TransitionRefused("unknown_name", "未知的状态、操作或主体", str(exc)) from None
    transition = TRANSITIONS[action]
    if transition.basis_rule == "objection":
        _check_objection_in_procedure(check)
    if transition.basis_rule == "politics_law":
        _check_politics_law_in_procedure(check)
    state_zh, state_en = STATE_NAMES[state]
    action_zh, action_en = ACTION_NAMES[action]
    if state in FINAL_STATES:
        raise TransitionRefused(
            "final_state",
            f"信访事项已终结（{state_zh}），不能再{action_zh}",
            f"the matter is final ({state_en}); no further step ({action_en}) is possible",
            basis=_rule_basis(profile, FINAL_STATE_RULES[state]),
        )
    if state not in transition.sources:
        sources = sorted(transition.sources, key=list(MatterState).index)
        raise TransitionRefused(
            "not_allowed_from_state",
            f"信访事项{state_zh}，不能{action_zh}（仅在"
            f"{'、'.join(STATE_NAMES[s][0] for s in sources)}时可以）",
            f"cannot {action_en} a matter {state_en} "
            f"(only one {' or '.join(STATE_NAMES[s][1] for s in sources)})",
            basis=profile.basis_for(transition.basis_rule),
        )
    allowed = transition.actors_in(state)
    if actor not in allowed:
        actors = sorted(allowed, key=list(Actor).index)
        if allowed != transition.actors:
            # Narrowed to the holder: say where the matter is, so the refusal explains itself.
            held_zh, held_en = f"信访事项{state_zh}，", f"the matter is {state_en}: "
        else:
            held_zh = held_en = ""
        raise TransitionRefused(
            "actor_not_allowed",
            f"{held_zh}{ACTOR_NAMES[actor][0]}无权{action_zh}，应由"
            f"{'或'.join(ACTOR_NAMES[a][0] for a in actors)}办理",
            f"{held_en}{ACTOR_NAMES[actor][1]} may not {action_en}; "
            f"that is for {' or '.join(ACTOR_NAMES[a][1] for a in actors)}",
            basis=profile.basis_for(transition.basis_rule),
        )
    extension_days = 0
    way = HandlingWay.OPINION
    if action in (Action.ACCEPT, Action.EXTEND, Action.CONCLUDE):
        way = _handling_way(check)
    if action in (Action.REGISTER, Action.RECEIVE):
        _check_intake(check)
    if action in (Action.RECEIVE, Action.ROUTE, Action.ACCEPT):
        _check_acceptable(check)
    if action in (Action.ROUTE_OUT, Action.SEND_TO_OTHER_ORGAN, Action.SEND_TO_DISCIPLINE):
        _check_route_out(check, action)
    if action is Action.OBJECT:
        _check_objection(check)
    basis_rule = transition.basis_rule
    if action is Action.SEND_TO_POLITICS_LAW:
        _check_politics_law(check, actor)
        if check.context.visit:
            basis_rule = POLITICS_LAW_VISIT
    if action is Action.EXTEND:
        _check_not_extended(check, way)
        extension_days = _check_extension(check)
    if action in (Action.CONCLUDE, Action.REREVIEW) and check.context.hearing_running:
        raise _hearing_running(profile, _hearing_of(state))
    if action is Action.CONCLUDE:
        _check_conclusion(check, way)
    if action in (Action.REQUEST_REVIEW, Action.REQUEST_REREVIEW) and not (
        check.context.request_in_time
    ):
        raise check.refuse(
            "late_request",
            "请求超过法定期限，不予受理",
            "the request came after its statutory period",
            transition.basis_rule,
        )
    target, starts, stops = transition.target, transition.starts, transition.stops
    basis = profile.basis_for(basis_rule) + transition.extra_basis
    exception = profile.basis_for("notice_exception")
    if action is Action.RECEIVE and check.context.name_or_address_unclear and exception:
        # 姓名（名称）、住址不清的除外: no written notice is due, so no period runs for it.
        starts, basis = (), basis + exception
    if action is Action.ACCEPT and way is not HandlingWay.OPINION:
        # 第三十四条 sets the handling period for matters of 第三十一条第六项 only.
        starts, basis = (), basis + profile.basis_for(HANDLING_WAY_RULES[way])
    if action is Action.CONCLUDE and way is not HandlingWay.OPINION:
        # No 信访处理意见 to review (第三十五条): the reply ends the matter.
        target, starts, stops = MatterState.CLOSED, (), ()
        basis = profile.basis_for(HANDLING_WAY_RULES[way])
    return Decision(
        action=action,
        source=state,
        target=target,
        actor=actor,
        starts=starts,
        stops=stops,
        final=target in FINAL_STATES,
        basis=basis,
        extension_days=extension_days,
    )


def allowed_actions(
    state: MatterState | str,
    actor: Actor | str,
    profile: Profile | None = None,
    *,
    handling_way: HandlingWay | str = "",
) -> tuple[Action, ...]:
    """The actions ``actor`` may in principle take from ``state`` (before context checks).

    With ``profile``, only the steps its procedure has (no objection without the
    ``objection`` period, no transfer to the political-legal organs without its basis). With
    ``handling_way``, only the steps of that way (no extension of a matter without a handling
    period).
    """
    state = MatterState(state)
    actor = Actor(actor)
    if state in FINAL_STATES:
        return ()
    if handling_way and HandlingWay(handling_way) is not HandlingWay.OPINION:
        return tuple(a for a in allowed_actions(state, actor, profile) if a is not Action.EXTEND)
    return tuple(
        t.action
        for t in TRANSITIONS.values()
        if state in t.sources
        and actor in t.actors_in(state)
        and not (profile is not None and not _in_procedure(t.basis_rule, profile))
    )
