"""An organ's own duty norms (细则第四条、第七条第一项), where it has set them."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The duty settings an organ may set for itself (names of the profile's ``[duties]``): the
#: norms of its own leadership team. Report deadlines and thresholds are the profile's alone.
ORGAN_SETTINGS = ("agenda_per_year", "receptions_per_year", "field_visits_per_year")


class OrganDutySettings(models.Model):
    """Norms an organ set for its own team; an empty value means the profile's policy value."""

    organ = models.OneToOneField(
        "orgs.Organ",
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="duty_settings",
    )
    agenda_per_year = models.PositiveSmallIntegerField(
        _("每年研究信访工作次数"), null=True, blank=True
    )
    receptions_per_year = models.PositiveSmallIntegerField(
        _("领导干部每人每年接访次数"), null=True, blank=True
    )
    field_visits_per_year = models.PositiveSmallIntegerField(
        _("领导干部每人每年下访次数"), null=True, blank=True
    )
    decided_by = models.CharField(_("确定依据（文件、会议）"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"

    class Meta:
        verbose_name = _("机关信访工作职责设置")
        verbose_name_plural = _("机关信访工作职责设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(agenda_per_year__isnull=True) | Q(agenda_per_year__gte=1),
                name="duty_settings_agenda_positive",
            ),
            models.CheckConstraint(
                condition=Q(receptions_per_year__isnull=True) | Q(receptions_per_year__gte=1),
                name="duty_settings_receptions_positive",
            ),
            models.CheckConstraint(
                condition=Q(field_visits_per_year__isnull=True) | Q(field_visits_per_year__gte=1),
                name="duty_settings_visits_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"duty settings of organ {self.organ_id}"
