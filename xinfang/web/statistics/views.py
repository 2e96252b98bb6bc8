"""The statistics page: the form, every figure as a table with its chart, the district tile
grid, the monthly and annual tables; any table downloads (``?format=xlsx|csv&table=KEY``)."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from xinfang.access.policy import records_organs
from xinfang.statistics.figures import Figure, percent
from xinfang.statistics.selectors import StatisticsFigures, month_bounds, place_labels
from xinfang.statistics.tables import Line, Table, statistics_report
from xinfang.web.exports import Column, export_format, export_response

from .charts import bar_chart, chart_css, line_chart
from .forms import StatisticsForm
from .tiles import tile_grid, tiles_from

#: Extra rules of the page (tables, grid, print), served with the charts' stylesheet.
PAGE_CSS = """
.stats-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(30rem,1fr));gap:1rem}
.stats-table{border-collapse:collapse;margin:.5rem 0 1rem}
.stats-table th,.stats-table td{border:1px solid #999;padding:.2rem .5rem}
.stats-table thead th{white-space:nowrap}
.stats-table td.num{text-align:right;font-variant-numeric:tabular-nums}
.stats-months a{margin-right:.5rem}
.xf-tiles{max-width:48rem;width:100%;height:auto}
.stats-note{font-size:.9em;color:#444}
@media print{.stats-form,.stats-months,.site-nav,.language-switcher,.logout,
.stats-downloads{display:none}
.stats-table a{color:#000;text-decoration:none}.stats-section{break-inside:avoid}}
"""


@require_GET
def statistics_css(request: HttpRequest) -> HttpResponse:
    """The charts' stylesheet (pygal's own, moved out of the SVG for the CSP) and the page's."""
    response = HttpResponse(chart_css() + PAGE_CSS, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "max-age=3600"
    return response


def _month_links(request: HttpRequest, today: dt.date, year: int) -> list[tuple[str, str]]:
    """Shortcuts: this year to date, each month of the year so far, last year."""
    kept: dict[str, str] = {
        k: str(v) for k, v in request.GET.items() if k not in ("date_from", "date_to", "format")
    }

    def link(start: dt.date, end: dt.date) -> str:
        return "?" + urlencode({**kept, "date_from": start.isoformat(), "date_to": end.isoformat()})

    links = [(_("本年至今"), link(dt.date(today.year, 1, 1), today))]
    last_month = 12 if year < today.year else today.month
    for number in range(1, last_month + 1):
        first, last = month_bounds(dt.date(year, number, 1))
        links.append((_("%(month)s月") % {"month": number}, link(first, min(last, today))))
    links.append((_("上一年"), link(dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))))
    return links


def _charts(figures: StatisticsFigures) -> list[tuple[str, str]]:
    return [
        ("channel", bar_chart(_("按信访形式"), figures.by_channel)),
        ("category", bar_chart(_("按内容分类"), figures.by_category, horizontal=True)),
        ("place", bar_chart(_("按问题发生地"), figures.by_place[:20], horizontal=True)),
        ("month", line_chart(_("按月份"), figures.by_month)),
        (
            "on_time",
            bar_chart(
                _("各环节按期办理率（%）"),
                [
                    Figure(
                        s.period,
                        s.label,
                        round(float(s.rate.value or 0) * 100),
                        s.kept.params,
                        exact=False,
                    )
                    for s in figures.on_time
                ],
                horizontal=True,
                ticks=range(0, 101, 20),
            ),
        ),
    ]


def _map(figures: StatisticsFigures, which: str) -> tuple[str, str] | None:
    """The tile grid of the districts (only when the places are districts)."""
    if figures.place_length != 6:
        return None
    if which == "overdue":
        volumes = {f.key: f.count for f in figures.by_place}

        def overdue_rate(f: Figure) -> float:
            return f.count / volumes[f.key] if volumes.get(f.key) else 0.0

        def overdue_text(f: Figure) -> str:
            volume = volumes.get(f.key, 0)
            return percent(Fraction(f.count, volume)) if volume else "—"

        title = _("各区县逾期未办率（逾期件数 / 信访量）")
        tiles = tiles_from(figures.overdue_by_place, value=overdue_rate, text=overdue_text)
        return title, tile_grid(
            title, tiles, legend=lambda v: percent(Fraction(v).limit_denominator(1000))
        )
    else:
        title = _("各区县信访量")
        tiles = tiles_from(figures.by_place, value=lambda f: f.count, text=lambda f: str(f.count))
    return title, tile_grid(title, tiles, legend=lambda v: str(math.ceil(v)))


def _export(
    request: HttpRequest, fmt: str, tables: list[Table], filters: dict[str, Any]
) -> HttpResponseBase:
    wanted = request.GET.get("table", "")
    table = next((t for t in tables if t.key == wanted), None)
    if table is None:
        raise Http404(_("未找到。"))
    width = len(table.columns) - 1

    def cell(index: int) -> Any:
        def value(line: Line) -> Any:
            found = line.cells[index] if index < len(line.cells) else ""
            return found.count if isinstance(found, Figure) else found

        return value

    columns = [Column(table.columns[0], lambda line: line.label)]
    columns += [Column(table.columns[i + 1], cell(i)) for i in range(width)]
    return export_response(
        request,
        fmt=fmt,
        name=f"statistics-{table.key}",
        columns=columns,
        rows=table.lines,
        what=f"statistics:{table.key}",
        filters=filters,
        count=len(table.lines),
    )


@login_required
@require_GET
def statistics_index(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    organs = list(records_organs(request.user).order_by("path"))
    form = StatisticsForm(request.GET, organs=organs, today=today)
    if not form.is_valid():
        return render(request, "statistics/index.html", {"form": form, "figures": None}, status=400)
    query = form.query()
    report = statistics_report(user=request.user, query=query, today=today)
    figures = report.figures
    fmt = export_format(request)
    if fmt is not None:
        return _export(request, fmt, report.tables, dict(query.params()))
    kept: dict[str, str] = {
        k: str(v) for k, v in request.GET.items() if k not in ("format", "table")
    }
    charts = dict(_charts(figures))
    context = {
        "form": form,
        "query": query,
        "figures": figures,
        "sections": [(t, charts.get(t.key, "")) for t in report.sections],
        "reports": report.reports,
        "map": _map(figures, form.cleaned_data.get("map") or "volume"),
        "months": _month_links(request, today, query.date_to.year),
        "download_base": "?"
        + urlencode(
            {
                "date_from": query.date_from.isoformat(),
                "date_to": query.date_to.isoformat(),
                **kept,
            }
        ),
        "region_label": place_labels([query.region])[query.region] if query.region else "",
    }
    return render(request, "statistics/index.html", context)
