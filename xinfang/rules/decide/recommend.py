"""The recommendation of a case: 细则第十一条至第十八条 applied to its facts."""

from __future__ import annotations

from typing import Any

from ..basis import Basis, rules
from ..errors import ProfileError
from ..grounds import ground
from ..profiles import Profile, load_profile, profile_in_force
from ..readings import MIXED_FINDING
from ..responsibility import Responsibility, ResponsibilityKind, allocate, paragraph_for
from ..sanctions import (
    TIER_MEASURES,
    TIER_RECTIFICATION,
    OrganizationalOption,
    OrganMeasure,
    PersonMeasure,
    ReferralTarget,
    person_tier,
    settle_mixed,
)
from .facts import Facts, FactsError, parse_facts
from .output import Judgement, PersonOutcome, Recommendation, Referral

_ORGAN_MEASURE_ZH = {
    OrganMeasure.WRITTEN_SELF_EXAMINATION: "责令书面检查",
    OrganMeasure.CIRCULATED_CRITICISM: "通报批评",
}
_ORGAN_MEASURE_EN = {
    OrganMeasure.WRITTEN_SELF_EXAMINATION: "written self-examination",
    OrganMeasure.CIRCULATED_CRITICISM: "circulated criticism",
}


def _profile_for(facts: Facts) -> Profile:
    if facts.profile is None:
        try:
            return profile_in_force(facts.decided_on)
        except ProfileError as exc:
            raise FactsError("decided_on", exc.message_zh, exc.message_en) from None
    try:
        return load_profile(facts.profile)
    except ProfileError as exc:
        raise FactsError("profile", exc.message_zh, exc.message_en) from None


def _not_accountable(facts: Facts, profile: Profile) -> Recommendation:
    if not facts.grounds:
        basis: tuple[Basis, ...] = (rules(11, 1),)
    else:
        basis = tuple(ground(n).basis for n in facts.grounds)
    people = tuple(
        PersonOutcome(p.id, p.conduct.role, Responsibility.NONE, 0, (), False, basis)
        for p in facts.people
    )
    return Recommendation(
        accountable=False,
        basis=basis,
        organ_id=facts.organ_id,
        organ_measures=(),
        organ_basis=(),
        people=people,
        honour_year=None,
        honour_basis=(),
        referrals=(),
        notify=(),
        needs_judgement=(),
        profile=profile.name,
        decided_on=facts.decided_on,
    )


