"""Coordination of important petition problems (细则第六条: 协调处理重要信访问题).

Supervision orders themselves (督办, with their ladder 催办 → 督办 → 通报) are records of the
matter they press: ``xinfang.petitions.matters.models.SupervisionOrder``.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Coordination(models.Model):
    """A coordination of an important petition problem (协调处理重要信访问题, 细则第六条): the
    petition office that convened it, when and at which meeting, the organs that took part,
    the matters it was about, the problem, what was agreed, and the tasks it gave each organ
    (``assignments``).

    Access: the convening office owns it, the organs taking part work on it; an accusation in
    any of its matters hides it from the accused (细则第十一条第一款第八项).
    """

    convening_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("召集机关"),
        on_delete=models.PROTECT,
        related_name="coordinations_convened",
    )
    held_on = models.DateField(_("协调日期"))
    meeting = models.CharField(_("协调会议"), max_length=200)
    organs = models.ManyToManyField(
        "orgs.Organ", verbose_name=_("参加机关"), related_name="coordinations"
    )
    matters = models.ManyToManyField(
        "petitions.Matter", verbose_name=_("涉及的信访事项"), related_name="+", blank=True
    )
    issue = models.TextField(_("协调的问题"))
    outcome = models.TextField(_("协调结果"))
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "convening_organ"
    ACCESS_EXTRA_ORGAN_FIELDS: ClassVar[tuple[str, ...]] = ("organs",)
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("matters", "petitions.matter"),
    )

    class Meta:
        verbose_name = _("协调处理重要信访问题")
        verbose_name_plural = _("协调处理重要信访问题")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["convening_organ", "held_on"], name="coordination_organ_idx")
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.meeting}"


class CoordinationAssignment(models.Model):
    """A task a coordination gave one organ, due by a date; done once the organ records it
    (``done_at`` with ``done_note``). Open and past ``due``: overdue, on the organ's list of
    what waits on it."""

    coordination = models.ForeignKey(
        Coordination,
        verbose_name=_("协调"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("承办机关"),
        on_delete=models.PROTECT,
        related_name="coordination_assignments",
    )
    task = models.TextField(_("任务"))
    due = models.DateField(_("完成期限"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_note = models.TextField(_("完成情况"), blank=True)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"
    ACCESS_EXTRA_ORGAN_FIELDS: ClassVar[tuple[str, ...]] = ("coordination__convening_organ",)
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("coordination__matters", "petitions.matter"),
    )

    class Meta:
        verbose_name = _("协调任务")
        verbose_name_plural = _("协调任务")
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | ~Q(done_note=""),
                name="coordination_done_has_note",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organ", "due"],
                condition=Q(done_at__isnull=True),
                name="coordination_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coordination_id} → {self.organ_id} ({self.due})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
