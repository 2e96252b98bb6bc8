"""Conflict-of-interest exclusion: accusations and recusals attached to any record.

细则第十一条第八项 forbids passing a petitioner's accusation, or anything about it, to the
accused person or unit. A record (a petitioner now, a petition matter later) names whom it
accuses with ``Accusation`` rows and who stands aside with ``Recusal`` rows; the access
chokepoints in ``xinfang.access.policy`` hide the record from all of them on every path.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Accusation(models.Model):
    """A person or a unit accused (揭发控告对象) by a record (细则第十一条第八项).

    Exactly one of ``accused_person`` and ``accused_organ`` is set. An accused unit excludes
    every account holding a current position in that unit or anywhere in its subtree.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("记录类型"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("记录标识"))
    record = GenericForeignKey("content_type", "object_id")
    accused_person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("被揭发控告人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accusations",
    )
    accused_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("被揭发控告单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accusations",
    )
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("揭发控告对象")
        verbose_name_plural = _("揭发控告对象")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(accused_person__isnull=False, accused_organ__isnull=True)
                    | models.Q(accused_person__isnull=True, accused_organ__isnull=False)
                ),
                name="accusation_names_person_or_organ",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "accused_person"],
                condition=models.Q(accused_person__isnull=False),
                name="accusation_unique_person",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "accused_organ"],
                condition=models.Q(accused_organ__isnull=False),
                name="accusation_unique_organ",
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="accusation_record_idx"),
            # Accused first: the exclusion looks up what accuses the user's units or person.
            models.Index(
                fields=["accused_organ", "content_type", "object_id"],
                name="accusation_organ_idx",
            ),
            models.Index(
                fields=["accused_person", "content_type", "object_id"],
                name="accusation_person_idx",
            ),
        ]

    def __str__(self) -> str:
        accused = self.accused_person or self.accused_organ
        return f"{self.content_type_id}:{self.object_id} → {accused}"


class Recusal(models.Model):
    """An account that stands aside (回避) from a record and must never see it."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("记录类型"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("记录标识"))
    record = GenericForeignKey("content_type", "object_id")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回避账号"),
        on_delete=models.PROTECT,
        related_name="recusals",
    )
    reason = models.CharField(_("回避理由"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("回避")
        verbose_name_plural = _("回避")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="recusal_unique_user"
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="recusal_record_idx"),
            models.Index(fields=["user", "content_type", "object_id"], name="recusal_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} ⊘ {self.user_id}"
