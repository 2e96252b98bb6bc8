"""The working-day calendar that deadlines are counted on (调休 included).

Only special days are stored: public holidays (with the days off moved to join them) and
adjusted working days. Every other date follows the weekend rule. A year counts as known
only when its :class:`CalendarYear` row is marked complete; periods that run into an unknown
year are computed on weekends alone and marked provisional (``xinfang.rules.deadlines``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xinfang.rules.basis import RULES, Ruling
from xinfang.rules.errors import ProfileError
from xinfang.rules.profiles import DayBasis, PeriodOverride, load_profile, with_determinations
from xinfang.rules.readings import READINGS, Reading, reading_problem

from .choices import DayType, DeterminationKind, PeriodDayBasis


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


MUNICIPAL_PETITION_OFFICE = "重庆市信访办公室"


class Determination(models.Model):
    """A determination of the municipal petition office interpreting the rules (细则第十九条).

    It sets either the length of a period the rules leave to the office (a *period* such as
    ``execute``) or a named reading (``reading_key`` = ``reading_value``, one of
    ``xinfang.rules.readings.READINGS`` such as ``mixed_finding`` = ``higher``). It takes effect on
    ``effective_on``; on any date the newest determination in force for the same period or
    reading prevails, so a later one supersedes an earlier one and none is ever deleted.
    """

    organ = models.CharField(_("发文机关"), max_length=100, default=MUNICIPAL_PETITION_OFFICE)
    number = models.CharField(_("文号"), max_length=100, unique=True)
    issued_on = models.DateField(_("发文日期"))
    effective_on = models.DateField(_("施行日期"))
    text = models.TextField(_("正文"))
    kind = models.CharField(
        _("确定事项"), max_length=20, choices=DeterminationKind.choices, default="period"
    )
    profile = models.CharField(_("法规配置"), max_length=50, blank=True)
    period = models.CharField(_("期间"), max_length=50, blank=True)
    days = models.PositiveIntegerField(_("天数"), null=True, blank=True)
    day_basis = models.CharField(
        _("计算方式"), max_length=20, choices=PeriodDayBasis.choices, blank=True
    )
    reading_key = models.CharField(_("解释事项"), max_length=100, blank=True)
    reading_value = models.CharField(_("解释内容"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("市信访办确定")
        verbose_name_plural = _("市信访办确定")
        ordering = ["-effective_on", "-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DeterminationKind.values),
                name="legal_determination_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_on__gte=models.F("issued_on")),
                name="legal_determination_effective_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.effective_on.isoformat()}起施行）"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _("施行日期不能早于发文日期")
        if self.kind == DeterminationKind.PERIOD:
            for field in ("profile", "period", "days", "day_basis"):
                if getattr(self, field) in (None, ""):
                    errors[field] = _("确定期间期限时必须填写此项")
            if self.days == 0:
                errors["days"] = _("天数应为正整数")
            if not errors and self.number:
                try:
                    with_determinations(load_profile(self.profile), (self.override(),))
                except ProfileError as exc:
                    english = (get_language() or "").startswith("en")
                    errors["period"] = exc.message_en if english else exc.message_zh
        else:
            for field in ("reading_key", "reading_value"):
                if not getattr(self, field):
                    errors[field] = _("确定条文解释时必须填写此项")
            problem = reading_problem(self.reading_key, self.reading_value)
            if not errors and problem is not None:
                # Only a reading the rules core knows, with one of its values, is ever applied.
                field = "reading_key" if self.reading_key not in READINGS else "reading_value"
                english = (get_language() or "").startswith("en")
                errors[field] = problem[1] if english else problem[0]
        if errors:
            raise ValidationError(errors)

    def reading(self) -> Reading:
        """The reading this determination sets, as the rules core applies it (its number cited)."""
        return Reading(self.reading_key, self.reading_value, self.number)

    def override(self) -> PeriodOverride:
        """The period this determination sets, as the rules core layers it over the profile."""
        return PeriodOverride(
            self.period,
            int(self.days or 0),
            DayBasis(self.day_basis),
            Ruling(RULES, 19, number=self.number),
        )
