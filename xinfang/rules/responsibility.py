"""Art. 11 ¶2 of the rules: who bears which responsibility.

Collective responsibility (集体责任): the principal leader and the supervising leader bear
principal leadership responsibility; other team members who took part in the decision or the
work bear important leadership responsibility; whoever explicitly objected and was overruled
bears no leadership responsibility.

Individual responsibility (个人责任), by 尽职免责、失责必问: the staff member specifically in
charge bears direct responsibility; the principal and the supervising leader bear leadership
responsibility; a person found diligent bears none.

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


def allocate(kind: ResponsibilityKind, conduct: Conduct) -> Allocation:
    """The responsibility of one person in a case of the given kind (细则第十一条第二款)."""
    if conduct.objected:
        # 对错误决策或者行为提出明确反对意见而没有被采纳的，不承担领导责任。
        return Allocation(Responsibility.NONE, (ART_11_2,), reason_code="objected")
    if conduct.diligent:
        # 尽职免责: applied to both kinds, since a measure needs a failure of duty (第十一条第一款).
        return Allocation(Responsibility.NONE, (ART_11_2,), reason_code="diligent")
    if kind is ResponsibilityKind.COLLECTIVE:
        return _collective(conduct)
    return _individual(conduct)


def _collective(conduct: Conduct) -> Allocation:
    if conduct.role in (Role.PRINCIPAL_LEADER, Role.SUPERVISING_LEADER):
        return Allocation(Responsibility.PRINCIPAL_LEADERSHIP, (ART_11_2,))
    if conduct.role is Role.TEAM_MEMBER:
        if conduct.participated:
            return Allocation(Responsibility.IMPORTANT_LEADERSHIP, (ART_11_2,))
        return Allocation(Responsibility.NONE, (ART_11_2,), reason_code="did_not_participate")
    return Allocation(
        Responsibility.NONE,
        (ART_11_2,),
        needs_judgement=(
            "集体责任中工作人员的责任细则未作规定；如其具体负责，应另按个人责任认定 / "
            "the rules assign no collective responsibility to staff; if the staff member was "
            "specifically in charge, decide individual responsibility separately"
        ),
        reason_code="staff_in_collective_case",
    )


def _individual(conduct: Conduct) -> Allocation:
    if conduct.role in (Role.PRINCIPAL_LEADER, Role.SUPERVISING_LEADER):
        return Allocation(Responsibility.LEADERSHIP, (ART_11_2,))
    if conduct.role is Role.STAFF:
        if conduct.participated:
            return Allocation(Responsibility.DIRECT, (ART_11_2,))
        return Allocation(
            Responsibility.NONE, (ART_11_2,), reason_code="not_the_staff_member_in_charge"
        )
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
