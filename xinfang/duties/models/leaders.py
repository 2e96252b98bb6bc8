"""Leaders' duties (细则第七条第一、二、四项) and staff carrying out what leaders assign
(第八条第二项; 信访工作条例(2022)第十八条第二款):

- ``Instruction``: a letter or online petition (or a general task) put before a leader, the
  leader's instruction (批示) naming who must act, that organ's or person's report, and the
  leader closing it or sending it back (阅批、批办、交办);
- ``Reception``: a published reception day (接访) or field visit (下访) of a leader and the record
  of whether it was held, how many came and which matters were registered on the spot;
- ``CaseOwnership``: a leader owning an important matter or a 信访突出问题 until it is resolved
  (包案), with its milestones and progress notes.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InstructionState(models.TextChoices):
    """Where an instruction stands (put_before → instructed → reported → closed; a report sent
    back returns it to instructed)."""

    PUT_BEFORE = "put_before", _("待阅批")
    INSTRUCTED = "instructed", _("已批示，待报告办理情况")
    REPORTED = "reported", _("已报告，待领导审阅")
    CLOSED = "closed", _("已办结")


class ReceptionKind(models.TextChoices):
    """A leader's reception of petitioners at the reception place (接访) or a visit to them
    (下访)."""

    RECEPTION = "reception", _("接访")
    FIELD_VISIT = "field_visit", _("下访")


class ReceptionState(models.TextChoices):
    SCHEDULED = "scheduled", _("已公布")
    HELD = "held", _("已举行")
    NOT_HELD = "not_held", _("未举行")


class OwnershipState(models.TextChoices):
    OWNED = "owned", _("包案中")
    RESOLVED = "resolved", _("已化解")


class Instruction(models.Model):
    """A matter or task put before a leader, the leader's instruction and its report-back
    (细则第七条第一项 阅批、跟踪督促办理; 第八条第二项 办理领导批办、交办事项并上报办理情况).

    ``organ`` is the organ the leader acts for and owns the record; ``by_organ`` put it before
    the leader (the leader's own organ, or the petition office that holds the letter) and
    follows it; ``to_organ`` the organ that must act (the instructed staff member's organ when
    a person is named). All three read it. ``report_due`` is given by the leader or, failing
    that, the duty setting ``instruction_report_days`` from the instruction date
    (``due_from_setting``).
    """

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("领导所在机关"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        "orgs.Person", verbose_name=_("阅批领导"), on_delete=models.PROTECT, related_name="+"
    )
    matter = models.ForeignKey(
        "petitions.Matter",
        verbose_name=_("信访事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    by_organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("呈批机关"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("事由"), max_length=200)
    put_before_on = models.DateField(_("呈批日期"))
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=InstructionState.choices,
        default=InstructionState.PUT_BEFORE,
    )
    text = models.TextField(_("批示内容"), blank=True)
    instructed_on = models.DateField(_("批示日期"), null=True, blank=True)
    to_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("承办机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("承办人员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    report_due = models.DateField(_("报告办理情况期限"), null=True, blank=True)
    due_from_setting = models.BooleanField(_("期限为政策设定值"), default=False)
    report = models.TextField(_("办理情况报告"), blank=True)
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)
    closing_note = models.TextField(_("审阅意见"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"
    ACCESS_EXTRA_ORGAN_FIELDS: ClassVar[tuple[str, ...]] = ("by_organ", "to_organ")
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (("matter", "petitions.matter"),)

    class Meta:
        verbose_name = _("领导阅批、批办交办事项")
        verbose_name_plural = _("领导阅批、批办交办事项")
        ordering = ["-put_before_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="put_before")
                | Q(to_organ__isnull=False, report_due__isnull=False, instructed_on__isnull=False),
                name="instruction_instructed_has_organ_and_due",
            ),
        ]
        indexes = [
            models.Index(
                fields=["report_due"],
                condition=Q(state="instructed"),
                name="instruction_open_due_idx",
            ),
            models.Index(fields=["leader", "state"], name="instruction_leader_idx"),
            models.Index(fields=["to_organ", "state"], name="instruction_to_organ_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def report_overdue(self, today: dt.date) -> bool:
        """Whether the report is past due and not made (derived, never stored)."""
        return (
            self.state == InstructionState.INSTRUCTED
            and self.report_due is not None
            and self.report_due < today
        )


class Reception(models.Model):
    """A leader's reception day (接访) or field visit (下访), published beforehand, and its record
    (细则第七条第一项 定期接访下访群众; 信访工作条例(2022)第十八条). The matters registered on
    the spot are the petitions app's; the record only links them."""

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        "orgs.Person", verbose_name=_("领导干部"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("方式"), max_length=16, choices=ReceptionKind.choices)
    scheduled_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    topic = models.CharField(_("主题"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=ReceptionState.choices, default=ReceptionState.SCHEDULED
    )
    visitors = models.PositiveIntegerField(_("来访人数"), null=True, blank=True)
    note = models.TextField(_("情况记录"), blank=True)
    matters = models.ManyToManyField(
        "petitions.Matter", verbose_name=_("现场登记的信访事项"), blank=True, related_name="+"
    )
    recorded_on = models.DateField(_("记录日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("公布时间"), default=timezone.now)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("matters", "petitions.matter"),
    )

    class Meta:
        verbose_name = _("领导接访下访")
        verbose_name_plural = _("领导接访下访")
        ordering = ["scheduled_on", "id"]
        indexes = [
            models.Index(fields=["organ", "scheduled_on"], name="reception_organ_day_idx"),
            models.Index(fields=["leader", "kind", "scheduled_on"], name="reception_leader_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scheduled_on}"


class CaseOwnership(models.Model):
    """A leader owning an important matter or a 信访突出问题 until it is resolved (包案,
    细则第七条第二项; 信访工作条例(2022)第十八条第二款 包案化解群众反映强烈的突出问题).

    ``last_progress_on`` is the day of the latest progress (assignment, a note, a milestone set
    or done): with the duty setting ``ownership_stall_days`` it tells a stalled ownership,
    which goes to the organ's principal leader (computed, never stored).
    """

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        "orgs.Person", verbose_name=_("包案领导"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("包案事项"), max_length=200)
    description = models.TextField(_("问题情况"), blank=True)
    matters = models.ManyToManyField(
        "petitions.Matter", verbose_name=_("涉及的信访事项"), blank=True, related_name="+"
    )
    assigned_by = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("确定包案的领导"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_on = models.DateField(_("包案日期"))
    plan = models.TextField(_("化解方案"), blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=OwnershipState.choices, default=OwnershipState.OWNED
    )
    last_progress_on = models.DateField(_("最近进展日期"))
    resolution = models.TextField(_("化解结果"), blank=True)
    resolved_on = models.DateField(_("化解日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("matters", "petitions.matter"),
    )

    class Meta:
        verbose_name = _("领导包案")
        verbose_name_plural = _("领导包案")
        ordering = ["-assigned_on", "-id"]
        indexes = [
            models.Index(
                fields=["last_progress_on"],
                condition=Q(state="owned"),
                name="ownership_open_progress_idx",
            ),
            models.Index(fields=["leader", "state"], name="ownership_leader_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class OwnershipMilestone(models.Model):
    """A milestone of an ownership's plan: what, by when, done when."""

    ownership = models.ForeignKey(
        CaseOwnership,
        verbose_name=_("领导包案"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("节点"), max_length=200)
    due = models.DateField(_("完成期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("包案节点")
        verbose_name_plural = _("包案节点")
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title


class OwnershipNote(models.Model):
    """A progress note on an ownership."""

    ownership = models.ForeignKey(
        CaseOwnership, verbose_name=_("领导包案"), on_delete=models.CASCADE, related_name="notes"
    )
    on = models.DateField(_("日期"))
    text = models.TextField(_("进展情况"))
    created_by = models.CharField(_("记录人"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("包案进展")
        verbose_name_plural = _("包案进展")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return self.text[:50]
