"""Canonical encoding and hashing of audit entries, shared by the writer and the verifier."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_time(at: datetime) -> str:
    """The entry time in UTC with microseconds, the form that is hashed."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_digest(
    *,
    prev_hash: str,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    details: dict[str, Any],
) -> str:
    """sha256 over a canonical JSON array of the entry's fields."""
    payload = json.dumps(
        [prev_hash, seq, canonical_time(at), actor, action, object_type, object_id, details],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
