"""Accountability: leads, cases, recommendations, decisions, effects (细则第十一条至第十八条).

A ``Lead`` (线索) is a suspected failure: found by detection or filed by hand. The petition
office investigates it in an ``AccountabilityCase`` (第十七条第二款), records the findings and
the people involved (``CaseParticipant``), and the rules core recommends. The case is sent as a
``Recommendation`` to the managing authority of each person and organ; the authority records a
``Decision`` per person or organ (第十七条第一款). Decisions take effect as ``Rectification``
items (第十三条、第十四条), ``HonourDisqualification`` of the organ (第十四条), ``Referral`` to
discipline or judicial organs (第十二条第二款、第十六条) and ``Notice`` to the organization and
personnel departments (第十八条).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.choices import PortfolioSubject

from .choices import (
    CaseState,
    DecisionState,
    DutyRole,
    Harm,
    Impact,
    LeadKind,
    LeadSource,
    LeadState,
    LeadTier,
    NoticeRole,
    ReferralTarget,
    Responsibility,
    ResponsibilityKind,
)
from .summaries import summary_in_language


class Lead(models.Model):
    """A suspected failure of petition work duty (线索) naming a ground of 细则第十一条第一款.

    ``failure_date`` is the day the duty was due (the last day of the missed period); the
    ``duty_holders`` are those who held the duty on that day, from the positions then in force.
    ``evidence`` lists references to the records that show it (``{"type": "matter", "id": 7,
    ...}``). A detected lead's ``summary`` is also kept as a code and its values
    (``summary_params``) so that pages show it in the reader's language. ``dedup_key``
    (``kind:object:period``) makes detection idempotent: the unique constraint lets two
    concurrent runs create a lead once. ``work_subject`` is the portfolio (分管) that covers the
    work that failed — petition work for the petition office's own steps, the matter's
    category for a department's — whose holder is the 直接主管的负责人 (细则第十一条第二款);
    ``supervising_leader_unclear`` says the registry could not tell who that is (no subject, or
    nobody's portfolio covered it on the failure date). ``tier`` tells a lead from a signal
    (待研判信号, 细则第十一条第一款第三、六、八项): what the data only suggests, for the petition
    office to promote to a lead or dismiss with a reason; a signal of disclosure to the accused
    (ground 8) is read only by the office's head and the discipline organs.
    """

    source = models.CharField(_("来源"), max_length=16, choices=LeadSource.choices)
    kind = models.CharField(_("类型"), max_length=32, choices=LeadKind.choices)
    ground = models.PositiveSmallIntegerField(_("涉嫌情形（第十一条第一款）"))
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("涉及机关"), on_delete=models.PROTECT, related_name="+"
    )
    failure_date = models.DateField(_("失职失责日期"))
    summary = models.TextField(_("摘要"))
    summary_params = models.JSONField(_("摘要参数"), default=dict, blank=True)
    evidence = models.JSONField(_("证据"), default=list, blank=True)
    dedup_key = models.CharField(_("去重键"), max_length=200)
    matter = models.ForeignKey(
        "petitions.Matter",
        verbose_name=_("信访事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rectification = models.ForeignKey(
        "accountability.Rectification",
        verbose_name=_("逾期整改事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalation_leads",
    )
    work_subject = models.CharField(
        _("出问题工作的分管领域"),
        max_length=32,
        choices=PortfolioSubject.choices,
        blank=True,
        default="",
        db_default="",
    )
    supervising_leader_unclear = models.BooleanField(
        _("登记信息无法确定直接主管的负责人"), default=False, db_default=False
    )
    tier = models.CharField(
        _("线索或信号"),
        max_length=8,
        choices=LeadTier.choices,
        default=LeadTier.LEAD,
        db_default=LeadTier.LEAD,
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=LeadState.choices, default=LeadState.OPEN
    )
    state_reason = models.TextField(_("状态说明"), blank=True)
    created_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    created_by = models.CharField(_("发现者"), max_length=200)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (("matter", "petitions.matter"),)

    class Meta:
        verbose_name = _("线索")
        verbose_name_plural = _("线索")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dedup_key"], name="lead_dedup_key_unique"),
            models.CheckConstraint(
                condition=Q(ground__gte=1, ground__lte=9), name="lead_ground_1_to_9"
            ),
            models.CheckConstraint(
                condition=Q(state__in=LeadState.values), name="lead_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=LeadSource.values), name="lead_source_valid"
            ),
            models.CheckConstraint(condition=Q(tier__in=LeadTier.values), name="lead_tier_valid"),
        ]
        indexes = [
            models.Index(fields=["state", "organ"], name="lead_state_organ_idx"),
            models.Index(fields=["organ", "failure_date"], name="lead_organ_date_idx"),
            models.Index(fields=["tier", "state"], name="lead_tier_state_idx"),
        ]

    def __str__(self) -> str:
        return f"lead #{self.pk} {self.kind}"

    @property
    def summary_text(self) -> str:
        """The summary in the reader's language: a detected lead's is written from its code
        and parameters; a lead filed by hand (or detected before there were any) shows the
        text stored."""
        return summary_in_language(self.summary_params, self.summary)


class LeadDutyHolder(models.Model):
    """Who held the duty on the failure date, in which position (细则第十一条第二款)."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("线索"), on_delete=models.CASCADE, related_name="duty_holders"
    )
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+"
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.ForeignKey(
        "orgs.Position",
        verbose_name=_("职位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("职责身份"), max_length=32, choices=DutyRole.choices)

    class Meta:
        verbose_name = _("责任人员")
        verbose_name_plural = _("责任人员")
        ordering = ["lead", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead", "person", "role"], name="lead_duty_holder_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lead_id}: {self.person_id} {self.role}"


class AccountabilityCase(models.Model):
    """The petition office's investigation of a lead and its findings (细则第十七条第二款).

    ``recommendation`` is the rules core's answer (``decide(...).to_json()``) to ``facts``,
    both stored as computed, so the basis shown article by article is what was recommended.
    """

    lead = models.OneToOneField(
        Lead, verbose_name=_("线索"), on_delete=models.PROTECT, related_name="case"
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("涉及机关"), on_delete=models.PROTECT, related_name="+"
    )
    failure_date = models.DateField(_("失职失责日期"))
    investigating_organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("调查机关"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=24, choices=CaseState.choices, default=CaseState.INVESTIGATING
    )
    opened_at = models.DateTimeField(_("立案调查时间"), default=timezone.now)
    opened_by = models.CharField(_("立案调查人"), max_length=200)
    grounds = models.JSONField(_("认定情形"), default=list, blank=True)
    threshold_met = models.BooleanField(_("后果要件成立"), null=True, blank=True)
    threshold_reasoning = models.TextField(_("后果要件认定理由"), blank=True)
    harm = models.CharField(_("危害程度"), max_length=24, choices=Harm.choices, blank=True)
    impact = models.CharField(_("影响程度"), max_length=24, choices=Impact.choices, blank=True)
    harm_description = models.TextField(_("危害和影响"), blank=True)
    responsibility_kind = models.CharField(
        _("责任类型"), max_length=16, choices=ResponsibilityKind.choices, blank=True
    )
    findings_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    facts = models.JSONField(_("案件事实（规则输入）"), null=True, blank=True)
    recommendation = models.JSONField(_("处理建议（规则输出）"), null=True, blank=True)
    recommended_on = models.DateField(_("建议日期"), null=True, blank=True)
    sent_at = models.DateTimeField(_("提出建议时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    closing_reason = models.TextField(_("不予追究理由"), blank=True)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("lead__matter", "petitions.matter"),
    )

    class Meta:
        verbose_name = _("责任追究案件")
        verbose_name_plural = _("责任追究案件")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=CaseState.values), name="accountability_case_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["state", "organ"], name="acc_case_state_organ_idx")]

    def __str__(self) -> str:
        return f"case #{self.pk}"


class CaseParticipant(models.Model):
    """One person's part as the investigation found it (细则第十一条第二款).

    Whoever objected explicitly must have the objection's record named
    (``objection_reference``: the minutes, the written opinion): an objection nobody can find
    cannot clear anyone.
    """

    case = models.ForeignKey(
        AccountabilityCase,
        verbose_name=_("案件"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+"
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("职责身份"), max_length=32, choices=DutyRole.choices)
    participated = models.BooleanField(_("参与决策或工作"), default=True)
    objected = models.BooleanField(_("提出明确反对意见"), default=False)
    objection_reference = models.CharField(_("反对意见记载于"), max_length=300, blank=True)
    diligent = models.BooleanField(_("已尽职"), default=False)
    diligence_note = models.TextField(_("尽职情况"), blank=True)
    discipline_warranted = models.BooleanField(_("应给予纪律处分"), default=False)
    suspected_crime = models.BooleanField(_("涉嫌违法犯罪"), default=False)

    class Meta:
        verbose_name = _("涉案人员")
        verbose_name_plural = _("涉案人员")
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="case_participant_unique"),
            models.CheckConstraint(
                condition=Q(objected=False) | ~Q(objection_reference=""),
                name="case_participant_objection_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.person_id} {self.role}"


class Recommendation(models.Model):
    """The recommendation letter (责任追究建议书) to one managing authority (细则第十七条第二款)."""

    case = models.ForeignKey(
        AccountabilityCase,
        verbose_name=_("案件"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    authority = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("有管理权限的党政机关"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("文号"), max_length=64, unique=True)
    sent_at = models.DateTimeField(_("送达时间"), default=timezone.now)
    sent_by = models.CharField(_("提出人"), max_length=200)

    class Meta:
        verbose_name = _("责任追究建议")
        verbose_name_plural = _("责任追究建议")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "authority"], name="recommendation_one_per_authority"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Decision(models.Model):
    """The managing authority's decision on one person or the organ (细则第十七条第一款).

    The ``recommended_*`` fields copy what the rules core recommended for this subject; the
    ``decided_*`` fields are the authority's. A decision that differs must state its reasons.
    """

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("建议"), on_delete=models.PROTECT, related_name="decisions"
    )
    case = models.ForeignKey(
        AccountabilityCase,
        verbose_name=_("案件"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accountability_decisions",
    )
    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accountability_decisions",
    )
    role = models.CharField(_("职责身份"), max_length=32, choices=DutyRole.choices, blank=True)
    responsibility = models.CharField(
        _("责任"), max_length=32, choices=Responsibility.choices, blank=True
    )
    tier = models.PositiveSmallIntegerField(_("档次"), default=0)
    recommended_measures = models.JSONField(_("建议措施"), default=list)
    recommended_options = models.JSONField(_("可选组织处理措施"), default=list, blank=True)
    recommended_rectification = models.BooleanField(_("建议限期整改"), default=False)
    recommended_basis = models.JSONField(_("建议依据"), default=list)
    state = models.CharField(
        _("状态"), max_length=16, choices=DecisionState.choices, default=DecisionState.PENDING
    )
    decided_measures = models.JSONField(_("决定措施"), default=list, blank=True)
    decided_options = models.JSONField(_("组织处理措施"), default=list, blank=True)
    differs = models.BooleanField(_("与建议不同"), default=False)
    reasons = models.TextField(_("理由"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_at = models.DateTimeField(_("记录时间"), null=True, blank=True)
    decided_by = models.CharField(_("记录人"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("追究决定")
        verbose_name_plural = _("追究决定")
        ordering = ["recommendation", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organ__isnull=True)
                | Q(person__isnull=True, organ__isnull=False),
                name="decision_person_xor_organ",
            ),
            models.UniqueConstraint(
                fields=["case", "person"],
                condition=Q(person__isnull=False),
                name="decision_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["case", "organ"],
                condition=Q(organ__isnull=False),
                name="decision_one_per_organ",
            ),
            models.CheckConstraint(
                condition=Q(differs=False) | ~Q(reasons=""), name="decision_differs_has_reasons"
            ),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(decided_on__isnull=False),
                name="decision_decided_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "state"], name="decision_person_state_idx"),
        ]

    def __str__(self) -> str:
        return f"decision #{self.pk}"

    @property
    def subject_name(self) -> str:
        if self.person_id is not None and self.person is not None:
            return self.person.name
        return self.organ.name if self.organ is not None else ""


class Rectification(models.Model):
    """Rectification by a deadline (限期整改, 细则第十三条、第十四条) ordered by a decision.

    Missing the deadline is a lead for escalation (第十四条: 受到通报后仍未完成整改目标;
    第十五条: 受到诫勉后仍未按期完成整改目标).
    """

    decision = models.OneToOneField(
        Decision, verbose_name=_("决定"), on_delete=models.PROTECT, related_name="rectification"
    )
    case = models.ForeignKey(
        AccountabilityCase,
        verbose_name=_("案件"),
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    measure = models.CharField(_("所受措施"), max_length=32, blank=True)
    due = models.DateField(_("整改期限"))
    rectified_at = models.DateTimeField(_("完成整改时间"), null=True, blank=True)
    evidence = models.TextField(_("整改材料"), blank=True)
    marked_by = models.CharField(_("确认人"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("限期整改")
        verbose_name_plural = _("限期整改")
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organ__isnull=True)
                | Q(person__isnull=True, organ__isnull=False),
                name="rectification_person_xor_organ",
            ),
            models.CheckConstraint(
                condition=Q(rectified_at__isnull=True) | ~Q(evidence=""),
                name="rectification_done_has_evidence",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due"],
                condition=Q(rectified_at__isnull=True),
                name="rectification_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"rectification #{self.pk} due {self.due.isoformat()}"

    @property
    def rectified_on(self) -> date | None:
        return timezone.localtime(self.rectified_at).date() if self.rectified_at else None

    @property
    def rectified_in_time(self) -> bool:
        """Rectified on or before the deadline (按期完成整改)."""
        done = self.rectified_on
        return done is not None and done <= self.due


class HonourDisqualification(models.Model):
    """The organ may not be chosen for comprehensive honours in ``year`` (细则第十四条)."""

    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("地区、部门和单位"),
        on_delete=models.PROTECT,
        related_name="honour_disqualifications",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    case = models.ForeignKey(
        AccountabilityCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        Decision, verbose_name=_("决定"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.JSONField(_("依据"), default=list)
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("取消综合性荣誉称号评选资格")
        verbose_name_plural = _("取消综合性荣誉称号评选资格")
        ordering = ["-year", "organ"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "year", "case"], name="honour_disqualification_unique"
            ),
        ]
        indexes = [models.Index(fields=["organ", "year"], name="honour_organ_year_idx")]

    def __str__(self) -> str:
        return f"{self.organ_id} {self.year}"


class Referral(models.Model):
    """A person referred to discipline bodies (细则第十六条) or judicial organs (第十二条第二款).

    ``to_organ`` is the organ with that role at the managing authority's level; empty when the
    registry holds none (the referral is then made outside the system and noted).
    """

    decision = models.ForeignKey(
        Decision, verbose_name=_("决定"), on_delete=models.PROTECT, related_name="referrals"
    )
    case = models.ForeignKey(
        AccountabilityCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.CharField(_("移送对象"), max_length=16, choices=ReferralTarget.choices)
    to_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("接收机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    basis = models.JSONField(_("依据"), default=list)
    created_at = models.DateTimeField(_("移送时间"), default=timezone.now)

    class Meta:
        verbose_name = _("移送")
        verbose_name_plural = _("移送")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "target"], name="referral_unique"),
        ]

    def __str__(self) -> str:
        return f"referral #{self.pk} {self.target}"


class Notice(models.Model):
    """Notice of a decided outcome to an organization or personnel department (细则第十八条).

    Addressed to the departments at the managing authority's level (同级): the organs with
    that role whose level and region are the authority's.
    """

    decision = models.ForeignKey(
        Decision, verbose_name=_("决定"), on_delete=models.PROTECT, related_name="notices"
    )
    case = models.ForeignKey(
        AccountabilityCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+"
    )
    to_organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("通报对象"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("部门"), max_length=16, choices=NoticeRole.choices)
    created_at = models.DateTimeField(_("通报时间"), default=timezone.now)

    class Meta:
        verbose_name = _("通报组织人事部门")
        verbose_name_plural = _("通报组织人事部门")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "to_organ"], name="notice_unique"),
        ]
        indexes = [models.Index(fields=["to_organ", "created_at"], name="notice_to_organ_idx")]

    def __str__(self) -> str:
        return f"notice #{self.pk} → {self.to_organ_id}"
