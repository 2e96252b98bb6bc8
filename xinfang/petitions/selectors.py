"""Reads of petitioners: access-checked fetches, listings, blind-index lookups, masking.

``petitioner_identity`` returns plaintext for the services and must never reach a page or an
API response directly; ``petitioner_masked`` is what people see by default.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from xinfang.access import crypto
from xinfang.access.identity import (
    mask_address,
    mask_id_number,
    mask_name,
    mask_phone,
    normalise_id_number,
    normalise_phone,
)
from xinfang.access.policy import access_record_by_id, can_read, visible

from .models import ID_INDEX_PURPOSE, NAME_INDEX_PURPOSE, PHONE_INDEX_PURPOSE, Petitioner


def normalise_name(name: str) -> str:
    """A name as the name index holds it: full-width to half-width, no spaces (张 三 → 张三),
    Latin letters folded to lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or "")).casefold()


def name_index_of(name: str, *, ring: crypto.KeyRing | None = None) -> str:
    """The blind index of a petitioner's name ('' for no name)."""
    return crypto.blind_index(normalise_name(name), purpose=NAME_INDEX_PURPOSE, ring=ring)


@dataclass(frozen=True)
class PetitionerIdentity:
    """Decrypted identity of one petitioner (plaintext: keep it in memory only)."""

    name: str
    id_number: str
    phone: str
    address: str

    def __repr__(self) -> str:  # never print plaintext by accident
        return "PetitionerIdentity(<redacted>)"


def petitioner_identity(petitioner: Petitioner) -> PetitionerIdentity:
    """Decrypt the identity fields (any key still in the ring)."""
    ring = crypto.load_keyring()

    def read(field: str) -> str:
        token = getattr(petitioner, f"{field}_ciphertext")
        return crypto.decrypt(token, aad=petitioner.aad(field), ring=ring)

    return PetitionerIdentity(
        name=read("name"),
        id_number=read("id_number"),
        phone=read("phone"),
        address=read("address"),
    )


def petitioner_masked(petitioner: Petitioner) -> dict[str, Any]:
    """The default view of a petitioner: identity masked (张**, 5001**********1234)."""
    identity = petitioner_identity(petitioner)
    return {
        "id": petitioner.pk,
        "organ_id": petitioner.organ_id,
        "name": mask_name(identity.name),
        "id_number": mask_id_number(identity.id_number),
        "phone": mask_phone(identity.phone),
        "address": mask_address(identity.address),
        "created_at": petitioner.created_at,
    }


def petitioner_masked_for(user: Any, petitioner: Petitioner | None) -> dict[str, Any] | None:
    """The petitioner of a matter as ``user`` may see them: masked, or ``None`` when the user
    may not read the petitioner at all (``access_petitioner_by_id``'s rule). Whether the
    petitioner accused the user or the user's unit in another matter makes no difference: the
    accusing matter is hidden from them, and nothing else may change (细则第十一条第八项)."""
    if petitioner is None or not can_read(user, petitioner):
        return None
    return petitioner_masked(petitioner)


def access_petitioner_by_id(user: Any, petitioner_id: Any, *, action: str = "read") -> Petitioner:
    """The chokepoint for one petitioner: in scope and not excluded, else logged 404."""
    return access_record_by_id(user, Petitioner, petitioner_id, action=action)


def petitioner_list(*, user: Any) -> QuerySet[Petitioner]:
    """Petitioners the user may list or export."""
    return visible(user, Petitioner.objects.select_related("organ"))


def petitioner_find_by_id_number(*, user: Any, id_number: str) -> QuerySet[Petitioner]:
    """Exact lookup by ID number through the blind index, within the user's visibility."""
    digest = crypto.blind_index(normalise_id_number(id_number), purpose=ID_INDEX_PURPOSE)
    if not digest:
        return Petitioner.objects.none()
    return petitioner_list(user=user).filter(id_number_index=digest)


def petitioner_find_by_phone(*, user: Any, phone: str) -> QuerySet[Petitioner]:
    """Exact lookup by phone number (normalised: digits, no +86) through the blind index."""
    digest = crypto.blind_index(normalise_phone(phone), purpose=PHONE_INDEX_PURPOSE)
    if not digest:
        return Petitioner.objects.none()
    return petitioner_list(user=user).filter(phone_index=digest)


def petitioner_export_rows(*, user: Any) -> list[dict[str, Any]]:
    """Rows of a petitioner export: only visible petitioners, identity masked."""
    return [petitioner_masked(petitioner) for petitioner in petitioner_list(user=user)]
