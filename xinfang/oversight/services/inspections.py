"""Writes of the inspections part (细则第九条; 信访工作条例(2022)第三十八条).

An authority's plan for a year is created with its default scope (``inspection_plan_create``)
and edited organ by organ (``inspection_plan_scope_add`` / ``_remove``). Inspections move on the
table machine ``INSPECTION``::

    planned ──start──▶ under_way ──record_findings──▶ findings_recorded ──finish──▶ finished

Starting generates the checklist, each item pre-filled with the inspected organ's figures of
the year; findings are recorded on the items while the inspection is under way; recording the
findings turns each finding that shows a ground of 细则第十一条第一款 into an accountability lead
with the inspection as evidence; finishing issues the report. Rectification demands (module
``inspections_demands``) and the circulated notice (``inspections_notices``) follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.policy import assert_may_act_in, scope_for
from xinfang.accountability.choices import LeadKind
from xinfang.accountability.services.leads import lead_record_detected
from xinfang.accountability.summaries import summary_in_chinese
from xinfang.audit.services import actor_label, audit_record
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import Matter
from xinfang.punctuation import join_list
from xinfang.refusals import Refused
from xinfang.rules.basis import rules
from xinfang.rules.profiles import earliest_effective
from xinfang.workflow import Act, Outcome, Step, act_time, run
from xinfang.workflow.table import NoInput, RecordMachine, Transition

from ..models.inspections import (
    ChecklistItem,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionScopeEntry,
    InspectionState,
)
from ..selectors.inspections import may_manage_inspection
from ..selectors.inspections_checklist import checklist_figures
from ..selectors.inspections_scope import supervised_organs

TITLE_MAX = 200
TEXT_MAX = 20000
#: The summary code of a lead from an inspection finding (``detection.inspections``).
FINDING_SUMMARY = "inspection_finding"


class Action(StrEnum):
    """The steps on an inspection."""

    START = "start"
    RECORD_FINDINGS = "record_findings"
    FINISH = "finish"


def required_text(
    errors: dict[str, list[ValidationError]], field: str, value: str, limit: int
) -> str:
    text = (value or "").strip()
    if not text:
        errors.setdefault(field, []).append(ValidationError(_("此项为必填项。"), code="required"))
    elif len(text) > limit:
        errors.setdefault(field, []).append(ValidationError(_("内容过长。"), code="max_length"))
    return text


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def manager_organ(actor: Any, plan: InspectionPlan) -> Organ:
    """The organ the actor manages the plan for: the inspecting organ or the authority, where
    the actor serves (the inspecting organ for a command or an administrator)."""
    if not isinstance(actor, str):
        mine = scope_for(actor).member_organ_ids
        if plan.authority_id in mine and plan.inspecting_organ_id not in mine:
            return plan.authority
    return plan.inspecting_organ


def may_act(actor: Any, organ: Organ, *, action: str) -> None:
    """A user acts only for an organ where they hold a position (本单位); a command or a
    scheduled job (an actor named by text) is the system's own code."""
    if isinstance(actor, str):
        return
    assert_may_act_in(actor, organ, action=action)


def assert_manages(actor: Any, plan: InspectionPlan, *, action: str) -> None:
    """Refuse (``PermissionDenied``) an actor who manages neither for the authority nor for the
    inspecting organ."""
    may_act(actor, manager_organ(actor, plan), action=action)


# --- the plan --------------------------------------------------------------------------------


