"""Duty holders on the date of the failure (细则第七条、第八条、第十一条第二款)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, OrganRole, PortfolioSubject
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import leadership_team_on, principal_leader_on, supervising_leaders_on
from xinfang.petitions.matters.categories import portfolio_subject_of
from xinfang.petitions.matters.models import Matter

from ..choices import DutyRole

_KIND_TO_ROLE = {
    "principal_leader": DutyRole.PRINCIPAL_LEADER,
    "supervising_leader": DutyRole.SUPERVISING_LEADER,
    "team_member": DutyRole.TEAM_MEMBER,
    "staff": DutyRole.STAFF,
}


@dataclass(frozen=True)
class DutyHolder:
    """One person who held the duty on a day, with the position that gave it."""

    person: Person
    organ: Organ
    position: Position | None
    role: str


def failed_work_subject(organ: Organ, *, period: str = "", matter: Matter | None = None) -> str:
    """The portfolio subject (分管) that covers the work that failed at ``organ``.

    The 直接主管的负责人 (细则第十一条第二款) is the leader whose portfolio covers the work that
    failed, not the one who holds the petition portfolio. The petition office's own steps —
    routing (``route``: 转送、交办) and whatever a petition office fails to do (a reply to the
    supervision of its routing) — are petition work (``petition``); a department's acceptance,
    handling, review, reply to supervision or execution is the work of the matter's category
    (its ``portfolio_subject``, inherited from its parents). "" when the registry cannot tell:
    no matter, no category, or a category naming no subject.
    """
    if period == "route" or organ.has_role(OrganRole.PETITION_OFFICE):
        return PortfolioSubject.PETITION
    if matter is None:
        return ""
    return portfolio_subject_of(matter.category)


def duty_holders_on(
    organ: Organ,
    day: dt.date,
    *,
    subject: str = PortfolioSubject.PETITION,
    staff_person_ids: Iterable[int] = (),
) -> list[DutyHolder]:
    """Who held the duty at ``organ`` on ``day``, from the positions in force that day.

    The principal leader (负总责), the supervising leaders whose portfolio (分管) includes
    ``subject`` (直接主管的负责人: ``failed_work_subject``; none when ``subject`` is ""), and the
    staff members among ``staff_person_ids`` who held a post there that day (those who acted on
    the record: 第八条). A leader appointed after ``day`` bears nothing: only positions held on
    that day count.
    """
    holders: list[DutyHolder] = []
    principal = principal_leader_on(organ, day)
    if principal is not None:
        holders.append(DutyHolder(principal.person, organ, principal, DutyRole.PRINCIPAL_LEADER))
    for position in supervising_leaders_on(organ, subject, day) if subject else []:
        holders.append(DutyHolder(position.person, organ, position, DutyRole.SUPERVISING_LEADER))
    wanted = set(staff_person_ids)
    if wanted:
        seen = {h.person.pk for h in holders}
        staff_posts = (
            Position.objects.filter(organ_id=organ.pk, person_id__in=sorted(wanted))
            .filter(start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
            .exclude(kind__in=LEADERSHIP_POSITION_KINDS)
            .select_related("person")
            .order_by("start", "pk")
        )
        for position in staff_posts:
            if position.person_id not in seen:
                seen.add(position.person_id)
                holders.append(DutyHolder(position.person, organ, position, DutyRole.STAFF))
    return holders


def supervising_leader_unclear(subject: str, holders: Iterable[DutyHolder]) -> bool:
    """Whether the registry cannot tell the 直接主管的负责人: no subject, or no holder whose
    portfolio covered it on the day (细则第十一条第二款)."""
    return not subject or not any(h.role == DutyRole.SUPERVISING_LEADER for h in holders)


def role_of_person_on(person: Person, organ: Organ, day: dt.date) -> tuple[str, Position] | None:
    """The person's duty role at ``organ`` on ``day`` from the position then held, or None."""
    for position in leadership_team_on(organ, day):
        if position.person_id == person.pk:
            return _KIND_TO_ROLE[position.kind], position
    post = (
        Position.objects.filter(organ_id=organ.pk, person_id=person.pk, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .order_by("start", "pk")
        .first()
    )
    if post is None:
        return None
    return _KIND_TO_ROLE.get(post.kind, DutyRole.STAFF), post
