"""Matters by organ and state, kept as counters (``OrganStateCount``).

A department's counts by state would otherwise read every matter that ever sat at the organ
(tens of thousands for a busy bureau). The services move a matter's count in the same
transaction that moves the matter, so the counters are exactly as current as the matters:
``count_places`` after a matter is saved with a new organ or state, ``recount_places`` to
rebuild them from the matters (the migration that introduced them, ``xinfang
recount-matters`` after a restore). Overdue and due soon are derived from due dates and are
never counted here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum, Value

from .choices import MatterState
from .models import Matter, OrganStateCount

Place = tuple[int, str]

#: Every counter rebuilt from the matters, in plain SQL (the benchmark's generator writes its
#: archive with ``sqlite3`` and counts it with these).
RECOUNT_SQL = (
    "DELETE FROM petitions_organstatecount",
    "INSERT INTO petitions_organstatecount (organ_id, state, matters) "
    "SELECT current_organ_id, state, COUNT(*) FROM petitions_matter "
    "GROUP BY current_organ_id, state",
)


def _apply(deltas: dict[Place, int]) -> None:
    """Add each delta to its counter, creating it when missing. Counters are touched in
    ``(organ, state)`` order, so two transactions moving matters between the same places
    lock them in the same order (PostgreSQL) and never deadlock."""
    rows = [(organ, state, n) for (organ, state), n in sorted(deltas.items()) if n]
    if not rows:
        return
    table = OrganStateCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (organ_id, state, matters) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (organ_id, state) DO UPDATE "
            f"SET matters = {table}.matters + excluded.matters",
            rows,
        )


def count_places(matters: Iterable[Matter]) -> None:
    """Move the count of each saved matter from the place it was read or counted at to its
    organ and state now. Call in the transaction that saved them."""
    deltas: dict[Place, int] = {}
    for matter in matters:
        now = (matter.current_organ_id, matter.state)
        before = matter.stored_place  # refuses a matter read without its organ or state
        if before == now:
            continue
        if before is not None:
            deltas[before] = deltas.get(before, 0) - 1
        deltas[now] = deltas.get(now, 0) + 1
        matter._stored_place = now
    _apply(deltas)


def hold_still() -> None:
    """Keep matters and counters from changing until the caller's transaction ends, so a
    recount reads and writes one state of them (PostgreSQL; SQLite's write transaction
    already excludes every other writer). Steps wait for the recount, a second or two."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Matter._meta.db_table} IN SHARE MODE")
        cursor.execute(f"LOCK TABLE {OrganStateCount._meta.db_table} IN EXCLUSIVE MODE")


def recount_places() -> int:
    """Rebuild every counter from the matters (``RECOUNT_SQL``); returns the number of
    counters written. Runs in the caller's transaction, after ``hold_still``."""
    with connection.cursor() as cursor:
        for statement in RECOUNT_SQL:
            cursor.execute(statement)
    return OrganStateCount.objects.count()


def state_counts_query(
    where: Q | None = None, *, less: QuerySet[Matter] | None = None
) -> QuerySet[Any, tuple[str, int]]:
    """``(state, matters)`` rows over the counters ``where`` selects (``organ_id=...``,
    ``organ__path...``; every organ without it), and the negated counts by state of the
    matters of ``less`` (those a user may not see there): sum them by state."""
    rows: QuerySet[Any, tuple[str, int]] = (
        OrganStateCount.objects.filter(where or Q())
        .order_by()
        .values_list("state")
        .annotate(n=Sum("matters"))
    )
    if less is not None:
        minus = less.order_by().values_list("state").annotate(n=Value(0) - Count("*"))
        rows = rows.union(minus, all=True)
    return rows


def state_counts(where: Q | None = None) -> dict[str, int]:
    """Matters in each state (every state present, zero included) over the counters ``where``
    selects: ``state_counts_query`` summed. One query."""
    counts = dict.fromkeys(MatterState.values, 0)
    for state, n in state_counts_query(where):
        counts[state] = counts.get(state, 0) + n
    return counts


def counts_drift() -> list[tuple[int, str, int, int]]:
    """``(organ, state, counted, actual)`` wherever a counter disagrees with the matters;
    empty when they agree (the tests check it after every path of the procedure)."""
    actual = {
        (organ, state): n
        for organ, state, n in Matter.objects.order_by()
        .values_list("current_organ_id", "state")
        .annotate(n=Count("*"))
    }
    counted = {
        (organ, state): n
        for organ, state, n in OrganStateCount.objects.values_list("organ_id", "state", "matters")
    }
    return sorted(
        (organ, state, counted.get((organ, state), 0), actual.get((organ, state), 0))
        for organ, state in set(actual) | set(counted)
        if counted.get((organ, state), 0) != actual.get((organ, state), 0)
    )
