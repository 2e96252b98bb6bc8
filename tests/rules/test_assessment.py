"""Indicator formulas and weighted scoring (细则第十条)."""

from fractions import Fraction as F

import pytest

from xinfang.rules.assessment import (
    Direction,
    Indicator,
    inspection_coverage,
    normalise,
    on_time_acceptance_rate,
    on_time_conclusion_rate,
    rate,
    repeat_petition_rate,
    satisfaction_rate,
    score_organs,
    weighted_score,
)


def test_rates_are_exact_fractions_of_counts():
    assert on_time_acceptance_rate(45, 50) == F(9, 10)
    assert on_time_conclusion_rate(3, 4) == F(3, 4)
    assert satisfaction_rate(0, 7) == 0
    assert repeat_petition_rate(1, 3) == F(1, 3)
    assert inspection_coverage(38, 38) == 1


def test_a_rate_over_nothing_is_none_not_zero():
    assert rate(0, 0) is None


@pytest.mark.parametrize(("n", "d"), [(-1, 3), (2, -1), (4, 3)])
def test_impossible_counts_are_refused(n, d):
    with pytest.raises(ValueError):
        rate(n, d)


def test_normalise_min_max_with_direction():
    values = {"a": F(1, 2), "b": F(1), "c": None, "d": F(3, 4)}
    assert normalise(values, Direction.HIGHER_IS_BETTER) == {
        "a": 0,
        "b": 1,
        "c": None,
        "d": F(1, 2),
    }
    assert normalise(values, Direction.LOWER_IS_BETTER)["a"] == 1


def test_normalise_all_equal_counts_give_everyone_full_marks():
    assert normalise({"a": F(3), "b": F(3)}, Direction.LOWER_IS_BETTER) == {"a": 1, "b": 1}
    assert normalise({"a": F(1, 3), "b": F(1, 3)}, Direction.HIGHER_IS_BETTER) == {"a": 1, "b": 1}


def test_normalise_all_equal_rates_count_as_themselves():
    """Peers who all inspected nobody (a coverage of 0) do not all get full marks."""
    nobody = {"a": F(0), "b": F(0), "c": None}
    assert normalise(nobody, Direction.HIGHER_IS_BETTER, bounded=True) == {
        "a": 0,
        "b": 0,
        "c": None,
    }
    third = {"a": F(1, 3), "b": F(1, 3)}
    assert normalise(third, Direction.HIGHER_IS_BETTER, bounded=True) == {
        "a": F(1, 3),
        "b": F(1, 3),
    }
    assert normalise(third, Direction.LOWER_IS_BETTER, bounded=True) == {
        "a": F(2, 3),
        "b": F(2, 3),
    }
    # With a spread, min–max as always.
    spread = {"a": F(1, 4), "b": F(3, 4)}
    assert normalise(spread, Direction.HIGHER_IS_BETTER, bounded=True) == {"a": 0, "b": 1}


def test_weighted_score_renormalises_over_present_indicators():
    indicators = [Indicator("x", F(3)), Indicator("y", F(1))]
    assert weighted_score({"x": F(1), "y": F(0)}, indicators) == 75
    assert weighted_score({"x": None, "y": F(1, 2)}, indicators) == 50
    assert weighted_score({}, indicators) is None


def test_negative_weight_is_refused():
    with pytest.raises(ValueError):
        Indicator("x", F(-1))


def test_score_organs_ranks_with_ties_and_unscored_last():
    indicators = [
        Indicator("on_time", F(2)),
        Indicator("repeat", F(1), Direction.LOWER_IS_BETTER),
    ]
    raw = {
        "a": {"on_time": F(1), "repeat": F(0)},
        "b": {"on_time": F(1, 2), "repeat": F(1, 2)},
        "c": {"on_time": F(1), "repeat": F(0)},
        "z": {"on_time": None, "repeat": None},
    }
    scores = score_organs(raw, indicators)
    assert [(s.organ, s.score, s.rank) for s in scores] == [
        ("a", 100, 1),
        ("c", 100, 1),
        ("b", 0, 3),
        ("z", None, None),
    ]
