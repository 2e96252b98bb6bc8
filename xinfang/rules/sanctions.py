"""Art. 12–16 of the rules: measures, the escalation ladder, honours and referrals.

Tier 1 (细则第十三条): 情节较轻 → ``circulated_notice`` and rectification by a deadline.
Tier 2 (细则第十四条): serious harm *and* major impact, or a ``circulated_notice`` whose
rectification deadline passed unrectified → ``admonishment`` and rectification; the organ
loses eligibility for comprehensive honours for the year.
Tier 3 (细则第十五条): especially serious harm *and* especially major impact, or an
``admonishment`` whose deadline passed unrectified → ``organizational_measure`` (suspension,
reassignment, ordered resignation, demotion, removal and the like).
The higher tier wins. A mixed finding (harm and impact at different levels, where the higher
of the two alone would reach a higher tier) stays at the lower tier and needs judgement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from .basis import Basis, rules


class Harm(StrEnum):
    """危害程度: 情节较轻 / 危害严重 / 危害特别严重."""

    MINOR = "minor"
    SERIOUS = "serious"
    ESPECIALLY_SERIOUS = "especially_serious"

    @property
    def level(self) -> int:
        return list(Harm).index(self)


class Impact(StrEnum):
    """影响程度: 较轻 / 影响重大 / 影响特别重大."""

    MINOR = "minor"
    MAJOR = "major"
    ESPECIALLY_MAJOR = "especially_major"

    @property
    def level(self) -> int:
        return list(Impact).index(self)


class PersonMeasure(StrEnum):
    """Measures on leaders and staff (细则第十二条第一款)."""

    CIRCULATED_NOTICE = "circulated_notice"  # 通报
    ADMONISHMENT = "admonishment"  # 诫勉
    ORGANIZATIONAL_MEASURE = "organizational_measure"  # 组织调整或者组织处理
    DISCIPLINARY_SANCTION = "disciplinary_sanction"  # 纪律处分


class OrganMeasure(StrEnum):
    """Measures on organs (细则第十二条第一款)."""

    WRITTEN_SELF_EXAMINATION = "written_self_examination"  # 责令书面检查
    CIRCULATED_CRITICISM = "circulated_criticism"  # 通报批评


class OrganizationalOption(StrEnum):
    """The organizational measures listed by 细则第十五条 (the list is open: 等)."""

    SUSPENSION = "suspension"  # 停职检查
    REASSIGNMENT = "reassignment"  # 调整职务
    ORDERED_RESIGNATION = "ordered_resignation"  # 责令辞职
    DEMOTION = "demotion"  # 降职
    REMOVAL = "removal"  # 免职


class ReferralTarget(StrEnum):
    DISCIPLINE = "discipline"  # 纪检监察机关（细则第十六条）
    JUDICIAL = "judicial"  # 司法机关（细则第十二条第二款）


TIER_MEASURES: dict[int, tuple[PersonMeasure, ...]] = {
    0: (),
    1: (PersonMeasure.CIRCULATED_NOTICE,),
    2: (PersonMeasure.ADMONISHMENT,),
    3: (PersonMeasure.ORGANIZATIONAL_MEASURE,),
}
TIER_BASIS: dict[int, Basis] = {1: rules(13), 2: rules(14), 3: rules(15)}
# 细则第十三条、第十四条 order rectification by a deadline; 第十五条 does not.
TIER_RECTIFICATION: dict[int, bool] = {0: False, 1: True, 2: True, 3: False}


@dataclass(frozen=True, slots=True)
class PriorMeasure:
    """A measure a person received earlier, with its rectification deadline.

    ``same_target`` says whether this case follows up that measure's rectification (整改目标).
    细则第十四条、第十五条 escalate "受到通报（诫勉）后仍未（按期）完成整改目标": the unmet
    target is that measure's own, so only its follow-up escalates, not a later unrelated case.
    """

    person: str
    measure: PersonMeasure
    rectification_due: dt.date
    rectified: bool = False
    same_target: bool = True

    def unrectified_by(self, day: dt.date) -> bool:
        """Whether the deadline passed before ``day`` without rectification."""
        return not self.rectified and self.rectification_due < day


@dataclass(frozen=True, slots=True)
class TierFinding:
    """The tier the facts reach, why, and whether the finding is mixed."""

    tier: int
    basis: tuple[Basis, ...]
    mixed: bool = False
    escalated_from: PersonMeasure | None = None
    # The tier the more severe of harm and impact alone would reach (for a mixed finding).
    upper_tier: int = 0


def severity_tier(harm: Harm, impact: Impact) -> TierFinding:
    """The tier reached by harm and impact alone (细则第十三条至第十五条).

    Both thresholds must be met: serious *and* major for tier 2, especially serious *and*
    especially major for tier 3. A finding whose higher component alone would reach a higher
    tier is mixed.
    """
    lower = min(harm.level, impact.level)
    higher = max(harm.level, impact.level)
    tier = 1 + lower
    return TierFinding(
        tier=tier, basis=(TIER_BASIS[tier],), mixed=higher > lower, upper_tier=1 + higher
    )


def escalation_tier(
    prior: list[PriorMeasure] | tuple[PriorMeasure, ...], on: dt.date
) -> TierFinding:
    """The tier reached by earlier measures left unrectified past their deadline.

    Only measures whose rectification this case follows up (``same_target``) count.
    An unrectified ``circulated_notice`` leads to tier 2 (细则第十四条:
    "受到通报后仍未完成整改目标"); an unrectified ``admonishment`` leads to tier 3
    (细则第十五条: "受到诫勉后仍未按期完成整改目标").
    """
    tier = 0
    source: PersonMeasure | None = None
    for measure in prior:
        if not measure.same_target or not measure.unrectified_by(on):
            continue
        if measure.measure is PersonMeasure.ADMONISHMENT and tier < 3:
            tier, source = 3, measure.measure
        elif measure.measure is PersonMeasure.CIRCULATED_NOTICE and tier < 2:
            tier, source = 2, measure.measure
    if tier == 0:
        return TierFinding(tier=0, basis=())
    return TierFinding(tier=tier, basis=(TIER_BASIS[tier],), escalated_from=source)


def person_tier(
    harm: Harm, impact: Impact, prior: list[PriorMeasure] | tuple[PriorMeasure, ...], on: dt.date
) -> TierFinding:
    """The higher of the severity tier and the escalation tier (the higher tier wins).

    The finding stays mixed only while the more severe component alone would still reach a
    tier above the one decided; an escalation that reaches that tier anyway settles it.
    """
    by_severity = severity_tier(harm, impact)
    by_escalation = escalation_tier(prior, on)
    tier = max(by_severity.tier, by_escalation.tier)
    basis = by_escalation.basis if by_escalation.tier > by_severity.tier else by_severity.basis
    return TierFinding(
        tier=tier,
        basis=basis,
        mixed=by_severity.mixed and by_severity.upper_tier > tier,
        escalated_from=by_escalation.escalated_from if by_escalation.tier == tier else None,
        upper_tier=by_severity.upper_tier,
    )


def settle_mixed(finding: TierFinding, *, higher: bool, ruling: Basis) -> TierFinding:
    """A mixed finding settled by the municipal petition office's reading (细则第十九条).

    ``higher``: the tier the more severe of harm and impact alone reaches; otherwise the lower
    tier. Either way the finding is no longer mixed and cites ``ruling`` (the determination's
    document number). A finding that is not mixed is returned as it is.
    """
    if not finding.mixed:
        return finding
    if higher:
        upper = finding.upper_tier
        return TierFinding(tier=upper, basis=(TIER_BASIS[upper], ruling), upper_tier=upper)
    return TierFinding(
        tier=finding.tier,
        basis=(*finding.basis, ruling),
        escalated_from=finding.escalated_from,
        upper_tier=finding.upper_tier,
    )


def organizational_options() -> tuple[OrganizationalOption, ...]:
    """The measures 细则第十五条 lists, in its order."""
    return tuple(OrganizationalOption)
