"""The audit entry of a download: who exported what, under which filter, how many rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from .models import AuditEntry
from .services import audit_record

#: The action of every export's entry; ``object_id`` names what was exported.
EXPORT_ACTION = "export.downloaded"
#: Longest filter value kept in an entry (a free-text search is cut, not dropped).
FILTER_VALUE_MAX = 200


def _clean_filters(filters: Mapping[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in filters.items():
        values = value if isinstance(value, list | tuple) else [value]
        texts = [str(v)[:FILTER_VALUE_MAX] for v in values if v not in (None, "")]
        if texts:
            clean[str(key)] = texts if len(texts) > 1 else texts[0]
    return clean


def audit_export(
    *,
    actor: Any,
    what: str,
    filters: Mapping[str, Any],
    count: int,
    fmt: str,
    masked: bool = True,
) -> AuditEntry:
    """Record one export in its own transaction, before a byte of it leaves: ``what`` names
    the list (``duties.incidents``), ``filters`` the parameters that chose its rows, ``count``
    how many rows it holds, ``fmt`` its format, ``masked`` whether personal data was masked."""
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action=EXPORT_ACTION,
            object_type="export",
            object_id=what[:64],
            details={
                "what": what,
                "filters": _clean_filters(filters),
                "rows": count,
                "format": fmt,
                "masked": masked,
            },
        )
