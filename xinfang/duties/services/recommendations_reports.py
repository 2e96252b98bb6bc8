"""Writes of 细则第六条 (分析研究信访情况): the petition office's situation reports.

``situation_report_generate`` takes the figures of a period from the data and keeps them as a
draft; every step on a report is a ``xinfang.workflow.Step`` over ``REPORT``:

    draft ──edit, regenerate──▶ draft ──approve (the principal leader)──▶ approved
          ──circulate──▶ circulated (──circulate: to more organs)

The figures are a snapshot: regenerated only while a draft, frozen once approved.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.choices import DenialReason
from xinfang.access.policy import log_denial
from xinfang.accountability.choices import DutyRole
from xinfang.accountability.selectors import role_of_person_on
from xinfang.audit.services import actor_label, audit_record
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import person_of_user
from xinfang.refusals import Refused
from xinfang.rules.basis import basis_strings, rules
from xinfang.workflow import Act, Outcome, Step, act_time, run
from xinfang.workflow.table import NoInput, RecordMachine, Transition

from ..models.recommendations import SituationReport, SituationReportState
from ..selectors.recommendations import is_petition_office, report_basis
from ..selectors.recommendations_figures import situation_figures
from .recommendations import TEXT_MAX, may_act

#: The longest period one report covers: a year (信访工作条例(2022)第四十一条: 年度报告).
PERIOD_MAX_DAYS = 366
_QUARTERS = "一二三四"


class Action(StrEnum):
    """The steps on a situation report."""

    EDIT = "edit"
    REGENERATE = "regenerate"
    APPROVE = "approve"
    CIRCULATE = "circulate"


_DRAFT = frozenset({SituationReportState.DRAFT})
REPORT_STEPS = (
    Transition(
        Action.EDIT,
        sources=_DRAFT,
        target=SituationReportState.DRAFT,
        refusal=gettext_lazy("报告已审定，不能再修改。"),
        code="report_not_draft",
        entry="duties.situation_report.edited",
    ),
    Transition(
        Action.REGENERATE,
        sources=_DRAFT,
        target=SituationReportState.DRAFT,
        refusal=gettext_lazy("报告已审定，数据不能再重新生成。"),
        code="report_not_draft",
        entry="duties.situation_report.regenerated",
    ),
    Transition(
        Action.APPROVE,
        sources=_DRAFT,
        target=SituationReportState.APPROVED,
        refusal=gettext_lazy("报告已审定。"),
        code="report_not_draft",
        entry="duties.situation_report.approved",
    ),
    Transition(
        Action.CIRCULATE,
        sources=frozenset({SituationReportState.APPROVED, SituationReportState.CIRCULATED}),
        target=SituationReportState.CIRCULATED,
        refusal=gettext_lazy("报告经主要负责人审定后才能印发。"),
        code="report_not_approved",
        entry="duties.situation_report.circulated",
    ),
)

REPORT = RecordMachine(
    "duties.situation_report",
    SituationReport,
    REPORT_STEPS,
    related=("office",),
    may_act=may_act,
)


def report_steps_open_to(
    report: SituationReport, organ_ids: Iterable[int], *, principal: bool
) -> list[str]:
    """The steps the table allows now for a user of the organs ``organ_ids``: the office's
    staff and leaders edit, regenerate and circulate; its principal leader approves."""
    if report.office_id not in set(organ_ids):
        return []
    return [a for a in REPORT.allowed(report) if a != Action.APPROVE or principal]


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_label(start: dt.date, end: dt.date) -> str:
    """How a report names its period: 2026年度, 2026年第三季度, 2026年上半年, 2026年7月, or the
    two dates."""
    year = start.year
    if start.day == 1 and end.year == year:
        months = end.month - start.month + 1
        if end == _last_day(year, end.month):
            if months == 12:
                return f"{year}年度"
            if months == 6 and start.month in (1, 7):
                return f"{year}年{'上' if start.month == 1 else '下'}半年"
            if months == 3 and start.month % 3 == 1:
                return f"{year}年第{_QUARTERS[start.month // 3]}季度"
            if months == 1:
                return f"{year}年{start.month}月"
    return f"{start.isoformat()}至{end.isoformat()}"


def _check_period(start: dt.date, end: dt.date, today: dt.date) -> None:
    if end < start:
        raise ValidationError(
            {"period_end": [ValidationError(_("截止日期不得早于起始日期。"), code="order")]}
        )
    if start > today:
        raise ValidationError(
            {"period_start": [ValidationError(_("起始日期不能晚于今天。"), code="future")]}
        )
    if (end - start).days >= PERIOD_MAX_DAYS:
        raise ValidationError(
            {"period_end": [ValidationError(_("一份报告最长分析一年。"), code="too_long")]}
        )


def situation_report_generate(
    *,
    office: Organ,
    period_start: dt.date,
    period_end: dt.date,
    actor: Any,
    at: dt.datetime | None = None,
) -> SituationReport:
    """A draft situation report of the petition office for the period, its figures taken from
    the data now (细则第六条: 分析研究信访情况). One report an office and period."""
    moment, today = act_time(at)
    if not is_petition_office(office):
        raise Refused(
            _("信访情况分析报告由信访部门编制。"), code="not_petition_office", basis=[rules(6)]
        )
    may_act(actor, office, action="duties.situation_report.generated")
    _check_period(period_start, period_end, today)
    if SituationReport.objects.filter(
        office_id=office.pk, period_start=period_start, period_end=period_end
    ).exists():
        raise ValidationError(
            {"period_start": [ValidationError(_("该期间的报告已经生成。"), code="duplicate")]}
        )
    label = period_label(period_start, period_end)
    with transaction.atomic():
        report = SituationReport.objects.create(
            office=office,
            period_start=period_start,
            period_end=period_end,
            title=f"{office.short_name or office.name}{label}信访情况分析报告",
            figures=situation_figures(office, period_start, period_end, today=today),
            generated_at=moment,
            created_at=moment,
            created_by=actor_label(actor),
        )
        audit_record(
            actor=actor,
            action="duties.situation_report.generated",
            target=report,
            details={
                "office": office.pk,
                "period_start": period_start.isoformat(),
                "period_end": period_end.isoformat(),
                "received": report.figures["received"],
                "basis": basis_strings(report_basis(period_end)),
            },
        )
    return report


# --- the text and the figures ----------------------------------------------------------------


@dataclass(frozen=True)
class TextInput:
    """The office's analysis and its recommendations, as they stand."""

    analysis: str = ""
    recommendations: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        values = {
            "analysis": (self.analysis or "").strip(),
            "recommendations": (self.recommendations or "").strip(),
        }
        errors = {
            name: [ValidationError(_("内容过长。"), code="max_length")]
            for name, text in values.items()
            if len(text) > TEXT_MAX
        }
        if errors:
            raise ValidationError(errors)
        return values


