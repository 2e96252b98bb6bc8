"""The append-only, hash-chained audit trail (细则第十一条第六项、第七项)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change or sensitive read, chained to the one before it by sha256.

    ``entry_hash`` is sha256 over the canonical encoding of (previous hash, sequence, time in
    UTC, actor, action, object, details); see ``xinfang.audit.chain``. Database triggers refuse
    UPDATE and DELETE, and ``xinfang verify-audit`` walks the chain.
    """

    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    actor = models.CharField(_("操作者"), max_length=200)
    action = models.CharField(_("动作"), max_length=100, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象标识"), max_length=64, blank=True)
    details = models.JSONField(_("详情"), default=dict)
    prev_hash = models.CharField(_("前一哈希"), max_length=64)
    entry_hash = models.CharField(_("本条哈希"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计条目")
        verbose_name_plural = _("审计条目")
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The single row that holds the chain's head; locked to assign the next sequence."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_head_single_row")
        ]

    def __str__(self) -> str:
        return f"head #{self.seq} {self.entry_hash[:12]}"
