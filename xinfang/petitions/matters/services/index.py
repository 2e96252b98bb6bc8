"""Upkeep of what the matters keep beside them: the repeat index and the counters by state.

``matter_counts_rebuild`` counts the matters by organ and state again (``counts``): the
services keep the counters in every transaction, so it is for after a restore or a repair
done outside the services (``xinfang recount-matters``).

The repeat index: move recent band keys into the archive tier.

New matters' band keys are written to the small recent tier (``RecentBandKey``): a batch's
keys then land on a few pages. ``repeat_index_merge`` moves them into the big archive tier
(``MatterBandKey``) in key order, so each page of the big index is written once per merge and
not once per key, and promotes keys shared by more than ``STOP_KEY_MATTERS`` matters to stop
keys (``StopBandKey``), dropping their postings. Repeat look-ups read both tiers, so nothing
is missed between merges. The worker runs it (``XINFANG_PERIODIC_JOBS``); so can an operator
(``xinfang merge-repeat-index``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from xinfang.audit.services import audit_record

from ..counts import counts_drift, hold_still, recount_places
from ..models import MatterBandKey, RecentBandKey, StopBandKey
from ..repeats import STOP_KEY_MATTERS


@dataclass(frozen=True)
class MergeResult:
    """What one merge did."""

    moved: int
    stop_keys: int
    dropped: int


def promote_stop_keys(*, keys_from: str) -> tuple[int, int]:
    """Make every key of ``keys_from`` (a ``SELECT key ...`` statement) that the archive tier
    holds for more than ``STOP_KEY_MATTERS`` matters a stop key, and drop its postings.
    Returns ``(new stop keys, postings dropped)``. Runs in the caller's transaction."""
    archive = MatterBandKey._meta.db_table
    stop = StopBandKey._meta.db_table
    scope = f"WHERE key IN ({keys_from}) "
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {stop} (key, matters, found_at) "  # noqa: S608
            f"SELECT key, COUNT(*), %s FROM {archive} {scope}"
            f"GROUP BY key HAVING COUNT(*) > %s",
            [now, STOP_KEY_MATTERS],
        )
        added = cursor.rowcount
        dropped = 0
        if added:
            cursor.execute(
                f"DELETE FROM {archive} WHERE key IN (SELECT key FROM {stop}) "  # noqa: S608
                f"AND key IN ({keys_from})"
            )
            dropped = cursor.rowcount
    return max(added, 0), max(dropped, 0)


def repeat_index_merge(*, actor: Any) -> MergeResult:
    """Move the recent tier into the archive tier in key order; one transaction, one audit
    entry (only when something moved)."""
    archive = MatterBandKey._meta.db_table
    recent = RecentBandKey._meta.db_table
    stop = StopBandKey._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Registrations wait for the few seconds of the merge instead of inserting
                # keys between the copy and the delete (SQLite's writer lock does this alone).
                # A merge stuck behind a long registration batch gives up and runs next time
                # rather than hold every new registration in the lock queue behind it.
                cursor.execute("SET LOCAL lock_timeout = '5s'")
                cursor.execute(f"LOCK TABLE {recent} IN EXCLUSIVE MODE")
            cursor.execute(
                f"INSERT INTO {archive} (key, matter_id) "  # noqa: S608
                f"SELECT r.key, r.matter_id FROM {recent} AS r WHERE NOT EXISTS "
                f"(SELECT 1 FROM {stop} AS s WHERE s.key = r.key) "
                f"ORDER BY r.key, r.matter_id ON CONFLICT DO NOTHING"
            )
            moved = max(cursor.rowcount, 0)
            if not moved:
                cursor.execute(f"DELETE FROM {recent}")  # noqa: S608
                return MergeResult(moved=0, stop_keys=0, dropped=0)
        stop_keys, dropped = promote_stop_keys(
            keys_from=f"SELECT DISTINCT key FROM {recent}"  # noqa: S608
        )
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {recent}")  # noqa: S608
        result = MergeResult(moved=moved, stop_keys=stop_keys, dropped=dropped)
        audit_record(
            actor=actor,
            action="repeats.index_merged",
            object_type="petitions.recentbandkey",
            details={"moved": moved, "stop_keys": stop_keys, "dropped": dropped},
        )
    return result


@dataclass(frozen=True)
class RecountResult:
    """What one recount found and wrote."""

    corrected: int
    counters: int


def matter_counts_rebuild(*, actor: Any) -> RecountResult:
    """Count the matters by organ and state again; one transaction, one audit entry naming how
    many counters disagreed with the matters."""
    with transaction.atomic():
        hold_still()
        drift = counts_drift()
        counters = recount_places()
        audit_record(
            actor=actor,
            action="matter.counts_rebuilt",
            object_type="petitions.organstatecount",
            details={
                "corrected": len(drift),
                "counters": counters,
                "drift": [list(row) for row in drift[:50]],
            },
        )
    return RecountResult(corrected=len(drift), counters=counters)
