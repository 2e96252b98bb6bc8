"""Petition matters and everything recorded about them (细则第五条、第六条、第八条).

The procedure (states, transitions, periods) is the rules core's (``xinfang.rules``); these
tables record what happened and the clocks that run. Time-derived states are never stored:
a matter is overdue when ``action_due < today`` and its clock is not paused by a hearing
(``action_paused``), which the indexes below answer directly.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.choices import PortfolioSubject

from .choices import (
    FINAL_STATE_VALUES,
    NOT_OPEN_STATE_VALUES,
    AttachmentKind,
    Channel,
    ExtensionApproval,
    ExtensionStatus,
    FollowUpMethod,
    HandlingWay,
    HearingStage,
    LegalRoute,
    MatterState,
    OpinionKind,
    OpinionStage,
    OtherOrgan,
    RepeatReason,
    ReplyOutcome,
    RouteKind,
    Satisfaction,
)


class Category(models.Model):
    """A subject of petitions (信访内容分类), a tree that administrators edit.

    Routing and the classified handling lists (细则第五条) key on it. ``name_en`` is what
    English pages show (``label``); a category an administrator adds without one shows its
    Chinese name there too. ``portfolio_subject`` is the subject of a leader's portfolio (分管)
    that covers the category's work: the leader holding it is the 直接主管的负责人 when a
    department fails on such a matter (细则第十一条第二款); blank, the parent's applies
    (``categories.portfolio_subject_of``).
    """

    code = models.CharField(_("分类代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True, default="", db_default="")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分类"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    portfolio_subject = models.CharField(
        _("分管领域"),
        max_length=32,
        choices=PortfolioSubject.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "分管该领域的领导班子成员是该类事项出问题时直接主管的负责人（细则第十一条第二款）；"
            "留空则沿用上级分类的分管领域。"
        ),
    )
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("信访事项分类")
        verbose_name_plural = _("信访事项分类")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="matter_category_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def label(self) -> str:
        """The name in the reader's language: English pages show ``name_en`` when there is
        one, the Chinese name otherwise."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class HandlingListEntry(models.Model):
    """One line of a department's classified handling list (依法分类处理清单, 细则第五条).

    A request type of a category belongs to a legal route (litigation, arbitration, ...,
    petition handling), handled by a responsible unit within a time limit, on a legal basis.
    Each department maintains its own; routing reads them.
    """

    department = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("工作部门"),
        on_delete=models.PROTECT,
        related_name="handling_list_entries",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("信访事项分类"),
        on_delete=models.PROTECT,
        related_name="handling_list_entries",
    )
    request_type = models.CharField(_("诉求类型"), max_length=200)
    legal_route = models.CharField(_("法定途径"), max_length=40, choices=LegalRoute.choices)
    responsible_unit = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_unit_name = models.CharField(_("责任单位名称"), max_length=200, blank=True)
    time_limit_days = models.PositiveSmallIntegerField(_("办理时限（日）"), null=True, blank=True)
    legal_basis = models.TextField(_("法律依据"))
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("依法分类处理清单条目")
        verbose_name_plural = _("依法分类处理清单条目")
        ordering = ["department", "category", "request_type"]
        constraints = [
            models.CheckConstraint(
                condition=Q(legal_route__in=LegalRoute.values),
                name="handling_list_legal_route_valid",
            ),
            models.UniqueConstraint(
                fields=["department", "category", "request_type"],
                name="handling_list_unique_request_type",
            ),
        ]
        indexes = [
            models.Index(fields=["category", "is_active"], name="handling_list_category_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.department_id}: {self.request_type} → {self.legal_route}"


#: ``Matter._stored_place`` of a matter read without its organ or state.
_PLACE_UNKNOWN = "unknown"


class Matter(models.Model):
    """A petition matter (信访事项) from intake to its final state.

    ``current_organ`` is where the matter sits now (the organ whose step is next) and owns it
    for access (``ACCESS_ORGAN_FIELD``); ``handling_organ`` accepted it. ``action_due`` is the
    due date of the running organ clock (route, accept, handle, review, re-review) and is empty
    when none runs; ``request_due`` the petitioner's (review or re-review request). A matter
    waits for its organ's step in the states ``OPEN_STATE_VALUES``, clock or none (a ``duty``
    or ``suggestion`` matter has none): those are its queue and its open count.
    Every clock, running or stopped, is a ``MatterClock`` row; these two columns are its
    current state for indexed queues and counts (overdue = ``action_due < today``), and
    ``action_paused`` says that clock is paused by a running re-review hearing (听证所需时间不计算
    在期限内): a paused matter is open but neither overdue nor due soon.
    ``profile`` is the regulation profile in force at registration (细则第二十条).
    ``handling_way`` is chosen on acceptance (empty before): only a matter handled for a
    信访处理意见书 has the handling period (信访工作条例(2022)第三十四条).
    """

    # The foreign keys below without an index of their own lead a composite index (Meta):
    # one B-tree fewer to write per matter.
    petitioner = models.ForeignKey(
        "petitions.Petitioner",
        verbose_name=_("信访人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
        db_index=False,
    )
    channel = models.CharField(_("信访形式"), max_length=16, choices=Channel.choices)
    is_collective = models.BooleanField(_("集体访"), default=False)
    headcount = models.PositiveIntegerField(_("人数"), null=True, blank=True)
    representatives = models.PositiveSmallIntegerField(_("代表人数"), null=True, blank=True)
    received_at = models.DateTimeField(_("收到时间"))
    registered_at = models.DateTimeField(_("登记时间"))
    registering_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("登记机关"),
        on_delete=models.PROTECT,
        related_name="registered_matters",
        db_index=False,
    )
    current_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("当前所在机关"),
        on_delete=models.PROTECT,
        related_name="current_matters",
        db_index=False,
    )
    handling_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("办理机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_matters",
    )
    region_code = models.CharField(_("问题发生地"), max_length=12)
    category = models.ForeignKey(
        Category,
        verbose_name=_("分类"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
    )
    summary = models.CharField(_("摘要"), max_length=300)
    content = models.TextField(_("内容"))
    may_be_public = models.BooleanField(_("可以公开"), default=False)
    accused_names = models.TextField(_("被反映人（无法确定身份的）"), blank=True)
    query_code = models.CharField(_("查询码"), max_length=32, unique=True, editable=False)
    profile = models.CharField(_("法规配置"), max_length=64)
    state = models.CharField(
        _("状态"), max_length=24, choices=MatterState.choices, default=MatterState.SUBMITTED
    )
    action_period = models.CharField(_("当前期间"), max_length=32, blank=True)
    action_due = models.DateField(_("当前办理期限"), null=True, blank=True)
    action_paused = models.BooleanField(_("听证中，期限暂停计算"), default=False, db_default=False)
    request_due = models.DateField(_("信访人请求期限"), null=True, blank=True)
    legal_route = models.CharField(
        _("法定途径"), max_length=40, choices=LegalRoute.choices, blank=True
    )
    other_organ = models.CharField(
        _("其他机关"), max_length=24, choices=OtherOrgan.choices, blank=True
    )
    is_accusation = models.BooleanField(_("检举控告"), default=False)
    handling_way = models.CharField(
        _("办理方式"),
        max_length=16,
        choices=HandlingWay.choices,
        blank=True,
        default="",
        db_default="",
    )
    rereviewed_match = models.ForeignKey(
        "self",
        verbose_name=_("已复核的同一请求"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    satisfaction = models.CharField(
        _("满意度"), max_length=24, choices=Satisfaction.choices, blank=True
    )
    satisfaction_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    final_at = models.DateTimeField(_("终结时间"), null=True, blank=True)

    #: The repeat links a registration just wrote, kept on the instance it returns (no column).
    new_repeat_links: list[RepeatLink]

    ACCESS_ORGAN_FIELD: ClassVar[str] = "current_organ"
    # The organ that accepted it keeps sight of it through review; the registering petition
    # office keeps sight of what it registered.
    ACCESS_EXTRA_ORGAN_FIELDS: ClassVar[tuple[str, ...]] = ("handling_organ", "registering_organ")

    class Meta:
        verbose_name = _("信访事项")
        verbose_name_plural = _("信访事项")
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="matter_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=MatterState.values), name="matter_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_collective=False, headcount__isnull=True)
                | Q(is_collective=True, headcount__gte=2),
                name="matter_collective_headcount",
            ),
            models.CheckConstraint(
                condition=Q(representatives__isnull=True)
                | Q(is_collective=True, representatives__gte=1),
                name="matter_representatives_collective",
            ),
            models.CheckConstraint(
                condition=Q(action_due__isnull=True) | ~Q(action_period=""),
                name="matter_action_due_has_period",
            ),
            models.CheckConstraint(
                condition=Q(action_paused=False) | Q(action_due__isnull=False),
                name="matter_paused_clock_has_due",
            ),
            models.CheckConstraint(
                condition=Q(handling_way__in=["", *HandlingWay.values]),
                name="matter_handling_way_valid",
            ),
        ]
        indexes = [
            # The department queue and open/overdue counts: open = the matter waits for the
            # organ where it sits (``OPEN_STATE_VALUES``), with a due date or without one,
            # written as its complement (``NOT_OPEN_STATE_VALUES``: see there). The queue
            # reads it in order (due date NULLS LAST, id: PostgreSQL's default order of the
            # index, and SQLite's with its second pass over the NULLs).
            models.Index(
                fields=["current_organ", "action_due", "id"],
                condition=~Q(state__in=NOT_OPEN_STATE_VALUES),
                name="matter_queue_idx",
            ),
            # Overdue and due soon across all organs.
            models.Index(
                fields=["action_due"],
                condition=Q(action_due__isnull=False),
                name="matter_open_due_idx",
            ),
            models.Index(fields=["current_organ", "state"], name="matter_organ_state_idx"),
            models.Index(fields=["petitioner", "registered_at"], name="matter_petitioner_idx"),
            models.Index(
                fields=["registering_organ", "registered_at"], name="matter_registering_idx"
            ),
            models.Index(fields=["state"], name="matter_state_idx"),
        ]

    def __str__(self) -> str:
        return f"matter #{self.pk}"

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Matter:
        instance = super().from_db(db, field_names, values)
        instance.remember_place()
        return instance

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("fields", args[1] if len(args) > 1 else None)
        super().refresh_from_db(*args, **kwargs)
        # A refresh of some fields (a deferred one read) leaves the organ and state in memory,
        # perhaps changed and not yet saved: only a refresh of both reads the stored place.
        wanted = None if fields is None else set(fields)
        if wanted is None or (
            "state" in wanted and bool(wanted & {"current_organ", "current_organ_id"})
        ):
            self.remember_place()

    def remember_place(self) -> None:
        """Note the organ and state as stored, so ``counts.count_places`` moves the matter's
        count from there when they change."""
        loaded = self.__dict__
        place: tuple[int, str] | str = _PLACE_UNKNOWN
        if "current_organ_id" in loaded and "state" in loaded:
            place = (loaded["current_organ_id"], loaded["state"])
        self._stored_place = place

    @property
    def stored_place(self) -> tuple[int, str] | None:
        """``(organ id, state)`` as last read or counted; None for a matter never saved.

        A matter read without its organ or state (``only``/``defer``) cannot be counted: moving
        it through a service is a programming error, refused here rather than miscounted."""
        place = getattr(self, "_stored_place", None)
        if place == _PLACE_UNKNOWN:
            raise RuntimeError(
                f"matter #{self.pk} was read without its organ or state; read it whole "
                "(lock_matter) before moving it"
            )
        return place

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATE_VALUES


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


class Attachment(models.Model):
    """A file given with a matter, stored under ``VAR_DIR/attachments`` by its sha256.

    The type is recognised from the file's first bytes, never from its name.
    """

    matter = models.ForeignKey(
        Matter, verbose_name=_("信访事项"), on_delete=models.CASCADE, related_name="attachments"
    )
    original_name = models.CharField(_("文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=8, choices=AttachmentKind.choices)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_path = models.CharField(_("存储路径"), max_length=200)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    uploaded_by = models.CharField(_("上传者"), max_length=200)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["matter", "uploaded_at", "id"]
        indexes = [models.Index(fields=["matter", "uploaded_at"], name="attachment_matter_idx")]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.original_name}"


class RepeatLink(models.Model):
    """An earlier matter that is probably the same complaint (重复信访), shown to the clerk.

    Found on registration by the same petitioner or by similar content; never merged.
    """

    matter = models.ForeignKey(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        related_name="repeat_links",
        db_index=False,  # repeat_link_unique leads with it
    )
    earlier = models.ForeignKey(
        Matter,
        verbose_name=_("此前事项"),
        on_delete=models.CASCADE,
        related_name="repeated_by",
        db_index=False,  # repeat_link_earlier_idx
    )
    score = models.FloatField(_("相似度"))
    reason = models.CharField(_("原因"), max_length=24, choices=RepeatReason.choices)
    same_petitioner = models.BooleanField(_("同一信访人"), default=False)
    similar = models.BooleanField(_("内容相似"), default=False)
    created_at = models.DateTimeField(_("发现时间"), default=timezone.now)

    class Meta:
        verbose_name = _("重复信访关联")
        verbose_name_plural = _("重复信访关联")
        ordering = ["matter", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "earlier"], name="repeat_link_unique"),
            models.CheckConstraint(
                condition=~Q(matter=models.F("earlier")), name="repeat_link_not_self"
            ),
        ]
        indexes = [models.Index(fields=["earlier"], name="repeat_link_earlier_idx")]

    def __str__(self) -> str:
        return f"{self.matter_id} ≈ {self.earlier_id} ({self.score:.2f})"


