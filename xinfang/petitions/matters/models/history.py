"""What happened to a matter: its clocks, its events (one per step) and its routes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import RouteKind
from .matter import Matter


class MatterClock(models.Model):
    """One statutory period of a matter: started, due, and when it stopped.

    ``basis`` lists the citations of the deadline (profile period source and counting rule);
    ``provisional`` marks a due date counted into a year whose holiday schedule is not entered.
    ``organ`` must act before ``due`` (empty for the petitioner's request periods).
    ``paused_on`` is the first day of the hearing that pauses the clock now (empty when none
    runs) and ``paused_days`` the days of ended hearings not counted; ``due`` counts them
    (信访条例(2005)第三十五条第二款, 信访工作条例(2022)第三十六条第二款).
    """

    matter = models.ForeignKey(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        related_name="clocks",
        db_index=False,  # matter_clock_matter_idx leads with it
    )
    period = models.CharField(_("期间"), max_length=32)
    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("责任机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_on = models.DateField(_("起算日"))
    days = models.PositiveSmallIntegerField(_("天数"))
    extension_days = models.PositiveSmallIntegerField(_("延长天数"), default=0)
    due = models.DateField(_("期限"))
    provisional = models.BooleanField(_("暂定"), default=False)
    basis = models.JSONField(_("依据"), default=list)
    stopped_on = models.DateField(_("停止日"), null=True, blank=True)
    stopped_by = models.CharField(_("停止原因"), max_length=32, blank=True)
    paused_on = models.DateField(_("听证暂停计算起始日"), null=True, blank=True)
    paused_days = models.PositiveSmallIntegerField(_("听证不计入天数"), default=0, db_default=0)

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        ordering = ["matter", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due__gte=models.F("started_on")), name="matter_clock_due_after_start"
            ),
        ]
        indexes = [models.Index(fields=["matter", "period"], name="matter_clock_matter_idx")]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.period} → {self.due.isoformat()}"

    @property
    def is_running(self) -> bool:
        return self.stopped_on is None

    @property
    def is_paused(self) -> bool:
        return self.stopped_on is None and self.paused_on is not None


class MatterEvent(models.Model):
    """One step of a matter: who acted, when, what, from which state to which, on what basis.

    Every service that changes a matter writes one (细则第八条第一项: 依法按程序登记、受理、办理).
    """

    matter = models.ForeignKey(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,  # matter_event_matter_idx leads with it
    )
    at = models.DateTimeField(_("时间"))
    actor = models.CharField(_("操作者"), max_length=200)
    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=40)
    from_state = models.CharField(_("原状态"), max_length=24, blank=True)
    to_state = models.CharField(_("新状态"), max_length=24, blank=True)
    details = models.JSONField(_("详情"), default=dict)
    basis = models.JSONField(_("依据"), default=list)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["matter", "at", "id"]
        indexes = [models.Index(fields=["matter", "at", "id"], name="matter_event_matter_idx")]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.action} {self.from_state}→{self.to_state}"


class MatterRoute(models.Model):
    """A transfer (转送) or an assignment (交办) by the petition office (细则第六条).

    An assignment carries the date by which the receiving organ reports its result back
    (``report_due``); ``reported_at`` is set when the opinion is issued. ``returned_at`` is set
    when the matter came back because the routing office agreed to the receiving organ's
    objection (信访工作条例(2022)第二十三条第三款: 交还相关材料): that organ reports nothing, so a
    returned assignment's report is never due, whatever ``report_due`` says.
    """

    matter = models.ForeignKey(
        Matter, verbose_name=_("信访事项"), on_delete=models.CASCADE, related_name="routes"
    )
    kind = models.CharField(_("方式"), max_length=16, choices=RouteKind.choices)
    from_organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("转出机关"), on_delete=models.PROTECT, related_name="+"
    )
    to_organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("接收机关"), on_delete=models.PROTECT, related_name="+"
    )
    routed_at = models.DateTimeField(_("时间"))
    report_due = models.DateField(_("报告办理结果期限"), null=True, blank=True)
    report_due_fixed = models.BooleanField(_("期限由交办机关指定"), default=False)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    returned_at = models.DateTimeField(_("交还时间"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("转送交办")
        verbose_name_plural = _("转送交办")
        ordering = ["matter", "routed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RouteKind.values), name="matter_route_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="assign", report_due__isnull=False)
                | Q(kind="transfer", report_due__isnull=True),
                name="matter_route_assign_has_report_due",
            ),
        ]
        indexes = [
            models.Index(
                fields=["from_organ", "report_due"],
                condition=Q(kind="assign", reported_at__isnull=True, returned_at__isnull=True),
                name="matter_route_open_report_idx",
            ),
            models.Index(fields=["matter", "routed_at"], name="matter_route_matter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.kind} {self.from_organ_id}→{self.to_organ_id}"
