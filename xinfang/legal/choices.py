"""Choices of the legal app: the day types of the working calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfang.rules.calendar import DayType as RulesDayType


class DayType(models.TextChoices):
    """What a date is for counting periods; the values are those of ``xinfang.rules``."""

    WORKDAY = RulesDayType.WORKDAY.value, _("工作日")
    REST_DAY = RulesDayType.REST_DAY.value, _("休息日")
    HOLIDAY = RulesDayType.HOLIDAY.value, _("节假日")
    ADJUSTED_WORKDAY = RulesDayType.ADJUSTED_WORKDAY.value, _("调休上班日")


class DeterminationKind(models.TextChoices):
    """What a determination of the municipal petition office sets (细则第十九条)."""

    PERIOD = "period", _("期间期限")
    READING = "reading", _("条文解释")


class PeriodDayBasis(models.TextChoices):
    """How a period set by a determination is counted; the values are those of the rules."""

    CALENDAR = "calendar", _("自然日")
    WORKING = "working", _("工作日")