def decide(facts: Facts) -> Recommendation:
    """Apply 细则第十一条至第十八条 to the facts of one case."""
    profile = _profile_for(facts)
    if not facts.grounds or not facts.threshold_met:
        # 无第十一条所列情形，或其后果要件（造成严重后果、严重损害……）未成立：不予追究。
        return _not_accountable(facts, profile)

    judgements: list[Judgement] = []
    ground_basis = tuple(ground(n).basis for n in facts.grounds)
    if 9 in facts.grounds:
        judgements.append(
            Judgement(
                "other_failure_of_duty",
                "第十一条第一款第九项为兜底情形，是否构成应追究责任的失职失责"
                "由有管理权限的党政机关认定 / ground 9 is the catch-all; the managing "
                "authority must establish that the failure calls for accountability",
                (rules(11, 1, 9), rules(17)),
            )
        )

    if facts.supervising_leader_unclear:
        judgements.append(
            Judgement(
                "supervising_leader_unclear",
                "直接主管的负责人是分管出问题工作（事项类别或承办部门）的负责人，"
                "登记信息无法确定其人，须由有管理权限的党政机关认定 / the supervising leader "
                "(直接主管的负责人) is the leader whose portfolio covers the work that failed (the "
                "matter's category or the handling department); the registry cannot tell who "
                "that is, so the managing authority must establish it",
                (rules(11, 2), rules(17)),
            )
        )

    people: list[PersonOutcome] = []
    referrals: list[Referral] = []
    top_tier = 0
    mixed_reading = facts.reading(MIXED_FINDING.key)
    for person in facts.people:
        paragraph = person.kind or paragraph_for(facts.responsibility, person.conduct.role)
        allocation = allocate(paragraph, person.conduct)
        if allocation.needs_judgement:
            judgements.append(
                Judgement(
                    allocation.reason_code, allocation.needs_judgement, allocation.basis, person.id
                )
            )
        if allocation.responsibility is Responsibility.NONE:
            people.append(
                PersonOutcome(
                    person.id,
                    person.conduct.role,
                    Responsibility.NONE,
                    0,
                    (),
                    False,
                    allocation.basis,
                )
            )
            if person.id in facts.discipline_warranted:
                judgements.append(
                    Judgement(
                        "discipline_without_responsibility",
                        "该人员不承担信访工作责任，但被认为应给予纪律处分，须另行依纪依法认定 / "
                        "this person bears no petition work responsibility yet discipline was "
                        "found warranted; the discipline bodies must decide on their own footing",
                        (rules(11, 2), rules(16)),
                        person.id,
                    )
                )
            if person.id in facts.suspected_crime:
                referrals.append(Referral(person.id, ReferralTarget.JUDICIAL, (rules(12, 2),)))
            continue

        prior = tuple(m for m in facts.prior_measures if m.person == person.id)
        finding = person_tier(facts.harm, facts.impact, prior, facts.decided_on)
        if mixed_reading is not None:
            # 细则第十九条: the office's reading settles the mixed finding, and is cited.
            finding = settle_mixed(
                finding, higher=mixed_reading.value == "higher", ruling=mixed_reading.ruling
            )
        measures = list(TIER_MEASURES[finding.tier])
        basis = list(allocation.basis + finding.basis)
        if finding.mixed:
            judgements.append(
                Judgement(
                    "mixed_finding",
                    f"危害程度（{facts.harm.value}）与影响程度（{facts.impact.value}）不在同一档次，"
                    f"按较低档次（第{finding.tier}档）建议，是否从重由有管理权限的党政机关判断 / "
                    f"harm ({facts.harm.value}) and impact ({facts.impact.value}) differ; the "
                    f"lower tier ({finding.tier}) is recommended and the managing authority "
                    f"decides whether tier {finding.upper_tier} applies",
                    (rules(14), rules(15)) if finding.upper_tier == 3 else (rules(13), rules(14)),
                    person.id,
                )
            )
        if person.id in facts.discipline_warranted:
            # 细则第十六条；第十二条：追责方式可以合并使用。
            measures.append(PersonMeasure.DISCIPLINARY_SANCTION)
            basis += [rules(16), rules(12, 1)]
            referrals.append(Referral(person.id, ReferralTarget.DISCIPLINE, (rules(16),)))
        if person.id in facts.suspected_crime:
            referrals.append(Referral(person.id, ReferralTarget.JUDICIAL, (rules(12, 2),)))
        top_tier = max(top_tier, finding.tier)
        people.append(
            PersonOutcome(
                id=person.id,
                role=person.conduct.role,
                responsibility=allocation.responsibility,
                tier=finding.tier,
                measures=tuple(measures),
                rectification=TIER_RECTIFICATION[finding.tier],
                basis=tuple(basis),
                options=tuple(OrganizationalOption) if finding.tier == 3 else (),
            )
        )

    # 细则第十二条第一款: 对各级党政机关的责任追究 (责令书面检查、通报批评) answers for the organ's
    # own failure, that is, a collective one; in an individual case it is a point for judgement.
    collective = any(
        (p.kind or paragraph_for(facts.responsibility, p.conduct.role))
        is ResponsibilityKind.COLLECTIVE
        for p in facts.people
    ) or (facts.responsibility is not ResponsibilityKind.INDIVIDUAL and not facts.people)
    organ_measures: tuple[OrganMeasure, ...] = ()
    organ_basis: tuple[Basis, ...] = ()
    if collective:
        organ_measures = profile.organ_measures[facts.harm]
        organ_basis = profile.organ_measures_source
    else:
        mapped = "、".join(_ORGAN_MEASURE_ZH[m] for m in profile.organ_measures[facts.harm])
        judgements.append(
            Judgement(
                "organ_measures",
                f"本案为个人责任；细则第十二条第一款对机关的追责方式（责令书面检查、通报批评）"
                f"是否适用，由有管理权限的党政机关根据情节轻重判断（集体责任时建议：{mapped}） / "
                "this is a case of individual responsibility; whether the measures on organs of "
                "Art. 12 ¶1 (written self-examination, circulated criticism) apply is for the "
                "managing authority to judge by the circumstances (in a collective case: "
                + ", ".join(_ORGAN_MEASURE_EN[m] for m in profile.organ_measures[facts.harm])
                + ")",
                tuple(profile.organ_measures_source),
            )
        )

    honour_basis: tuple[Basis, ...] = ()
    honour_note = ""
    if top_tier >= 2:
        # 细则第十四条 alone withdraws the honours (第十五条 says nothing of them); the graver
        # facts of 第十五条 include those of 第十四条, so tier 3 applies it a fortiori.
        honour_basis = (rules(14),)
        if top_tier == 3:
            honour_note = (
                "适用第十五条的情形重于第十四条，举重以明轻，同样依第十四条取消本年度评选综合性"
                "荣誉称号的资格 / the facts of Art. 15 are graver than those of Art. 14, so "
                "Art. 14 withdraws this year's comprehensive honours a fortiori"
            )
    return Recommendation(
        accountable=True,
        basis=(*ground_basis, rules(11, 2), rules(17), rules(18)),
        organ_id=facts.organ_id,
        organ_measures=organ_measures,
        organ_basis=organ_basis,
        people=tuple(people),
        honour_year=facts.decided_on.year if top_tier >= 2 else None,
        honour_basis=honour_basis,
        honour_region=facts.region_id if top_tier >= 2 else None,
        honour_note=honour_note,
        referrals=tuple(referrals),
        notify=("organization", "personnel"),
        needs_judgement=tuple(judgements),
        profile=profile.name,
        decided_on=facts.decided_on,
    )


def decide_json(data: Any) -> dict[str, Any]:
    """Parse, decide and render in one call (raises :class:`FactsError` on invalid facts)."""
    return decide(parse_facts(data)).to_json()
