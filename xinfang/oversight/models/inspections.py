"""Special inspections of petition work (细则第九条; 信访工作条例(2022)第三十八条).

细则第九条: 各级党政机关应当将信访工作纳入督查范围，对本地区、本部门、本系统信访工作开展和责任
落实情况，每年至少开展一次专项督查，重要信访事项、信访突出问题及时督查，并在适当范围内通报督查
情况. An authority's yearly plan names the organs in its scope (``InspectionPlan``,
``InspectionScopeEntry``); each inspection (``Inspection``) checks one or more of them against a
checklist pre-filled from the system's records (``ChecklistItem``), records findings, demands
rectification (``RectificationDemand``) and is circulated (``InspectionNotice``,
``NoticeDelivery``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ChecklistItem",
    "Inspection",
    "InspectionKind",
    "InspectionNotice",
    "InspectionPlan",
    "InspectionScopeEntry",
    "InspectionState",
    "NoticeDelivery",
    "RectificationDemand",
    "RectificationDemandState",
]


class InspectionKind(models.TextChoices):
    """The two inspections of 细则第九条: the yearly special one, and the prompt one on an
    important matter or an outstanding problem."""

    SPECIAL = "special", _("年度专项督查")
    IMPORTANT_MATTER = "important_matter", _("重要信访事项及时督查")
    OUTSTANDING_PROBLEM = "outstanding_problem", _("信访突出问题及时督查")


class InspectionState(models.TextChoices):
    """An inspection's life: planned, under way, findings recorded, report issued."""

    PLANNED = "planned", _("已计划")
    UNDER_WAY = "under_way", _("督查中")
    FINDINGS_RECORDED = "findings_recorded", _("已形成督查意见")
    FINISHED = "finished", _("已出具督查报告")


#: The states in which an inspection counts as done for the year's coverage.
COVERING_STATES = (
    InspectionState.UNDER_WAY,
    InspectionState.FINDINGS_RECORDED,
    InspectionState.FINISHED,
)


class RectificationDemandState(models.TextChoices):
    """A rectification demand: open until the addressed organ answers; the inspecting organ
    accepts the answer or returns it (open again). Overdue is read from ``due`` (open past it),
    never stored."""

    OPEN = "open", _("待整改反馈")
    ANSWERED = "answered", _("已反馈")
    ACCEPTED = "accepted", _("已验收")


class InspectionPlan(models.Model):
    """An authority's inspection plan for a year (细则第九条: 每年至少开展一次专项督查).

    ``authority`` is the organ whose inspection it is (a party committee, a government, a
    department); ``inspecting_organ`` the unit that runs it for the authority (the general
    office's inspection unit for 市委). The scope is the organs the authority supervises
    (``xinfang.oversight.selectors.inspections.supervised_organs``), edited by the plan's
    users with an audit entry each.
    """

    authority = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("督查主体"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # inspection_plan_unique leads with it
    )
    inspecting_organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("督查实施单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.CharField(_("创建人"), max_length=200)

    class Meta:
        verbose_name = _("督查计划")
        verbose_name_plural = _("督查计划")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="inspection_plan_unique"),
        ]

    def __str__(self) -> str:
        return f"inspection plan #{self.pk} {self.year}"


class InspectionScopeEntry(models.Model):
    """An organ in a plan's scope (本地区、本部门、本系统)."""

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("督查计划"),
        on_delete=models.CASCADE,
        related_name="scope",
        db_index=False,  # inspection_scope_unique leads with it
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("督查对象"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("纳入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("督查范围")
        verbose_name_plural = _("督查范围")
        ordering = ["organ__path"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "organ"], name="inspection_scope_unique"),
        ]

    def __str__(self) -> str:
        return f"scope {self.plan_id}:{self.organ_id}"


