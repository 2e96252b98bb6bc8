"""Assessment of petition work (细则第十条第一款; 信访工作条例(2022)第三十九条).

An organ sets up an indicator scheme for a period (``AssessmentScheme``: the organs it
assesses, ``SchemeIndicator`` rows with weight, direction and source), scores by hand the
indicators the data cannot answer (``HandScore``, with evidence), and runs the scheme over the
data (``AssessmentRun``). A published run is frozen — its result and the counts behind it are
stored with their SHA-256 — and delivered to the organization department of the assessing
organ's level (``RunDelivery``), where it is an important reference for the comprehensive
evaluation of leadership teams and leaders (考核结果作为综合考评的重要参考).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AssessmentRun",
    "AssessmentScheme",
    "HandScore",
    "IndicatorSource",
    "PeriodKind",
    "RunDelivery",
    "RunState",
    "SchemeIndicator",
    "SchemeState",
]


class PeriodKind(models.TextChoices):
    """How long a scheme's period is (定期考核)."""

    YEAR = "year", _("年度")
    HALF_YEAR = "half_year", _("半年")
    QUARTER = "quarter", _("季度")


class SchemeState(models.TextChoices):
    """A scheme is edited as a draft and run once active."""

    DRAFT = "draft", _("草稿")
    ACTIVE = "active", _("已启用")


class IndicatorSource(models.TextChoices):
    """Where an indicator's value comes from: computed from the data by a catalogue formula,
    or scored by hand with evidence."""

    COMPUTED = "computed", _("系统计算")
    MANUAL = "manual", _("人工评分")


class RunState(models.TextChoices):
    """A run is computed, then published (frozen and delivered) or discarded."""

    COMPUTED = "computed", _("已计算")
    PUBLISHED = "published", _("已发布")
    DISCARDED = "discarded", _("已作废")


class AssessmentScheme(models.Model):
    """An assessing organ's indicator scheme for one period (细则第十条第一款: 制定科学合理的
    考核评价标准和指标体系，定期……进行考核).

    ``office`` is the petition office of the level that runs the assessment for the organ
    (both manage the scheme); ``organs`` are the organs assessed.
    """

    assessing_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("考核机关"),
        on_delete=models.PROTECT,
        related_name="assessment_schemes",
    )
    office = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("承办的信访部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment_schemes_run",
    )
    title = models.CharField(_("名称"), max_length=200)
    period_kind = models.CharField(_("考核周期"), max_length=16, choices=PeriodKind.choices)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    organs = models.ManyToManyField(
        "orgs.Organ", verbose_name=_("被考核单位"), blank=True, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=SchemeState.choices, default=SchemeState.DRAFT
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.CharField(_("创建人"), max_length=200)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "assessing_organ"
    ACCESS_EXTRA_ORGAN_FIELDS: ClassVar[tuple[str, ...]] = ("office",)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="assessment_scheme_period_order",
            ),
            models.CheckConstraint(
                condition=Q(state__in=SchemeState.values), name="assessment_scheme_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_kind__in=PeriodKind.values),
                name="assessment_scheme_period_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"assessment scheme #{self.pk}"


class SchemeIndicator(models.Model):
    """One indicator of a scheme: a catalogue code (computed) or a hand-scored item, its weight,
    direction, optional target, and for counts the volume it is measured per (``per_volume``:
    per 10,000 matters, 0 for a plain count or a rate)."""

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("考核方案"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField(_("指标代码"), max_length=40)
    #: Empty for a catalogue indicator under its own (translated) name.
    title = models.CharField(_("指标名称"), max_length=200, blank=True)
    source = models.CharField(_("数据来源"), max_length=16, choices=IndicatorSource.choices)
    weight = models.PositiveIntegerField(_("权重"))
    direction = models.CharField(_("方向"), max_length=20)
    target = models.CharField(_("目标值"), max_length=40, blank=True)
    per_volume = models.PositiveIntegerField(_("按量折算单位"), default=0)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scheme", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"], name="assessment_indicator_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(source__in=IndicatorSource.values),
                name="assessment_indicator_source_valid",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=["higher_is_better", "lower_is_better"]),
                name="assessment_indicator_direction_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.code}"


class HandScore(models.Model):
    """A hand-scored indicator's value for one organ (0–100) with the evidence it rests on
    (e.g. 列入议事日程, 制度机制: 细则第四条), entered by the scheme's managers and audited."""

    indicator = models.ForeignKey(
        SchemeIndicator,
        verbose_name=_("考核指标"),
        on_delete=models.CASCADE,
        related_name="hand_scores",
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("被考核单位"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveSmallIntegerField(_("得分"))
    evidence = models.TextField(_("评分依据"))
    entered_at = models.DateTimeField(_("评分时间"), default=timezone.now)
    entered_by = models.CharField(_("评分人"), max_length=200)

    class Meta:
        verbose_name = _("人工评分")
        verbose_name_plural = _("人工评分")
        ordering = ["indicator", "organ"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organ"], name="assessment_hand_score_unique"
            ),
            models.CheckConstraint(condition=Q(value__lte=100), name="assessment_hand_score_max"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.organ_id} {self.value}"


class AssessmentRun(models.Model):
    """One computation of a scheme over the data (考核结果).

    ``result`` is the canonical result (per organ per indicator: numerator, denominator,
    value, normalised value, weight, contribution; score and rank), ``inputs`` the per-organ
    counts it was computed from; ``inputs_sha256`` and ``result_sha256`` are their digests.
    Publishing freezes both: a published run never changes when matters change later.
    """

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("考核方案"), on_delete=models.PROTECT, related_name="runs"
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=RunState.choices, default=RunState.COMPUTED
    )
    as_of = models.DateField(_("数据截止日"))
    inputs = models.JSONField(_("计算所依据的数据"), default=dict)
    result = models.JSONField(_("考核结果"), default=dict)
    inputs_sha256 = models.CharField(_("数据摘要"), max_length=64)
    result_sha256 = models.CharField(_("结果摘要"), max_length=64)
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)
    computed_by = models.CharField(_("计算人"), max_length=200)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.CharField(_("发布人"), max_length=200, blank=True)
    discarded_reason = models.TextField(_("作废理由"), blank=True)

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["-computed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=RunState.values), name="assessment_run_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["scheme", "state"], name="assessment_run_scheme_idx")]

    def __str__(self) -> str:
        return f"assessment run #{self.pk}"


class RunDelivery(models.Model):
    """A published run delivered to the organization department of the assessing organ's level
    (细则第十条第一款: 综合考评的重要参考; 信访工作条例(2022)第三十九条: 通报); it waits on that
    department's home page until one of its users reads it."""

    run = models.ForeignKey(
        AssessmentRun,
        verbose_name=_("考核结果"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("送达单位"), on_delete=models.PROTECT, related_name="+"
    )
    delivered_at = models.DateTimeField(_("送达时间"))
    read_at = models.DateTimeField(_("阅知时间"), null=True, blank=True)
    read_by = models.CharField(_("阅知人"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("考核结果送达")
        verbose_name_plural = _("考核结果送达")
        ordering = ["-delivered_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "organ"], name="assessment_delivery_unique"),
        ]

    def __str__(self) -> str:
        return f"delivery of run #{self.run_id} to {self.organ_id}"
