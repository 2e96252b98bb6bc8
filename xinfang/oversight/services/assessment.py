"""Writes of the assessment (细则第十条第一款; 信访工作条例(2022)第三十九条).

A scheme is edited as a draft (title, period, organs assessed, indicators) and activated;
hand scores are entered with their evidence; a run computes the scheme on the data. Scheme and
run move on the table machine:

    scheme: draft ──activate──▶ active
    run:    computed ──publish──▶ published (frozen, delivered to the organization department)
               └──────discard──▶ discarded

Every write validates, runs in one transaction and writes its audit entry. Computing is
idempotent: a run whose result is byte-identical to the scheme's last computed run is that run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.policy import assert_may_act_in
from xinfang.audit.services import actor_label, audit_record
from xinfang.orgs.choices import OrganLevel, OrganRole
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import departments_of_level, organs_of_user
from xinfang.refusals import Refused
from xinfang.rules.assessment import digest
from xinfang.rules.basis import basis_strings
from xinfang.workflow import Act, Outcome, Step, act_time, run
from xinfang.workflow.table import NoInput, ReasonInput, RecordMachine, Transition

from ..models.assessment import (
    AssessmentRun,
    AssessmentScheme,
    HandScore,
    IndicatorSource,
    PeriodKind,
    RunDelivery,
    RunState,
    SchemeIndicator,
    SchemeState,
)
from ..selectors.assessment import acting_organ, assessment_basis
from ..selectors.assessment_catalogue import CATALOGUE
from ..selectors.assessment_runs import compute

TITLE_MAX = 200
INDICATOR_FIELDS = ("title", "source", "weight", "direction", "target", "per_volume", "position")


def may_act(actor: Any, organ: Organ, *, action: str) -> None:
    """Users act for an organ where they hold a position; a command is the system's own."""
    if isinstance(actor, str):
        return
    assert_may_act_in(actor, organ, action=action)


def _acting(actor: Any, scheme: AssessmentScheme, acting_for: Organ | None) -> Organ:
    """The organ a write on ``scheme`` is done for: the one named (the assessing organ or the
    office that runs the scheme), else the one of them the user works in."""
    if acting_for is not None:
        if acting_for.pk not in (scheme.assessing_organ_id, scheme.office_id):
            raise Refused(_("只有考核机关和承办的信访部门可以办理。"), code="not_scheme_manager")
        return acting_for
    if isinstance(actor, str):
        return scheme.assessing_organ
    return acting_organ(actor, scheme)


SCHEME_STEPS = (
    Transition(
        "activate",
        sources=frozenset({SchemeState.DRAFT}),
        target=SchemeState.ACTIVE,
        refusal=gettext_lazy("考核方案已启用。"),
        code="scheme_not_draft",
        entry="oversight.assessment_scheme.activated",
    ),
)
SCHEME = RecordMachine(
    "oversight.assessment_scheme", AssessmentScheme, SCHEME_STEPS, may_act=may_act
)

RUN_STEPS = (
    Transition(
        "publish",
        sources=frozenset({RunState.COMPUTED}),
        target=RunState.PUBLISHED,
        refusal=gettext_lazy("只能发布已计算、未发布的考核结果。"),
        code="run_not_computed",
        entry="oversight.assessment_run.published",
    ),
    Transition(
        "discard",
        sources=frozenset({RunState.COMPUTED}),
        target=RunState.DISCARDED,
        refusal=gettext_lazy("已发布或已作废的考核结果不能作废。"),
        code="run_not_computed",
        entry="oversight.assessment_run.discarded",
    ),
)
RUN = RecordMachine(
    "oversight.assessment_run", AssessmentRun, RUN_STEPS, related=("scheme",), may_act=may_act
)


# --- the organs assessed -------------------------------------------------------------------

