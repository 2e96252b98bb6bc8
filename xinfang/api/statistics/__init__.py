"""Endpoints of the statistics, under ``/api/statistics``: the figures of the statistics page
as JSON, each with the matter filter's parameters of its matters."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from xinfang.access.policy import access_organ_records_by_id
from xinfang.api.responses import READ_ERRORS
from xinfang.statistics.figures import Figure
from xinfang.statistics.query import StatisticsQuery
from xinfang.statistics.tables import Table, statistics_report

from .schemas import StatisticsFilter, StatisticsOut

router = Router(tags=["statistics"])


def figure_out(figure: Figure) -> dict[str, Any]:
    return {
        "key": figure.key,
        "label": figure.label,
        "count": figure.count,
        "exact": figure.exact,
        "filters": figure.params,
        "url": figure.url,
    }


def table_out(table: Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": table.title,
        "columns": table.columns,
        "lines": [
            {
                "key": line.key,
                "label": line.label,
                "cells": [
                    {"figure": figure_out(c)} if isinstance(c, Figure) else {"text": c}
                    for c in line.cells
                ],
            }
            for line in table.lines
        ],
    }


@router.get("", response={200: StatisticsOut, **READ_ERRORS}, operation_id="statistics_figures")
def statistics(request: HttpRequest, filters: Query[StatisticsFilter]) -> Any:
    """Every figure of the statistics, the monthly table of the period's last month and the
    annual table of its year (as on ``/statistics/``), over the matters the user may read."""
    today = timezone.localdate()
    organ = (
        access_organ_records_by_id(request.user, filters.organ_id)
        if filters.organ_id is not None
        else None
    )
    date_to = filters.date_to or today
    date_from = filters.date_from or date_to.replace(month=1, day=1)
    if date_from > date_to:
        refusal = ValidationError(_("截止日期不能早于起始日期。"), code="before_start")
        raise ValidationError({"date_to": [refusal]})
    query = StatisticsQuery(
        date_from=date_from,
        date_to=date_to,
        organ=organ,
        subtree=filters.subtree and organ is not None,
        region=filters.region,
    )
    report = statistics_report(user=request.user, query=query, today=today)
    return {
        "query": {
            "organ_id": organ.pk if organ else None,
            "subtree": query.subtree,
            "region": query.region,
            "date_from": date_from,
            "date_to": date_to,
            "filters": query.params(),
        },
        "total": figure_out(report.figures.total),
        "tables": [table_out(t) for t in report.tables],
    }
