"""Computing an assessment run (细则第十条第一款): every indicator for every organ of the scheme,
normalised among organs of the same kind and level, scored with the weights renormalised over
the indicators an organ has, ranked (ties share a rank: 1, 1, 3) and explained.

The result is canonical: the same data and scheme give byte-identical JSON (sorted keys,
fractions as ``"n/d"`` strings, no timestamps), so that a run can be checked against its
digest and a published one frozen.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from xinfang.orgs.models import Organ
from xinfang.rules.assessment import (
    Direction,
    Indicator,
    digest,
    explain,
    fraction_text,
    per_volume,
    rate,
    score_groups,
)

from ..models.assessment import AssessmentScheme, IndicatorSource, SchemeIndicator
from .assessment_catalogue import CATALOGUE, Attribution, Counts, Period, volume


def period_of(scheme: AssessmentScheme, today: dt.date) -> Period:
    """The scheme's period, judged as of the day after it ends, or ``today`` while it runs."""
    cutoff = min(scheme.period_end + dt.timedelta(days=1), max(today, scheme.period_start))
    return Period(scheme.period_start, scheme.period_end, cutoff)


def group_of(organ: Organ) -> str:
    """The peers an organ is normalised and ranked among: same kind and level."""
    return f"{organ.kind}/{organ.level}"


def is_bounded(ind: SchemeIndicator) -> bool:
    """Whether the indicator's value lies on a fixed scale from 0 to 1: a rate or a hand score
    (out of 100), not a count."""
    entry = CATALOGUE.get(ind.code)
    return ind.source == IndicatorSource.MANUAL or entry is None or not entry.count


def _value(
    ind: SchemeIndicator, num: int, den: int, vol: int | None
) -> tuple[Fraction | None, int]:
    """The indicator's value from its counts and the denominator it is shown with."""
    entry = CATALOGUE.get(ind.code)
    if ind.source == IndicatorSource.MANUAL:
        return Fraction(num, 100), 100
    if entry is not None and entry.count:
        if ind.per_volume:
            return per_volume(num, vol or 0, ind.per_volume), vol or 0
        return Fraction(num), den
    return rate(num, den), den


def gather_inputs(scheme: AssessmentScheme, organs: list[Organ], p: Period) -> dict[str, Any]:
    """The per-organ counts a run is computed from: one bulk computation per indicator."""
    attribution = Attribution(organs)
    indicators = list(scheme.indicators.all())
    counts: dict[str, dict[str, list[int]]] = {}
    needs_volume = any(i.per_volume for i in indicators)
    for ind in indicators:
        found: Counts
        if ind.source == IndicatorSource.MANUAL:
            found = {s.organ_id: (s.value, 100) for s in ind.hand_scores.all()}
        elif ind.code in CATALOGUE:
            found = CATALOGUE[ind.code].compute(attribution, p)
        else:
            found = {}
        counts[ind.code] = {str(k): [n, d] for k, (n, d) in sorted(found.items())}
    volumes = volume(attribution, p) if needs_volume else {}
    return {
        "counts": counts,
        "volume": {str(k): v for k, v in sorted(volumes.items())},
        "period": {"start": p.start.isoformat(), "end": p.end.isoformat()},
        "as_of": p.cutoff.isoformat(),
        "organs": sorted(o.pk for o in organs),
    }


def result_from(
    scheme: AssessmentScheme, organs: list[Organ], inputs: dict[str, Any]
) -> dict[str, Any]:
    """The canonical result of ``inputs`` under ``scheme``."""
    indicators = list(scheme.indicators.all())
    rules_indicators = [
        Indicator(i.code, Fraction(i.weight), Direction(i.direction), bounded=is_bounded(i))
        for i in indicators
    ]
    raw: dict[str, dict[str, Fraction | None]] = {}
    shown: dict[str, dict[str, tuple[int | None, int | None]]] = {}
    for organ in organs:
        key = str(organ.pk)
        raw[key], shown[key] = {}, {}
        for ind in indicators:
            pair = inputs["counts"].get(ind.code, {}).get(key)
            if pair is None:
                raw[key][ind.code] = None
                shown[key][ind.code] = (None, None)
                continue
            value, den = _value(ind, pair[0], pair[1], inputs["volume"].get(key))
            raw[key][ind.code] = value
            shown[key][ind.code] = (pair[0], den)
    groups = {str(o.pk): group_of(o) for o in organs}
    names = {str(o.pk): o.name for o in organs}
    lines: list[dict[str, Any]] = []
    for group, scores in score_groups(raw, groups, rules_indicators).items():
        for s in scores:
            parts = explain(dict(s.normalised), rules_indicators)
            lines.append(
                {
                    "organ": int(s.organ),
                    "name": names[s.organ],
                    "group": group,
                    "of": len(scores),
                    "score": fraction_text(s.score),
                    "rank": s.rank,
                    "indicators": [
                        {
                            "code": part.code,
                            "numerator": shown[s.organ][part.code][0],
                            "denominator": shown[s.organ][part.code][1],
                            "value": fraction_text(raw[s.organ][part.code]),
                            "normalised": fraction_text(part.normalised),
                            "weight": fraction_text(part.weight),
                            "contribution": fraction_text(part.contribution),
                        }
                        for part in parts
                    ],
                }
            )
    return {
        "scheme": {
            "id": scheme.pk,
            "title": scheme.title,
            "period": inputs["period"],
            "indicators": [
                {
                    "code": i.code,
                    "title": i.title,
                    "source": i.source,
                    "weight": i.weight,
                    "direction": i.direction,
                    "target": i.target,
                    "per_volume": i.per_volume,
                }
                for i in indicators
            ],
        },
        "as_of": inputs["as_of"],
        "inputs_sha256": digest(inputs),
        "lines": lines,
    }


def compute(scheme: AssessmentScheme, *, today: dt.date) -> tuple[dict[str, Any], dict[str, Any]]:
    """The inputs and the result of running ``scheme`` on the data as it stands."""
    organs = list(scheme.organs.order_by("pk"))
    inputs = gather_inputs(scheme, organs, period_of(scheme, today))
    return inputs, result_from(scheme, organs, inputs)
