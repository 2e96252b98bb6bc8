"""The petition procedure as data: who may act, which clock starts and stops, what is final."""

import pytest

from xinfang.rules.procedure import (
    FINAL_STATES,
    OPEN_STATES,
    REPLY_OUTCOMES,
    TRANSITIONS,
    Action,
    Actor,
    ExtensionApproval,
    HandlingWay,
    LegalRoute,
    MatterState,
    OtherOrgan,
    ReplyOutcome,
    TransitionContext,
    TransitionRefused,
    allowed_actions,
    check_extension_approval,
    check_transition,
    handling_ways,
)
from xinfang.rules.profiles import load_profile

CQ = load_profile("chongqing-2017")
NATIONAL = load_profile("national-2022")
S, A, P = MatterState, Action, Actor


def check(state, action, actor, profile=CQ, **context):
    return check_transition(
        state, action, actor=actor, profile=profile, context=TransitionContext(**context)
    )


def refused(state, action, actor, profile=CQ, **context):
    with pytest.raises(TransitionRefused) as caught:
        check(state, action, actor, profile, **context)
    assert "\n" not in str(caught.value)
    return caught.value


def test_the_happy_path_runs_every_clock_in_turn():
    steps = [
        (S.SUBMITTED, A.REGISTER, P.PETITION_OFFICE, ("route",), ()),
        (S.REGISTERED, A.ROUTE, P.PETITION_OFFICE, ("accept",), ("route",)),
        (S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, ("handle",), ("accept",)),
        (S.ACCEPTED, A.CONCLUDE, P.HANDLING_ORGAN, ("review_request",), ("handle",)),
        (S.CONCLUDED, A.REQUEST_REVIEW, P.PETITIONER, ("review",), ("review_request",)),
        (S.REVIEW_REQUESTED, A.REVIEW, P.HIGHER_ORGAN, ("rereview_request",), ("review",)),
        (S.REVIEWED, A.REQUEST_REREVIEW, P.PETITIONER, ("rereview",), ("rereview_request",)),
        (S.REREVIEW_REQUESTED, A.REREVIEW, P.HIGHER_ORGAN, (), ("rereview",)),
    ]
    state = S.SUBMITTED
    for source, action, actor, starts, stops in steps:
        assert state is source
        decision = check(state, action, actor)
        assert (decision.starts, decision.stops) == (starts, stops)
        assert decision.basis, action
        state = decision.target
    assert state is S.REREVIEWED
    assert decision.final


def test_every_period_a_transition_starts_exists_in_the_profiles():
    for transition in TRANSITIONS.values():
        for period in transition.starts + transition.stops:
            assert period in CQ.periods and period in NATIONAL.periods


def test_direct_submission_to_the_competent_organ_starts_the_acceptance_clock():
    decision = check(S.SUBMITTED, A.RECEIVE, P.HANDLING_ORGAN)
    assert decision.target is S.ROUTED
    assert decision.starts == ("accept",)


def test_only_the_petition_office_routes():
    assert refused(S.REGISTERED, A.ROUTE, P.HANDLING_ORGAN).rule == "actor_not_allowed"


def test_only_the_higher_organ_reviews():
    assert refused(S.REVIEW_REQUESTED, A.REVIEW, P.HANDLING_ORGAN).rule == "actor_not_allowed"


def test_only_the_petitioner_requests_review():
    assert refused(S.CONCLUDED, A.REQUEST_REVIEW, P.PETITION_OFFICE).rule == "actor_not_allowed"


def test_actions_out_of_order_are_refused():
    assert refused(S.REGISTERED, A.CONCLUDE, P.HANDLING_ORGAN).rule == "not_allowed_from_state"


@pytest.mark.parametrize("route", list(LegalRoute))
def test_litigation_petition_separation_refuses_acceptance_and_routes_out(route):
    error = refused(S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, legal_route=route)
    assert error.rule == "legal_route"
    assert "诉讼与信访分离" in error.message_zh
    assert "信访条例(2005)第十四条第二款" in str(error)
    decision = check(S.ROUTED, A.ROUTE_OUT, P.HANDLING_ORGAN, legal_route=route)
    assert decision.target is S.ROUTED_OUT and decision.final
    assert check(S.REGISTERED, A.ROUTE_OUT, P.PETITION_OFFICE, legal_route=route).final