def inspection_plan_create(
    *,
    authority: Organ,
    inspecting_organ: Organ,
    year: int,
    actor: Any,
    note: str = "",
    at: dt.datetime | None = None,
) -> InspectionPlan:
    """The authority's inspection plan for ``year``, run by ``inspecting_organ`` (the authority
    itself, or its office acting for it), with the default scope: every organ the authority
    supervises (``supervised_organs``) but the inspecting organ. The inspecting organ is the
    authority or an organ directly below it (its general office); the actor serves in one of
    them. One plan per authority and year (``plan_exists``)."""
    moment, today = act_time(at)
    if not isinstance(actor, str):
        access = scope_for(actor)
        mine = access.member_organ_ids
        if not (access.is_admin or authority.pk in mine or inspecting_organ.pk in mine):
            # Logs the denial and refuses: the plan is the authority's or its office's.
            assert_may_act_in(actor, inspecting_organ, action="oversight.inspection_plan.created")
    errors: dict[str, list[ValidationError]] = {}
    if not earliest_effective().year <= year <= today.year + 1:
        errors["year"] = [
            ValidationError(
                _("年度应在 %(first)d 年至 %(last)d 年之间。")
                % {"first": earliest_effective().year, "last": today.year + 1},
                code="year",
            )
        ]
    if not authority.is_active or not inspecting_organ.is_active:
        errors["authority"] = [ValidationError(_("该机关已撤销。"), code="inactive")]
    if inspecting_organ.pk != authority.pk and inspecting_organ.parent_id != authority.pk:
        errors["inspecting_organ"] = [
            ValidationError(
                _("督查实施单位应为督查主体本身或其直属的工作机构（如办公厅督查室）。"),
                code="not_authoritys_unit",
            )
        ]
    if len(note or "") > TEXT_MAX:
        errors["note"] = [ValidationError(_("内容过长。"), code="max_length")]
    if errors:
        raise ValidationError(errors)
    if InspectionPlan.objects.filter(authority=authority, year=year).exists():
        raise Refused(
            _("%(authority)s %(year)d 年度的督查计划已经建立。")
            % {"authority": authority.name, "year": year},
            code="plan_exists",
            basis=[rules(9)],
        )
    scope = [o for o in supervised_organs(authority) if o.pk != inspecting_organ.pk]
    with transaction.atomic():
        plan = InspectionPlan(
            authority=authority,
            inspecting_organ=inspecting_organ,
            year=year,
            note=(note or "").strip(),
            created_at=moment,
            created_by=actor_label(actor),
        )
        plan.full_clean()
        plan.save()
        InspectionScopeEntry.objects.bulk_create(
            InspectionScopeEntry(plan=plan, organ=organ, added_at=moment) for organ in scope
        )
        audit_record(
            actor=actor,
            action="oversight.inspection_plan.created",
            target=plan,
            details={
                "authority": authority.pk,
                "inspecting_organ": inspecting_organ.pk,
                "year": year,
                "scope": [organ.pk for organ in scope],
                "basis": ["细则第九条"],
            },
        )
    return plan


def inspection_plan_scope_add(*, plan: InspectionPlan, organ: Organ, actor: Any) -> InspectionPlan:
    """Add an organ to the plan's scope (an organ the registry does not place under the
    authority, brought in by its decision)."""
    assert_manages(actor, plan, action="oversight.inspection_plan.scope_added")
    if organ.pk == plan.authority_id:
        raise field_error("organ", _("督查主体本身不列入督查范围。"), "authority_itself")
    if not organ.is_active:
        raise field_error("organ", _("该机关已撤销。"), "inactive")
    if plan.scope.filter(organ=organ).exists():
        raise field_error("organ", _("该单位已在督查范围内。"), "already_in_scope")
    with transaction.atomic():
        InspectionScopeEntry.objects.create(plan=plan, organ=organ)
        audit_record(
            actor=actor,
            action="oversight.inspection_plan.scope_added",
            target=plan,
            details={"organ": organ.pk, "organ_name": organ.name},
        )
    return plan


def inspection_plan_scope_remove(
    *, plan: InspectionPlan, organ: Organ, actor: Any, reason: str
) -> InspectionPlan:
    """Remove an organ from the plan's scope, saying why; refused while a special inspection
    of the plan names it."""
    assert_manages(actor, plan, action="oversight.inspection_plan.scope_removed")
    errors: dict[str, list[ValidationError]] = {}
    text = required_text(errors, "reason", reason, TEXT_MAX)
    if errors:
        raise ValidationError(errors)
    entry = plan.scope.filter(organ=organ).first()
    if entry is None:
        raise field_error("organ", _("该单位不在督查范围内。"), "not_in_scope")
    if plan.inspections.filter(kind=InspectionKind.SPECIAL, inspected=organ).exists():
        raise Refused(
            _("%(organ)s 已列入本计划的专项督查，不能移出督查范围。") % {"organ": organ.name},
            code="scope_inspected",
            basis=[rules(9)],
        )
    with transaction.atomic():
        entry.delete()
        audit_record(
            actor=actor,
            action="oversight.inspection_plan.scope_removed",
            target=plan,
            details={"organ": organ.pk, "organ_name": organ.name, "reason": text},
        )
    return plan


