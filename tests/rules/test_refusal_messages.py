"""Every refusal of the procedure names its rule and speaks the user's words, not codes."""

from __future__ import annotations

import itertools

import pytest

from xinfang.rules.procedure import (
    Action,
    Actor,
    MatterState,
    TransitionContext,
    TransitionRefused,
    check_transition,
)
from xinfang.rules.profiles import available_profiles, load_profile

CODES = {value.value for enum in (MatterState, Action, Actor) for value in enum}


@pytest.mark.parametrize("profile_name", available_profiles())
def test_every_refused_step_cites_an_article_and_names_no_internal_code(profile_name: str) -> None:
    profile = load_profile(profile_name)
    # A context under which no check but state and actor refuses.
    context = TransitionContext(extension_days=1, request_in_time=True)
    refusals = 0
    for state, action, actor in itertools.product(MatterState, Action, Actor):
        try:
            check_transition(state, action, actor=actor, profile=profile, context=context)
        except TransitionRefused as exc:
            refusals += 1
            assert exc.basis, (state, action, actor, exc.rule)
            words = set(exc.message_zh.replace("（", " ").replace("，", " ").split())
            assert not words & CODES, exc.message_zh
            assert not any(code in exc.message_zh for code in CODES if "_" in code)
            assert exc.message_en
    assert refusals > 500
