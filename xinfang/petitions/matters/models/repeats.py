"""Repeat petitions (重复信访): the links shown to the clerk and the index that finds them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import RepeatReason
from .matter import Matter


class RepeatLink(models.Model):
    """An earlier matter that is probably the same complaint (重复信访), shown to the clerk.

    Found on registration by the same petitioner or by similar content; never merged.
    """

    matter = models.ForeignKey(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        related_name="repeat_links",
        db_index=False,  # repeat_link_unique leads with it
    )
    earlier = models.ForeignKey(
        Matter,
        verbose_name=_("此前事项"),
        on_delete=models.CASCADE,
        related_name="repeated_by",
        db_index=False,  # repeat_link_earlier_idx
    )
    score = models.FloatField(_("相似度"))
    reason = models.CharField(_("原因"), max_length=24, choices=RepeatReason.choices)
    same_petitioner = models.BooleanField(_("同一信访人"), default=False)
    similar = models.BooleanField(_("内容相似"), default=False)
    created_at = models.DateTimeField(_("发现时间"), default=timezone.now)

    class Meta:
        verbose_name = _("重复信访关联")
        verbose_name_plural = _("重复信访关联")
        ordering = ["matter", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "earlier"], name="repeat_link_unique"),
            models.CheckConstraint(
                condition=~Q(matter=models.F("earlier")), name="repeat_link_not_self"
            ),
        ]
        indexes = [models.Index(fields=["earlier"], name="repeat_link_earlier_idx")]

    def __str__(self) -> str:
        return f"{self.matter_id} ≈ {self.earlier_id} ({self.score:.2f})"


class MatterBandKey(models.Model):
    """An LSH band key of a matter's text in the archive tier of the repeat index.

    ``key`` is a 64-bit MinHash band key (``xinfang.petitions.similarity.band_values``). The
    primary key ``(key, matter)`` is the lookup index itself; on SQLite the table is
    ``WITHOUT ROWID`` (migration ``0002_matters``), one B-tree instead of a table and an index.
    New matters' keys go to :class:`RecentBandKey`; ``repeat_index_merge`` moves them here in
    key order, so the big index is written sequentially and never at random places.
    """

    pk = models.CompositePrimaryKey("key", "matter")
    key = models.BigIntegerField(_("键"))
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        related_name="band_keys",
        db_index=False,
    )

    class Meta:
        verbose_name = _("相似检索键")
        verbose_name_plural = _("相似检索键")

    def __str__(self) -> str:
        return f"{self.matter_id}:{self.key}"


class RecentBandKey(models.Model):
    """A band key of a recently registered matter: the small, write-friendly tier of the
    repeat index. Looked up together with :class:`MatterBandKey`; emptied into it by
    ``repeat_index_merge`` (the worker runs it)."""

    pk = models.CompositePrimaryKey("key", "matter")
    key = models.BigIntegerField(_("键"))
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        related_name="recent_band_keys",
        db_index=False,
    )

    class Meta:
        verbose_name = _("新近相似检索键")
        verbose_name_plural = _("新近相似检索键")

    def __str__(self) -> str:
        return f"{self.matter_id}:{self.key}"


class StopBandKey(models.Model):
    """A band key shared by so many matters that it says nothing about any one of them (like
    a stop word): no longer stored or looked up. Found by ``repeat_index_merge``."""

    key = models.BigIntegerField(_("键"), primary_key=True)
    matters = models.PositiveIntegerField(_("事项数"))
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now)

    class Meta:
        verbose_name = _("停用检索键")
        verbose_name_plural = _("停用检索键")

    def __str__(self) -> str:
        return str(self.key)


class MatterFingerprint(models.Model):
    """The shingle set of a matter's text as 32-bit hashes (``similarity.fingerprint``), so a
    repeat candidate is scored exactly without reading and shingling its text again."""

    matter = models.OneToOneField(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="fingerprint",
    )
    data = models.BinaryField(_("文本指纹"))

    class Meta:
        verbose_name = _("文本指纹")
        verbose_name_plural = _("文本指纹")

    def __str__(self) -> str:
        return str(self.matter_id)
