"""Endpoints of the assessment (细则第十条第一款; 信访工作条例(2022)第三十九条), under
``/api/oversight/assessment``.

Thin: schemes and runs are read through the chokepoints of
``xinfang.oversight.selectors.assessment`` (404 for anyone else), one service is called and
the record rendered. A refusal is a 409, bad input a 422 by field.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from xinfang.api.paging import PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.orgs.models import Organ
from xinfang.oversight.models import AssessmentRun, AssessmentScheme, RunState
from xinfang.oversight.selectors import assessment as selectors
from xinfang.oversight.selectors.assessment_catalogue import indicator_title
from xinfang.oversight.services import assessment as services
from xinfang.oversight.services.assessment import RUN
from xinfang.rules.basis import basis_strings

from .assessment_schemas import (
    DiscardIn,
    HandScoreIn,
    HandScoreOut,
    IndicatorIn,
    RunFilter,
    RunOut,
    RunSummaryOut,
    SchemeFilter,
    SchemeIn,
    SchemeOut,
    SchemeUpdateIn,
)

router = Router(tags=["oversight"])


def _ref(organ: Organ | None) -> dict[str, Any] | None:
    return None if organ is None else {"id": organ.pk, "name": organ.name}


def _organs(ids: list[int], field: str) -> list[Organ]:
    found = Organ.objects.in_bulk(ids)
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError({field: [ValidationError(_("机关不存在。"), code="unknown")]})
    return [found[pk] for pk in ids]


def _specs(rows: list[IndicatorIn] | None) -> list[services.IndicatorSpec] | None:
    if rows is None:
        return None
    return [services.IndicatorSpec(**row.dict()) for row in rows]


def scheme_out(scheme: AssessmentScheme) -> dict[str, Any]:
    return {
        "id": scheme.pk,
        "assessing_organ": _ref(scheme.assessing_organ),
        "office": _ref(scheme.office),
        "title": scheme.title,
        "period_kind": scheme.period_kind,
        "period_start": scheme.period_start,
        "period_end": scheme.period_end,
        "state": scheme.state,
        "organs": [_ref(o) for o in scheme.organs.order_by("region_code", "path")],
        "indicators": [
            {
                "code": i.code,
                "title": indicator_title(i.code, i.title),
                "source": i.source,
                "weight": i.weight,
                "direction": i.direction,
                "target": i.target,
                "per_volume": i.per_volume,
            }
            for i in scheme.indicators.all()
        ],
        "basis": basis_strings(selectors.assessment_basis(scheme.period_end)),
    }


def run_summary(run: AssessmentRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "scheme_id": run.scheme_id,
        "scheme": run.scheme.title,
        "state": run.state,
        "as_of": run.as_of,
        "computed_at": run.computed_at,
        "published_at": run.published_at,
    }


def run_out(view: selectors.RunView) -> dict[str, Any]:
    run = view.run
    return {
        **run_summary(run),
        "inputs_sha256": run.inputs_sha256,
        "result_sha256": run.result_sha256,
        "delivered_to": [_ref(d.organ) for d in run.deliveries.select_related("organ")],
        "lines": view.lines(),
        "steps": RUN.allowed(run) if view.manager else [],
    }


# --- schemes ---------------------------------------------------------------------------------


@router.get(
    "/schemes",
    response={200: PageOut[SchemeOut], **READ_ERRORS},
    operation_id="assessment_scheme_list",
)
def scheme_list(request: HttpRequest, filters: Query[SchemeFilter]) -> Any:
    """The schemes the user manages (of the user's organ, or run by the user's office)."""
    rows = selectors.schemes_managed(request.user).order_by("-period_end", "-pk")
    if filters.state:
        rows = rows.filter(state=filters.state)
    return page_out(rows, page=filters.page, page_size=filters.page_size, render=scheme_out)


@router.post(
    "/schemes",
    response={201: SchemeOut, **WRITE_ERRORS},
    operation_id="assessment_scheme_create",
)
def scheme_create(request: HttpRequest, payload: SchemeIn) -> Any:
    """A draft scheme for a period (细则第十条第一款: 考核评价标准和指标体系)."""
    [assessing] = _organs([payload.assessing_organ_id], "assessing_organ_id")
    office = _organs([payload.office_id], "office_id")[0] if payload.office_id else None
    scheme = services.assessment_scheme_create(
        assessing_organ=assessing,
        office=office,
        title=payload.title,
        period_kind=payload.period_kind,
        period_start=payload.period_start,
        period_end=payload.period_end,
        organs=_organs(payload.organ_ids, "organ_ids") if payload.organ_ids is not None else None,
        organ_group=payload.organ_group,
        indicators=_specs(payload.indicators),
        actor=request.user,
    )
    return Status(201, scheme_out(scheme))


@router.get(
    "/schemes/{int:scheme_id}",
    response={200: SchemeOut, **READ_ERRORS},
    operation_id="assessment_scheme_detail",
)
def scheme_detail(request: HttpRequest, scheme_id: int) -> Any:
    return scheme_out(selectors.access_scheme_by_id(request.user, scheme_id))


@router.post(
    "/schemes/{int:scheme_id}",
    response={200: SchemeOut, **WRITE_ERRORS},
    operation_id="assessment_scheme_update",
)
def scheme_update(request: HttpRequest, scheme_id: int, payload: SchemeUpdateIn) -> Any:
    """Edit a draft: title, organs assessed, indicators (replaced whole)."""
    scheme = selectors.access_scheme_by_id(request.user, scheme_id)
    scheme = services.assessment_scheme_update(
        scheme=scheme,
        title=payload.title,
        organs=_organs(payload.organ_ids, "organ_ids") if payload.organ_ids is not None else None,
        indicators=_specs(payload.indicators),
        actor=request.user,
    )
    return scheme_out(scheme)


@router.post(
    "/schemes/{int:scheme_id}/activate",
    response={200: SchemeOut, **WRITE_ERRORS},
    operation_id="assessment_scheme_activate",
)
def scheme_activate(request: HttpRequest, scheme_id: int) -> Any:
    scheme = selectors.access_scheme_by_id(request.user, scheme_id)
    return scheme_out(services.assessment_scheme_activate(scheme=scheme, actor=request.user))


@router.post(
    "/schemes/{int:scheme_id}/hand-scores",
    response={200: HandScoreOut, **WRITE_ERRORS},
    operation_id="assessment_hand_score_enter",
)
def hand_score_enter(request: HttpRequest, scheme_id: int, payload: HandScoreIn) -> Any:
    """Score an organ on a hand-scored indicator, with the evidence."""
    scheme = selectors.access_scheme_by_id(request.user, scheme_id)
    indicator = scheme.indicators.filter(code=payload.indicator_code).first()
    if indicator is None:
        raise ValidationError(
            {"indicator_code": [ValidationError(_("没有这个指标。"), code="unknown")]}
        )
    [organ] = _organs([payload.organ_id], "organ_id")
    score = services.hand_score_enter(
        indicator=indicator,
        organ=organ,
        value=payload.value,
        evidence=payload.evidence,
        actor=request.user,
    )
    return {
        "indicator_code": indicator.code,
        "organ": _ref(organ),
        "value": score.value,
        "evidence": score.evidence,
    }


@router.post(
    "/schemes/{int:scheme_id}/runs",
    response={201: RunOut, **WRITE_ERRORS},
    operation_id="assessment_run_compute",
)
def run_compute(request: HttpRequest, scheme_id: int) -> Any:
    """Run an active scheme on the data (the same data give the same run)."""
    scheme = selectors.access_scheme_by_id(request.user, scheme_id)
    found = services.assessment_run_compute(scheme=scheme, actor=request.user)
    return Status(201, run_out(selectors.access_run_by_id(request.user, found.pk)))


# --- runs ------------------------------------------------------------------------------------


@router.get(
    "/runs",
    response={200: PageOut[RunSummaryOut], **READ_ERRORS},
    operation_id="assessment_run_list",
)
def run_list(request: HttpRequest, filters: Query[RunFilter]) -> Any:
    """Runs of the user's schemes, results delivered to the user's department, and published
    results that assess the user's organ; newest first."""
    rows = selectors.runs_visible(request.user)
    if filters.state:
        rows = [r for r in rows if r.state == filters.state]
    return page_out(rows, page=filters.page, page_size=filters.page_size, render=run_summary)


