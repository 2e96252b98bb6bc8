"""Published assessment results (细则第十条第一款), answered by the assessment part to the
others (the cadre's opinion, the organization department's reading)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class ResultLine:
    """One published run's result for an organ, or a leader's share of it by portfolio."""

    run_id: int
    scheme: str
    period: str
    organ: Any
    score: Fraction | None
    rank: int | None
    of: int
    #: How the result concerns the person asked about ("" for the organ as a whole).
    share: str = ""


def published_results_for(organ: Any, *, person: Any = None) -> list[ResultLine]:
    """The published runs' results of ``organ``, newest first; with ``person``, only the lines
    that concern that leader (the whole organ for its principal leader, the indicators of their
    portfolio for the others)."""
    return []