#: The groups of organs a scheme offers by default (what the assessing organ's territory covers).
ORGAN_GROUPS = {
    "party_committees": gettext_lazy("下一级党委"),
    "governments": gettext_lazy("下一级政府"),
    "departments": gettext_lazy("本级工作部门"),
}


def default_organs(assessing_organ: Organ, group: str) -> list[Organ]:
    """The organs of ``group`` in the assessing organ's territory: the party committees or the
    governments of the level below (the 38 districts for the municipal level), or the working
    departments of its own level."""
    region = assessing_organ.region_code
    level = assessing_organ.level
    below: dict[str, str] = {
        OrganLevel.MUNICIPAL: OrganLevel.DISTRICT,
        OrganLevel.DISTRICT: OrganLevel.TOWNSHIP,
    }
    organs = Organ.objects.filter(is_active=True).order_by("region_code", "path")
    if group == "departments":
        candidates = organs.filter(level=level, region_code=region)
        role = OrganRole.DEPARTMENT
    else:
        prefix = region.rstrip("0") if level == OrganLevel.MUNICIPAL else region
        candidates = organs.filter(level=below.get(level, level), region_code__startswith=prefix)
        role = OrganRole.PARTY_COMMITTEE if group == "party_committees" else OrganRole.GOVERNMENT
    return [organ for organ in candidates if organ.has_role(role)]


# --- schemes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator as a form or the API gives it."""

    code: str
    weight: int
    title: str = ""
    source: str = IndicatorSource.COMPUTED
    direction: str = ""
    target: str = ""
    per_volume: int = 0


#: The volume counts are measured per by default: per 10,000 matters received, so that an
#: organ with no matters has no figure rather than the best one.
COUNT_PER_VOLUME = 10_000


def catalogue_specs(weight: int = 10) -> list[IndicatorSpec]:
    """Every computed indicator of the catalogue, equally weighted; counts per volume."""
    return [
        IndicatorSpec(code=code, weight=weight, per_volume=COUNT_PER_VOLUME if entry.count else 0)
        for code, entry in CATALOGUE.items()
    ]


def _period_errors(kind: str, start: dt.date | None, end: dt.date | None) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    if kind not in PeriodKind.values:
        errors["period_kind"] = [ValidationError(_("请选择考核周期。"), code="invalid_choice")]
    if start is None or end is None:
        errors["period_start"] = [ValidationError(_("请填写考核期间。"), code="required")]
    elif end < start:
        errors["period_end"] = [
            ValidationError(_("截止日期不得早于起始日期。"), code="end_before_start")
        ]
    return errors


def _clean_indicator(spec: IndicatorSpec, position: int) -> SchemeIndicator:
    entry = CATALOGUE.get(spec.code)
    source = spec.source or IndicatorSource.COMPUTED
    errors: dict[str, list[ValidationError]] = {}
    if source == IndicatorSource.COMPUTED and entry is None:
        errors["code"] = [ValidationError(_("没有这个计算指标。"), code="unknown_indicator")]
    if source == IndicatorSource.MANUAL and not (spec.code and spec.title.strip()):
        errors["title"] = [ValidationError(_("人工评分指标须有代码和名称。"), code="required")]
    if spec.weight <= 0:
        errors["weight"] = [ValidationError(_("权重应为正整数。"), code="min_value")]
    if errors:
        raise ValidationError(errors)
    direction = spec.direction or (
        entry.direction.value if entry is not None else "higher_is_better"
    )
    return SchemeIndicator(
        code=spec.code,
        title=spec.title.strip()[:TITLE_MAX],
        source=source,
        weight=spec.weight,
        direction=direction,
        target=spec.target.strip(),
        per_volume=spec.per_volume if entry is not None and entry.count else 0,
        position=position,
    )


