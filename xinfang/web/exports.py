"""Downloads of lists and statistics tables: XLSX (openpyxl, write-only: rows stream) and CSV
(UTF-8 with a BOM so Excel reads Chinese).

SKELETON: the exports issue part completes this (masking, audit, XLSX styling, tests). The
contract the lists and statistics pages call stays: ``export_format(request)`` and
``export_response(...)``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse

FORMATS = ("xlsx", "csv")


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (translated when rendered) and its value."""

    label: Any
    value: Callable[[Any], Any]


def export_format(request: HttpRequest) -> str | None:
    """``xlsx`` or ``csv`` when the request asks for a download (``?format=``), else None."""
    wanted = request.GET.get("format", "")
    return wanted if wanted in FORMATS else None


def _csv_lines(columns: Sequence[Column], rows: Iterable[Any]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(c.label) for c in columns])
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([c.value(row) for c in columns])
        yield buffer.getvalue()


def export_response(
    request: HttpRequest,
    *,
    fmt: str,
    name: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    what: str,
    filters: Mapping[str, Any],
    count: int,
) -> StreamingHttpResponse:
    """The download of ``rows`` (``count`` of them) as ``fmt``, named ``name``; ``what`` and
    ``filters`` say in the audit trail what was exported."""
    response = StreamingHttpResponse(
        _csv_lines(columns, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