# --- an inspection ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionInput:
    """What an inspection is: its kind, title, team, organs, dates, and the matter or problem
    a prompt inspection is about."""

    kind: str
    title: str
    team_leader: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    team: str = ""
    problem: str = ""

    def clean(self, year: int) -> dict[str, Any]:
        errors: dict[str, list[ValidationError]] = {}
        if self.kind not in InspectionKind.values:
            errors["kind"] = [ValidationError(_("请选择督查类别。"), code="invalid_choice")]
        title = required_text(errors, "title", self.title, TITLE_MAX)
        leader = required_text(errors, "team_leader", self.team_leader, 100)
        team = (self.team or "").strip()
        if len(team) > TEXT_MAX:
            errors["team"] = [ValidationError(_("内容过长。"), code="max_length")]
        problem = (self.problem or "").strip()
        if self.kind == InspectionKind.OUTSTANDING_PROBLEM and not problem:
            errors["problem"] = [ValidationError(_("请写明督查的信访突出问题。"), code="required")]
        if self.planned_start is None:
            errors["planned_start"] = [ValidationError(_("此项为必填项。"), code="required")]
        if self.planned_end is None:
            errors["planned_end"] = [ValidationError(_("此项为必填项。"), code="required")]
        if self.planned_start and self.planned_end:
            if self.planned_end < self.planned_start:
                errors["planned_end"] = [
                    ValidationError(_("结束日期不得早于开始日期。"), code="order")
                ]
            if self.planned_start.year != year:
                errors["planned_start"] = [
                    ValidationError(
                        _("督查应在计划年度（%(year)d 年）内开始。") % {"year": year},
                        code="year",
                    )
                ]
        if errors:
            raise ValidationError(errors)
        return {"title": title, "team_leader": leader, "team": team, "problem": problem}


def _check_organs(plan: InspectionPlan, kind: str, organs: list[Organ]) -> None:
    if not organs:
        raise field_error("organs", _("请选择被督查单位。"), "required")
    if kind != InspectionKind.SPECIAL:
        return
    in_scope = set(plan.scope.values_list("organ_id", flat=True))
    outside = [organ for organ in organs if organ.pk not in in_scope]
    if outside:
        raise field_error(
            "organs",
            _(
                "%(names)s 不在%(authority)s %(year)d 年度的督查范围内，"
                "专项督查的对象应在督查范围内。"
            )
            % {
                "names": join_list(organ.name for organ in outside),
                "authority": plan.authority.name,
                "year": plan.year,
            },
            "not_in_scope",
        )


def inspection_create(
    *,
    plan: InspectionPlan,
    kind: str,
    title: str,
    organs: Iterable[Organ],
    team_leader: str,
    planned_start: dt.date | None,
    planned_end: dt.date | None,
    actor: Any,
    team: str = "",
    matter: Matter | None = None,
    problem: str = "",
    at: dt.datetime | None = None,
) -> Inspection:
    """A new inspection of the plan (planned): special, of organs in the plan's scope; or
    prompt, on an important matter (``matter``) or an outstanding problem (``problem``)."""
    moment, _today = act_time(at)
    assert_manages(actor, plan, action="oversight.inspection.created")
    data = InspectionInput(kind, title, team_leader, planned_start, planned_end, team, problem)
    # Every error at once, by field: the form shows them all the first time.
    errors: dict[str, list[ValidationError]] = {}
    values: dict[str, Any] = {}
    try:
        values = data.clean(plan.year)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if kind == InspectionKind.IMPORTANT_MATTER and matter is None:
        errors["matter"] = [ValidationError(_("请指明督查的重要信访事项。"), code="required")]
    chosen = list(dict.fromkeys(organs))
    try:
        _check_organs(plan, kind, chosen)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    assert planned_start is not None and planned_end is not None
    with transaction.atomic():
        inspection = Inspection(
            plan=plan,
            kind=kind,
            matter=matter,
            planned_start=planned_start,
            planned_end=planned_end,
            created_at=moment,
            created_by=actor_label(actor),
            **values,
        )
        inspection.full_clean()
        inspection.save()
        inspection.inspected.set(chosen)
        audit_record(
            actor=actor,
            action="oversight.inspection.created",
            target=inspection,
            details={
                "plan": plan.pk,
                "kind": kind,
                "title": values["title"],
                "organs": [organ.pk for organ in chosen],
                "matter": matter.pk if matter is not None else None,
                "planned_start": planned_start.isoformat(),
                "planned_end": planned_end.isoformat(),
            },
        )
    return inspection


