"""Indicator formulas over counts and weighted scoring (细则第十条; used by oversight).

Rates are exact fractions of counts (``None`` when nothing was counted, never a made-up 0 or
100 %). Scores normalise each indicator across the organs assessed (min–max, with direction)
and combine them with weights that are renormalised over the indicators an organ has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .basis import Basis, rules

ASSESSMENT_BASIS: tuple[Basis, ...] = (rules(10, 1),)


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


def rate(numerator: int, denominator: int) -> Fraction | None:
    """``numerator / denominator`` as an exact fraction; ``None`` when the denominator is 0."""
    if numerator < 0 or denominator < 0:
        raise ValueError("counts are never negative")
    if numerator > denominator:
        raise ValueError(f"{numerator} of {denominator} is more than all of them")
    if denominator == 0:
        return None
    return Fraction(numerator, denominator)


def on_time_acceptance_rate(accepted_on_time: int, acceptance_decisions: int) -> Fraction | None:
    """及时受理率: acceptance decisions made within the ``accept`` period / all decisions."""
    return rate(accepted_on_time, acceptance_decisions)


def on_time_conclusion_rate(concluded_on_time: int, concluded: int) -> Fraction | None:
    """按期办结率: matters concluded by their (possibly extended) ``handle`` due date."""
    return rate(concluded_on_time, concluded)


def satisfaction_rate(satisfied: int, evaluated: int) -> Fraction | None:
    """群众满意率: petitioners satisfied / petitioners who gave an evaluation."""
    return rate(satisfied, evaluated)


def repeat_petition_rate(repeated: int, matters: int) -> Fraction | None:
    """重复信访率: matters raised again by the same petitioner / all matters (lower is better)."""
    return rate(repeated, matters)


def inspection_coverage(inspected_organs: int, organs: int) -> Fraction | None:
    """专项督查覆盖率 (细则第九条: at least one special inspection per organ per year)."""
    return rate(inspected_organs, organs)


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of a scheme: its code, weight and direction."""

    code: str
    weight: Fraction
    direction: Direction = Direction.HIGHER_IS_BETTER

    def __post_init__(self) -> None:
        if self.weight < 0:
            raise ValueError(f"indicator {self.code!r} has a negative weight")


@dataclass(frozen=True, slots=True)
class Score:
    """An organ's weighted score in [0, 100] and the normalised value of each indicator."""

    organ: str
    score: Fraction | None
    normalised: Mapping[str, Fraction]
    rank: int | None = None


def normalise(
    values: Mapping[str, Fraction | None], direction: Direction
) -> dict[str, Fraction | None]:
    """Min–max normalisation to [0, 1] across organs; all equal → 1 for everyone.

    Organs without a value stay without one.
    """
    present = [v for v in values.values() if v is not None]
    if not present:
        return dict.fromkeys(values)
    low, high = min(present), max(present)
    out: dict[str, Fraction | None] = {}
    for organ, value in values.items():
        if value is None:
            out[organ] = None
        elif high == low:
            out[organ] = Fraction(1)
        else:
            scaled = (value - low) / (high - low)
            out[organ] = scaled if direction is Direction.HIGHER_IS_BETTER else 1 - scaled
    return out


def weighted_score(
    normalised: Mapping[str, Fraction | None], indicators: Sequence[Indicator]
) -> Fraction | None:
    """Σ weight·value / Σ weight over the indicators that have a value, scaled to 100."""
    total_weight = Fraction(0)
    total = Fraction(0)
    for indicator in indicators:
        value = normalised.get(indicator.code)
        if value is None:
            continue
        total_weight += indicator.weight
        total += indicator.weight * value
    if total_weight == 0:
        return None
    return total / total_weight * 100


def score_organs(
    raw: Mapping[str, Mapping[str, Fraction | None]], indicators: Sequence[Indicator]
) -> list[Score]:
    """Scores and ranks of organs from their raw indicator values (``raw[organ][code]``).

    Ranks are standard competition ranks (1, 2, 2, 4); organs without a score are unranked
    and listed last.
    """
    normalised_by_indicator = {
        ind.code: normalise({o: v.get(ind.code) for o, v in raw.items()}, ind.direction)
        for ind in indicators
    }
    unranked: list[Score] = []
    for organ in raw:
        per_organ = {code: by_organ[organ] for code, by_organ in normalised_by_indicator.items()}
        unranked.append(
            Score(
                organ=organ,
                score=weighted_score(per_organ, indicators),
                normalised={k: v for k, v in per_organ.items() if v is not None},
            )
        )
    scored = sorted(
        (s for s in unranked if s.score is not None),
        key=lambda s: (-(s.score or 0), s.organ),
    )
    ranked: list[Score] = []
    for position, item in enumerate(scored, start=1):
        rank = position
        if ranked and ranked[-1].score == item.score:
            rank = ranked[-1].rank or position
        ranked.append(Score(item.organ, item.score, item.normalised, rank))
    ranked.extend(sorted((s for s in unranked if s.score is None), key=lambda s: s.organ))
    return ranked
