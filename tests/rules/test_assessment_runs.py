"""Volumes, peer groups, explanations and the canonical result of an assessment run (细则第十条
第一款)."""

from fractions import Fraction as F

import pytest

from xinfang.rules.assessment import (
    Direction,
    Indicator,
    canonical_json,
    digest,
    explain,
    fraction_text,
    parse_fraction,
    per_volume,
    score_groups,
    weighted_score,
)


def test_per_volume_counts_per_unit_and_none_without_volume():
    assert per_volume(3, 20000, 10000) == F(3, 2)
    assert per_volume(0, 5, 1) == 0
    assert per_volume(4, 0, 10000) is None
    with pytest.raises(ValueError):
        per_volume(-1, 3, 1)


def test_contributions_add_up_to_the_score_with_weights_renormalised():
    indicators = [Indicator("a", F(3)), Indicator("b", F(1)), Indicator("c", F(6))]
    normalised = {"a": F(1), "b": F(1, 2), "c": None}
    parts = explain(normalised, indicators)
    assert [p.weight for p in parts] == [F(3, 4), F(1, 4), None]
    assert [p.contribution for p in parts] == [F(75), F(25, 2), None]
    assert sum(p.contribution for p in parts if p.contribution) == weighted_score(
        normalised, indicators
    )


def test_organs_are_normalised_and_ranked_among_their_own_kind_and_level():
    indicators = [Indicator("rate", F(1))]
    raw = {
        "d1": {"rate": F(1, 2)},
        "d2": {"rate": F(1, 4)},
        "m1": {"rate": F(9, 10)},
        "m2": {"rate": F(1, 10)},
        "m3": {"rate": F(9, 10)},
    }
    groups = {"d1": "district", "d2": "district", "m1": "dept", "m2": "dept", "m3": "dept"}
    scored = score_groups(raw, groups, indicators)
    district = {s.organ: (s.score, s.rank) for s in scored["district"]}
    dept = {s.organ: (s.score, s.rank) for s in scored["dept"]}
    # d1 is the best of the districts though a department scores higher in absolute terms.
    assert district == {"d1": (F(100), 1), "d2": (F(0), 2)}
    # Ties share a rank and the next organ's rank skips (1, 1, 3).
    assert dept == {"m1": (F(100), 1), "m3": (F(100), 1), "m2": (F(0), 3)}


def test_lower_is_better_reverses_the_scale_within_the_group():
    indicators = [Indicator("repeat", F(1), Direction.LOWER_IS_BETTER)]
    scored = score_groups(
        {"a": {"repeat": F(1, 10)}, "b": {"repeat": F(3, 10)}}, {"a": "g", "b": "g"}, indicators
    )
    assert [(s.organ, s.score) for s in scored["g"]] == [("a", F(100)), ("b", F(0))]


def test_fractions_round_trip_as_text_and_none_stays_none():
    assert fraction_text(F(2, 4)) == "1/2"
    assert fraction_text(F(1)) == "1/1"
    assert fraction_text(None) is None
    assert parse_fraction("3/7") == F(3, 7)
    assert parse_fraction(None) is None


def test_canonical_json_is_byte_stable_whatever_the_key_order():
    one = {"b": [1, "二"], "a": {"y": None, "x": "1/2"}}
    two = {"a": {"x": "1/2", "y": None}, "b": [1, "二"]}
    assert canonical_json(one) == canonical_json(two) == '{"a":{"x":"1/2","y":null},"b":[1,"二"]}'
    assert digest(one) == digest(two)
    assert len(digest(one)) == 64