def test_route_out_needs_a_legal_route():
    assert refused(S.ROUTED, A.ROUTE_OUT, P.HANDLING_ORGAN).rule == "missing_context"


@pytest.mark.parametrize("organ", list(OtherOrgan))
def test_matters_for_congresses_courts_and_procuratorates_are_sent_there(organ):
    assert refused(S.REGISTERED, A.ROUTE, P.PETITION_OFFICE, other_organ=organ).rule == (
        "other_organ"
    )
    decision = check(S.REGISTERED, A.SEND_TO_OTHER_ORGAN, P.PETITION_OFFICE, other_organ=organ)
    assert decision.target is S.SENT_TO_OTHER_ORGAN
    assert "信访条例(2005)第十五条" in [str(b) for b in decision.basis]


def test_accusations_go_to_the_discipline_bodies():
    assert refused(S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, accusation=True).rule == "discipline"
    decision = check(S.ROUTED, A.SEND_TO_DISCIPLINE, P.HANDLING_ORGAN, accusation=True)
    assert decision.target is S.SENT_TO_DISCIPLINE
    assert refused(S.ROUTED, A.SEND_TO_DISCIPLINE, P.HANDLING_ORGAN).rule == "missing_context"


def test_no_acceptance_at_a_higher_level_while_pending_at_the_competent_level():
    error = refused(
        S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, higher_level=True, pending_at_competent_level=True
    )
    assert error.rule == "pending_at_competent_level"
    assert "信访条例(2005)第十六条" in str(error)
    assert check(S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, higher_level=True).target is S.ACCEPTED


@pytest.mark.parametrize(
    ("state", "action", "actor"),
    [
        (S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN),
        (S.REGISTERED, A.ROUTE, P.PETITION_OFFICE),
        (S.SUBMITTED, A.RECEIVE, P.HANDLING_ORGAN),
    ],
)
def test_the_same_request_is_not_accepted_again_after_rereview(state, action, actor):
    error = refused(state, action, actor, same_request_after_rereview=True)
    assert error.rule == "same_request_after_rereview"
    assert "信访条例(2005)第三十五条" in str(error)


def test_a_rereviewed_matter_is_final():
    assert refused(S.REREVIEWED, A.REQUEST_REVIEW, P.PETITIONER).rule == "final_state"
    assert allowed_actions(S.REREVIEWED, P.PETITIONER) == ()


@pytest.mark.parametrize("profile", [CQ, NATIONAL])
def test_a_collective_visit_chooses_at_most_five_representatives(profile):
    assert check(S.SUBMITTED, A.REGISTER, P.PETITION_OFFICE, profile, representatives=5)
    error = refused(S.SUBMITTED, A.REGISTER, P.PETITION_OFFICE, profile, representatives=6)
    assert error.rule == "collective_representatives"
    assert "5" in error.message_zh


def test_extension_is_at_most_thirty_days_and_granted_once():
    decision = check(S.ACCEPTED, A.EXTEND, P.HANDLING_ORGAN, extension_days=30)
    assert (decision.target, decision.extension_days) == (S.EXTENDED, 30)
    assert refused(S.ACCEPTED, A.EXTEND, P.HANDLING_ORGAN, extension_days=31).rule == (
        "extension_limit"
    )
    assert refused(S.ACCEPTED, A.EXTEND, P.HANDLING_ORGAN).rule == "extension_days_required"
    assert refused(S.EXTENDED, A.EXTEND, P.HANDLING_ORGAN, extension_days=5).rule == (
        "not_allowed_from_state"
    )
    assert check(S.EXTENDED, A.CONCLUDE, P.HANDLING_ORGAN).target is S.CONCLUDED


@pytest.mark.parametrize(
    ("profile", "article"),
    [(CQ, "信访条例(2005)第三十三条第一款"), (NATIONAL, "信访工作条例(2022)第三十四条")],
)
def test_an_extension_is_approved_by_the_organs_responsible_person(profile, article):
    """经本行政机关负责人批准 / 经本机关、单位负责人批准: the principal or a supervising leader."""
    for positions in (["principal_leader"], ["staff", "supervising_leader"]):
        approval = check_extension_approval(profile=profile, approver_positions=positions)
        assert approval is ExtensionApproval.LEADER
    for positions in ([], ["staff"], ["team_member"]):
        with pytest.raises(TransitionRefused) as caught:
            check_extension_approval(profile=profile, approver_positions=positions)
        assert caught.value.rule == "extension_approver"
        assert [str(b) for b in caught.value.basis] == [article]


