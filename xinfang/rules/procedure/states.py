"""The matter's states, the actors and actions of the procedure, and their names."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


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
