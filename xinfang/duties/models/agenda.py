"""Records of 细则第四条: petition work on the leadership team's agenda, major decisions with
their social stability risk assessment (社会稳定风险评估), and dispute screening (矛盾纠纷排查).

The early warning of 第四条第二款 (信访风险防控预警) is computed from the matters by a selector
and stored nowhere.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgendaKind(models.TextChoices):
    """What the leadership team did with petition work (细则第四条第一款)."""

    REPORT = "report", _("听取信访工作汇报")
    ANALYSIS = "analysis", _("分析信访形势")
    PROBLEM = "problem", _("研究解决重要问题")


class FollowUpState(models.TextChoices):
    """Whether what the meeting decided has been carried out."""

    OPEN = "open", _("待落实")
    DONE = "done", _("已落实")
    NONE = "none", _("无需跟进")


class RiskLevel(models.TextChoices):
    """The risk level a stability risk assessment concludes."""

    LOW = "low", _("低风险")
    MEDIUM = "medium", _("中风险")
    HIGH = "high", _("高风险")


class AgendaItem(models.Model):
    """A meeting of an organ's leadership team at which petition work was on the agenda
    (细则第四条第一款: 将信访工作列入议事日程，定期听取工作汇报、分析信访形势、研究解决工作中的
    重要问题), with what it decided and who follows it up by when."""

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("议题类别"), max_length=16, choices=AgendaKind.choices)
    held_on = models.DateField(_("会议日期"))
    meeting = models.CharField(_("会议名称"), max_length=200)
    attendees = models.ManyToManyField(
        "orgs.Person", verbose_name=_("参会人员"), related_name="+", blank=True
    )
    minutes_ref = models.CharField(_("会议纪要文号"), max_length=200, blank=True)
    decisions = models.TextField(_("议定事项"))
    follow_up_owner = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("落实责任人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    follow_up_due = models.DateField(_("落实期限"), null=True, blank=True)
    state = models.CharField(
        _("落实情况"), max_length=8, choices=FollowUpState.choices, default=FollowUpState.NONE
    )
    done_at = models.DateTimeField(_("落实时间"), null=True, blank=True)
    done_note = models.TextField(_("落实说明"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"

    class Meta:
        verbose_name = _("议事日程")
        verbose_name_plural = _("议事日程")
        indexes = [models.Index(fields=["organ", "held_on"], name="agenda_item_organ_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_owner__isnull=True, follow_up_due__isnull=True)
                | Q(follow_up_owner__isnull=False, follow_up_due__isnull=False),
                name="agenda_item_follow_up_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"agenda item #{self.pk}"


class MajorDecision(models.Model):
    """A major decision of an organ (细则第四条第一款: 科学、民主决策…落实重大决策社会稳定风险
    评估机制), whether it falls within the stability risk assessment, and the petition matters
    a clerk linked to it as arising from it (第十一条第一款第一项: 导致信访问题产生)."""

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("决策机关"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("决策事项"), max_length=200)
    decided_on = models.DateField(_("决策日期"))
    decision_maker = models.ForeignKey(
        "orgs.Person", verbose_name=_("决策人"), on_delete=models.PROTECT, related_name="+"
    )
    in_scope = models.BooleanField(_("属于社会稳定风险评估范围"))
    description = models.TextField(_("决策内容"), blank=True)
    matters = models.ManyToManyField(
        "petitions.Matter", verbose_name=_("相关信访事项"), related_name="+", blank=True
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("matters", "petitions.matter"),
    )

    class Meta:
        verbose_name = _("重大决策")
        verbose_name_plural = _("重大决策")
        indexes = [models.Index(fields=["organ", "decided_on"], name="decision_organ_day_idx")]

    def __str__(self) -> str:
        return f"major decision #{self.pk}"


class RiskAssessment(models.Model):
    """The social stability risk assessment (社会稳定风险评估) of a major decision: when, what it
    concluded, the risk level and the measures (细则第四条第一款)."""

    decision = models.OneToOneField(
        MajorDecision,
        verbose_name=_("重大决策"),
        on_delete=models.PROTECT,
        related_name="assessment",
    )
    assessed_on = models.DateField(_("评估日期"))
    conclusion = models.TextField(_("评估结论"))
    risk_level = models.CharField(_("风险等级"), max_length=8, choices=RiskLevel.choices)
    measures = models.TextField(_("防范化解措施"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "decision__organ"
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("decision__matters", "petitions.matter"),
    )

    class Meta:
        verbose_name = _("社会稳定风险评估")
        verbose_name_plural = _("社会稳定风险评估")

    def __str__(self) -> str:
        return f"risk assessment #{self.pk}"


class DisputeScreening(models.Model):
    """One round of screening for disputes (矛盾纠纷排查) by a region's party committee or
    government (细则第四条第二款: 加强矛盾纠纷排查化解): what it found and resolved."""

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("排查日期"))
    period = models.CharField(_("排查期间"), max_length=100)
    disputes_found = models.PositiveIntegerField(_("排查出矛盾纠纷数"))
    disputes_resolved = models.PositiveIntegerField(_("已化解数"))
    notes = models.TextField(_("情况说明"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"

    class Meta:
        verbose_name = _("矛盾纠纷排查")
        verbose_name_plural = _("矛盾纠纷排查")
        indexes = [models.Index(fields=["organ", "held_on"], name="screening_organ_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(disputes_resolved__lte=models.F("disputes_found")),
                name="screening_resolved_not_above_found",
            ),
        ]

    def __str__(self) -> str:
        return f"dispute screening #{self.pk}"