def test_an_extension_approved_on_paper_is_recorded_by_its_document_reference():
    approval = check_extension_approval(
        profile=NATIONAL, approver_positions=["staff"], document_ref="渝中住建〔2025〕12号"
    )
    assert approval is ExtensionApproval.DOCUMENT
    with pytest.raises(TransitionRefused):
        check_extension_approval(profile=NATIONAL, approver_positions=["staff"], document_ref="  ")


def test_a_late_review_request_is_refused():
    error = refused(S.CONCLUDED, A.REQUEST_REVIEW, P.PETITIONER, request_in_time=False)
    assert error.rule == "late_request"


def test_unanswered_opinion_can_be_closed_by_the_office():
    assert check(S.CONCLUDED, A.CLOSE, P.PETITION_OFFICE).target is S.CLOSED


def test_the_2022_profile_cites_the_2022_regulation():
    decision = check(S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, NATIONAL)
    assert all("信访工作条例(2022)" in str(b) for b in decision.basis)


def test_unknown_names_are_refused_not_crashed():
    with pytest.raises(TransitionRefused) as caught:
        check_transition("limbo", "accept", actor="handling_organ", profile=CQ)
    assert caught.value.rule == "unknown_name"


def test_final_states_have_no_way_out():
    for state in FINAL_STATES:
        for actor in Actor:
            assert allowed_actions(state, actor) == ()


def test_allowed_actions_of_the_handling_organ_on_a_routed_matter():
    assert set(allowed_actions(S.ROUTED, P.HANDLING_ORGAN, CQ)) == {
        A.ACCEPT,
        A.DECLINE,
        A.ROUTE_OUT,
        A.SEND_TO_OTHER_ORGAN,
        A.SEND_TO_DISCIPLINE,
    }
    # 信访工作条例(2022)第二十三条第三款 adds the objection; 第二十二条第二款、第二十八条第二款
    # the transfer to the political-legal organs.
    assert set(allowed_actions(S.ROUTED, P.HANDLING_ORGAN, NATIONAL)) == {
        *allowed_actions(S.ROUTED, P.HANDLING_ORGAN, CQ),
        A.OBJECT,
        A.SEND_TO_POLITICS_LAW,
    }


@pytest.mark.parametrize(
    ("action", "context"),
    [
        (A.ROUTE_OUT, {"legal_route": LegalRoute.LITIGATION}),
        (A.SEND_TO_OTHER_ORGAN, {"other_organ": OtherOrgan.COURT}),
        (A.SEND_TO_DISCIPLINE, {"accusation": True}),
    ],
)
def test_a_routed_matter_is_taken_out_of_the_procedure_only_by_the_organ_holding_it(
    action, context
):
    """Once transferred, the matter waits in the department's queue: the petition office that
    routed it no longer routes it out; while it is still registered there, the office does."""
    error = refused(S.ROUTED, action, P.PETITION_OFFICE, **context)
    assert error.rule == "actor_not_allowed"
    assert error.message_zh.startswith("信访事项待受理，信访部门无权")
    assert "应由办理机关办理" in error.message_zh
    assert check(S.ROUTED, action, P.HANDLING_ORGAN, **context).final
    assert check(S.REGISTERED, action, P.PETITION_OFFICE, **context).final
    assert refused(S.REGISTERED, action, P.HANDLING_ORGAN, **context).rule == "actor_not_allowed"
    assert action not in allowed_actions(S.ROUTED, P.PETITION_OFFICE)
    assert action in allowed_actions(S.REGISTERED, P.PETITION_OFFICE)


# 信访工作条例(2022)第二十三条第三款: the objection of the organ a matter was routed to.
ART_23_3 = "信访工作条例(2022)第二十三条第三款"


def test_a_routed_organ_objects_under_2022_and_its_acceptance_clock_keeps_running():
    decision = check(S.ROUTED, A.OBJECT, P.HANDLING_ORGAN, NATIONAL)
    assert decision.target is S.OBJECTED
    assert (decision.starts, decision.stops, decision.final) == ((), (), False)
    assert ART_23_3 in {str(b) for b in decision.basis}


