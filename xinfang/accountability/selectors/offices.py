"""The organs the registry names for a managing authority (同级, 细则第十八条), and the
petition office of a territory (细则第六条)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from xinfang.access.choices import DenialReason
from xinfang.access.policy import log_denial, scope_for
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import departments_of_level


def organs_with_role_at_level_of(authority: Organ, role: str) -> list[Organ]:
    """Active organs with ``role`` at the authority's level (同级, 细则第十八条).

    The registry's rule (``departments_of_level``): same level and region code, else the
    nearest level above along the authority's chain.
    """
    return departments_of_level(authority, role)


def territorial_petition_office(organ: Organ) -> Organ | None:
    """The petition office whose territory holds ``organ`` most closely (细则第六条).

    An office serves the subtree of its parent organ; the deepest such office wins, and an
    organ is never investigated by an office inside its own chain of command.
    """
    chain = [int(part) for part in organ.path.strip("/").split("/") if part]
    # Offices hang below an organ of the chain (or are a root of it): a handful of rows.
    nearby = Organ.objects.filter(
        Q(parent_id__in=chain) | Q(pk__in=chain, parent__isnull=True), is_active=True
    ).select_related("parent")
    offices = [
        office
        for office in nearby
        if office.has_role(OrganRole.PETITION_OFFICE)
        and organ.path.startswith((office.parent or office).path)
        # Never the office itself or an organ above it (its own chain of command).
        and not office.path.startswith(organ.path)
    ]
    if not offices:
        return None
    return max(offices, key=lambda office: (office.parent or office).depth)


def petition_office_of_user(user: Any, organ: Organ) -> Organ | None:
    """The user's petition office whose territory holds ``organ`` (for the administrator: the
    territorial office), or None."""
    scope = scope_for(user)
    if scope.is_admin:
        return territorial_petition_office(organ)
    if scope.is_empty or "petition_office" not in scope.roles:
        return None
    if organ.pk in scope.exposed_organ_ids:
        return None
    for office in Organ.objects.filter(pk__in=sorted(scope.member_organ_ids)).select_related(
        "parent"
    ):
        if office.has_role(OrganRole.PETITION_OFFICE) and organ.path.startswith(
            (office.parent or office).path
        ):
            return office
    return None


def require_petition_office(user: Any, organ: Organ, *, action: str) -> Organ:
    """The user's petition office for ``organ``, or a logged 403 (only that office acts)."""
    office = petition_office_of_user(user, organ)
    if office is None:
        log_denial(
            user,
            object_type="orgs.organ",
            object_id=organ.pk,
            reason=DenialReason.NOT_OWN_ORGAN,
            action=action,
        )
        raise PermissionDenied(_("只有该地区的信访部门可以办理。"))
    return office
