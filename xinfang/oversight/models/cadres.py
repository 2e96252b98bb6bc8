"""Records of the oversight part ``cadres`` (see ``xinfang.oversight.models``).

细则第十条第二款: 各级组织人事部门在干部考察工作中，应当听取信访部门意见，了解掌握领导干部履行信访
工作职责情况. The organization department asks the petition office of its level about a leader
(``CadreOpinionRequest``); the office answers with an opinion drafted from the system's records
(the figures snapshot) and signed by one of its leaders. The person's accountability record
(第十八条) is read from the accountability app and needs no record of its own.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["CadreOpinionRequest", "CadreOpinionState", "CadrePurpose"]


class CadrePurpose(models.TextChoices):
    """Why the organization department asks (干部考察工作)."""

    PROMOTION = "promotion", _("考察（拟提拔任用）")
    ANNUAL = "annual", _("年度考核")
    OTHER = "other", _("其他")


class CadreOpinionState(models.TextChoices):
    """Where a request stands: asked, drafted by the office from the data, answered (signed by
    a leader of the office and delivered), or refused by the office with its reason."""

    REQUESTED = "requested", _("已征求，待起草")
    DRAFTED = "drafted", _("已起草，待签发")
    ANSWERED = "answered", _("已签发答复")
    REFUSED = "refused", _("不予出具")


#: The states in which the office still owes the answer.
OPEN_STATES = (CadreOpinionState.REQUESTED, CadreOpinionState.DRAFTED)


class CadreOpinionRequest(models.Model):
    """The organization department's request for the petition office's opinion on a leader in
    cadre evaluation, and the answer (细则第十条第二款).

    ``requester`` is an organization department (OrganRole.ORGANIZATION), ``office`` the
    petition office of its level; only their users read the record (not the leader concerned,
    not the leader's organ: ``xinfang.oversight.selectors.cadres``). ``figures`` is the
    snapshot of the leader's duty record over the period (instructions, receptions against the
    norm, ownership, incidents, assessment results, accountability decisions with their
    rectification), each line with the article behind it; ``opinion`` the office's text. A
    leader of the office signs (``signed_by``, ``signed_at``) and the answer is delivered;
    ``read_at`` is when the requesting department first read it.
    """

    requester = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("征求意见的组织部门"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # cadre_opinion_requester_idx leads with it
    )
    office = models.ForeignKey(
        "orgs.Organ",
        verbose_name=_("出具意见的信访部门"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # cadre_opinion_office_idx leads with it
    )
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("考察对象"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("考察事由"), max_length=16, choices=CadrePurpose.choices)
    purpose_note = models.CharField(_("事由说明"), max_length=200, blank=True)
    period_start = models.DateField(_("了解期间起始"))
    period_end = models.DateField(_("了解期间截止"))
    requested_on = models.DateField(_("征求日期"))
    due = models.DateField(_("答复期限"))
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=CadreOpinionState.choices,
        default=CadreOpinionState.REQUESTED,
    )
    figures = models.JSONField(_("数据快照"), default=dict, blank=True)
    generated_at = models.DateTimeField(_("数据生成时间"), null=True, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    signed_by = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("签发人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予出具的理由"), blank=True)
    refused_on = models.DateField(_("不予出具日期"), null=True, blank=True)
    read_at = models.DateTimeField(_("组织部门阅知时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    created_by = models.CharField(_("登记人"), max_length=200)

    class Meta:
        verbose_name = _("干部考察征求信访部门意见")
        verbose_name_plural = _("干部考察征求信访部门意见")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=CadreOpinionState.values), name="cadre_opinion_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=CadrePurpose.values), name="cadre_opinion_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="cadre_opinion_period_order",
            ),
            models.CheckConstraint(
                condition=Q(due__gte=models.F("requested_on")),
                name="cadre_opinion_due_after_request",
            ),
            models.CheckConstraint(
                condition=~Q(state="answered")
                | Q(signed_by__isnull=False, signed_at__isnull=False),
                name="cadre_opinion_answered_is_signed",
            ),
        ]
        indexes = [
            models.Index(fields=["requester", "state"], name="cadre_opinion_requester_idx"),
            models.Index(fields=["office", "state", "due"], name="cadre_opinion_office_idx"),
        ]

    def __str__(self) -> str:
        return f"cadre opinion request #{self.pk}"

    @property
    def is_open(self) -> bool:
        """The office still owes the answer."""
        return self.state in OPEN_STATES

    def is_overdue(self, today: dt.date) -> bool:
        """Still owed past the due date (derived, never stored)."""
        return self.is_open and self.due < today