class MatterBandKey(models.Model):
    """An LSH band key of a matter's text in the archive tier of the repeat index.

    ``key`` is a 64-bit MinHash band key (``xinfang.petitions.similarity.band_values``). The
    primary key ``(key, matter)`` is the lookup index itself; on SQLite the table is
    ``WITHOUT ROWID`` (migration ``0002_matters``), one B-tree instead of a table and an index.
    New matters' keys go to :class:`RecentBandKey`; ``repeat_index_merge`` moves them here in
    key order, so the big index is written sequentially and never at random places.
    """

    pk = models.CompositePrimaryKey("key", "matter")
    key = models.BigIntegerField(_("键"))
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        related_name="band_keys",
        db_index=False,
    )

    class Meta:
        verbose_name = _("相似检索键")
        verbose_name_plural = _("相似检索键")

    def __str__(self) -> str:
        return f"{self.matter_id}:{self.key}"


class RecentBandKey(models.Model):
    """A band key of a recently registered matter: the small, write-friendly tier of the
    repeat index. Looked up together with :class:`MatterBandKey`; emptied into it by
    ``repeat_index_merge`` (the worker runs it)."""

    pk = models.CompositePrimaryKey("key", "matter")
    key = models.BigIntegerField(_("键"))
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        related_name="recent_band_keys",
        db_index=False,
    )

    class Meta:
        verbose_name = _("新近相似检索键")
        verbose_name_plural = _("新近相似检索键")

    def __str__(self) -> str:
        return f"{self.matter_id}:{self.key}"


