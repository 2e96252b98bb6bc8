"""Writes to the organ registry: organs, people and positions.

Every function is keyword-only, runs in one transaction, validates before it saves and writes
its audit entry in that same transaction (细则第十一条第六项、第七项: nothing changes unseen).
Refusals are ``ValidationError`` with a Chinese source message translated into English by the
catalog, and a stable ``code`` for programs.
"""

from .organs import (
    ORGAN_UPDATABLE_FIELDS,
    organ_check,
    organ_create,
    organ_update,
    validate_region_code,
    validate_roles,
)
from .people import person_create, person_link_user, person_update
from .positions import position_check, position_end, position_start, position_update

__all__ = [
    "ORGAN_UPDATABLE_FIELDS",
    "organ_check",
    "organ_create",
    "organ_update",
    "person_create",
    "person_link_user",
    "person_update",
    "position_check",
    "position_end",
    "position_start",
    "position_update",
    "validate_region_code",
    "validate_roles",
]