class Inspection(models.Model):
    """One inspection of the plan's authority (细则第九条), special or prompt.

    A special inspection checks organs in the plan's scope; a prompt one an important matter
    (``matter``) or an outstanding problem (``problem``). ``inspected`` are the organs
    checked. The checklist is generated when it starts, each item with the figures of the
    system for the plan's year as a snapshot. Who reads it is the inspections' own chokepoint
    (``selectors.inspections``); its matter is shown only to a reader the access policy lets
    read the matter.
    """

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("督查计划"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField(_("督查类别"), max_length=24, choices=InspectionKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    inspected = models.ManyToManyField("orgs.Organ", verbose_name=_("被督查单位"), related_name="+")
    matter = models.ForeignKey(
        "petitions.Matter",
        verbose_name=_("重要信访事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    problem = models.TextField(_("信访突出问题"), blank=True)
    team_leader = models.CharField(_("督查组组长"), max_length=100)
    team = models.TextField(_("督查组成员"), blank=True)
    planned_start = models.DateField(_("计划开始日期"))
    planned_end = models.DateField(_("计划结束日期"))
    started_on = models.DateField(_("实际开始日期"), null=True, blank=True)
    findings_on = models.DateField(_("形成督查意见日期"), null=True, blank=True)
    finished_on = models.DateField(_("出具报告日期"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=24, choices=InspectionState.choices, default=InspectionState.PLANNED
    )
    report = models.TextField(_("督查报告"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.CharField(_("创建人"), max_length=200)

    class Meta:
        verbose_name = _("督查")
        verbose_name_plural = _("督查")
        ordering = ["-planned_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InspectionKind.values), name="inspection_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=InspectionState.values), name="inspection_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="inspection_planned_order",
            ),
        ]
        indexes = [models.Index(fields=["plan", "kind", "state"], name="inspection_plan_idx")]

    def __str__(self) -> str:
        return f"inspection #{self.pk}"


class ChecklistItem(models.Model):
    """One point of an inspection's checklist for one inspected organ: a duty of 细则第四条至
    第八条 with the system's figures of the year (``figures``, a snapshot taken when the item
    was generated, so the report stays as it was), and the inspectors' finding on it. A finding
    that shows a ground of 细则第十一条第一款 (``ground``) becomes an accountability lead
    (``lead``) when the findings are recorded."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("督查"),
        on_delete=models.CASCADE,
        related_name="items",
        db_index=False,  # checklist_item_unique leads with it
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("被督查单位"), on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(_("督查项目"), max_length=32)
    figures = models.JSONField(_("系统数据快照"), default=dict)
    finding = models.TextField(_("督查发现"), blank=True)
    ground = models.PositiveSmallIntegerField(
        _("涉嫌情形（第十一条第一款）"), null=True, blank=True
    )
    finding_at = models.DateTimeField(_("记录时间"), null=True, blank=True)
    lead = models.ForeignKey(
        "accountability.Lead",
        verbose_name=_("责任追究线索"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("督查项目")
        verbose_name_plural = _("督查项目")
        ordering = ["inspection", "organ__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "organ", "key"], name="checklist_item_unique"
            ),
            models.CheckConstraint(
                condition=Q(ground__isnull=True) | Q(ground__gte=1, ground__lte=9),
                name="checklist_item_ground_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"checklist item #{self.pk}"


class RectificationDemand(models.Model):
    """A demand of the inspection that an organ rectify what it found, by a date; the organ
    answers, the inspecting organ accepts the answer or returns it. An open demand past its
    due date is overdue and becomes an accountability lead (``detection.inspections``)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("督查"), on_delete=models.CASCADE, related_name="demands"
    )
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("督查项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demands",
    )
    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("整改单位"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # rect_demand_organ_idx leads with it
    )
    content = models.TextField(_("整改要求"))
    issued_on = models.DateField(_("提出日期"))
    due = models.DateField(_("整改期限"))
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=RectificationDemandState.choices,
        default=RectificationDemandState.OPEN,
    )
    answer = models.TextField(_("整改情况"), blank=True)
    answered_on = models.DateField(_("反馈日期"), null=True, blank=True)
    answered_by = models.CharField(_("反馈人"), max_length=200, blank=True)
    review_note = models.TextField(_("验收意见"), blank=True)
    created_by = models.CharField(_("提出人"), max_length=200)

    class Meta:
        verbose_name = _("督查整改要求")
        verbose_name_plural = _("督查整改要求")
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=RectificationDemandState.values),
                name="rect_demand_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(due__gte=models.F("issued_on")), name="rect_demand_due_after_issue"
            ),
        ]
        indexes = [
            models.Index(fields=["organ", "state", "due"], name="rect_demand_organ_idx"),
            models.Index(fields=["due"], condition=Q(state="open"), name="rect_demand_open_idx"),
        ]

    def __str__(self) -> str:
        return f"rectification demand #{self.pk}"


class InspectionNotice(models.Model):
    """The circulation of an inspection's findings (细则第九条: 在适当范围内通报督查情况) to
    the organs chosen, each delivery recorded (``NoticeDelivery``)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("督查"), on_delete=models.PROTECT, related_name="notices"
    )
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("通报内容"))
    issued_on = models.DateField(_("通报日期"))
    created_by = models.CharField(_("通报人"), max_length=200)

    class Meta:
        verbose_name = _("督查通报")
        verbose_name_plural = _("督查通报")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"inspection notice #{self.pk}"


class NoticeDelivery(models.Model):
    """A notice delivered to one organ of its audience: when, and when read by whom."""

    notice = models.ForeignKey(
        InspectionNotice,
        verbose_name=_("督查通报"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,  # notice_delivery_unique leads with it
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("通报对象"), on_delete=models.PROTECT, related_name="+"
    )
    delivered_at = models.DateTimeField(_("送达时间"))
    read_at = models.DateTimeField(_("阅知时间"), null=True, blank=True)
    read_by = models.CharField(_("阅知人"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("通报送达")
        verbose_name_plural = _("通报送达")
        ordering = ["notice", "organ__path"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "organ"], name="notice_delivery_unique"),
        ]
        indexes = [models.Index(fields=["organ", "read_at"], name="notice_delivery_organ_idx")]

    def __str__(self) -> str:
        return f"notice delivery {self.notice_id}:{self.organ_id}"