class StopBandKey(models.Model):
    """A band key shared by so many matters that it says nothing about any one of them (like
    a stop word): no longer stored or looked up. Found by ``repeat_index_merge``."""

    key = models.BigIntegerField(_("键"), primary_key=True)
    matters = models.PositiveIntegerField(_("事项数"))
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now)

    class Meta:
        verbose_name = _("停用检索键")
        verbose_name_plural = _("停用检索键")

    def __str__(self) -> str:
        return str(self.key)


class OrganStateCount(models.Model):
    """How many matters sit at an organ in each state, kept by the services in the transaction
    that moves a matter (``counts.count_places``), so an organ's counts by state are a few
    rows read however many matters it ever handled. ``xinfang recount-matters`` rebuilds them
    from the matters."""

    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    state = models.CharField(_("状态"), max_length=24, choices=MatterState.choices)
    matters = models.BigIntegerField(_("事项数"), default=0)

    class Meta:
        verbose_name = _("各状态事项数")
        verbose_name_plural = _("各状态事项数")
        constraints = [
            models.UniqueConstraint(fields=["organ", "state"], name="organ_state_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organ_id}:{self.state}={self.matters}"


class MatterFingerprint(models.Model):
    """The shingle set of a matter's text as 32-bit hashes (``similarity.fingerprint``), so a
    repeat candidate is scored exactly without reading and shingling its text again."""

    matter = models.OneToOneField(
        Matter,
        verbose_name=_("信访事项"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="fingerprint",
    )
    data = models.BinaryField(_("文本指纹"))

    class Meta:
        verbose_name = _("文本指纹")
        verbose_name_plural = _("文本指纹")

    def __str__(self) -> str:
        return str(self.matter_id)


class SupervisionOrder(models.Model):
    """A supervision order (督办) on a matter, with its written-reply deadline (细则第六条、第九条).

    ``reply_due`` is the profile's ``supervision_reply`` period from the issue date.
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

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["matter", "issued_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True) | ~Q(reply=""),
                name="supervision_reply_has_text",
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


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key`` with the hash of its request and the response given.

    A replay with the same body gets the stored response; a different body is refused.
    """

    scope = models.CharField(_("范围"), max_length=100)
    key = models.CharField(_("幂等键"), max_length=200)
    body_hash = models.CharField(_("请求哈希"), max_length=64)
    response = models.JSONField(_("响应"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("幂等键")
        verbose_name_plural = _("幂等键")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
