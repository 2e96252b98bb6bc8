"""Petitioners (信访人). The petition procedure (matters, events, routing) comes later.

Identity is personal data whose exposure the seed punishes (细则第十一条第八项): it is stored
only as AES-GCM ciphertext (``xinfang.access.crypto``) bound to field and row, with an HMAC
blind index for exact lookup by ID number or phone.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The identity fields, in display order; each has a ``<name>_ciphertext`` column.
IDENTITY_FIELDS = ("name", "id_number", "phone", "address")

#: The purposes of the blind indexes that find a petitioner by ID number, phone and name.
ID_INDEX_PURPOSE = "petitioner.id_number"
PHONE_INDEX_PURPOSE = "petitioner.phone"
NAME_INDEX_PURPOSE = "petitioner.name"


class Petitioner(models.Model):
    """A person who petitions, registered by an organ (登记机关).

    Identity fields are never stored in plaintext: ``*_ciphertext`` hold ``xf1:<kid>:...``
    values, and ``id_number_index`` / ``phone_index`` / ``name_index`` the HMAC of the
    normalised values (the search finds matters by them, ``matters.search``). Read
    them through ``xinfang.petitions.selectors`` (masked) or ``petitioner_reveal`` (audited).
    The organ decides who may see the petitioner (``ACCESS_ORGAN_FIELD``).
    """

    uid = models.UUIDField(_("内部标识"), default=uuid.uuid4, unique=True, editable=False)
    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("登记机关"),
        on_delete=models.PROTECT,
        related_name="registered_petitioners",
    )
    name_ciphertext = models.TextField(_("姓名（密文）"))
    id_number_ciphertext = models.TextField(_("公民身份号码（密文）"), blank=True)
    phone_ciphertext = models.TextField(_("联系电话（密文）"), blank=True)
    address_ciphertext = models.TextField(_("住址（密文）"), blank=True)
    id_number_index = models.CharField(
        _("公民身份号码索引"), max_length=64, blank=True, db_index=True, editable=False
    )
    phone_index = models.CharField(
        _("联系电话索引"), max_length=64, blank=True, db_index=True, editable=False
    )
    name_index = models.CharField(
        _("姓名索引"), max_length=64, blank=True, db_index=True, editable=False
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now, editable=False)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"
    # The organs handling the petitioner's matters need the identity to contact the petitioner.
    ACCESS_EXTRA_ORGAN_FIELDS: ClassVar[tuple[str, ...]] = (
        "matters__current_organ",
        "matters__handling_organ",
    )
    # No ``ACCESS_LINKED_RECORDS``: an accusing matter hides itself from the accused, never the
    # petitioner's other records. Withholding the petitioner of an ordinary matter from the
    # unit the petitioner accused elsewhere would tell that unit it was accused (细则第十一条
    # 第八项 forbids revealing the accusation; docs/security.md, "no signal").

    class Meta:
        verbose_name = _("信访人")
        verbose_name_plural = _("信访人")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organ", "created_at"], name="petitioner_organ_idx")]

    def __str__(self) -> str:
        # Never the name: string forms end up in logs and admin messages.
        return f"petitioner #{self.pk}"

    def aad(self, field: str) -> str:
        """Associated data binding a ciphertext to this row and field."""
        return f"petitions.petitioner:{self.uid}:{field}"


# Petition matters live in the ``matters`` subpackage; importing them here registers them with
# the ``petitions`` app (Django looks for an app's models in its ``models`` module).
from .matters.models import (  # noqa: E402, F401
    Attachment,
    Category,
    FollowUp,
    HandlingListEntry,
    Hearing,
    IdempotencyKey,
    Matter,
    MatterBandKey,
    MatterClock,
    MatterEvent,
    MatterFingerprint,
    MatterRoute,
    Opinion,
    RecentBandKey,
    RepeatLink,
    Reply,
    StopBandKey,
    SupervisionOrder,
)
