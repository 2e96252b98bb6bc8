"""The workflow through the services: findings, recommendation, decision and their effects."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xinfang.accountability import services
from xinfang.accountability.choices import CaseState, LeadState
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import (
    AccountabilityCase,
    Decision,
    Lead,
    Notice,
    Rectification,
    Referral,
)
from xinfang.accountability.selectors import (
    honour_disqualified,
    organs_with_role_at_level_of,
    territorial_petition_office,
)

from .clock import days_later
from .factories import FAILURE_DAY, World, make_overdue_matter

AFTER = FAILURE_DAY + dt.timedelta(days=1)


def _lead(world: World) -> Lead:
    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    return Lead.objects.get()


def _findings(world: World, case: AccountabilityCase, **overrides: object) -> AccountabilityCase:
    people = [
        {"person": world.person("housing_clerk"), "role": "staff"},
        {"person": world.person("housing_deputy"), "role": "supervising_leader"},
        {
            "person": world.person("housing_director"),
            "role": "principal_leader",
            "diligent": True,
            "diligence_note": "多次督促，有批示记录",
        },
    ]
    values: dict[str, object] = {
        "grounds": [2],
        "threshold_met": True,
        "threshold_reasoning": "逾期六十日未办结，信访人多次来访，严重损害其合法权益。",
        "harm": "minor",
        "impact": "minor",
        "harm_description": "信访人权益受损，重复来访三次。",
        "responsibility": "individual",
        "participants": people,
    }
    values.update(overrides)
    return services.case_record_findings(case=case, actor=world.user("d_po_clerk"), **values)


def test_findings_store_the_rules_core_recommendation_with_its_basis(world: World) -> None:
    lead = _lead(world)
    case = services.case_open(lead=lead, investigating_organ=world.organ("d_po"), actor="t")
    case = _findings(world, case)
    assert case.state == CaseState.FINDINGS_RECORDED
    rec = case.recommendation
    assert rec["accountable"] is True
    assert "细则第十一条第一款第二项" in rec["basis"]
    by_id = {p["id"]: p for p in rec["people"]}
    assert by_id["P-housing_clerk"]["responsibility"] == "direct"
    assert by_id["P-housing_clerk"]["measures"] == ["circulated_notice"]
    assert "细则第十三条" in by_id["P-housing_clerk"]["basis"]
    assert by_id["P-housing_director"]["responsibility"] == "none"  # 尽职免责
    assert Lead.objects.get().state == LeadState.INVESTIGATING


def test_a_person_not_in_position_on_the_failure_date_cannot_be_found_responsible(
    world: World,
) -> None:
    """The deputy appointed after the failure is refused as a participant."""
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    with pytest.raises(ValidationError) as exc:
        _findings(
            world,
            case,
            participants=[{"person": world.person("late_deputy"), "role": "supervising_leader"}],
        )
    assert exc.value.error_dict["participants"][0].code == "not_in_position"


def test_an_objection_must_say_where_it_is_recorded(world: World) -> None:
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    with pytest.raises(ValidationError) as exc:
        _findings(
            world,
            case,
            responsibility="collective",
            participants=[
                {
                    "person": world.person("housing_deputy"),
                    "role": "supervising_leader",
                    "objected": True,
                }
            ],
        )
    assert exc.value.error_dict["participants"][0].code == "objection_reference_required"
    case = _findings(
        world,
        case,
        responsibility="collective",
        participants=[
            {
                "person": world.person("housing_deputy"),
                "role": "supervising_leader",
                "objected": True,
                "objection_reference": "2025年第3次主任办公会纪要",
            },
            {"person": world.person("housing_director"), "role": "principal_leader"},
        ],
    )
    by_id = {p["id"]: p for p in case.recommendation["people"]}
    assert by_id["P-housing_deputy"]["responsibility"] == "none"
    assert by_id["P-housing_director"]["responsibility"] == "principal_leadership"


def test_a_decision_that_differs_without_reasons_is_refused(world: World) -> None:
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    _findings(world, case)
    services.case_send_recommendation(case=case, actor="t")
    decision = Decision.objects.get(person=world.person("housing_clerk"))
    with pytest.raises(ValidationError) as exc:
        services.decision_record(decision=decision, measures=[], actor="t")
    assert exc.value.error_dict["reasons"][0].code == "reasons_required"
    decision = services.decision_record(
        decision=decision, measures=[], reasons="经复核，系系统故障所致，不予追究。", actor="t"
    )
    assert decision.differs is True
    assert not Notice.objects.filter(decision=decision).exists()


def test_no_rectification_for_a_person_given_no_notice_or_admonishment(world: World) -> None:
    """细则第十三条、第十四条: rectification comes with a notice or an admonishment."""
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    _findings(world, case)
    services.case_send_recommendation(case=case, actor="t")
    decision = Decision.objects.get(person=world.person("housing_clerk"))
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            decision=decision,
            measures=[],
            reasons="经复核，系系统故障所致，不予追究。",
            rectification_due=timezone.localdate() + dt.timedelta(days=30),
            actor="t",
        )
    assert exc.value.error_dict["rectification_due"][0].code == "rectification_without_measure"
    assert not Rectification.objects.exists()


def test_recommendations_go_to_each_managing_authority(world: World) -> None:
    """Leaders of 住建委 are managed by D区委; its staff by 住建委 itself (registry rule)."""
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    # Organ measures (细则第十二条) are recommended for collective responsibility.
    _findings(world, case, harm="serious", impact="major", responsibility="both")
    letters = services.case_send_recommendation(case=case, actor="t")
    authorities = {letter.authority.code for letter in letters}
    assert authorities == {"ACC-d_party", "ACC-housing"}
    organ_decision = Decision.objects.get(organ__isnull=False)
    assert organ_decision.recommendation.authority == world.organ("d_party")
    assert AccountabilityCase.objects.get().state == CaseState.SENT


def test_discipline_referral_goes_to_the_discipline_body_of_the_authoritys_level(
    world: World,
) -> None:
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    _findings(
        world,
        case,
        participants=[
            {
                "person": world.person("housing_deputy"),
                "role": "supervising_leader",
                "discipline_warranted": True,
            }
        ],
    )
    services.case_send_recommendation(case=case, actor="t")
    decision = Decision.objects.get(person=world.person("housing_deputy"))
    assert "disciplinary_sanction" in decision.recommended_measures
    services.decision_record(
        decision=decision,
        measures=decision.recommended_measures,
        rectification_due=timezone.localdate() + dt.timedelta(days=30),
        actor="t",
    )
    referral = Referral.objects.get()
    assert referral.target == "discipline"
    assert referral.to_organ == world.organ("d_discipline")
    assert referral.basis == ["细则第十六条"]
    assert not honour_disqualified(world.organ("housing"), timezone.localdate().year)


def _decide_all(case: AccountabilityCase, *, due_in: int = 10) -> None:
    for decision in Decision.objects.filter(case=case, state="pending"):
        services.decision_record(
            decision=decision,
            measures=decision.recommended_measures,
            options=decision.recommended_options[:1],
            rectification_due=(
                timezone.localdate() + dt.timedelta(days=due_in)
                if decision.person_id and decision.recommended_rectification
                else None
            ),
            actor="t",
        )


def _escalate(world: World, monkeypatch: pytest.MonkeyPatch, days: int) -> AccountabilityCase:
    """Let the deadline pass, detect the escalation lead, investigate it for the deputy."""
    with days_later(monkeypatch, days):
        report = detect_leads()
        assert report.created == {"rectification_missed": 1}
        lead = Lead.objects.get(pk=report.lead_ids[0])
        case = services.case_open(lead=lead, investigating_organ=world.organ("d_po"), actor="t")
        return _findings(
            world,
            case,
            participants=[{"person": world.person("housing_deputy"), "role": "supervising_leader"}],
        )


def test_unrectified_notice_then_unrectified_admonishment_climbs_the_ladder(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """通报 unrectified → 诫勉 (第十四条); 诫勉 unrectified → 组织调整 (第十五条)."""
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    _findings(
        world,
        case,
        participants=[{"person": world.person("housing_deputy"), "role": "supervising_leader"}],
    )
    services.case_send_recommendation(case=case, actor="t")
    _decide_all(case)

    second = _escalate(world, monkeypatch, 11)
    (deputy,) = second.recommendation["people"]
    assert deputy["measures"] == ["admonishment"]
    assert "细则第十四条" in deputy["basis"]
    with days_later(monkeypatch, 11):
        services.case_send_recommendation(case=second, actor="t")
        _decide_all(second)
        year = timezone.localdate().year
    assert honour_disqualified(world.organ("housing"), year)

    third = _escalate(world, monkeypatch, 22)
    (deputy,) = third.recommendation["people"]
    assert deputy["measures"] == ["organizational_measure"]
    assert "细则第十五条" in deputy["basis"]
    assert deputy["options"] == [
        "suspension",
        "reassignment",
        "ordered_resignation",
        "demotion",
        "removal",
    ]
    with days_later(monkeypatch, 22):
        services.case_send_recommendation(case=third, actor="t")
        decision = Decision.objects.get(case=third, person=world.person("housing_deputy"))
        with pytest.raises(ValidationError) as exc:
            services.decision_record(
                decision=decision, measures=["organizational_measure"], actor="t"
            )
        assert exc.value.error_dict["options"][0].code == "options_required"
        services.decision_record(
            decision=decision,
            measures=["organizational_measure"],
            options=["reassignment"],
            actor="t",
        )
    assert not Rectification.objects.filter(decision=decision).exists()  # 第十五条: none


def test_notices_go_to_the_departments_of_the_authoritys_level(world: World) -> None:
    """Art. 18 同级: D区委 decides → D区委组织部 and D区人力社保局 are notified."""
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    _findings(
        world,
        case,
        participants=[{"person": world.person("housing_deputy"), "role": "supervising_leader"}],
    )
    services.case_send_recommendation(case=case, actor="t")
    _decide_all(case)
    deputy = Decision.objects.get(case=case, person=world.person("housing_deputy"))
    assert {(n.to_organ.code, n.role) for n in Notice.objects.filter(decision=deputy)} == {
        ("ACC-d_org", "organization"),
        ("ACC-d_hrss", "personnel"),
    }


def test_organs_with_role_at_level(world: World) -> None:
    assert organs_with_role_at_level_of(world.organ("d_party"), "organization") == [
        world.organ("d_org")
    ]
    assert organs_with_role_at_level_of(world.organ("city_party"), "personnel") == [
        world.organ("city_hrss")
    ]
    assert organs_with_role_at_level_of(world.organ("d_party"), "discipline") == [
        world.organ("d_discipline")
    ]


def test_the_territorial_petition_office(world: World) -> None:
    assert territorial_petition_office(world.organ("housing")) == world.organ("d_po")
    # An office never investigates itself or its own chain of command.
    assert territorial_petition_office(world.organ("d_po")) == world.organ("city_po")
    assert territorial_petition_office(world.organ("d_gov")) == world.organ("city_po")


def test_a_dismissed_lead_needs_a_reason_and_cannot_be_investigated(world: World) -> None:
    lead = _lead(world)
    with pytest.raises(ValidationError):
        services.lead_dismiss(lead=lead, reason=" ", actor="t")
    services.lead_dismiss(lead=lead, reason="经核实系信访人撤回请求，期限中止。", actor="t")
    with pytest.raises(ValidationError) as exc:
        services.case_open(lead=lead, investigating_organ=world.organ("d_po"), actor="t")
    assert exc.value.code == "lead_not_open"


def test_findings_below_the_threshold_are_not_accountable(world: World) -> None:
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    case = _findings(world, case, threshold_met=False, threshold_reasoning="未造成严重损害。")
    assert case.recommendation["accountable"] is False
    with pytest.raises(ValidationError) as exc:
        services.case_send_recommendation(case=case, actor="t")
    assert exc.value.code == "not_accountable"
    case = services.case_close_not_accountable(case=case, reason="后果要件不成立。", actor="t")
    assert case.state == CaseState.NOT_ACCOUNTABLE
    assert Lead.objects.get().state == LeadState.NO_CASE


def test_an_organ_rectification_missed_names_the_organs_leaders_then(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The organ's own rectification (e.g. after 责令书面检查): missing it is an escalation lead
    naming the leaders in position on the deadline."""
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    _findings(world, case, responsibility="both")
    services.case_send_recommendation(case=case, actor="t")
    organ_decision = Decision.objects.get(case=case, organ__isnull=False)
    assert organ_decision.recommended_measures == ["written_self_examination"]
    services.decision_record(
        decision=organ_decision,
        measures=["written_self_examination"],
        rectification_due=timezone.localdate() + dt.timedelta(days=5),
        actor="t",
    )
    with days_later(monkeypatch, 6):
        report = detect_leads(kinds=["rectification"])
    assert report.created == {"rectification_missed": 1}
    lead = Lead.objects.get(pk=report.lead_ids[0])
    assert lead.organ == world.organ("housing")
    holders = set(lead.duty_holders.values_list("person_id", "role"))
    assert (world.person("housing_director").pk, "principal_leader") in holders
    assert (world.person("late_deputy").pk, "supervising_leader") in holders  # in post by then


