"""A leader's portfolio (我的分管, 细则第七条第四项 督促检查职权范围内信访工作任务的落实情况):
what is open within it, in each organ whose team the leader sits on.

The principal leader answers for everything of the organ (负总责, 第七条 first sentence); a
member for the subjects of the portfolio (``Position.portfolio``): the matters whose category's
portfolio subject is among them (a ``petition`` portfolio covers every matter). An organ that
leads a territory (a party committee or a government) oversees the matters of every organ of
its region; any other organ, its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from xinfang.access.policy import visible
from xinfang.orgs.choices import OrganRole, PortfolioSubject, PositionKind
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import organ_subtree, positions_of_person_on
from xinfang.petitions.matters.categories import portfolio_subject_of
from xinfang.petitions.matters.models import Category, Matter
from xinfang.petitions.matters.selectors import overdue_matters

from ..models.leaders import CaseOwnership, Instruction, InstructionState, OwnershipState
from .leaders import (
    LeaderNorm,
    instructions_for,
    is_stalled,
    leader_norms,
    ownerships_for,
)

#: How many overdue matters the page lists (the count is whole).
MATTERS_SHOWN = 50
_TERRITORIAL = (OrganRole.PARTY_COMMITTEE, OrganRole.GOVERNMENT)


@dataclass
class PortfolioPart:
    """One organ of a leader's portfolio."""

    position: Position
    instructions: list[Instruction] = field(default_factory=list)
    overdue_instructions: int = 0
    norms: list[LeaderNorm] = field(default_factory=list)
    ownerships: list[tuple[CaseOwnership, bool]] = field(default_factory=list)
    overdue_matters: list[Matter] = field(default_factory=list)
    overdue_matter_count: int = 0

    @property
    def organ(self) -> Organ:
        return self.position.organ

    @property
    def stalled_count(self) -> int:
        return sum(1 for _o, flag in self.ownerships if flag)


def covers_everything(position: Position) -> bool:
    """Whether every matter is within the position's portfolio: the principal leader's (负总责)
    and a portfolio of petition work."""
    subjects = position.portfolio or []
    return position.kind == PositionKind.PRINCIPAL_LEADER or PortfolioSubject.PETITION in subjects


def categories_of(subjects: list[str]) -> list[int]:
    """The categories whose work a portfolio of ``subjects`` covers (their own subject, or
    their nearest ancestor's): one read of the (small) category table."""
    wanted = set(subjects)
    return [
        c.pk for c in Category.objects.select_related("parent") if portfolio_subject_of(c) in wanted
    ]


def _territory_q(organ: Organ) -> Q:
    if any(organ.has_role(role) for role in _TERRITORIAL):
        return Q(current_organ__region_code__startswith=organ.region_code)
    return Q(current_organ__in=organ_subtree(organ))


def _overdue_in_portfolio(
    user: Any, position: Position, today: dt.date
) -> tuple[list[Matter], int]:
    """The first overdue matters of the portfolio, and how many there are."""
    rows = visible(user, overdue_matters(today=today)).filter(_territory_q(position.organ))
    if not covers_everything(position):
        rows = rows.filter(category_id__in=categories_of(list(position.portfolio or [])))
    shown = list(rows.select_related("current_organ")[:MATTERS_SHOWN])
    return shown, (len(shown) if len(shown) < MATTERS_SHOWN else rows.count())


def leader_portfolio(user: Any, person: Person, today: dt.date) -> list[PortfolioPart]:
    """What is open in ``person``'s portfolio in each organ whose team they are on today, as
    ``user`` may see it: the instructions the person gave (and how many reports are overdue),
    receptions and field visits against the norm, ownerships (stalled flagged), overdue matters
    of the portfolio."""
    parts = []
    for position in positions_of_person_on(person, today):
        if not position.is_leadership:
            continue
        organ = position.organ
        given = instructions_for(user).filter(organ_id=organ.pk, leader_id=person.pk)
        open_given = list(given.exclude(state=InstructionState.CLOSED))
        owned = ownerships_for(user).filter(
            organ_id=organ.pk, leader_id=person.pk, state=OwnershipState.OWNED
        )
        matters, count = _overdue_in_portfolio(user, position, today)
        parts.append(
            PortfolioPart(
                position=position,
                instructions=open_given,
                overdue_instructions=sum(1 for i in open_given if i.report_overdue(today)),
                norms=[
                    n for n in leader_norms(organ, today.year, today) if n.person.pk == person.pk
                ],
                ownerships=[(o, is_stalled(o, today)) for o in owned],
                overdue_matters=matters,
                overdue_matter_count=count,
            )
        )
    return parts