def test_the_routing_office_agrees_to_an_objection_and_routes_the_matter_again():
    decision = check(S.OBJECTED, A.AGREE_OBJECTION, P.PETITION_OFFICE, NATIONAL)
    assert decision.target is S.REGISTERED
    assert (decision.starts, decision.stops) == (("route",), ("accept",))
    assert ART_23_3 in {str(b) for b in decision.basis}


def test_a_refused_objection_leaves_the_matter_to_the_organ_for_acceptance():
    decision = check(S.OBJECTED, A.REFUSE_OBJECTION, P.PETITION_OFFICE, NATIONAL)
    assert decision.target is S.ROUTED
    assert (decision.starts, decision.stops) == ((), ())
    assert A.ACCEPT in allowed_actions(decision.target, P.HANDLING_ORGAN)


def test_only_the_routing_office_decides_an_objection_and_only_the_organ_objects():
    assert refused(S.OBJECTED, A.AGREE_OBJECTION, P.HANDLING_ORGAN, NATIONAL).rule == (
        "actor_not_allowed"
    )
    assert refused(S.ROUTED, A.OBJECT, P.PETITION_OFFICE, NATIONAL).rule == "actor_not_allowed"
    assert refused(S.OBJECTED, A.ACCEPT, P.HANDLING_ORGAN, NATIONAL).rule == (
        "not_allowed_from_state"
    )


def test_the_2005_procedure_has_no_objection_step():
    exc = refused(S.ROUTED, A.OBJECT, P.HANDLING_ORGAN, CQ)
    assert exc.rule == "objection_not_in_procedure"
    assert "信访条例(2005)第二十一条第二款" in {str(b) for b in exc.basis}


def test_an_objection_after_five_working_days_is_refused():
    exc = refused(S.ROUTED, A.OBJECT, P.HANDLING_ORGAN, NATIONAL, objection_in_time=False)
    assert exc.rule == "late_objection"
    assert "5个工作日" in exc.message_zh
    assert ART_23_3 in {str(b) for b in exc.basis}


def test_a_matter_received_directly_is_not_objected_to():
    exc = refused(S.ROUTED, A.OBJECT, P.HANDLING_ORGAN, NATIONAL, routed_here=False)
    assert exc.rule == "objection_not_routed"


def test_the_organ_that_objected_withdraws_its_objection_before_the_office_decides():
    decision = check(S.OBJECTED, A.WITHDRAW_OBJECTION, P.HANDLING_ORGAN, NATIONAL)
    assert decision.target is S.ROUTED
    # Its acceptance clock never stopped: nothing starts, nothing stops.
    assert (decision.starts, decision.stops, decision.final) == ((), (), False)
    assert ART_23_3 in {str(b) for b in decision.basis}
    assert A.WITHDRAW_OBJECTION in allowed_actions(S.OBJECTED, P.HANDLING_ORGAN, NATIONAL)
    assert refused(S.OBJECTED, A.WITHDRAW_OBJECTION, P.PETITION_OFFICE, NATIONAL).rule == (
        "actor_not_allowed"
    )
    assert refused(S.ROUTED, A.WITHDRAW_OBJECTION, P.HANDLING_ORGAN, NATIONAL).rule == (
        "not_allowed_from_state"
    )
    assert refused(S.OBJECTED, A.WITHDRAW_OBJECTION, P.HANDLING_ORGAN, CQ).rule == (
        "objection_not_in_procedure"
    )


# 信访工作条例(2022)第二十二条第二款: 涉法涉诉 matters go to the political-legal organs.
ART_22_2 = "信访工作条例(2022)第二十二条第二款"


@pytest.mark.parametrize(
    ("state", "actor"), [(S.REGISTERED, P.PETITION_OFFICE), (S.ROUTED, P.HANDLING_ORGAN)]
)
def test_a_letter_about_litigation_rights_is_transferred_to_the_politics_law_organs(state, actor):
    decision = check(state, A.SEND_TO_POLITICS_LAW, actor, NATIONAL)
    assert decision.target is S.SENT_TO_POLITICS_LAW and decision.final
    assert (decision.starts, decision.stops) == ((), ("route", "accept"))
    cited = [str(b) for b in decision.basis]
    assert cited[0] == ART_22_2
    assert "信访工作条例(2022)第二十八条第二款" in cited
    # The transfer, not the visitor's guidance (第二十条第二款).
    assert "信访工作条例(2022)第二十条第二款" not in cited