# --- the steps -------------------------------------------------------------------------------

INSPECTION_STEPS = (
    Transition(
        Action.START,
        sources=frozenset({InspectionState.PLANNED}),
        target=InspectionState.UNDER_WAY,
        refusal=gettext_lazy("督查已经开始。"),
        code="inspection_not_planned",
        entry="oversight.inspection.started",
    ),
    Transition(
        Action.RECORD_FINDINGS,
        sources=frozenset({InspectionState.UNDER_WAY}),
        target=InspectionState.FINDINGS_RECORDED,
        refusal=gettext_lazy("只能在督查进行中形成督查意见。"),
        code="inspection_not_under_way",
        entry="oversight.inspection.findings_recorded",
    ),
    Transition(
        Action.FINISH,
        sources=frozenset({InspectionState.FINDINGS_RECORDED}),
        target=InspectionState.FINISHED,
        refusal=gettext_lazy("形成督查意见后才能出具督查报告。"),
        code="inspection_findings_not_recorded",
        entry="oversight.inspection.finished",
    ),
)

INSPECTION = RecordMachine(
    "oversight.inspection",
    Inspection,
    INSPECTION_STEPS,
    related=("plan__authority", "plan__inspecting_organ"),
    may_act=may_act,
)


def _start_effect(act: Act[Inspection, NoInput], transition: Transition) -> Outcome:
    """The checklist: each point for each inspected organ, with its figures of the plan's
    year as of the day it starts (the snapshot the report shows)."""
    inspection = act.subject
    inspection.started_on = act.on
    year = inspection.plan.year
    items = [
        ChecklistItem(inspection=inspection, organ=organ, key=key, figures=figures)
        for organ in inspection.inspected.order_by("path")
        for key, figures in checklist_figures(organ, year, act.on).items()
    ]
    ChecklistItem.objects.bulk_create(items)
    return Outcome(
        details={"started_on": act.on.isoformat(), "checklist_items": len(items)},
        options={"fields": ["started_on"]},
    )


START = Step(INSPECTION, Action.START, NoInput, effect=_start_effect)


def _finding_lead(item: ChecklistItem, inspection: Inspection, on: dt.date, actor: Any) -> None:
    assert item.ground is not None
    params = {
        "code": FINDING_SUMMARY,
        "inspection": inspection.pk,
        "title": inspection.title,
        "authority": inspection.plan.authority.name,
        "organ": item.organ.name,
        "key": item.key,
        "ground": item.ground,
        "finding": item.finding[:300],
        "on": on.isoformat(),
    }
    lead, _created = lead_record_detected(
        kind=LeadKind.INSPECTION_FINDING,
        ground=item.ground,
        organ=item.organ,
        failure_date=on,
        dedup_key=f"{LeadKind.INSPECTION_FINDING.value}:checklist-item-{item.pk}",
        summary=summary_in_chinese(params),
        summary_params=params,
        evidence=[{"type": "inspection", "id": inspection.pk, "item": item.pk}],
        actor=actor,
    )
    item.lead = lead
    item.save(update_fields=["lead"])


