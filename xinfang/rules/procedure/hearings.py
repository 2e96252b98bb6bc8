"""Hearings (听证): who holds them in which states, and the checks of their start and end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from ..basis import Basis
from ..profiles import Profile
from .context import TransitionRefused
from .states import ACTOR_NAMES, FINAL_STATE_RULES, FINAL_STATES, STATE_NAMES, Actor, MatterState


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
