"""Incidents and staff reports (细则第七条第三项、第八条第三项、第八条第四项).

An ``Incident`` is a collective visit (集体访), negative public opinion about petition work
(信访负面舆情) or an individual extreme incident caused by a petition problem (因信访问题引发的
个人极端事件) that an organ must handle in time and report (第七条第三项: 及时妥善处置;
第八条第三项: 及时处理并报告; 信访工作条例(2022)第二十五条: 重大、紧急信访事项和信访信息
应当及时报告本级党委和政府).
Its report deadlines are stored when it is recorded, from the duty settings in force on the
day it was known (``incident_first_report_hours``, ``incident_written_report_hours``), so
overdue and late reports are indexed queries. Its handling steps (``IncidentAction``), the
reports made (``IncidentReport``) and the times it grew (``IncidentEscalation``) hang below it.

A ``StaffReport`` is a staff member's report of an important matter or a prominent problem to
a leader, or a suggestion on improving petition work (第八条第四项), which the leader
acknowledges.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IncidentKind(models.TextChoices):
    """The three kinds of incident 细则第七条第三项、第八条第三项 name."""

    COLLECTIVE_VISIT = "collective_visit", _("集体访")
    NEGATIVE_OPINION = "negative_opinion", _("信访负面舆情")
    EXTREME_INCIDENT = "extreme_incident", _("因信访问题引发的个人极端事件")


class IncidentState(models.TextChoices):
    """Where the handling of an incident stands."""

    REPORTED = "reported", _("已登记")
    HANDLING = "handling", _("处置中")
    CLOSED = "closed", _("已处置完毕")


class ReportChannel(models.TextChoices):
    """How a report was made: the first report may be by phone, the written report is in
    writing (on paper or online)."""

    PHONE = "phone", _("电话")
    WRITTEN = "written", _("书面")
    ONLINE = "online", _("网上报送")


#: The channels that make a written report (书面报告).
WRITTEN_CHANNELS = (ReportChannel.WRITTEN, ReportChannel.ONLINE)


class GrowthKind(models.TextChoices):
    """How an incident grew (细则第十一条第一款第四项: 导致事态扩大)."""

    MORE_PEOPLE = "more_people", _("人数增加")
    MEDIA = "media", _("媒体报道、网络传播")
    SECOND_INCIDENT = "second_incident", _("引发新的事件")
    OTHER = "other", _("其他")


class StaffReportKind(models.TextChoices):
    """What a staff member brings to a leader (细则第八条第四项)."""

    IMPORTANT_MATTER = "important_matter", _("重要信访事项")
    PROMINENT_PROBLEM = "prominent_problem", _("信访突出问题")
    SUGGESTION = "suggestion", _("加强和改进信访工作的意见建议")


class StaffReportState(models.TextChoices):
    SUBMITTED = "submitted", _("待领导阅知")
    ACKNOWLEDGED = "acknowledged", _("领导已阅知")


class Incident(models.Model):
    """A collective visit, negative public opinion or extreme incident an organ handles and
    reports (细则第七条第三项、第八条第三项).

    ``organ`` is the organ responsible for handling it; ``territory_office`` the petition office
    of its territory when it was recorded (细则第六条). ``known_at`` starts both report clocks;
    ``first_report_due`` and ``written_report_due`` are fixed from the duty settings in force
    that day, ``first_reported_at`` and ``written_reported_at`` are the first report and the
    first written report made. An extreme incident is read only by those who need it
    (``xinfang.duties.selectors.incidents``).
    """

    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("负责处置的机关"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    kind = models.CharField(_("事件类别"), max_length=24, choices=IncidentKind.choices)
    title = models.CharField(_("事件名称"), max_length=200)
    description = models.TextField(_("基本情况"))
    occurred_at = models.DateTimeField(_("发生时间"))
    place = models.CharField(_("发生地点"), max_length=200)
    place_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("属地（乡镇街道或区县）"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    people_count = models.PositiveIntegerField(_("涉及人数"))
    matters = models.ManyToManyField(
        "petitions.Matter", verbose_name=_("关联信访事项"), related_name="incidents", blank=True
    )
    known_at = models.DateTimeField(_("知悉时间"))
    known_by = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("知悉人"),
        on_delete=models.PROTECT,
        related_name="incidents_known",
    )
    recording_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("登记机关"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="incidents_recorded",
        null=True,
        blank=True,
    )
    territory_office = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("属地信访部门"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    first_report_due = models.DateTimeField(_("首报时限"))
    written_report_due = models.DateTimeField(_("书面报告时限"))
    first_reported_at = models.DateTimeField(_("首报时间"), null=True, blank=True)
    written_reported_at = models.DateTimeField(_("书面报告时间"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=IncidentState.choices, default=IncidentState.REPORTED
    )
    closed_at = models.DateTimeField(_("处置完毕时间"), null=True, blank=True)
    closing_note = models.TextField(_("处置结果"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    created_by = models.CharField(_("登记者"), max_length=200, blank=True)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"
    #: The organ that recorded it and the organs it was reported to work on it too.
    ACCESS_EXTRA_ORGAN_FIELDS: ClassVar[tuple[str, ...]] = (
        "recording_organ",
        "reports__to_organ",
    )
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("matters", "petitions.matter"),
    )

    class Meta:
        verbose_name = _("集体访、负面舆情、个人极端事件")
        verbose_name_plural = _("集体访、负面舆情、个人极端事件")
        ordering = ["-known_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=IncidentState.values), name="duties_incident_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=IncidentKind.values), name="duties_incident_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(first_report_due__lte=models.F("written_report_due")),
                name="duties_incident_first_before_written",
            ),
        ]
        indexes = [
            models.Index(fields=["organ", "state"], name="duties_incident_organ_idx"),
            models.Index(fields=["first_report_due"], name="duties_incident_first_due_idx"),
            models.Index(fields=["written_report_due"], name="duties_incident_written_idx"),
        ]

    def __str__(self) -> str:
        return f"incident #{self.pk}"


class IncidentEntry(models.Model):
    """What every entry below an incident records besides its own facts: when it was
    entered and by whom (the act itself may be earlier: a report made by phone at night)."""

    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    recorded_by = models.CharField(_("记录者"), max_length=200, blank=True)

    class Meta:
        abstract = True


class IncidentAction(IncidentEntry):
    """One handling step of an incident: when, what was done, by whom (细则第七条第三项)."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="actions"
    )
    at = models.DateTimeField(_("处置时间"))
    what = models.TextField(_("处置措施"))
    by_person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("处置人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("事件处置措施")
        verbose_name_plural = _("事件处置措施")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"incident action #{self.pk}"


class IncidentReport(IncidentEntry):
    """A report made on an incident: when, to which organ and person, how, what it said
    (细则第八条第三项; 信访工作条例(2022)第二十五条)."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="reports"
    )
    made_at = models.DateTimeField(_("报告时间"))
    to_organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("报告机关"), on_delete=models.PROTECT, related_name="+"
    )
    to_person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("报告对象"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    channel = models.CharField(_("报告方式"), max_length=16, choices=ReportChannel.choices)
    content = models.TextField(_("报告内容"))
    made_by = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("报告人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("事件报告")
        verbose_name_plural = _("事件报告")
        ordering = ["made_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=ReportChannel.values),
                name="duties_incident_report_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"incident report #{self.pk}"


class IncidentEscalation(IncidentEntry):
    """The incident grew: more people, media coverage, a second incident (细则第十一条第一款第四项:
    导致事态扩大). ``people_after`` is how many were involved afterwards, when known."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="escalations"
    )
    at = models.DateTimeField(_("扩大时间"))
    growth = models.CharField(_("扩大情形"), max_length=24, choices=GrowthKind.choices)
    what = models.TextField(_("扩大情况"))
    people_before = models.PositiveIntegerField(_("此前涉及人数"))
    people_after = models.PositiveIntegerField(_("扩大后涉及人数"), null=True, blank=True)

    class Meta:
        verbose_name = _("事态扩大记录")
        verbose_name_plural = _("事态扩大记录")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(growth__in=GrowthKind.values),
                name="duties_incident_growth_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"incident escalation #{self.pk}"