def _edit_effect(act: Act[SituationReport, TextInput], transition: Transition) -> Outcome:
    act.subject.analysis = act.values["analysis"]
    act.subject.recommendations = act.values["recommendations"]
    return Outcome(options={"fields": ["analysis", "recommendations"]})


EDIT = Step(REPORT, Action.EDIT, TextInput, effect=_edit_effect)


def situation_report_edit(
    *,
    report: SituationReport,
    analysis: str,
    recommendations: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> SituationReport:
    """The office edits the text of a draft."""
    return run(
        EDIT,
        report,
        organ=report.office,
        actor=actor,
        data=TextInput(analysis=analysis, recommendations=recommendations),
        at=at,
    )


def _regenerate_effect(act: Act[SituationReport, NoInput], transition: Transition) -> Outcome:
    report = act.subject
    before = report.figures.get("received")
    report.figures = situation_figures(
        report.office, report.period_start, report.period_end, today=act.on
    )
    report.generated_at = act.at
    return Outcome(
        details={"received_before": before, "received": report.figures["received"]},
        options={"fields": ["figures", "generated_at"]},
    )


REGENERATE = Step(REPORT, Action.REGENERATE, NoInput, effect=_regenerate_effect)


def situation_report_regenerate(
    *, report: SituationReport, actor: Any, at: dt.datetime | None = None
) -> SituationReport:
    """The office takes the figures of a draft again from the data."""
    return run(REGENERATE, report, organ=report.office, actor=actor, data=NoInput(), at=at)


# --- approval and circulation ----------------------------------------------------------------


@dataclass(frozen=True)
class ApproveInput:
    """Approval. A user approves as themself; a command names the principal leader whose
    approval it records (``approver``)."""

    approver: Person | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        return {}


def _approver(act: Act[SituationReport, ApproveInput]) -> Person:
    """The office's principal leader on the day, approving: the user's person, or the person a
    command names. Anyone else is refused (细则第七条: 主要负责人负总责)."""
    office = act.subject.office
    person = act.data.approver if isinstance(act.actor, str) else person_of_user(act.actor)
    found = role_of_person_on(person, office, act.on) if person is not None else None
    if found is not None and found[0] == DutyRole.PRINCIPAL_LEADER:
        assert person is not None
        return person
    if isinstance(act.actor, str):
        raise ValidationError(
            {
                "approver": [
                    ValidationError(_("审定人应为本信访部门主要负责人。"), code="not_principal")
                ]
            }
        )
    log_denial(
        act.actor,
        object_type=SituationReport._meta.label_lower,
        object_id=act.subject.pk,
        reason=DenialReason.NOT_OWN_ORGAN,
        action="duties.situation_report.approve",
    )
    raise PermissionDenied(_("信访情况分析报告由本信访部门主要负责人审定。"))


def _approve_effect(act: Act[SituationReport, ApproveInput], transition: Transition) -> Outcome:
    report = act.subject
    person = _approver(act)
    if not report.analysis:
        raise Refused(_("请先填写形势分析。"), code="analysis_missing", basis=[rules(6)])
    report.approved_by = person
    report.approved_on = act.on
    return Outcome(
        details={"approved_by": person.pk, "approver": person.name},
        options={"fields": ["approved_by", "approved_on"]},
    )


APPROVE = Step(REPORT, Action.APPROVE, ApproveInput, effect=_approve_effect)


def situation_report_approve(
    *,
    report: SituationReport,
    actor: Any,
    approver: Person | None = None,
    at: dt.datetime | None = None,
) -> SituationReport:
    """The office's principal leader approves the report; its figures are frozen."""
    return run(
        APPROVE,
        report,
        organ=report.office,
        actor=actor,
        data=ApproveInput(approver=approver),
        at=at,
    )


@dataclass(frozen=True)
class CirculateInput:
    """The organs a report is circulated to."""

    organs: tuple[Organ, ...]

    def clean(self, on: dt.date) -> dict[str, Any]:
        if not self.organs:
            raise ValidationError(
                {"organs": [ValidationError(_("请选择印发范围。"), code="required")]}
            )
        return {"organs": sorted({organ.pk for organ in self.organs})}


def _circulate_effect(act: Act[SituationReport, CirculateInput], transition: Transition) -> Outcome:
    report = act.subject
    inactive = [organ.name for organ in act.data.organs if not organ.is_active]
    if inactive:
        raise ValidationError({"organs": [ValidationError(_("该机关已撤销。"), code="inactive")]})
    organs = [organ for organ in act.data.organs if organ.pk != report.office_id]
    report.circulated_to.add(*organs)
    if report.circulated_on is None:
        report.circulated_on = act.on
    return Outcome(
        details={"organs": sorted(organ.pk for organ in organs)},
        options={"fields": ["circulated_on"]},
    )


CIRCULATE = Step(REPORT, Action.CIRCULATE, CirculateInput, effect=_circulate_effect)


def situation_report_circulate(
    *,
    report: SituationReport,
    organs: Iterable[Organ],
    actor: Any,
    at: dt.datetime | None = None,
) -> SituationReport:
    """The office circulates an approved report to ``organs`` (more organs on a later call);
    they then read it."""
    return run(
        CIRCULATE,
        report,
        organ=report.office,
        actor=actor,
        data=CirculateInput(organs=tuple(organs)),
        at=at,
    )
