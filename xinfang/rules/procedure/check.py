"""The one entry: whether a step may be taken (``check_transition``), and which steps may."""

from __future__ import annotations

from ..profiles import Profile
from .context import Decision, TransitionContext, TransitionRefused, _Check
from .extension import _check_extension
from .handling import _check_conclusion, _check_not_extended, _handling_way
from .hearings import _hearing_of, _hearing_running
from .intake import _check_acceptable, _check_intake, _check_route_out
from .objection import _check_objection, _check_objection_in_procedure
from .politics_law import (
    POLITICS_LAW_VISIT,
    _check_politics_law,
    _check_politics_law_in_procedure,
    _rule_basis,
)
from .states import (
    ACTION_NAMES,
    ACTOR_NAMES,
    FINAL_STATE_RULES,
    FINAL_STATES,
    STATE_NAMES,
    Action,
    Actor,
    MatterState,
)
from .transitions import TRANSITIONS, _in_procedure
from .ways import HANDLING_WAY_RULES, HandlingWay


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