def _findings_effect(act: Act[Inspection, NoInput], transition: Transition) -> Outcome:
    """Findings showing a ground of 细则第十一条第一款 become leads (细则第十七条第二款: found in
    the daily work, investigated by the petition office)."""
    inspection = act.subject
    inspection.findings_on = act.on
    grounded = inspection.items.filter(ground__isnull=False, lead__isnull=True)
    leads = []
    for item in grounded.select_related("organ").order_by("id"):
        _finding_lead(item, inspection, act.on, act.actor)
        leads.append(item.lead_id)
    return Outcome(
        details={"findings_on": act.on.isoformat(), "leads": leads},
        options={"fields": ["findings_on"]},
    )


RECORD_FINDINGS = Step(INSPECTION, Action.RECORD_FINDINGS, NoInput, effect=_findings_effect)


@dataclass(frozen=True)
class ReportInput:
    """The inspection's report, required."""

    report: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        errors: dict[str, list[ValidationError]] = {}
        text = required_text(errors, "report", self.report, TEXT_MAX * 5)
        if errors:
            raise ValidationError(errors)
        return {"report": text}


def _finish_effect(act: Act[Inspection, ReportInput], transition: Transition) -> Outcome:
    inspection = act.subject
    inspection.report = act.values["report"]
    inspection.finished_on = act.on
    return Outcome(
        details={"finished_on": act.on.isoformat()},
        options={"fields": ["report", "finished_on"]},
    )


FINISH = Step(INSPECTION, Action.FINISH, ReportInput, effect=_finish_effect)


def inspection_start(
    *, inspection: Inspection, actor: Any, at: dt.datetime | None = None
) -> Inspection:
    """The inspection starts; its checklist is generated, pre-filled."""
    return run(
        START,
        inspection,
        organ=manager_organ(actor, inspection.plan),
        actor=actor,
        data=NoInput(),
        at=at,
    )


def inspection_record_findings(
    *, inspection: Inspection, actor: Any, at: dt.datetime | None = None
) -> Inspection:
    """The inspectors' findings are settled; findings showing a ground become leads."""
    return run(
        RECORD_FINDINGS,
        inspection,
        organ=manager_organ(actor, inspection.plan),
        actor=actor,
        data=NoInput(),
        at=at,
    )


def inspection_finish(
    *, inspection: Inspection, report: str, actor: Any, at: dt.datetime | None = None
) -> Inspection:
    """The inspection's report is issued."""
    return run(
        FINISH,
        inspection,
        organ=manager_organ(actor, inspection.plan),
        actor=actor,
        data=ReportInput(report=report),
        at=at,
    )


def steps_open_to(user: Any, inspection: Inspection) -> list[str]:
    """The steps the table allows now, for a user who manages the inspection (none else)."""
    if not may_manage_inspection(user, inspection):
        return []
    return INSPECTION.allowed(inspection)


# --- findings --------------------------------------------------------------------------------


def checklist_item_record_finding(
    *,
    item: ChecklistItem,
    finding: str,
    actor: Any,
    ground: int | None = None,
    at: dt.datetime | None = None,
) -> ChecklistItem:
    """The inspectors' finding on a checklist item, while the inspection is under way; with
    ``ground``, the ground of 细则第十一条第一款 it shows."""
    moment, _today = act_time(at)
    inspection = item.inspection
    assert_manages(actor, inspection.plan, action="oversight.inspection.finding_recorded")
    errors: dict[str, list[ValidationError]] = {}
    text = required_text(errors, "finding", finding, TEXT_MAX)
    if ground is not None and not 1 <= ground <= 9:
        errors["ground"] = [
            ValidationError(_("涉嫌情形应为第十一条第一款第一至九项。"), code="ground")
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if locked.state != InspectionState.UNDER_WAY:
            raise Refused(_("只能在督查进行中记录督查发现。"), code="inspection_not_under_way")
        item.finding = text
        item.ground = ground
        item.finding_at = moment
        item.save(update_fields=["finding", "ground", "finding_at"])
        audit_record(
            actor=actor,
            action="oversight.inspection.finding_recorded",
            target=item,
            details={
                "inspection": inspection.pk,
                "organ": item.organ_id,
                "key": item.key,
                "ground": ground,
            },
        )
    return item