def test_a_visitor_is_guided_to_the_politics_law_organs_not_transferred():
    decision = check(S.REGISTERED, A.SEND_TO_POLITICS_LAW, P.PETITION_OFFICE, NATIONAL, visit=True)
    assert decision.target is S.SENT_TO_POLITICS_LAW
    cited = [str(b) for b in decision.basis]
    assert cited[:2] == [ART_22_2, "信访工作条例(2022)第二十条第二款"]
    assert "信访工作条例(2022)第二十三条第四款" not in cited


def test_the_petition_office_transfers_a_letter_to_the_politics_law_organ_of_its_own_level():
    error = refused(
        S.REGISTERED, A.SEND_TO_POLITICS_LAW, P.PETITION_OFFICE, NATIONAL, same_level=False
    )
    assert error.rule == "politics_law_not_same_level"
    assert "同级政法部门" in error.message_zh
    assert ART_22_2 in {str(b) for b in error.basis}
    # A visitor is guided to the organs concerned (有关政法部门), of any level; an organ that
    # separates a matter it holds sends it to the organs concerned too (第二十八条第二款).
    assert check(
        S.REGISTERED,
        A.SEND_TO_POLITICS_LAW,
        P.PETITION_OFFICE,
        NATIONAL,
        visit=True,
        same_level=False,
    ).final
    assert check(S.ROUTED, A.SEND_TO_POLITICS_LAW, P.HANDLING_ORGAN, NATIONAL, same_level=False)


def test_only_the_organ_holding_the_matter_sends_it_to_the_politics_law_organs():
    error = refused(S.ROUTED, A.SEND_TO_POLITICS_LAW, P.PETITION_OFFICE, NATIONAL)
    assert error.rule == "actor_not_allowed"
    assert refused(S.REGISTERED, A.SEND_TO_POLITICS_LAW, P.HANDLING_ORGAN, NATIONAL).rule == (
        "actor_not_allowed"
    )
    assert refused(S.ACCEPTED, A.SEND_TO_POLITICS_LAW, P.HANDLING_ORGAN, NATIONAL).rule == (
        "not_allowed_from_state"
    )


def test_a_matter_sent_to_the_politics_law_organs_is_final():
    error = refused(S.SENT_TO_POLITICS_LAW, A.ACCEPT, P.HANDLING_ORGAN, NATIONAL)
    assert error.rule == "final_state"
    assert ART_22_2 in {str(b) for b in error.basis}
    assert allowed_actions(S.SENT_TO_POLITICS_LAW, P.HANDLING_ORGAN, NATIONAL) == ()


@pytest.mark.parametrize(
    ("state", "actor"), [(S.REGISTERED, P.PETITION_OFFICE), (S.ROUTED, P.HANDLING_ORGAN)]
)
def test_the_2005_procedure_has_no_transfer_to_the_politics_law_organs(state, actor):
    """信访条例(2005) routes such a request out (第十四条第二款、第二十一条第一款第一项) or sends
    it to the court or procuratorate (第十五条): the refusal says so."""
    error = refused(state, A.SEND_TO_POLITICS_LAW, actor, CQ)
    assert error.rule == "politics_law_not_in_procedure"
    assert "导入法定途径" in error.message_zh and "人民法院、人民检察院" in error.message_zh
    assert "route" in error.message_en and "court or procuratorate" in error.message_en
    cited = {str(b) for b in error.basis}
    assert {"信访条例(2005)第十四条第二款", "信访条例(2005)第十五条"} <= cited
    assert A.SEND_TO_POLITICS_LAW not in allowed_actions(state, actor, CQ)
    assert A.SEND_TO_POLITICS_LAW in allowed_actions(state, actor, NATIONAL)


# 信访工作条例(2022)第三十四条: the handling period is for matters of 第三十一条第六项 only.
W = HandlingWay
ART_34 = "信访工作条例(2022)第三十四条"


def bases(decision_or_error):
    return [str(b) for b in decision_or_error.basis]


@pytest.mark.parametrize("profile", [CQ, NATIONAL])
def test_a_matter_accepted_for_a_handling_opinion_starts_the_handling_clock_as_before(profile):
    default = check(S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, profile)
    explicit = check(S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, profile, handling_way=W.OPINION)
    assert default == explicit
    assert (default.starts, default.stops) == (("handle",), ("accept",))
    assert default.basis == profile.basis_for("accept")


