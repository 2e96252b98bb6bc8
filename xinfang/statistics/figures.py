"""The shapes of statistics: a count with the matters it links to, and a rate of two counts."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from xinfang.rules.assessment import rate

from .query import Params, list_url


@dataclass(frozen=True)
class Figure:
    """A count and the list of its matters (``params``, the matter filter's parameters).

    ``exact``: the list shows exactly ``count`` rows. A figure that counts something the
    filter cannot select by itself (a clock, an opinion, a follow-up rating, a person) links
    to the matters it was counted over instead, and says so."""

    key: str
    label: str
    count: int
    params: Params
    exact: bool = True

    @property
    def url(self) -> str:
        return list_url(self.params)


@dataclass(frozen=True)
class Rate:
    """``part`` of ``whole`` (an exact fraction; None when the whole is 0)."""

    key: str
    label: str
    part: Figure
    whole: Figure

    @property
    def value(self) -> Fraction | None:
        return rate(self.part.count, self.whole.count)

    @property
    def percent(self) -> str:
        """``87.5%``, or ``—`` when nothing was counted."""
        return percent(self.value)


def percent(value: Fraction | None) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:.1f}%"