def test_only_a_petition_office_investigates(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.case_open(lead=_lead(world), investigating_organ=world.organ("d_party"), actor="t")
    assert exc.value.code == "not_a_petition_office"


def test_findings_refuse_a_role_the_person_did_not_hold_on_the_failure_date(world: World) -> None:
    """A staff member cannot be entered as a team member; the refusal names the post held."""
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    for role in ("team_member", "supervising_leader", "principal_leader"):
        with pytest.raises(ValidationError) as exc:
            _findings(
                world,
                case,
                participants=[{"person": world.person("housing_clerk"), "role": role}],
            )
        (error,) = exc.value.error_dict["participants"]
        assert error.code == "role_not_held"
        assert "的职位是工作人员" in error.message % (error.params or {})
    with pytest.raises(ValidationError) as exc:
        _findings(
            world,
            case,
            participants=[{"person": world.person("housing_deputy"), "role": "staff"}],
        )
    assert exc.value.error_dict["participants"][0].code == "role_not_held"
    # The supervising leader may be found a mere member when the failed work is not theirs.
    case = _findings(
        world,
        case,
        responsibility="collective",
        participants=[{"person": world.person("housing_deputy"), "role": "team_member"}],
    )
    assert case.recommendation["people"][0]["responsibility"] == "important_leadership"


def test_an_unrectified_notice_escalates_its_own_follow_up_not_an_unrelated_case(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """细则第十四条: 受到通报后仍未完成整改目标 — the target of that notice, not of another case."""
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    _findings(
        world,
        case,
        participants=[{"person": world.person("housing_deputy"), "role": "supervising_leader"}],
    )
    services.case_send_recommendation(case=case, actor="t")
    _decide_all(case)
    with days_later(monkeypatch, 11):
        make_overdue_matter(world, period="handle", due=timezone.localdate() - dt.timedelta(days=1))
        detect_leads()
        unrelated = Lead.objects.get(kind="handle_overdue", state=LeadState.OPEN)
        other = services.case_open(
            lead=unrelated, investigating_organ=world.organ("d_po"), actor="t"
        )
        other = _findings(
            world,
            other,
            participants=[{"person": world.person("housing_deputy"), "role": "supervising_leader"}],
        )
        (deputy,) = other.recommendation["people"]
        assert (deputy["tier"], deputy["measures"]) == (1, ["circulated_notice"])
        assert [p["same_target"] for p in other.facts["prior_measures"]] == [False]
        follow_up = Lead.objects.get(kind="rectification_missed")
        own = services.case_open(lead=follow_up, investigating_organ=world.organ("d_po"), actor="t")
        own = _findings(
            world,
            own,
            participants=[{"person": world.person("housing_deputy"), "role": "supervising_leader"}],
        )
        (deputy,) = own.recommendation["people"]
        assert (deputy["tier"], deputy["measures"]) == (2, ["admonishment"])


def test_a_region_government_case_names_the_region_for_the_honours(world: World) -> None:
    """细则第十四条: 取消该地区、部门和单位……的资格 — the region of its committee or government."""
    make_overdue_matter(world, organ="d_gov", period="handle", acted_by=None)
    detect_leads(today=AFTER)
    lead = Lead.objects.get(organ=world.organ("d_gov"))
    case = services.case_open(lead=lead, investigating_organ=world.organ("d_po"), actor="t")
    assert case.organ.region_code
    facts = services.build_facts(
        case=case,
        participants=[],
        grounds=[2],
        threshold_met=True,
        harm="serious",
        impact="major",
        responsibility="collective",
        decided_on=AFTER,
    )
    assert facts["organ"] == {"id": case.organ.code, "region": case.organ.region_code}


def test_an_individual_case_recommends_no_organ_measure(world: World) -> None:
    """细则第十二条第一款: measures on organs are recommended for collective responsibility; in an
    individual case they are a point for the managing authority, and no organ decision is due."""
    case = services.case_open(lead=_lead(world), investigating_organ=world.organ("d_po"), actor="t")
    case = _findings(world, case)
    assert case.recommendation["organ"]["measures"] == []
    assert "organ_measures" in [j["code"] for j in case.recommendation["needs_judgement"]]
    services.case_send_recommendation(case=case, actor="t")
    assert not Decision.objects.filter(case=case, organ__isnull=False).exists()