@pytest.mark.parametrize(
    ("way", "article"),
    [
        (W.DUTY, "信访工作条例(2022)第三十一条第五项"),
        (W.SUGGESTION, "信访工作条例(2022)第二十九条第一款"),
    ],
)
def test_under_2022_a_duty_or_a_suggestion_is_accepted_without_a_handling_period(way, article):
    decision = check(S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, NATIONAL, handling_way=way)
    assert decision.target is S.ACCEPTED
    assert (decision.starts, decision.stops) == ((), ("accept",))
    assert article in bases(decision)
    assert ART_34 not in bases(decision)


@pytest.mark.parametrize("way", [W.DUTY, W.SUGGESTION])
def test_the_2005_procedure_gives_every_accepted_matter_its_sixty_days(way):
    """信访条例(2005)第三十三条: 信访事项应当自受理之日起60日内办结 — every accepted matter."""
    exc = refused(S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, CQ, handling_way=way)
    assert exc.rule == "handling_way_not_in_procedure"
    assert bases(exc) == ["信访条例(2005)第三十三条"]
    assert "60日" in exc.message_zh
    assert handling_ways(CQ) == (W.OPINION,)
    assert handling_ways(NATIONAL) == (W.OPINION, W.DUTY, W.SUGGESTION)


@pytest.mark.parametrize("way", [W.DUTY, W.SUGGESTION])
def test_a_matter_without_a_handling_period_is_not_extended(way):
    exc = refused(
        S.ACCEPTED, A.EXTEND, P.HANDLING_ORGAN, NATIONAL, handling_way=way, extension_days=10
    )
    assert exc.rule == "extension_not_applicable"
    assert bases(exc) == [ART_34]
    assert A.EXTEND not in allowed_actions(S.ACCEPTED, P.HANDLING_ORGAN, NATIONAL, handling_way=way)
    assert A.CONCLUDE in allowed_actions(S.ACCEPTED, P.HANDLING_ORGAN, NATIONAL, handling_way=way)
    assert A.EXTEND in allowed_actions(
        S.ACCEPTED, P.HANDLING_ORGAN, NATIONAL, handling_way="opinion"
    )


@pytest.mark.parametrize("way", [W.DUTY, W.SUGGESTION])
def test_a_reply_concludes_a_duty_or_suggestion_and_closes_the_matter(way):
    """第三十五条 reviews a 信访处理意见: a reply has none, so the matter ends with it."""
    decision = check(
        S.ACCEPTED, A.CONCLUDE, P.HANDLING_ORGAN, NATIONAL, handling_way=way, reply=True
    )
    assert decision.target is S.CLOSED and decision.final
    assert (decision.starts, decision.stops) == ((), ())
    assert bases(decision) == [str(b) for b in NATIONAL.basis_for(f"handling_{way.value}")]
    after = refused(S.CLOSED, A.REQUEST_REVIEW, P.PETITIONER, NATIONAL)
    assert after.rule == "final_state"


def test_a_matter_concludes_the_way_it_is_handled():
    opinion = check(S.ACCEPTED, A.CONCLUDE, P.HANDLING_ORGAN, NATIONAL)
    assert (opinion.target, opinion.starts) == (S.CONCLUDED, ("review_request",))
    exc = refused(S.ACCEPTED, A.CONCLUDE, P.HANDLING_ORGAN, NATIONAL, reply=True)
    assert exc.rule == "handling_way_mismatch"
    assert "信访工作条例(2022)第三十一条第六项" in bases(exc)
    exc = refused(S.ACCEPTED, A.CONCLUDE, P.HANDLING_ORGAN, NATIONAL, handling_way=W.DUTY)
    assert exc.rule == "handling_way_mismatch"
    assert bases(exc) == ["信访工作条例(2022)第三十一条第五项"]
    exc = refused(S.ACCEPTED, A.CONCLUDE, P.HANDLING_ORGAN, CQ, reply=True)
    assert (exc.rule, bases(exc)) == ("handling_way_mismatch", ["信访条例(2005)第三十二条第一款"])


def test_reply_outcomes_follow_the_words_of_the_article():
    assert REPLY_OUTCOMES[W.DUTY] == (ReplyOutcome.PERFORMED, ReplyOutcome.ANSWERED)
    assert ReplyOutcome.ADOPTED in REPLY_OUTCOMES[W.SUGGESTION]
    assert REPLY_OUTCOMES[W.OPINION] == ()


