"""Rows the system keeps for its own work: matter counts by organ and state, and the API
clients' idempotency keys."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import MatterState


class OrganStateCount(models.Model):
    """How many matters sit at an organ in each state, kept by the services in the transaction
    that moves a matter (``counts.count_places``), so an organ's counts by state are a few
    rows read however many matters it ever handled. ``xinfang recount-matters`` rebuilds them
    from the matters."""

    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    state = models.CharField(_("状态"), max_length=24, choices=MatterState.choices)
    matters = models.BigIntegerField(_("事项数"), default=0)

    class Meta:
        verbose_name = _("各状态事项数")
        verbose_name_plural = _("各状态事项数")
        constraints = [
            models.UniqueConstraint(fields=["organ", "state"], name="organ_state_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organ_id}:{self.state}={self.matters}"


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key`` with the hash of its request and the response given.

    A replay with the same body gets the stored response; a different body is refused.
    """

    scope = models.CharField(_("范围"), max_length=100)
    key = models.CharField(_("幂等键"), max_length=200)
    body_hash = models.CharField(_("请求哈希"), max_length=64)
    response = models.JSONField(_("响应"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("幂等键")
        verbose_name_plural = _("幂等键")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