class StaffReport(models.Model):
    """A staff member reports an important matter or a prominent problem to a leader, or
    makes a suggestion on improving petition work (细则第八条第四项); the leader acknowledges it.

    ``organ`` is the staff member's organ; ``to_organ`` the organ where the leader serves.
    """

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("报告人所在机关"), on_delete=models.PROTECT, related_name="+"
    )
    from_person = models.ForeignKey(
        "orgs.Person", verbose_name=_("报告人"), on_delete=models.PROTECT, related_name="+"
    )
    to_person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("报告领导"),
        on_delete=models.PROTECT,
        related_name="staff_reports_received",
    )
    to_organ = models.ForeignKey(
        "orgs.Organ", verbose_name=_("领导所在机关"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=24, choices=StaffReportKind.choices)
    content = models.TextField(_("内容"))
    matters = models.ManyToManyField(
        "petitions.Matter", verbose_name=_("关联信访事项"), related_name="+", blank=True
    )
    submitted_at = models.DateTimeField(_("报告时间"), default=timezone.now)
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=StaffReportState.choices,
        default=StaffReportState.SUBMITTED,
    )
    acknowledged_at = models.DateTimeField(_("阅知时间"), null=True, blank=True)
    acknowledgement = models.TextField(_("领导意见"), blank=True)

    ACCESS_ORGAN_FIELD: ClassVar[str] = "organ"
    ACCESS_EXTRA_ORGAN_FIELDS: ClassVar[tuple[str, ...]] = ("to_organ",)
    ACCESS_LINKED_RECORDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("matters", "petitions.matter"),
    )

    class Meta:
        verbose_name = _("工作人员汇报和意见建议")
        verbose_name_plural = _("工作人员汇报和意见建议")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=StaffReportState.values),
                name="duties_staff_report_state_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["to_person", "state"], name="duties_staff_report_to_idx"),
        ]

    def __str__(self) -> str:
        return f"staff report #{self.pk}"
