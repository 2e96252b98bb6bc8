"""Art. 11 ¶2 of the rules: who bears which responsibility, read to the letter.

Collective responsibility (集体责任): the principal leader and the supervising leader bear
principal leadership responsibility; other team members who took part in the decision or the
work bear important leadership responsibility; whoever explicitly objected and was overruled
bears no *leadership* responsibility ("不承担领导责任"). 尽职免责 is not part of this sentence:
a diligent leader of a collective decision still bears it (the flag is noted, not applied).

Individual responsibility (个人责任), by 尽职免责、失责必问: the staff member specifically in
charge bears direct responsibility; the principal and the supervising leader bear leadership
responsibility; a person found diligent bears none. An objection exempts from leadership
responsibility only, so a staff member's direct responsibility stays, and the objection is
returned for judgement.

One case may hold both (``both``): leaders are judged under the collective sentence, staff
under the individual one, unless a person's own ``kind`` says otherwise.

Where the seed is silent (a staff member in a collective case, a team member in an individual
case) the person bears none and the point is returned for human judgement; docs/rules.md
records these choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .basis import Basis, rules


class Role(StrEnum):
    PRINCIPAL_LEADER = "principal_leader"  # 领导班子主要负责人
    SUPERVISING_LEADER = "supervising_leader"  # 直接主管的负责人
    TEAM_MEMBER = "team_member"  # 班子其他成员
    STAFF = "staff"  # 工作人员


class ResponsibilityKind(StrEnum):
    COLLECTIVE = "collective"
    INDIVIDUAL = "individual"
    # A case that establishes both (a team decision and a staff member's act): each person is
    # judged under the sentence of 第十一条第二款 that applies to them (see :func:`paragraph_for`).
    BOTH = "both"


class Responsibility(StrEnum):
    PRINCIPAL_LEADERSHIP = "principal_leadership"  # 主要领导责任
    IMPORTANT_LEADERSHIP = "important_leadership"  # 重要领导责任
    DIRECT = "direct"  # 直接责任
    LEADERSHIP = "leadership"  # 领导责任
    NONE = "none"


ART_11_2 = rules(11, 2)


@dataclass(frozen=True, slots=True)
class Conduct:
    """What the investigation found about one person's part in the failure."""

    role: Role
    participated: bool = True
    objected: bool = False
    diligent: bool = False


@dataclass(frozen=True, slots=True)
class Allocation:
    """The responsibility a person bears, its basis, and any point needing judgement."""

    responsibility: Responsibility
    basis: tuple[Basis, ...]
    needs_judgement: str = ""
    reason_code: str = ""


def paragraph_for(kind: ResponsibilityKind, role: Role) -> ResponsibilityKind:
    """The sentence of 第十一条第二款 a person is judged under: in a ``both`` case, leaders under
    the collective one (the team's decision) and staff under the individual one (their act)."""
    if kind is not ResponsibilityKind.BOTH:
        return kind
    if role is Role.STAFF:
        return ResponsibilityKind.INDIVIDUAL
    return ResponsibilityKind.COLLECTIVE


def allocate(kind: ResponsibilityKind, conduct: Conduct) -> Allocation:
    """The responsibility of one person in a case of the given kind (细则第十一条第二款)."""
    if paragraph_for(kind, conduct.role) is ResponsibilityKind.COLLECTIVE:
        return _collective(conduct)
    return _individual(conduct)


_DILIGENCE_IN_COLLECTIVE = (
    "尽职免责仅适用于个人责任（第十一条第二款）；集体责任中该领导按所列责任承担，"
    "“尽职”认定未予适用 / 尽职免责 (exemption for diligence) applies to individual "
    "responsibility only (Art. 11 ¶2); in collective responsibility this leader bears the "
    "responsibility shown and the diligence finding is not applied"
)


def _collective(conduct: Conduct) -> Allocation:
    if conduct.role is Role.STAFF:
        if conduct.diligent:
            # Diligent: no individual responsibility to decide separately either.
            return Allocation(Responsibility.NONE, (ART_11_2,), reason_code="diligent")
        # An objection does not matter here: it exempts from leadership responsibility only.
        return Allocation(
            Responsibility.NONE,
            (ART_11_2,),
            needs_judgement=(
                "集体责任中工作人员的责任细则未作规定；如其具体负责，应另按个人责任认定 / "
                "the rules assign no collective responsibility to staff; if the staff member "
                "was specifically in charge, decide individual responsibility separately"
            ),
            reason_code="staff_in_collective_case",
        )
    if conduct.objected:
        # 对错误决策或者行为提出明确反对意见而没有被采纳的，不承担领导责任。
        return Allocation(Responsibility.NONE, (ART_11_2,), reason_code="objected")
    if conduct.role is Role.TEAM_MEMBER:
        if not conduct.participated:
            return Allocation(Responsibility.NONE, (ART_11_2,), reason_code="did_not_participate")
        bears = Responsibility.IMPORTANT_LEADERSHIP
    else:
        # 领导班子主要负责人和直接主管的负责人承担主要领导责任 (no exemption for diligence).
        bears = Responsibility.PRINCIPAL_LEADERSHIP
    if conduct.diligent:
        return Allocation(
            bears,
            (ART_11_2,),
            needs_judgement=_DILIGENCE_IN_COLLECTIVE,
            reason_code="diligence_in_collective_case",
        )
    return Allocation(bears, (ART_11_2,))


def _individual(conduct: Conduct) -> Allocation:
    if conduct.role is Role.STAFF:
        if not conduct.participated:
            return Allocation(
                Responsibility.NONE, (ART_11_2,), reason_code="not_the_staff_member_in_charge"
            )
        if conduct.diligent:
            # 尽职免责、失责必问.
            return Allocation(Responsibility.NONE, (ART_11_2,), reason_code="diligent")
        if conduct.objected:
            # The objection rule exempts from 领导责任 only; 直接责任 stays.
            return Allocation(
                Responsibility.DIRECT,
                (ART_11_2,),
                needs_judgement=(
                    "提出反对意见而未被采纳的，细则仅免除领导责任；工作人员的直接责任不因此免除，"
                    "其反对意见可否作为从轻情节由有管理权限的党政机关判断 / an overruled "
                    "objection exempts only from leadership responsibility (Art. 11 ¶2); the "
                    "staff member's direct responsibility stays, and whether the objection "
                    "weighs in mitigation is for the managing authority"
                ),
                reason_code="staff_objection",
            )
        return Allocation(Responsibility.DIRECT, (ART_11_2,))
    if conduct.objected:
        # 对错误决策或者行为提出明确反对意见而没有被采纳的，不承担领导责任。
        return Allocation(Responsibility.NONE, (ART_11_2,), reason_code="objected")
    if conduct.diligent:
        # 尽职免责.
        return Allocation(Responsibility.NONE, (ART_11_2,), reason_code="diligent")
    if conduct.role in (Role.PRINCIPAL_LEADER, Role.SUPERVISING_LEADER):
        return Allocation(Responsibility.LEADERSHIP, (ART_11_2,))
    if not conduct.participated:
        return Allocation(Responsibility.NONE, (ART_11_2,), reason_code="did_not_participate")
    return Allocation(
        Responsibility.NONE,
        (ART_11_2,),
        needs_judgement=(
            "个人责任中班子其他成员的责任细则未作规定"
            "（仅主要负责人和直接主管的负责人承担领导责任）/ "
            "in individual responsibility the rules name only the principal and supervising "
            "leaders; whether this team member is in fact the supervising leader needs judgement"
        ),
        reason_code="team_member_in_individual_case",
    )
