"""Indicator formulas over counts and weighted scoring (细则第十条; used by oversight).

Rates are exact fractions of counts (``None`` when nothing was counted, never a made-up 0 or
100 %). Scores normalise each indicator across the organs assessed (min–max, with direction)
and combine them with weights that are renormalised over the indicators an organ has.
"""

from __future__ import annotations

import hashlib
import json
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
    #: A value on a fixed scale from 0 to 1 (a rate, a hand score out of 100): when all the
    #: peers have the same value, that value itself measures them (see ``normalise``).
    bounded: bool = False

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
    values: Mapping[str, Fraction | None], direction: Direction, *, bounded: bool = False
) -> dict[str, Fraction | None]:
    """Min–max normalisation to [0, 1] across organs. Organs without a value stay without one.

    When every organ has the same value there is no spread to place them on: a value on a
    fixed scale from 0 to 1 (``bounded``: a rate) then counts as itself (its complement when
    lower is better) — peers who all inspected nobody do not all get full marks — and any
    other value (a count) gives everyone full marks.
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
            if not bounded:
                out[organ] = Fraction(1)
            elif direction is Direction.HIGHER_IS_BETTER:
                out[organ] = value
            else:
                out[organ] = 1 - value
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
        ind.code: normalise(
            {o: v.get(ind.code) for o, v in raw.items()}, ind.direction, bounded=ind.bounded
        )
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


# --- volumes, groups, explanations and the canonical result ---------------------------------


def per_volume(count: int, volume: int, unit: int) -> Fraction | None:
    """``count`` per ``unit`` of ``volume`` (leads per 10,000 matters: ``unit=10000``) as an
    exact fraction; ``None`` when there is no volume to measure against."""
    if count < 0 or volume < 0 or unit <= 0:
        raise ValueError("counts are never negative and the unit is positive")
    if volume == 0:
        return None
    return Fraction(count * unit, volume)


@dataclass(frozen=True, slots=True)
class Part:
    """One indicator's share of an organ's score: its normalised value, the weight it carries
    once the weights are renormalised over the indicators the organ has, and what it adds to
    the score (``weight · normalised · 100``)."""

    code: str
    normalised: Fraction | None
    weight: Fraction | None
    contribution: Fraction | None


def explain(
    normalised: Mapping[str, Fraction | None], indicators: Sequence[Indicator]
) -> list[Part]:
    """Each indicator's share of ``weighted_score(normalised, indicators)``: the contributions
    add up to the score; an indicator without a value carries no weight."""
    total_weight = sum(
        (i.weight for i in indicators if normalised.get(i.code) is not None), Fraction(0)
    )
    parts: list[Part] = []
    for indicator in indicators:
        value = normalised.get(indicator.code)
        if value is None or total_weight == 0:
            parts.append(Part(indicator.code, value, None, None))
            continue
        weight = indicator.weight / total_weight
        parts.append(Part(indicator.code, value, weight, weight * value * 100))
    return parts


def score_groups(
    raw: Mapping[str, Mapping[str, Fraction | None]],
    groups: Mapping[str, str],
    indicators: Sequence[Indicator],
) -> dict[str, list[Score]]:
    """``score_organs`` within each group of peers (organs of the same kind and level:
    ``groups[organ]``): normalised against and ranked among their own group only."""
    members: dict[str, dict[str, Mapping[str, Fraction | None]]] = {}
    for organ, values in raw.items():
        members.setdefault(groups[organ], {})[organ] = values
    return {group: score_organs(rows, indicators) for group, rows in sorted(members.items())}


def fraction_text(value: Fraction | None) -> str | None:
    """An exact fraction as ``"n/d"`` (``"1/1"`` for one), ``None`` kept: how a result stores
    its numbers so that two runs over the same data write the same bytes."""
    if value is None:
        return None
    return f"{value.numerator}/{value.denominator}"


def parse_fraction(text: str | None) -> Fraction | None:
    """The inverse of ``fraction_text``."""
    if text is None or text == "":
        return None
    return Fraction(text)


def canonical_json(data: object) -> str:
    """``data`` as canonical JSON: sorted keys, no insignificant whitespace, UTF-8 text kept
    (the bytes two runs over the same data and scheme must share)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(data: object) -> str:
    """The SHA-256 of ``data``'s canonical JSON, in hex."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()
