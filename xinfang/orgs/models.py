"""The organ registry: organs (细则第二条), people and their positions (第七条、第八条)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from .choices import (
    LEADERSHIP_POSITION_KINDS,
    POLITICS_LAW_ROLES,
    Applicability,
    OrganKind,
    OrganLevel,
    OrganRole,
    PortfolioSubject,
    PositionKind,
)

LEADERSHIP_KINDS = LEADERSHIP_POSITION_KINDS


class Organ(models.Model):
    """A party or government organ, or a body the rules apply to (细则第二条).

    ``parent`` places it in the territorial hierarchy (属地管理、分级负责, 第三条);
    ``vertical_parent`` in its vertically managed system (第五条第二款);
    ``managing_authority`` is the organ that manages its leadership cadres (第十七条).
    ``path`` is the materialised chain of ids from the root (``/1/5/17/``), kept by the
    services, so a subtree is one indexed prefix query.
    """

    code = models.CharField(_("机构代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=100, blank=True)
    kind = models.CharField(_("类别"), max_length=32, choices=OrganKind.choices)
    applicability = models.CharField(
        _("适用方式"), max_length=16, choices=Applicability.choices, default=Applicability.FULL
    )
    level = models.CharField(_("层级"), max_length=16, choices=OrganLevel.choices)
    region_code = models.CharField(_("行政区划代码"), max_length=12, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("层级路径"), max_length=512, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("深度"), default=0, editable=False)
    roles = models.JSONField(_("职能"), default=list, blank=True)
    vertical_system = models.CharField(_("垂直管理系统"), max_length=100, blank=True)
    vertical_parent = models.ForeignKey(
        "self",
        verbose_name=_("垂直管理上级"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vertical_children",
    )
    managing_authority = models.ForeignKey(
        "self",
        verbose_name=_("有管理权限的党政机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_organs",
    )
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="organ_not_own_parent"
            ),
            models.CheckConstraint(
                condition=models.Q(applicability="by_reference", kind="state_owned_enterprise")
                | (~models.Q(kind="state_owned_enterprise") & models.Q(applicability="full")),
                name="organ_applicability_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        # Applicability is shown wherever the organ is (细则第二条第三款).
        if self.applicability == Applicability.BY_REFERENCE:
            return str(_("%(name)s（参照执行）") % {"name": self.name})
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:organ_detail", kwargs={"organ_id": self.pk})

    @property
    def is_by_reference(self) -> bool:
        """True for bodies that apply the rules by reference (国有和国有控股企业)."""
        return self.applicability == Applicability.BY_REFERENCE

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids of the chain of parents, root first, read from ``path``."""
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    @property
    def role_labels(self) -> list[str]:
        """The roles in the interface language."""
        labels = dict(OrganRole.choices)
        return [str(labels.get(role, role)) for role in self.roles or []]

    def has_role(self, role: str) -> bool:
        return role in (self.roles or [])

    @property
    def is_politics_law(self) -> bool:
        """A political-legal organ (政法部门): a court, a procuratorate, or an organ marked so
        (政法委, 公安, 司法行政) (信访工作条例(2022)第二十二条第二款)."""
        return any(self.has_role(role) for role in POLITICS_LAW_ROLES)


class Person(models.Model):
    """A leader or staff member who can hold positions and bear responsibility."""

    name = models.CharField(_("姓名"), max_length=100)
    code = models.CharField(_("人员编号"), max_length=64, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """A person's place in an organ between two dates (inclusive; open end = still held).

    Leadership kinds are the leadership team (领导班子, 第七条); a supervising leader lists the
    subjects of the portfolio (分管) in ``portfolio``. ``staff`` is a staff post (第八条).
    """

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="positions"
    )
    organ = models.ForeignKey(
        Organ, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="positions"
    )
    kind = models.CharField(_("职位类别"), max_length=32, choices=PositionKind.choices)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    portfolio = models.JSONField(_("分管事项"), default=list, blank=True)
    start = models.DateField(_("任职起始"))
    end = models.DateField(_("任职截止"), null=True, blank=True)

    class Meta:
        verbose_name = _("职位")
        verbose_name_plural = _("职位")
        ordering = ["organ", "kind", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="position_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["organ", "kind", "start"], name="position_organ_kind_idx"),
            models.Index(fields=["person", "start"], name="position_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.organ} · {self.get_kind_display()}"

    @property
    def title_label(self) -> str:
        """The title in the reader's language. English pages translate the usual titles
        (主任, 副局长, 科员 …) through the catalog; a title it does not know is shown there as
        the kind of position, never in Chinese. Chinese pages show the title as entered."""
        if not (get_language() or "").startswith("en"):
            return self.title
        if not self.title:
            return ""
        translated = pgettext("job title", self.title)
        return translated if translated != self.title else str(self.get_kind_display())

    @property
    def portfolio_labels(self) -> list[str]:
        """The portfolio's subjects in the interface language (unknown codes as they are)."""
        labels = dict(PortfolioSubject.choices)
        return [str(labels.get(subject, subject)) for subject in self.portfolio or []]

    @property
    def is_leadership(self) -> bool:
        return self.kind in LEADERSHIP_POSITION_KINDS

    def is_held_on(self, day: date) -> bool:
        """Whether the position is held on ``day`` (both ends inclusive)."""
        return self.start <= day and (self.end is None or day <= self.end)
