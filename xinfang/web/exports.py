"""Downloads of lists and statistics tables: XLSX (openpyxl, write-only) and CSV (UTF-8 with a
BOM so Excel reads Chinese). See docs/exports.md.

- Headers are rendered in the user's language; the whole download is written under the
  language and time zone of the request.
- Dates and times are real Excel dates (with a number format) in XLSX, ISO text in CSV.
- A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading apostrophe in both formats, so no spreadsheet runs it as a formula (CSV injection).
- Columns marked ``personal`` are always masked (``xinfang.access.identity``). An export never
  reveals: the plaintext of one person is shown only on that person's page, for a stated
  reason, one audit entry per person (``petitioner_reveal``).
- Every export writes one audit entry (who, what, filters, rows, format) in its own
  transaction before the first byte is sent (``xinfang.audit.exports.audit_export``).
- Rows stream: a queryset is read in chunks; CSV goes out row by row; XLSX rows go to
  openpyxl's temporary sheet file as they come and the finished file is sent in chunks, so
  memory does not grow with the number of rows.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import Any
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from xinfang.access.identity import mask_address, mask_id_number, mask_name, mask_phone
from xinfang.audit.exports import audit_export

FORMATS = ("xlsx", "csv")

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

#: Column kinds; "" takes the kind from each value's type.
KINDS = ("", "text", "number", "date", "datetime")

#: The masks of personal columns: ``personal=True`` is a person's name.
MASKS: dict[str, Callable[[str], str]] = {
    "name": mask_name,
    "id_number": mask_id_number,
    "phone": mask_phone,
    "address": mask_address,
}

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
#: Text a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Rows read before the XLSX header is written, to size the columns.
WIDTH_SAMPLE = 100
WIDTH_MIN, WIDTH_MAX = 8, 60
CHUNK = 64 * 1024
QUERYSET_CHUNK = 2000
#: URL parameters that choose a page or a format, not rows: not part of an export's filter.
NOT_FILTERS = ("format", "page", "page_size")


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (translated when rendered) and its value.

    ``kind`` fixes how values are written (``date``, ``datetime``, ``number``, ``text``);
    empty, it follows each value's type. ``personal`` masks every value: ``True`` (a name),
    or ``"id_number"``, ``"phone"``, ``"address"``.
    """

    label: Any
    value: Callable[[Any], Any]
    kind: str = ""
    personal: bool | str = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")
        if self.personal and self.mask is None:
            raise ValueError(f"unknown personal data {self.personal!r}")

    @property
    def mask(self) -> Callable[[str], str] | None:
        if not self.personal:
            return None
        return MASKS.get("name" if self.personal is True else str(self.personal))

    def cell(self, row: Any) -> Any:
        """The value of this column for ``row``: masked, converted, never a formula."""
        return _converted(self, self.value(row))


def _local(value: datetime) -> datetime:
    # Excel has no time zones: the local wall-clock time, as the pages show it.
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def _neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _converted(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    mask = column.mask
    if mask is not None:
        return _neutralised(mask(str(value)))
    kind = column.kind
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        value = _local(value)
        return value.date() if kind == "date" else value if kind != "text" else str(value)
    if isinstance(value, date):
        return value if kind != "text" else value.isoformat()
    if isinstance(value, int | float | Decimal) and kind != "text":
        return value
    return _neutralised(str(value))


def export_format(request: HttpRequest) -> str | None:
    """``xlsx`` or ``csv`` when the request asks for a download (``?format=``), else None."""
    wanted = request.GET.get("format", "")
    return wanted if wanted in FORMATS else None


def export_filters(request: HttpRequest) -> dict[str, list[str]]:
    """The URL parameters that chose the rows (not the format or the page), for the audit."""
    return {
        key: request.GET.getlist(key)
        for key in sorted(request.GET)
        if key not in NOT_FILTERS and any(request.GET.getlist(key))
    }


# CSV ----------------------------------------------------------------------------------------


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv_chunks(
    header: list[str], columns: Sequence[Column], rows: Iterable[Any]
) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_neutralised(label) for label in header])
    yield ("\ufeff" + buffer.getvalue()).encode()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_text(c.cell(row)) for c in columns])
        yield buffer.getvalue().encode()


