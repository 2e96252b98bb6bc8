"""The petition matter itself, from intake to its final state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import (
    FINAL_STATE_VALUES,
    NOT_OPEN_STATE_VALUES,
    Channel,
    HandlingWay,
    LegalRoute,
    MatterState,
    OtherOrgan,
    Satisfaction,
    SatisfactionSource,
)
from .categories import Category

if TYPE_CHECKING:
    from .repeats import RepeatLink


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
    satisfaction_source = models.CharField(
        _("评价来源"),
        max_length=16,
        choices=SatisfactionSource.choices,
        blank=True,
        default="",
        db_default="",
    )
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
            # Only a rating says who recorded it (one from before the portal may say nothing:
            # an office recorded it).
            models.CheckConstraint(
                condition=Q(satisfaction_source="")
                | (~Q(satisfaction="") & Q(satisfaction_source__in=SatisfactionSource.values)),
                name="matter_satisfaction_source",
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