@router.get(
    "/runs/{int:run_id}",
    response={200: RunOut, **READ_ERRORS},
    operation_id="assessment_run_detail",
)
def run_detail(request: HttpRequest, run_id: int) -> Any:
    """A run with its ranking and each score's explanation, as the user may read it."""
    return run_out(selectors.access_run_by_id(request.user, run_id))


def _managed_run(request: HttpRequest, run_id: int) -> AssessmentRun:
    view = selectors.access_run_by_id(request.user, run_id)
    if not view.manager:
        raise Http404(_("未找到。"))
    return view.run


@router.post(
    "/runs/{int:run_id}/publish",
    response={200: RunOut, **WRITE_ERRORS},
    operation_id="assessment_run_publish",
)
def run_publish(request: HttpRequest, run_id: int) -> Any:
    """Freeze the run and deliver it to the organization department (通报, 重要参考)."""
    services.assessment_run_publish(run_record=_managed_run(request, run_id), actor=request.user)
    return run_out(selectors.access_run_by_id(request.user, run_id))


@router.post(
    "/runs/{int:run_id}/discard",
    response={200: RunOut, **WRITE_ERRORS},
    operation_id="assessment_run_discard",
)
def run_discard(request: HttpRequest, run_id: int, payload: DiscardIn) -> Any:
    services.assessment_run_discard(
        run_record=_managed_run(request, run_id), reason=payload.reason, actor=request.user
    )
    return run_out(selectors.access_run_by_id(request.user, run_id))


@router.post(
    "/runs/{int:run_id}/read",
    response={200: RunOut, **WRITE_ERRORS},
    operation_id="assessment_run_read",
)
def run_read(request: HttpRequest, run_id: int) -> Any:
    """The receiving department has read the delivered result."""
    view = selectors.access_run_by_id(request.user, run_id)
    delivery = selectors.delivery_of(request.user, view)
    if delivery is None or view.run.state != RunState.PUBLISHED:
        raise Http404(_("未找到。"))
    services.run_delivery_read(delivery=delivery, actor=request.user)
    return run_out(view)