# 信访工作条例(2022)第二十三条第二款, 信访条例(2005)第二十二条第二款: 姓名（名称）、住址不清的除外.


@pytest.mark.parametrize(
    ("profile", "article"),
    [(CQ, "信访条例(2005)第二十二条第二款"), (NATIONAL, "信访工作条例(2022)第二十三条第二款")],
)
def test_no_notice_period_for_a_direct_submission_whose_name_or_address_is_unclear(
    profile, article
):
    decision = check(
        S.SUBMITTED, A.RECEIVE, P.HANDLING_ORGAN, profile, name_or_address_unclear=True
    )
    assert decision.target is S.ROUTED
    assert decision.starts == ()
    assert article in bases(decision)
    clear = check(S.SUBMITTED, A.RECEIVE, P.HANDLING_ORGAN, profile)
    assert clear.starts == ("accept",)
    assert article not in bases(clear)


@pytest.mark.parametrize("profile", [CQ, NATIONAL])
def test_a_routed_matter_keeps_its_acceptance_clock_whatever_the_petitioner(profile):
    """The exception is in the paragraph on direct submissions only."""
    decision = check(
        S.REGISTERED, A.ROUTE, P.PETITION_OFFICE, profile, name_or_address_unclear=True
    )
    assert decision.starts == ("accept",)


def _periods_running_in_each_state() -> dict[MatterState, set[str]]:
    """The periods the transitions leave running in each state: what a step starts, and what
    ran before it and the step does not stop (the objection keeps the acceptance clock)."""
    running: dict[MatterState, set[str]] = {state: set() for state in MatterState}
    changed = True
    while changed:
        changed = False
        for t in TRANSITIONS.values():
            for source in t.sources:
                after = (running[source] - set(t.stops)) | set(t.starts)
                if not after <= running[t.target]:
                    running[t.target] |= after
                    changed = True
    return running


def test_open_states_are_those_in_which_an_organ_period_runs():
    """A matter is open organ work in exactly the states the procedure gives an organ a period
    in (route, accept, handle, review, re-review), never where only the petitioner's request
    period runs, nor in a final state."""
    petitioner = {"review_request", "rereview_request"}
    running = _periods_running_in_each_state()
    assert set(OPEN_STATES) == {s for s, periods in running.items() if periods - petitioner}
    assert running[S.OBJECTED] == {"accept"}
    assert running[S.CONCLUDED] == {"review_request"}
    assert not set(OPEN_STATES) & FINAL_STATES
    assert list(OPEN_STATES) == sorted(OPEN_STATES, key=list(MatterState).index)


def test_open_states_hold_the_matters_accepted_or_received_without_a_clock():
    """A duty or suggestion accepted, and a direct receipt whose petitioner is unclear, start
    no organ clock, yet land in an open state: they wait for the organ all the same."""
    for way in (HandlingWay.DUTY, HandlingWay.SUGGESTION):
        decision = check(S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, NATIONAL, handling_way=way)
        assert decision.starts == () and decision.target in OPEN_STATES
    decision = check(
        S.SUBMITTED, A.RECEIVE, P.HANDLING_ORGAN, NATIONAL, name_or_address_unclear=True
    )
    assert decision.starts == () and decision.target in OPEN_STATES


def test_under_2022_a_litigation_request_is_refused_toward_the_politics_law_organs():
    """信访工作条例(2022)第二十二条第二款、第二十八条第二款: a matter of litigation rights is not
    accepted and goes to the political-legal organs; under the 2005 regulation it is routed out
    to its legal route (第十四条第二款、第二十一条第一款第一项)."""
    error = refused(
        S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, NATIONAL, legal_route=LegalRoute.LITIGATION
    )
    assert error.rule == "legal_route"
    assert "政法部门" in error.message_zh and "political-legal" in error.message_en
    assert "信访工作条例(2022)第二十二条第二款" in {str(b) for b in error.basis}
    old = refused(S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, CQ, legal_route=LegalRoute.LITIGATION)
    assert old.rule == "legal_route" and "政法部门" not in old.message_zh
    # Other legal routes are routed out under both regulations.
    other = refused(
        S.ROUTED, A.ACCEPT, P.HANDLING_ORGAN, NATIONAL, legal_route=LegalRoute.ARBITRATION
    )
    assert "导入相应程序" in other.message_zh