def assessment_scheme_create(
    *,
    assessing_organ: Organ,
    title: str,
    period_kind: str,
    period_start: dt.date,
    period_end: dt.date,
    actor: Any,
    office: Organ | None = None,
    organs: Iterable[Organ] | None = None,
    organ_group: str = "party_committees",
    indicators: Sequence[IndicatorSpec] | None = None,
    acting_for: Organ | None = None,
) -> AssessmentScheme:
    """A draft scheme of ``assessing_organ`` for a period; the organs assessed default to the
    ``organ_group`` of its territory and the indicators to the whole catalogue."""
    managers = [organ for organ in (assessing_organ, office) if organ is not None]
    if acting_for is None:
        ids = set() if isinstance(actor, str) else {o.pk for o in organs_of_user(actor)}
        acting_for = next((o for o in reversed(managers) if o.pk in ids), assessing_organ)
    elif acting_for not in managers:
        raise Refused(_("只有考核机关和承办的信访部门可以办理。"), code="not_scheme_manager")
    may_act(actor, acting_for, action="oversight.assessment_scheme.created")
    if office is not None and not office.has_role(OrganRole.PETITION_OFFICE):
        raise ValidationError(
            {"office": [ValidationError(_("承办考核的应为信访部门。"), code="not_petition_office")]}
        )
    errors = _period_errors(period_kind, period_start, period_end)
    text = (title or "").strip()
    if not text or len(text) > TITLE_MAX:
        errors["title"] = [ValidationError(_("请填写方案名称。"), code="required")]
    if errors:
        raise ValidationError(errors)
    chosen = list(organs) if organs is not None else default_organs(assessing_organ, organ_group)
    rows = [
        _clean_indicator(spec, n)
        for n, spec in enumerate(indicators if indicators is not None else catalogue_specs())
    ]
    with transaction.atomic():
        scheme = AssessmentScheme(
            assessing_organ=assessing_organ,
            office=office,
            title=text,
            period_kind=period_kind,
            period_start=period_start,
            period_end=period_end,
            created_by=actor_label(actor),
        )
        scheme.full_clean()
        scheme.save()
        scheme.organs.set(chosen)
        for row in rows:
            row.scheme = scheme
        SchemeIndicator.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="oversight.assessment_scheme.created",
            target=scheme,
            details={
                "title": text,
                "period": [period_start.isoformat(), period_end.isoformat()],
                "organs": sorted(o.pk for o in chosen),
                "indicators": [[r.code, r.weight] for r in rows],
                "basis": basis_strings(assessment_basis(period_end)),
            },
        )
    return scheme


def _assert_draft(scheme: AssessmentScheme) -> None:
    if scheme.state != SchemeState.DRAFT:
        raise Refused(_("考核方案已启用，不能再修改。"), code="scheme_not_draft")


def assessment_scheme_update(
    *,
    scheme: AssessmentScheme,
    actor: Any,
    acting_for: Organ | None = None,
    title: str | None = None,
    organs: Iterable[Organ] | None = None,
    indicators: Sequence[IndicatorSpec] | None = None,
) -> AssessmentScheme:
    """Edit a draft: its title, the organs assessed, the indicators (replaced whole)."""
    may_act(actor, _acting(actor, scheme, acting_for), action="oversight.assessment_scheme.updated")
    _assert_draft(scheme)
    details: dict[str, Any] = {}
    with transaction.atomic():
        if title is not None:
            text = title.strip()
            if not text or len(text) > TITLE_MAX:
                raise ValidationError(
                    {"title": [ValidationError(_("请填写方案名称。"), code="required")]}
                )
            scheme.title = text
            scheme.save(update_fields=["title"])
            details["title"] = text
        if organs is not None:
            chosen = list(organs)
            scheme.organs.set(chosen)
            details["organs"] = sorted(o.pk for o in chosen)
        if indicators is not None:
            rows = [_clean_indicator(spec, n) for n, spec in enumerate(indicators)]
            if len({r.code for r in rows}) != len(rows):
                raise ValidationError(
                    {"code": [ValidationError(_("指标代码重复。"), code="duplicate")]}
                )
            scheme.indicators.exclude(code__in=[r.code for r in rows]).delete()
            for row in rows:
                SchemeIndicator.objects.update_or_create(
                    scheme=scheme,
                    code=row.code,
                    defaults={f: getattr(row, f) for f in INDICATOR_FIELDS},
                )
            details["indicators"] = [[r.code, r.weight] for r in rows]
        audit_record(
            actor=actor,
            action="oversight.assessment_scheme.updated",
            target=scheme,
            details=details,
        )
    return scheme


