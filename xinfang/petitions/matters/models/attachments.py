"""The files given with a matter."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import AttachmentKind
from .matter import Matter


class Attachment(models.Model):
    """A file given with a matter, stored under ``VAR_DIR/attachments`` by its sha256.

    The type is recognised from the file's first bytes, never from its name.
    """

    matter = models.ForeignKey(
        Matter, verbose_name=_("信访事项"), on_delete=models.CASCADE, related_name="attachments"
    )
    original_name = models.CharField(_("文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=8, choices=AttachmentKind.choices)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_path = models.CharField(_("存储路径"), max_length=200)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    uploaded_by = models.CharField(_("上传者"), max_length=200)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["matter", "uploaded_at", "id"]
        indexes = [models.Index(fields=["matter", "uploaded_at"], name="attachment_matter_idx")]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.original_name}"
