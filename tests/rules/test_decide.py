"""细则第十一条至第十八条 applied to whole cases (``xinfang decide``), one test per rule."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinfang.rules.decide import FactsError, decide_json, parse_facts

BASE = {
    "decided_on": "2026-03-10",
    "grounds": [2],
    "threshold_met": True,
    "harm": "minor",
    "impact": "minor",
    "responsibility": "individual",
    "organ": {"id": "organ-1"},
    "people": [
        {"id": "staff-1", "role": "staff"},
        {"id": "lead-1", "role": "principal_leader"},
    ],
}


def facts(**changes):
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def person(result, pid):
    return next(p for p in result["people"] if p["id"] == pid)


def codes(result):
    return [j["code"] for j in result["needs_judgement"]]


# --- 细则第十一条第一款: no ground or no threshold → not accountable, nothing follows ---------


@pytest.mark.parametrize(
    "changes",
    [{"grounds": []}, {"threshold_met": False}, {"grounds": [], "threshold_met": False}],
)
def test_art11_without_ground_or_threshold_nothing_follows(changes):
    result = decide_json(
        facts(
            harm="especially_serious",
            impact="especially_major",
            discipline_warranted=["staff-1"],
            suspected_crime=["lead-1"],
            **changes,
        )
    )
    assert result["accountable"] is False
    assert result["organ"]["measures"] == []
    assert result["honour_disqualification"] is None
    assert result["referrals"] == []
    assert result["notify"] == []
    for p in result["people"]:
        assert (p["tier"], p["measures"], p["rectification"]) == (0, [], False)
        assert p["responsibility"] == "none"


def test_art11_not_accountable_cites_the_article():
    assert decide_json(facts(grounds=[]))["basis"] == ["细则第十一条第一款"]


def test_accountable_case_cites_its_grounds_allocation_authority_and_notification():
    result = decide_json(facts(grounds=[8, 2]))
    assert result["accountable"] is True
    assert result["basis"] == [
        "细则第十一条第一款第二项",
        "细则第十一条第一款第八项",
        "细则第十一条第二款",
        "细则第十七条",
        "细则第十八条",
    ]


# --- 细则第十三条至第十五条: the ladder ------------------------------------------------------


def test_art13_minor_case_gives_circulated_notice_and_rectification():
    result = decide_json(facts())
    staff = person(result, "staff-1")
    assert staff["responsibility"] == "direct"
    assert (staff["tier"], staff["measures"], staff["rectification"]) == (
        1,
        ["circulated_notice"],
        True,
    )
    assert "细则第十三条" in staff["basis"]
    assert person(result, "lead-1")["responsibility"] == "leadership"
    assert result["honour_disqualification"] is None


@pytest.mark.parametrize(
    ("harm", "impact"),
    [("serious", "major"), ("serious", "especially_major"), ("especially_serious", "major")],
)
def test_art14_serious_harm_and_major_impact_gives_admonishment_and_rectification(harm, impact):
    staff = person(decide_json(facts(harm=harm, impact=impact)), "staff-1")
    assert (staff["tier"], staff["measures"], staff["rectification"]) == (
        2,
        ["admonishment"],
        True,
    )
    assert "细则第十四条" in staff["basis"]


def test_art14_unrectified_circulated_notice_escalates_to_admonishment():
    prior = [
        {"person": "staff-1", "measure": "circulated_notice", "rectification_due": "2026-03-09"}
    ]
    result = decide_json(facts(prior_measures=prior))
    assert person(result, "staff-1")["tier"] == 2
    assert person(result, "staff-1")["measures"] == ["admonishment"]
    assert person(result, "lead-1")["tier"] == 1  # the escalation is personal


@pytest.mark.parametrize(
    "prior",
    [
        {"rectification_due": "2026-03-09", "rectified": True},
        {"rectification_due": "2026-03-10"},  # due on the decision date: not yet passed
        {"rectification_due": "2026-04-30"},
    ],
)
def test_art14_notice_rectified_or_not_yet_due_does_not_escalate(prior):
    entry = {"person": "staff-1", "measure": "circulated_notice", **prior}
    assert person(decide_json(facts(prior_measures=[entry])), "staff-1")["tier"] == 1


def test_art14_organ_loses_comprehensive_honours_for_the_year_of_the_decision():
    result = decide_json(facts(harm="serious", impact="major", decided_on="2025-12-31"))
    assert result["honour_disqualification"] == {
        "organ": "organ-1",
        "year": 2025,
        "basis": ["细则第十四条"],
    }


def test_art15_especially_serious_and_especially_major_gives_organizational_measure():
    result = decide_json(facts(harm="especially_serious", impact="especially_major"))
    staff = person(result, "staff-1")
    assert (staff["tier"], staff["measures"], staff["rectification"]) == (
        3,
        ["organizational_measure"],
        False,
    )
    assert staff["options"] == [
        "suspension",
        "reassignment",
        "ordered_resignation",
        "demotion",
        "removal",
    ]
    assert "细则第十五条" in staff["basis"]
    assert result["honour_disqualification"]["basis"] == ["细则第十四条"]


def test_art15_unrectified_admonishment_escalates_to_organizational_measure():
    prior = [{"person": "lead-1", "measure": "admonishment", "rectification_due": "2026-01-31"}]
    lead = person(decide_json(facts(prior_measures=prior)), "lead-1")
    assert (lead["tier"], lead["measures"]) == (3, ["organizational_measure"])


def test_higher_tier_wins_over_escalation():
    prior = [
        {"person": "staff-1", "measure": "circulated_notice", "rectification_due": "2026-01-31"}
    ]
    result = decide_json(
        facts(harm="especially_serious", impact="especially_major", prior_measures=prior)
    )
    assert person(result, "staff-1")["tier"] == 3


@pytest.mark.parametrize(
    ("harm", "impact", "tier"),
    [
        ("serious", "minor", 1),
        ("minor", "major", 1),
        ("especially_serious", "minor", 1),
        ("minor", "especially_major", 1),
        ("especially_serious", "major", 2),
        ("serious", "especially_major", 2),
    ],
)
def test_mixed_finding_stays_at_the_lower_tier_and_needs_judgement(harm, impact, tier):
    result = decide_json(facts(harm=harm, impact=impact))
    assert person(result, "staff-1")["tier"] == tier
    assert "mixed_finding" in codes(result)


def test_mixed_finding_settled_by_escalation_needs_no_judgement():
    prior = [
        {"person": "staff-1", "measure": "circulated_notice", "rectification_due": "2026-01-31"}
    ]
    result = decide_json(facts(harm="serious", impact="minor", prior_measures=prior))
    staff_points = [j for j in result["needs_judgement"] if j.get("person") == "staff-1"]
    assert person(result, "staff-1")["tier"] == 2
    assert staff_points == []


# --- 细则第十二条: organ measures, combination, crime ----------------------------------------


@pytest.mark.parametrize(
    ("harm", "measures"),
    [
        ("minor", ["written_self_examination"]),
        ("serious", ["written_self_examination", "circulated_criticism"]),
        ("especially_serious", ["written_self_examination", "circulated_criticism"]),
    ],
)
def test_art12_organ_measures_by_severity(harm, measures):
    organ = decide_json(facts(harm=harm, responsibility="collective"))["organ"]
    assert organ == {"id": "organ-1", "measures": measures, "basis": ["细则第十二条第一款"]}


def test_art16_discipline_warranted_adds_disciplinary_sanction_and_a_referral():
    result = decide_json(facts(discipline_warranted=["staff-1"]))
    staff = person(result, "staff-1")
    assert staff["measures"] == ["circulated_notice", "disciplinary_sanction"]
    assert "细则第十六条" in staff["basis"] and "细则第十二条第一款" in staff["basis"]
    assert result["referrals"] == [
        {"person": "staff-1", "to": "discipline", "basis": ["细则第十六条"]}
    ]


def test_art12_suspected_crime_is_referred_to_the_judicial_organs():
    result = decide_json(facts(suspected_crime=["lead-1"]))
    assert result["referrals"] == [
        {"person": "lead-1", "to": "judicial", "basis": ["细则第十二条第二款"]}
    ]


def test_art16_discipline_for_a_person_without_responsibility_needs_judgement():
    people = [{"id": "staff-1", "role": "staff", "diligent": True}]
    result = decide_json(facts(people=people, discipline_warranted=["staff-1"]))
    assert person(result, "staff-1")["measures"] == []
    assert result["referrals"] == []
    assert "discipline_without_responsibility" in codes(result)


# --- 细则第十八条 and the shape -----------------------------------------------------------------


def test_art18_accountable_case_notifies_organization_and_personnel():
    assert decide_json(facts())["notify"] == ["organization", "personnel"]


def test_collective_case_end_to_end():
    people = [
        {"id": "a", "role": "principal_leader"},
        {"id": "b", "role": "supervising_leader"},
        {"id": "c", "role": "team_member"},
        {"id": "d", "role": "team_member", "objected": True},
        {"id": "e", "role": "team_member", "participated": False},
        {"id": "f", "role": "staff"},
    ]
    result = decide_json(facts(responsibility="collective", people=people))
    got = {p["id"]: (p["responsibility"], p["tier"]) for p in result["people"]}
    assert got == {
        "a": ("principal_leadership", 1),
        "b": ("principal_leadership", 1),
        "c": ("important_leadership", 1),
        "d": ("none", 0),
        "e": ("none", 0),
        "f": ("none", 0),
    }
    assert "staff_in_collective_case" in codes(result)


def test_ground_nine_needs_judgement():
    assert "other_failure_of_duty" in codes(decide_json(facts(grounds=[9])))


def test_output_has_exactly_the_contract_keys_and_more_only_by_addition():
    result = decide_json(facts())
    assert {
        "accountable",
        "basis",
        "organ",
        "people",
        "honour_disqualification",
        "referrals",
        "notify",
        "needs_judgement",
    } <= set(result)
    assert {"id", "responsibility", "tier", "measures", "rectification", "basis"} <= set(
        result["people"][0]
    )


def test_profile_follows_the_decision_date_or_is_named():
    assert decide_json(facts(decided_on="2020-06-01"))["profile"] == "chongqing-2017"
    assert decide_json(facts())["profile"] == "national-2022"
    assert decide_json(facts(profile="chongqing-2017"))["profile"] == "chongqing-2017"


# --- invalid facts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ([], "facts"),
        (facts(decided_on="2026-02-30"), "decided_on"),
        (facts(decided_on="20260301"), "decided_on"),
        (facts(decided_on=20260301), "decided_on"),
        (facts(decided_on="2016-01-01"), "decided_on"),
        ({k: v for k, v in BASE.items() if k != "harm"}, "harm"),
        (facts(harm="grave"), "harm"),
        (facts(impact=None), "impact"),
        (facts(responsibility="shared"), "responsibility"),
        (facts(grounds=[0]), "grounds[0]"),
        (facts(grounds=[2, 10]), "grounds[1]"),
        (facts(grounds=["2"]), "grounds[0]"),
        (facts(grounds=[True]), "grounds[0]"),
        (facts(grounds=2), "grounds"),
        (facts(threshold_met="yes"), "threshold_met"),
        (facts(organ={}), "organ.id"),
        (facts(organ="o"), "organ"),
        (facts(people=[{"id": "x"}]), "people[0].role"),
        (facts(people=[{"id": "x", "role": "boss"}]), "people[0].role"),
        (facts(people=[{"role": "staff"}]), "people[0].id"),
        (facts(people=[{"id": "x", "role": "staff", "objected": "no"}]), "people[0].objected"),
        (
            facts(people=[{"id": "x", "role": "staff"}, {"id": "x", "role": "staff"}]),
            "people[1].id",
        ),
        (facts(people=[{"id": "x", "role": "staff", "age": 3}]), "people[0].age"),
        (facts(colour="red"), "colour"),
        (
            facts(
                prior_measures=[
                    {
                        "person": "ghost",
                        "measure": "admonishment",
                        "rectification_due": "2026-01-01",
                    }
                ]
            ),
            "prior_measures[0].person",
        ),
        (
            facts(
                prior_measures=[
                    {"person": "staff-1", "measure": "removal", "rectification_due": "2026-01-01"}
                ]
            ),
            "prior_measures[0].measure",
        ),
        (
            facts(
                prior_measures=[
                    {"person": "staff-1", "measure": "admonishment", "rectification_due": "soon"}
                ]
            ),
            "prior_measures[0].rectification_due",
        ),
        (facts(discipline_warranted=["ghost"]), "discipline_warranted[0]"),
        (facts(suspected_crime=["staff-1", "ghost"]), "suspected_crime[1]"),
        (facts(suspected_crime="staff-1"), "suspected_crime"),
        (facts(profile="mars-2099"), "profile"),
    ],
)
def test_invalid_facts_name_the_field(data, field):
    with pytest.raises(FactsError) as caught:
        parse_facts(data) if field != "decided_on" and field != "profile" else decide_json(data)
    assert caught.value.field == field
    assert "\n" not in str(caught.value)


# --- properties -----------------------------------------------------------------------------

HARMS = ["minor", "serious", "especially_serious"]
IMPACTS = ["minor", "major", "especially_major"]
ROLES = ["principal_leader", "supervising_leader", "team_member", "staff"]

people_st = st.lists(
    st.fixed_dictionaries(
        {
            "role": st.sampled_from(ROLES),
            "participated": st.booleans(),
            "objected": st.booleans(),
            "diligent": st.booleans(),
        }
    ),
    min_size=1,
    max_size=5,
)
prior_st = st.lists(
    st.tuples(
        st.integers(0, 4),
        st.sampled_from(["circulated_notice", "admonishment"]),
        st.dates(),
        st.booleans(),
    ),
    max_size=4,
)


def build(harm, impact, kind, people, prior, grounds=(2,), threshold=True, discipline=()):
    ppl = [dict(p, id=f"p{i}") for i, p in enumerate(people)]
    ids = [p["id"] for p in ppl]
    return {
        "decided_on": "2026-03-10",
        "grounds": list(grounds),
        "threshold_met": threshold,
        "harm": harm,
        "impact": impact,
        "responsibility": kind,
        "organ": {"id": "o"},
        "people": ppl,
        "prior_measures": [
            {
                "person": ids[i % len(ids)],
                "measure": m,
                "rectification_due": due.isoformat(),
                "rectified": r,
            }
            for i, m, due, r in prior
        ],
        "discipline_warranted": [ids[i % len(ids)] for i in discipline],
    }


@settings(max_examples=300, deadline=None)
@given(
    harm=st.integers(0, 2),
    impact=st.integers(0, 2),
    worse_harm=st.integers(0, 2),
    worse_impact=st.integers(0, 2),
    kind=st.sampled_from(["collective", "individual"]),
    people=people_st,
    prior=prior_st,
    extra=prior_st,
)
def test_tiers_never_fall_when_the_facts_get_worse(
    harm, impact, worse_harm, worse_impact, kind, people, prior, extra
):
    before = decide_json(build(HARMS[harm], IMPACTS[impact], kind, people, prior))
    worse = build(
        HARMS[max(harm, worse_harm)],
        IMPACTS[max(impact, worse_impact)],
        kind,
        people,
        prior + [(i, m, due, False) for i, m, due, _ in extra],
    )
    after = decide_json(worse)
    for old, new in zip(before["people"], after["people"], strict=True):
        assert new["tier"] >= old["tier"]
    if before["honour_disqualification"] is not None:
        assert after["honour_disqualification"] is not None


@settings(max_examples=300, deadline=None)
@given(
    harm=st.sampled_from(HARMS),
    impact=st.sampled_from(IMPACTS),
    kind=st.sampled_from(["collective", "individual"]),
    people=people_st,
    prior=prior_st,
    discipline=st.lists(st.integers(0, 4), max_size=3),
)
def test_an_exempt_person_never_receives_a_measure(harm, impact, kind, people, prior, discipline):
    """Exempt: a leader who objected (either kind), or anyone diligent in individual
    responsibility (尽职免责 is of the individual sentence only)."""
    result = decide_json(build(harm, impact, kind, people, prior, discipline=discipline))
    for given_person, out in zip(people, result["people"], strict=True):
        leader = given_person["role"] != "staff"
        if (given_person["objected"] and leader) or (
            given_person["diligent"] and (kind == "individual" or not leader)
        ):
            assert out["measures"] == []
            assert out["tier"] == 0
            assert out["responsibility"] == "none"
            assert not any(
                r["person"] == out["id"] and r["to"] == "discipline" for r in result["referrals"]
            )


@settings(max_examples=200, deadline=None)
@given(
    harm=st.sampled_from(HARMS),
    impact=st.sampled_from(IMPACTS),
    kind=st.sampled_from(["collective", "individual"]),
    people=people_st,
    prior=prior_st,
)
def test_responsibility_none_means_tier_zero_and_tier_two_means_honours_lost(
    harm, impact, kind, people, prior
):
    result = decide_json(build(harm, impact, kind, people, prior))
    for out in result["people"]:
        assert (out["responsibility"] == "none") == (out["tier"] == 0)
    reached = any(p["tier"] >= 2 for p in result["people"])
    assert (result["honour_disqualification"] is not None) == reached


# --- 细则第十一条第二款、第十二条至第十五条 read to the letter (issue 14 §3), on both profiles ----

PROFILES = ["chongqing-2017", "national-2022"]
both_profiles = pytest.mark.parametrize("profile", PROFILES)


def judgement(result, code):
    return next(j for j in result["needs_judgement"] if j["code"] == code)


@both_profiles
@pytest.mark.parametrize("kind", ["collective", "individual"])
def test_art11_overruled_objection_exempts_leaders_from_leadership_responsibility(profile, kind):
    people = [
        {"id": "a", "role": "principal_leader", "objected": True},
        {"id": "b", "role": "supervising_leader", "objected": True},
        {"id": "s", "role": "staff"},
    ]
    result = decide_json(facts(profile=profile, responsibility=kind, people=people))
    for pid in ("a", "b"):
        assert (person(result, pid)["responsibility"], person(result, pid)["tier"]) == ("none", 0)


@both_profiles
def test_art11_staff_objection_does_not_exempt_direct_responsibility(profile):
    people = [{"id": "s", "role": "staff", "objected": True}]
    result = decide_json(facts(profile=profile, people=people))
    staff = person(result, "s")
    assert (staff["responsibility"], staff["measures"]) == ("direct", ["circulated_notice"])
    point = judgement(result, "staff_objection")
    assert point["person"] == "s"
    assert point["basis"] == ["细则第十一条第二款"]


@both_profiles
def test_art11_diligence_does_not_exempt_leaders_of_a_collective_decision(profile):
    people = [
        {"id": "a", "role": "principal_leader", "diligent": True},
        {"id": "b", "role": "supervising_leader", "diligent": True},
    ]
    result = decide_json(facts(profile=profile, responsibility="collective", people=people))
    for pid in ("a", "b"):
        out = person(result, pid)
        assert (out["responsibility"], out["measures"]) == (
            "principal_leadership",
            ["circulated_notice"],
        )
    noted = [
        j["person"]
        for j in result["needs_judgement"]
        if j["code"] == "diligence_in_collective_case"
    ]
    assert noted == ["a", "b"]


@both_profiles
def test_art11_diligence_exempts_in_individual_responsibility(profile):
    people = [
        {"id": "s", "role": "staff", "diligent": True},
        {"id": "a", "role": "principal_leader", "diligent": True},
    ]
    result = decide_json(facts(profile=profile, people=people))
    assert [p["responsibility"] for p in result["people"]] == ["none", "none"]
    assert "diligence_in_collective_case" not in codes(result)


@both_profiles
def test_art12_organ_measures_are_only_a_point_for_judgement_in_an_individual_case(profile):
    result = decide_json(facts(profile=profile, harm="serious"))
    assert result["organ"] == {"id": "organ-1", "measures": [], "basis": []}
    point = judgement(result, "organ_measures")
    assert point["basis"] == ["细则第十二条第一款"]
    assert "责令书面检查、通报批评" in point["point"]


@both_profiles
def test_art12_organ_measures_are_recommended_for_collective_responsibility(profile):
    result = decide_json(facts(profile=profile, responsibility="collective"))
    assert result["organ"]["measures"] == ["written_self_examination"]
    assert "organ_measures" not in codes(result)


@both_profiles
@pytest.mark.parametrize(
    ("harm", "impact"), [("serious", "major"), ("especially_serious", "especially_major")]
)
def test_art14_honours_cite_article_14_alone(profile, harm, impact):
    honour = decide_json(facts(profile=profile, harm=harm, impact=impact))[
        "honour_disqualification"
    ]
    assert honour["basis"] == ["细则第十四条"]


@both_profiles
def test_art14_tier_three_withdraws_honours_a_fortiori_and_says_so(profile):
    result = decide_json(
        facts(profile=profile, harm="especially_serious", impact="especially_major")
    )
    assert "举重以明轻" in result["honour_disqualification"]["note"]
    tier_two = decide_json(facts(profile=profile, harm="serious", impact="major"))
    assert "note" not in tier_two["honour_disqualification"]


@both_profiles
def test_art14_region_loses_honours_when_the_organ_is_its_committee_or_government(profile):
    organ = {"id": "cq-yz-gov", "region": "500103"}
    result = decide_json(facts(profile=profile, organ=organ, harm="serious", impact="major"))
    assert result["honour_disqualification"] == {
        "organ": "cq-yz-gov",
        "region": "500103",
        "year": 2026,
        "basis": ["细则第十四条"],
    }
    assert decide_json(facts(profile=profile, organ=organ))["honour_disqualification"] is None


@both_profiles
@pytest.mark.parametrize("measure", ["circulated_notice", "admonishment"])
def test_art14_15_escalation_follows_only_its_own_rectification_target(profile, measure):
    prior = {"person": "staff-1", "measure": measure, "rectification_due": "2026-01-31"}
    unrelated = decide_json(
        facts(profile=profile, prior_measures=[{**prior, "same_target": False}])
    )
    assert person(unrelated, "staff-1")["tier"] == 1
    own = decide_json(facts(profile=profile, prior_measures=[prior]))
    assert person(own, "staff-1")["tier"] == (2 if measure == "circulated_notice" else 3)


@both_profiles
def test_art11_one_case_judges_the_team_collectively_and_the_staff_member_individually(profile):
    people = [
        {"id": "a", "role": "principal_leader"},
        {"id": "b", "role": "supervising_leader", "diligent": True},
        {"id": "c", "role": "team_member"},
        {"id": "s", "role": "staff"},
        {"id": "t", "role": "staff", "diligent": True},
        {"id": "l", "role": "supervising_leader", "responsibility": "individual"},
    ]
    result = decide_json(facts(profile=profile, responsibility="both", people=people))
    got = {p["id"]: p["responsibility"] for p in result["people"]}
    assert got == {
        "a": "principal_leadership",
        "b": "principal_leadership",
        "c": "important_leadership",
        "s": "direct",
        "t": "none",
        "l": "leadership",
    }
    assert result["organ"]["measures"] == ["written_self_examination"]
    assert "staff_in_collective_case" not in codes(result)


def test_a_persons_own_kind_is_refused_outside_a_case_of_both_kinds():
    people = [{"id": "s", "role": "staff", "responsibility": "individual"}]
    with pytest.raises(FactsError) as caught:
        parse_facts(facts(people=people))
    assert caught.value.field == "people[0].responsibility"


@both_profiles
def test_art11_supervising_leader_the_registry_cannot_tell_needs_judgement(profile):
    result = decide_json(facts(profile=profile, supervising_leader_unclear=True))
    point = judgement(result, "supervising_leader_unclear")
    assert "分管出问题工作" in point["point"]
    assert "supervising_leader_unclear" not in codes(decide_json(facts(profile=profile)))


# --- 细则第十九条: the office's reading of a mixed finding (issue 14 §4) ------------------------

DOCUMENT = "渝信办〔2026〕4号"


def reading(value):
    return {"mixed_finding": {"value": value, "document": DOCUMENT}}


@both_profiles
@pytest.mark.parametrize(
    ("harm", "impact", "lower", "higher"),
    [
        ("serious", "minor", 1, 2),
        ("minor", "especially_major", 1, 3),
        ("especially_serious", "major", 2, 3),
    ],
)
def test_art19_reading_higher_applies_the_higher_tier_and_cites_the_determination(
    profile, harm, impact, lower, higher
):
    plain = decide_json(facts(profile=profile, harm=harm, impact=impact))
    read = decide_json(facts(profile=profile, harm=harm, impact=impact, readings=reading("higher")))
    assert person(plain, "staff-1")["tier"] == lower
    staff = person(read, "staff-1")
    assert staff["tier"] == higher
    assert staff["measures"] == {2: ["admonishment"], 3: ["organizational_measure"]}[higher]
    assert staff["basis"][-2:] == [f"细则第十{'四' if higher == 2 else '五'}条", DOCUMENT]
    assert "mixed_finding" not in codes(read)
    # 细则第十四条: the honours follow the tier the reading reached.
    assert read["honour_disqualification"]["year"] == 2026


@both_profiles
def test_art19_reading_lower_keeps_the_lower_tier_without_a_point_and_cites_it(profile):
    read = decide_json(
        facts(profile=profile, harm="serious", impact="minor", readings=reading("lower"))
    )
    staff = person(read, "staff-1")
    assert (staff["tier"], staff["measures"]) == (1, ["circulated_notice"])
    assert staff["basis"][-2:] == ["细则第十三条", DOCUMENT]
    assert "mixed_finding" not in codes(read)
    assert read["honour_disqualification"] is None


@both_profiles
def test_art19_reading_is_not_cited_where_the_finding_is_not_mixed(profile):
    """Harm and impact at one level: nothing to settle; the output is as without the reading."""
    base = facts(profile=profile, harm="serious", impact="major")
    assert decide_json(dict(base, readings=reading("higher"))) == decide_json(base)


def test_art19_reading_after_escalation_settles_nothing_more():
    """An escalation that reaches the higher tier settles the mixed finding by itself."""
    prior = [
        {"person": "staff-1", "measure": "circulated_notice", "rectification_due": "2026-01-31"}
    ]
    base = facts(
        harm="serious",
        impact="minor",
        people=[{"id": "staff-1", "role": "staff"}],
        prior_measures=prior,
    )
    for value in ("lower", "higher"):
        assert decide_json(dict(base, readings=reading(value))) == decide_json(base)


def test_art19_no_readings_is_the_same_as_an_empty_object():
    base = facts(harm="serious", impact="minor")
    assert decide_json(dict(base, readings={})) == decide_json(base)


@pytest.mark.parametrize(
    ("readings", "field"),
    [
        ({"mixed_harm": {"value": "higher", "document": DOCUMENT}}, "readings.mixed_harm"),
        (
            {"mixed_finding": {"value": "highest", "document": DOCUMENT}},
            "readings.mixed_finding.value",
        ),
        ({"mixed_finding": {"value": "higher"}}, "readings.mixed_finding.document"),
        (
            {"mixed_finding": {"value": "higher", "document": " "}},
            "readings.mixed_finding.document",
        ),
        ({"mixed_finding": {"document": DOCUMENT}}, "readings.mixed_finding.value"),
        (
            {"mixed_finding": {"value": "higher", "document": DOCUMENT, "x": 1}},
            "readings.mixed_finding.x",
        ),
        ({"mixed_finding": "higher"}, "readings.mixed_finding"),
        (["mixed_finding"], "readings"),
    ],
)
def test_art19_invalid_readings_name_the_field(readings, field):
    with pytest.raises(FactsError) as caught:
        parse_facts(facts(readings=readings))
    assert caught.value.field == field