def _activate_effect(act: Act[AssessmentScheme, NoInput], transition: Transition) -> Outcome:
    scheme = act.subject
    if not scheme.indicators.exists():
        raise Refused(_("考核方案没有指标，不能启用。"), code="scheme_without_indicators")
    if not scheme.organs.exists():
        raise Refused(_("考核方案没有被考核单位，不能启用。"), code="scheme_without_organs")
    return Outcome(details={}, options={"fields": []})


ACTIVATE = Step(SCHEME, "activate", NoInput, effect=_activate_effect)


def assessment_scheme_activate(
    *, scheme: AssessmentScheme, actor: Any, acting_for: Organ | None = None
) -> AssessmentScheme:
    """The scheme is fixed and may be run."""
    organ = _acting(actor, scheme, acting_for)
    return run(ACTIVATE, scheme, organ=organ, actor=actor, data=NoInput())


# --- hand scores -----------------------------------------------------------------------------


def hand_score_enter(
    *,
    indicator: SchemeIndicator,
    organ: Organ,
    value: int,
    evidence: str,
    actor: Any,
    acting_for: Organ | None = None,
    at: dt.datetime | None = None,
) -> HandScore:
    """Score ``organ`` on a hand-scored indicator (0–100), with the evidence it rests on; a
    second entry replaces the first (both audited)."""
    organ_acting = _acting(actor, indicator.scheme, acting_for)
    may_act(actor, organ_acting, action="oversight.assessment_hand_score.entered")
    moment, _today = act_time(at)
    errors: dict[str, list[ValidationError]] = {}
    if indicator.source != IndicatorSource.MANUAL:
        errors["indicator"] = [ValidationError(_("该指标由系统计算。"), code="computed_indicator")]
    if not indicator.scheme.organs.filter(pk=organ.pk).exists():
        errors["organ"] = [ValidationError(_("该单位不在被考核范围内。"), code="not_assessed")]
    if not 0 <= value <= 100:
        errors["value"] = [ValidationError(_("得分应在 0 至 100 之间。"), code="out_of_range")]
    text = (evidence or "").strip()
    if not text:
        errors["evidence"] = [ValidationError(_("请写明评分依据。"), code="required")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        score, _created = HandScore.objects.update_or_create(
            indicator=indicator,
            organ=organ,
            defaults={
                "value": value,
                "evidence": text,
                "entered_at": moment,
                "entered_by": actor_label(actor),
            },
        )
        audit_record(
            actor=actor,
            action="oversight.assessment_hand_score.entered",
            target=score,
            details={"indicator": indicator.code, "organ": organ.pk, "value": value},
        )
    return score


# --- runs ------------------------------------------------------------------------------------


def assessment_run_compute(
    *,
    scheme: AssessmentScheme,
    actor: Any,
    acting_for: Organ | None = None,
    today: dt.date | None = None,
) -> AssessmentRun:
    """Run an active scheme on the data as it stands. Safe to repeat: the same data give the
    same result, and then the scheme's last computed run is returned, not a copy."""
    may_act(actor, _acting(actor, scheme, acting_for), action="oversight.assessment_run.computed")
    if scheme.state != SchemeState.ACTIVE:
        raise Refused(_("只能运行已启用的考核方案。"), code="scheme_not_active")
    day = today or timezone.localdate()
    inputs, result = compute(scheme, today=day)
    inputs_sha, result_sha = digest(inputs), digest(result)
    with transaction.atomic():
        # The scheme's row is the lock: two runs at once find each other's result.
        AssessmentScheme.objects.select_for_update().filter(pk=scheme.pk).first()
        same = (
            AssessmentRun.objects.filter(scheme=scheme, result_sha256=result_sha)
            .exclude(state=RunState.DISCARDED)
            .first()
        )
        if same is not None:
            return same
        found = AssessmentRun.objects.create(
            scheme=scheme,
            as_of=dt.date.fromisoformat(inputs["as_of"]),
            inputs=inputs,
            result=result,
            inputs_sha256=inputs_sha,
            result_sha256=result_sha,
            computed_by=actor_label(actor),
        )
        audit_record(
            actor=actor,
            action="oversight.assessment_run.computed",
            target=found,
            details={"scheme": scheme.pk, "inputs_sha256": inputs_sha, "result_sha256": result_sha},
        )
    return found


def recipients_of(scheme: AssessmentScheme) -> list[Organ]:
    """The organization department of the assessing organ's level (细则第十条第一款)."""
    return departments_of_level(scheme.assessing_organ, OrganRole.ORGANIZATION)


def _publish_effect(act: Act[AssessmentRun, NoInput], transition: Transition) -> Outcome:
    found = act.subject
    if digest(found.inputs) != found.inputs_sha256 or digest(found.result) != found.result_sha256:
        raise Refused(_("考核结果与其摘要不符，不能发布。"), code="run_digest_mismatch")
    found.published_at = act.at
    found.published_by = actor_label(act.actor)
    recipients = recipients_of(found.scheme)
    RunDelivery.objects.bulk_create(
        [RunDelivery(run=found, organ=organ, delivered_at=act.at) for organ in recipients]
    )
    return Outcome(
        details={
            "result_sha256": found.result_sha256,
            "delivered_to": [organ.pk for organ in recipients],
            "basis": basis_strings(assessment_basis(found.scheme.period_end)),
        },
        options={"fields": ["published_at", "published_by"]},
    )


def _discard_effect(act: Act[AssessmentRun, ReasonInput], transition: Transition) -> Outcome:
    act.subject.discarded_reason = act.values["reason"]
    return Outcome(details={}, options={"fields": ["discarded_reason"]})


PUBLISH = Step(RUN, "publish", NoInput, effect=_publish_effect)
DISCARD = Step(RUN, "discard", ReasonInput, effect=_discard_effect)


def assessment_run_publish(
    *,
    run_record: AssessmentRun,
    actor: Any,
    acting_for: Organ | None = None,
    at: dt.datetime | None = None,
) -> AssessmentRun:
    """Freeze the run and deliver it to the organization department (通报)."""
    organ = _acting(actor, run_record.scheme, acting_for)
    return run(PUBLISH, run_record, organ=organ, actor=actor, data=NoInput(), at=at)


def assessment_run_discard(
    *, run_record: AssessmentRun, reason: str, actor: Any, acting_for: Organ | None = None
) -> AssessmentRun:
    """Set a computed run aside, with the reason."""
    organ = _acting(actor, run_record.scheme, acting_for)
    return run(DISCARD, run_record, organ=organ, actor=actor, data=ReasonInput(reason=reason))


def run_delivery_read(
    *, delivery: RunDelivery, actor: Any, at: dt.datetime | None = None
) -> RunDelivery:
    """A user of the receiving department has read the delivered result (it leaves the home
    page); the first reading is recorded."""
    may_act(actor, delivery.organ, action="oversight.assessment_delivery.read")
    if delivery.read_at is not None:
        return delivery
    moment, _day = act_time(at)
    with transaction.atomic():
        delivery.read_at = moment
        delivery.read_by = actor_label(actor)
        delivery.save(update_fields=["read_at", "read_by"])
        audit_record(
            actor=actor,
            action="oversight.assessment_delivery.read",
            target=delivery,
            details={"run": delivery.run_id},
        )
    return delivery
