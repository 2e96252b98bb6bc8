"""What organs record in handling a matter and after it: opinions, replies, supervision
orders, extension requests, hearings and follow-up visits."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import (
    ExtensionApproval,
    ExtensionStatus,
    FollowUpMethod,
    HearingStage,
    OpinionKind,
    OpinionStage,
    ReplyOutcome,
    Satisfaction,
    SupervisionLevel,
    SupervisionSubject,
)
from .matter import Matter


class Opinion(models.Model):
    """A handling, review or re-review opinion (处理意见、复查意见、复核意见).

    Kind (支持 / 解释 / 不予支持), the facts found, the reasons and the legal basis, as the
    written reply to the petitioner states them. An opinion that supports the request must be
    carried out (细则第十一条第一款第二项: 不执行信访事项处理意见): ``execution_due`` is the
    profile's ``execute`` period from the day of issue, and ``executed_at`` with its note is
    recorded by the organ that has to act on it (``executing_organ_id``). Open executions are
    ``execution_due`` set and ``executed_at`` empty.
    """

    matter = models.ForeignKey(
        Matter, verbose_name=_("信访事项"), on_delete=models.CASCADE, related_name="opinions"
    )
    stage = models.CharField(_("阶段"), max_length=16, choices=OpinionStage.choices)
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("出具机关"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("意见类型"), max_length=16, choices=OpinionKind.choices)
    facts = models.TextField(_("查明事实"))
    reasons = models.TextField(_("理由"))
    legal_basis = models.TextField(_("法律依据"))
    issued_at = models.DateTimeField(_("出具时间"))
    execution_due = models.DateField(_("执行期限"), null=True, blank=True)
    executed_at = models.DateTimeField(_("执行时间"), null=True, blank=True)
    execution_note = models.TextField(_("执行情况"), blank=True)

    class Meta:
        verbose_name = _("处理意见")
        verbose_name_plural = _("处理意见")
        ordering = ["matter", "issued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "stage"], name="opinion_one_per_stage"),
            models.CheckConstraint(
                condition=Q(kind__in=OpinionKind.values), name="opinion_kind_valid"
            ),
        ]
        indexes = [
            # Lead detection: supporting opinions not carried out, by due date.
            models.Index(
                fields=["execution_due"],
                condition=Q(execution_due__isnull=False, executed_at__isnull=True),
                name="opinion_open_execution_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.stage} {self.kind}"

    @property
    def executing_organ_id(self) -> int | None:
        """The organ that has to carry the opinion out: the handling organ, which issued a
        handling opinion and must act on a review or re-review opinion that supports the
        request."""
        if self.stage == OpinionStage.HANDLE:
            return self.organ_id
        return self.matter.handling_organ_id


class Reply(models.Model):
    """The reply that concludes a matter handled without a 信访处理意见书 (答复).

    信访工作条例(2022)第三十一条第五项: a request that the organ investigate a violation or
    protect a right is met by performing the duty or replying (依法履行或者答复); 第二十九条: a
    suggestion is studied and adopted, partly adopted or not, and answered (予以回复). Neither is
    a 信访处理意见, so no review follows (第三十五条) and nothing is left to carry out: the reply
    closes the matter. ``outcome`` is what the reply says, ``text`` its words to the petitioner.
    """

    matter = models.OneToOneField(
        Matter, verbose_name=_("信访事项"), on_delete=models.CASCADE, related_name="reply"
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("答复机关"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("答复结果"), max_length=16, choices=ReplyOutcome.choices)
    text = models.TextField(_("答复内容"))
    issued_at = models.DateTimeField(_("答复时间"))

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["matter", "issued_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ReplyOutcome.values), name="reply_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id} 答复 {self.outcome}"


class SupervisionOrder(models.Model):
    """A supervision order (督办) on a matter, with its written-reply deadline (细则第六条、第九条).

    ``reply_due`` is the profile's ``supervision_reply`` period from the issue date, whatever
    the rung. ``subject`` says what is pressed: the handling, or carrying out the supporting
    ``opinion`` (also once the matter is final). ``level`` is the rung (催办 → 督办 → 通报);
    an order a rung above the previous one on the same matter, organ and subject names it
    (``escalated_from``) and, when that one was answered, why the problem persists
    (``escalation_reason``); a circulated notice (通报) records where it was circulated
    (``circulation_scope``). Access: the organ supervised owns it, the issuing organ works on
    it, and an accusation in the matter hides it (细则第十一条第一款第八项).
    """

    matter = models.ForeignKey(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        related_name="supervision_orders",
    )
    issuing_organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("督办机关"), on_delete=models.PROTECT, related_name="+"
    )
    to_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("被督办机关"),
        on_delete=models.PROTECT,
        related_name="supervision_orders_received",
    )
    issued_at = models.DateTimeField(_("督办时间"))
    instructions = models.TextField(_("督办意见"))
    reply_due = models.DateField(_("反馈期限"))
    reply_provisional = models.BooleanField(_("期限暂定"), default=False)
    basis = models.JSONField(_("依据"), default=list)
    replied_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    reply = models.TextField(_("反馈内容"), blank=True)
    subject = models.CharField(
        _("督办事项"),
        max_length=16,
        choices=SupervisionSubject.choices,
        default=SupervisionSubject.HANDLING,
        db_default=SupervisionSubject.HANDLING,
    )
    level = models.CharField(
        _("督办层级"),
        max_length=16,
        choices=SupervisionLevel.choices,
        default=SupervisionLevel.SUPERVISE,
        db_default=SupervisionLevel.SUPERVISE,
    )
    opinion = models.ForeignKey(
        Opinion,
        verbose_name=_("督促执行的处理意见"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    escalated_from = models.ForeignKey(
        "self",
        verbose_name=_("由此升级"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
    )
    escalation_reason = models.TextField(_("升级理由"), blank=True, default="", db_default="")
    circulation_scope = models.TextField(_("通报范围"), blank=True, default="", db_default="")

    ACCESS_ORGAN_FIELD: ClassVar[str] = "to_organ"
    ACCESS_EXTRA_ORGAN_FIELDS: ClassVar[tuple[str, ...]] = ("issuing_organ",)
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (("matter", "petitions.matter"),)

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["matter", "issued_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True) | ~Q(reply=""),
                name="supervision_reply_has_text",
            ),
            models.CheckConstraint(
                condition=Q(level__in=SupervisionLevel.values), name="supervision_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(subject=SupervisionSubject.HANDLING, opinion__isnull=True)
                | Q(subject=SupervisionSubject.EXECUTION, opinion__isnull=False),
                name="supervision_execution_names_opinion",
            ),
            models.CheckConstraint(
                condition=~Q(level=SupervisionLevel.CIRCULATE) | ~Q(circulation_scope=""),
                name="supervision_circulation_has_scope",
            ),
        ]
        indexes = [
            models.Index(
                fields=["to_organ", "reply_due"],
                condition=Q(replied_at__isnull=True),
                name="supervision_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id} 督办 {self.to_organ_id}"


class ExtensionRequest(models.Model):
    """A request to extend a matter's handling period and the responsible person's decision.

    The handling organ's staff ask for ``days`` with the reason; the handling period keeps
    running while the request is pending. A responsible person of the organ (its principal or a
    supervising leader) approves it — ``approved_by`` is the person of the acting account — or
    refuses it with the reason; an approval given on paper is recorded with its document's
    reference (``document_ref``). Only an approval moves the due date (信访条例(2005)第三十三条,
    信访工作条例(2022)第三十四条: 经负责人批准; the reason is told to the petitioner).
    """

    matter = models.ForeignKey(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        related_name="extension_requests",
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("办理机关"), on_delete=models.PROTECT, related_name="+"
    )
    days = models.PositiveSmallIntegerField(_("延长天数"))
    reason = models.TextField(_("延期理由"))
    requested_at = models.DateTimeField(_("申请时间"))
    requested_by = models.CharField(_("申请人"), max_length=200)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.CharField(_("决定操作者"), max_length=200, blank=True)
    approval = models.CharField(
        _("批准方式"), max_length=16, choices=ExtensionApproval.choices, blank=True
    )
    approved_by = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    document_ref = models.CharField(_("批准文件文号"), max_length=100, blank=True)
    refusal_reason = models.TextField(_("不予批准理由"), blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["matter", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["matter"],
                condition=Q(status="pending"),
                name="extension_request_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ExtensionStatus.values),
                name="extension_request_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | ~Q(approval=""),
                name="extension_request_approval_named",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="extension_request_refusal_has_reason",
            ),
        ]
        indexes = [
            # The responsible persons' list: pending requests of their organs.
            models.Index(
                fields=["organ", "requested_at"],
                condition=Q(status="pending"),
                name="extension_request_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id} 延期 {self.days} {self.status}"


class Hearing(models.Model):
    """A hearing (听证) held on a matter, from its first day to its last.

    The handling organ may hold one for a major, complex or difficult matter (信访条例(2005)
    第三十一条第二款, 信访工作条例(2022)第三十一条第六项); the handling period keeps running. The
    re-review organ may hold one (2005 第三十五条第二款, 2022 第三十六条第二款), and its time is not
    counted in the re-review period: while it runs (``ended_on`` empty) the re-review clock is
    paused (``pauses``), and when it ends the due date is counted again with its days
    (``excluded_days``, calendar days from ``started_on`` to ``ended_on`` inclusive) left out.
    """

    matter = models.ForeignKey(
        Matter, verbose_name=_("信访事项"), on_delete=models.CASCADE, related_name="hearings"
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("举行听证的机关"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("阶段"), max_length=16, choices=HearingStage.choices)
    #: The period whose clock does not run during the hearing ("" for a hearing in handling).
    pauses = models.CharField(_("暂停计算的期间"), max_length=32, blank=True)
    started_on = models.DateField(_("听证开始日"))
    ended_on = models.DateField(_("听证结束日"), null=True, blank=True)
    place = models.CharField(_("听证地点"), max_length=200, blank=True)
    note = models.TextField(_("听证情况"), blank=True)
    excluded_days = models.PositiveSmallIntegerField(_("不计入期限的天数"), default=0)
    basis = models.JSONField(_("依据"), default=list)
    recorded_by = models.CharField(_("登记人"), max_length=200)
    recorded_at = models.DateTimeField(_("登记时间"))
    ended_by = models.CharField(_("登记结束的操作者"), max_length=200, blank=True)
    ended_at = models.DateTimeField(_("登记结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")
        ordering = ["matter", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=HearingStage.values), name="hearing_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="hearing_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["matter"],
                condition=Q(ended_on__isnull=True),
                name="hearing_one_running",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id} 听证 {self.started_on.isoformat()}"

    @property
    def is_running(self) -> bool:
        return self.ended_on is None


class FollowUp(models.Model):
    """A follow-up visit (回访) to the petitioner after the matter was concluded."""

    matter = models.ForeignKey(
        Matter, verbose_name=_("信访事项"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("回访机关"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("回访时间"))
    method = models.CharField(_("方式"), max_length=16, choices=FollowUpMethod.choices)
    notes = models.TextField(_("回访情况"))
    satisfaction = models.CharField(
        _("满意度"), max_length=24, choices=Satisfaction.choices, blank=True
    )

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        ordering = ["matter", "at", "id"]

    def __str__(self) -> str:
        return f"{self.matter_id} 回访 {self.at.isoformat()}"
