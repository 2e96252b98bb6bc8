"""The petition office's recommendations and its situation reports (细则第六条).

细则第六条: the petition office 分析研究信访情况，提出改进工作、完善政策和给予处分的建议. Under
信访工作条例(2022)第四十条 the organ a recommendation is addressed to replies in writing on its
adoption (第四款); 第四十一条 has the office report on petition work each year.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecommendationKind(models.TextChoices):
    """The three recommendations of 细则第六条 (信访工作条例(2022)第四十条第一至三款)."""

    IMPROVE_WORK = "improve_work", _("改进工作的建议")
    IMPROVE_POLICY = "improve_policy", _("完善政策的建议")
    DISCIPLINE = "discipline", _("给予处分的建议")


class RecommendationState(models.TextChoices):
    """Where a recommendation stands: sent and awaiting the written reply, replied, followed
    up by the office, closed, or withdrawn before any reply."""

    SENT = "sent", _("已发出，待反馈")
    REPLIED = "replied", _("已反馈")
    FOLLOWED_UP = "followed_up", _("跟踪落实中")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


class Adoption(models.TextChoices):
    """How the recipient answered a recommendation (信访工作条例(2022)第四十条第四款: 采纳情况)."""

    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


#: Adoption that commits the recipient to measures the office follows up.
MEASURES_ADOPTION = (Adoption.ADOPTED, Adoption.PARTLY)


class SituationReportState(models.TextChoices):
    """A situation report's life: a draft the office edits and may regenerate, approved by
    the office's principal leader, circulated to the organs chosen."""

    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已审定")
    CIRCULATED = "circulated", _("已印发")


class OfficeRecommendation(models.Model):
    """A recommendation a petition office makes to an organ (细则第六条): to improve its
    work, to perfect a policy (to the party committee or government of the office's level,
    信访工作条例(2022)第四十条第二款), or to discipline (第三款).

    The recipient owns the record for access (``ACCESS_ORGAN_FIELD``), the office works on it
    (``ACCESS_EXTRA_ORGAN_FIELDS``); an organ accused in a matter it rests on never sees it
    (``ACCESS_LINKED_RECORDS``, 细则第十一条第一款第八项). The recipient replies in writing on
    its adoption by ``reply_due`` (第四款; the policy value ``recommendation_reply_days``
    from ``sent_on``, or a later date the office set); measures adopted are followed up by the
    office to ``measures_due``. Either missed is a lead of 细则第十一条第一款第五项.
    """

    office = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("提出建议的信访部门"),
        on_delete=models.PROTECT,
        related_name="office_recommendations_issued",
    )
    recipient = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("建议对象"),
        on_delete=models.PROTECT,
        related_name="office_recommendations_received",
        db_index=False,  # office_rec_recipient_idx leads with it
    )
    kind = models.CharField(_("建议类别"), max_length=16, choices=RecommendationKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("建议内容"))
    reasons = models.TextField(_("理由"))
    matters = models.ManyToManyField(
        "petitions.Matter",
        verbose_name=_("所依据的信访事项"),
        blank=True,
        related_name="office_recommendations",
    )
    sent_on = models.DateField(_("发出日期"))
    reply_due = models.DateField(_("书面反馈期限"))
    reply_due_set = models.BooleanField(_("反馈期限由信访部门另行确定"), default=False)
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=RecommendationState.choices,
        default=RecommendationState.SENT,
    )
    reply = models.TextField(_("书面反馈"), blank=True)
    replied_on = models.DateField(_("反馈日期"), null=True, blank=True)
    replied_by = models.CharField(_("反馈操作者"), max_length=200, blank=True)
    adoption = models.CharField(_("采纳情况"), max_length=16, choices=Adoption.choices, blank=True)
    adoption_reasons = models.TextField(_("部分采纳或未采纳的理由"), blank=True)
    follow_up_notes = models.TextField(_("跟踪落实情况"), blank=True)
    followed_up_on = models.DateField(_("跟踪日期"), null=True, blank=True)
    measures_due = models.DateField(_("整改措施落实期限"), null=True, blank=True)
    measures = models.TextField(_("落实措施"), blank=True)
    measures_done_on = models.DateField(_("措施落实完成日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closing_note = models.TextField(_("办结说明"), blank=True)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    created_by = models.CharField(_("登记人"), max_length=200)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "recipient"
    ACCESS_EXTRA_ORGAN_FIELDS: ClassVar[tuple[str, ...]] = ("office",)
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("matters", "petitions.matter"),
    )

    class Meta:
        verbose_name = _("信访部门建议")
        verbose_name_plural = _("信访部门建议")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RecommendationKind.values), name="office_rec_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=RecommendationState.values), name="office_rec_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(reply_due__gte=models.F("sent_on")),
                name="office_rec_reply_due_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(adoption="") | Q(adoption__in=Adoption.values),
                name="office_rec_adoption_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "state", "reply_due"], name="office_rec_recipient_idx"
            ),
            models.Index(fields=["office", "state"], name="office_rec_office_idx"),
            models.Index(
                fields=["reply_due"],
                condition=Q(state="sent"),
                name="office_rec_awaiting_reply_idx",
            ),
            models.Index(
                fields=["measures_due"],
                condition=Q(measures_due__isnull=False),
                name="office_rec_measures_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"office recommendation #{self.pk}"

    @property
    def awaits_reply(self) -> bool:
        return self.state == RecommendationState.SENT

    @property
    def measures_outstanding(self) -> bool:
        """Adopted measures the office follows up and whose completion is not recorded."""
        return (
            self.state in (RecommendationState.REPLIED, RecommendationState.FOLLOWED_UP)
            and self.adoption in MEASURES_ADOPTION
            and self.measures_done_on is None
        )


class SituationReport(models.Model):
    """A petition office's analysis of the petition situation over a period (细则第六条:
    分析研究信访情况; 信访工作条例(2022)第四十一条: the annual report).

    ``figures`` is the snapshot of the data taken when the report was generated (matters
    received, by category and place, repeat petitioners, on-time acceptance and handling,
    hot spots, the office's recommendations); ``analysis`` and ``recommendations`` are the
    office's text, edited while a draft. The office's principal leader approves it; it is then
    circulated to the organs chosen (``circulated_to``), which then read it.
    """

    office = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("信访部门"),
        on_delete=models.PROTECT,
        related_name="situation_reports",
        db_index=False,  # situation_report_period_unique leads with it
    )
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    title = models.CharField(_("标题"), max_length=200)
    figures = models.JSONField(_("数据快照"), default=dict)
    generated_at = models.DateTimeField(_("数据生成时间"))
    analysis = models.TextField(_("形势分析"), blank=True)
    recommendations = models.TextField(_("意见建议"), blank=True)
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=SituationReportState.choices,
        default=SituationReportState.DRAFT,
    )
    approved_by = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("审定人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("审定日期"), null=True, blank=True)
    circulated_to = models.ManyToManyField(
        "orgs.Organ", verbose_name=_("印发范围"), blank=True, related_name="+"
    )
    circulated_on = models.DateField(_("印发日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    created_by = models.CharField(_("生成人"), max_length=200)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "office"
    ACCESS_EXTRA_ORGAN_FIELDS: ClassVar[tuple[str, ...]] = ("circulated_to",)

    class Meta:
        verbose_name = _("信访情况分析报告")
        verbose_name_plural = _("信访情况分析报告")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "period_start", "period_end"],
                name="situation_report_period_unique",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="situation_report_period_order",
            ),
            models.CheckConstraint(
                condition=Q(state__in=SituationReportState.values),
                name="situation_report_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"situation report #{self.pk}"