# XLSX ---------------------------------------------------------------------------------------


def _display_width(value: Any) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = "" if value is None else str(value)
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def _sheet_title(name: str) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31]
    return title or "Sheet1"


def _xlsx_cell(ws: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        # openpyxl takes any text beginning with "=" for a formula: write text as text.
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _xlsx_chunks(
    header: list[str], columns: Sequence[Column], rows: Iterable[Any], *, title: str
) -> Iterator[bytes]:
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=_sheet_title(title))
    values = ([c.cell(row) for c in columns] for row in rows)
    sample = list(islice(values, WIDTH_SAMPLE))
    for index, label in enumerate(header):
        widest = max([_display_width(label), *(_display_width(v[index]) for v in sample)])
        ws.column_dimensions[get_column_letter(index + 1)].width = min(
            WIDTH_MAX, max(WIDTH_MIN, widest + 2)
        )
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    centred = Alignment(vertical="center")
    head_cells = []
    for label in header:
        cell = _xlsx_cell(ws, _neutralised(label))
        cell.font = bold
        cell.alignment = centred
        head_cells.append(cell)
    ws.append(head_cells)
    for line in chain(sample, values):
        ws.append([_xlsx_cell(ws, v) for v in line])
    with tempfile.TemporaryFile(suffix=".xlsx") as out:
        workbook.save(out)
        out.seek(0)
        while chunk := out.read(CHUNK):
            yield chunk


# The response -------------------------------------------------------------------------------


def _ascii_name(what: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", what).strip("-.") or "export"


def content_disposition(name: str, *, fallback: str, ext: str) -> str:
    """``attachment`` with the name in UTF-8 (RFC 6266 / 5987) and an ASCII fallback."""
    return (
        f'attachment; filename="{_ascii_name(fallback)}.{ext}"; '
        f"filename*=UTF-8''{quote(f'{name}.{ext}', safe='')}"
    )


def _rows_of(rows: Iterable[Any]) -> Iterable[Any]:
    # A queryset is read in chunks, not cached whole.
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=QUERYSET_CHUNK)
    return rows


def _under_request_settings(chunks: Iterator[bytes], language: str) -> Iterator[bytes]:
    # The body is written after the view returns: keep the request's language for the values.
    with translation.override(language):
        yield from chunks


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
    """The download of ``rows`` (``count`` of them) as ``fmt``, named ``name`` (the date is
    added); ``what`` (ASCII, e.g. ``duties.incidents``) and ``filters`` say in the audit
    trail what was exported. The audit entry is written before this returns."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    masked = any(c.personal for c in columns)
    audit_export(
        actor=request.user, what=what, filters=filters, count=count, fmt=fmt, masked=masked
    )
    header = [str(c.label) for c in columns]
    source = _rows_of(rows)
    chunks = (
        _xlsx_chunks(header, columns, source, title=name)
        if fmt == "xlsx"
        else _csv_chunks(header, columns, source)
    )
    language = translation.get_language() or "zh-hans"
    response = StreamingHttpResponse(
        _under_request_settings(chunks, language), content_type=CONTENT_TYPES[fmt]
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = content_disposition(
        f"{name}-{stamp}", fallback=f"{what}-{stamp}", ext=fmt
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _count(rows: Any) -> int:
    if isinstance(rows, QuerySet):
        return rows.count()
    return len(rows)


def export_if_asked(
    request: HttpRequest,
    rows: Any,
    *,
    name: str,
    columns: Sequence[Column],
    what: str,
) -> StreamingHttpResponse | None:
    """The download a list page answers when ``?format=`` asks for one (all the rows its
    filters select, not one page), else None: the page then renders as usual."""
    fmt = export_format(request)
    if fmt is None:
        return None
    return export_response(
        request,
        fmt=fmt,
        name=name,
        columns=columns,
        rows=rows,
        what=what,
        filters=export_filters(request),
        count=_count(rows),
    )
