"""The subjects of petitions and the departments' classified handling lists (细则第五条)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.choices import PortfolioSubject

from ..choices import LegalRoute


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
