"""Accountability records (细则第十七条、第十八条): who may read a cadre's record."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import LEADERSHIP_KINDS, Organ, Person, Position
from xinfang.orgs.selectors import (
    departments_of_level,
    held_on,
    person_managing_authority,
)

from .scoping import scope_for

# ---------------------------------------------------------------------------------------------
# Accountability records (细则第十七条、第十八条)


def _cadre_authority(person: Person, *, on: date) -> Organ | None:
    """The cadre's managing authority today, or as of the last position the cadre held."""
    authority = person_managing_authority(person, on)
    if authority is not None:
        return authority
    last = (
        Position.objects.filter(person_id=person.pk, start__lte=on)
        .order_by("-end", "-start")
        .values_list("end", flat=True)
        .first()
    )
    return person_managing_authority(person, last) if last is not None else None


def can_read_accountability_record(user: Any, person: Person) -> bool:
    """Whether the user may read a person's accountability record (细则第十七条、第十八条).

    Only the managing authority (有管理权限的党政机关: its leadership team, which decides) and
    the organization and personnel departments of its level (同级组织、人事部门, notified
    under 第十八条), besides the system administrator. The person concerned never reads his
    own; nobody else reads it — not the petition office, not colleagues.
    """
    scope = scope_for(user)
    if scope.is_empty:
        return False
    if scope.person_id == person.pk:
        return False
    if scope.is_admin:
        return True
    today = timezone.localdate()
    authority = _cadre_authority(person, on=today)
    if authority is None:
        return False
    if (
        scope.person_id is not None
        and authority.pk in scope.member_organ_ids
        and Position.objects.filter(
            held_on(today),
            person_id=scope.person_id,
            organ_id=authority.pk,
            kind__in=LEADERSHIP_KINDS,
        ).exists()
    ):
        return True
    departments = {
        organ.pk
        for role in (OrganRole.ORGANIZATION, OrganRole.PERSONNEL)
        for organ in departments_of_level(authority, role)
    }
    return not departments.isdisjoint(scope.member_organ_ids)
