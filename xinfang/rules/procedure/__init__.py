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

from .check import allowed_actions, check_transition
from .context import Decision, TransitionContext, TransitionRefused
from .extension import EXTENSION_APPROVER_POSITIONS, ExtensionApproval, check_extension_approval
from .hearings import (
    HEARING_STAGE_NAMES,
    HEARINGS,
    HearingDecision,
    HearingRule,
    HearingStage,
    check_hearing_end,
    check_hearing_start,
    hearing_for,
    hearing_rule,
)
from .politics_law import POLITICS_LAW_VISIT
from .routes import OTHER_ORGAN_NAMES, ROUTE_NAMES, LegalRoute, OtherOrgan
from .states import (
    ACTION_NAMES,
    ACTOR_NAMES,
    FINAL_STATE_RULES,
    FINAL_STATES,
    OPEN_STATES,
    STATE_NAMES,
    Action,
    Actor,
    MatterState,
)
from .transitions import HOLDERS, TRANSITIONS, Transition
from .ways import (
    HANDLING_WAY_NAMES,
    HANDLING_WAY_RULES,
    REPLY_OUTCOMES,
    HandlingWay,
    ReplyOutcome,
    handling_ways,
)

__all__ = [
    "ACTION_NAMES",
    "ACTOR_NAMES",
    "EXTENSION_APPROVER_POSITIONS",
    "FINAL_STATES",
    "FINAL_STATE_RULES",
    "HANDLING_WAY_NAMES",
    "HANDLING_WAY_RULES",
    "HEARINGS",
    "HEARING_STAGE_NAMES",
    "HOLDERS",
    "OPEN_STATES",
    "OTHER_ORGAN_NAMES",
    "POLITICS_LAW_VISIT",
    "REPLY_OUTCOMES",
    "ROUTE_NAMES",
    "STATE_NAMES",
    "TRANSITIONS",
    "Action",
    "Actor",
    "Decision",
    "ExtensionApproval",
    "HandlingWay",
    "HearingDecision",
    "HearingRule",
    "HearingStage",
    "LegalRoute",
    "MatterState",
    "OtherOrgan",
    "ReplyOutcome",
    "Transition",
    "TransitionContext",
    "TransitionRefused",
    "allowed_actions",
    "check_extension_approval",
    "check_hearing_end",
    "check_hearing_start",
    "check_transition",
    "handling_ways",
    "hearing_for",
    "hearing_rule",
]
