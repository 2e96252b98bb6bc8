"""The working-day calendar that deadlines are counted on (调休 included).

Only special days are stored: public holidays (with the days off moved to join them) and
adjusted working days. Every other date follows the weekend rule. A year counts as known
only when its :class:`CalendarYear` row is marked complete; periods that run into an unknown
year are computed on weekends alone and marked provisional (``xinfang.rules.deadlines``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import DayType


class CalendarDay(models.Model):
    """One special day: a holiday or an adjusted working day, with the notice it comes from."""

    date = models.DateField(_("日期"), unique=True)
    day_type = models.CharField(_("类型"), max_length=20, choices=DayType.choices)
    source = models.CharField(_("来源"), max_length=200)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("日历特殊日")
        verbose_name_plural = _("日历特殊日")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day_type__in=DayType.values),
                name="legal_calendarday_day_type_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_day_type_display()}"


class CalendarYear(models.Model):
    """A year of the calendar and whether its official schedule has been entered in full.

    The State Council publishes next year's schedule each winter; an administrator enters its
    days and then marks the year complete. Until then the year is *missing* and deadlines that
    reach it are provisional.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    complete = models.BooleanField(_("已完整录入"), default=False)
    note = models.TextField(_("说明"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1949) & models.Q(year__lte=2200),
                name="legal_calendaryear_year_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.year)
