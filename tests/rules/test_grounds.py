"""细则第十一条第一款: the nine grounds, their thresholds and the signals that suggest them."""

import pytest

from xinfang.rules.grounds import GROUNDS, Signal, ground, grounds_suggested_by


def test_there_are_nine_grounds_numbered_in_order_with_their_basis():
    assert [g.number for g in GROUNDS] == list(range(1, 10))
    assert str(ground(8).basis) == "细则第十一条第一款第八项"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "社会稳定风险评估"),
        (2, "督办信访事项"),
        (3, "推诿扯皮"),
        (4, "个人极端事件"),
        (5, "给予处分等建议"),
        (6, "弄虚作假"),
        (7, "缓报"),
        (8, "透露、转给被揭发控告人"),
        (9, "其他应当追究责任"),
    ],
)
def test_each_ground_carries_the_text_of_its_clause(number, words):
    assert words in ground(number).text_zh


@pytest.mark.parametrize(
    ("number", "threshold"),
    [(1, "严重后果"), (2, "严重损害"), (4, "事态扩大"), (5, "长期得不到解决"), (8, "打击、报复")],
)
def test_each_ground_states_its_threshold(number, threshold):
    assert threshold in ground(number).threshold_zh


@pytest.mark.parametrize(
    ("signal", "number"),
    [
        (Signal.ROUTE_OVERDUE, 2),
        (Signal.ACCEPT_OVERDUE, 2),
        (Signal.HANDLE_OVERDUE, 2),
        (Signal.SUPERVISION_UNANSWERED, 2),
        (Signal.NO_RISK_ASSESSMENT, 1),
        (Signal.INCIDENT_ESCALATED, 4),
        (Signal.RECOMMENDATION_IGNORED, 5),
        (Signal.RECORD_ALTERED, 6),
        (Signal.INCIDENT_REPORTED_LATE, 7),
        (Signal.DISCLOSURE_TO_ACCUSED, 8),
    ],
)
def test_signals_suggest_their_ground(signal, number):
    assert [g.number for g in grounds_suggested_by([signal])] == [number]


def test_signals_suggest_grounds_in_article_order_and_nothing_for_no_signal():
    found = grounds_suggested_by(["disclosure_to_accused", "route_overdue"])
    assert [g.number for g in found] == [2, 8]
    assert grounds_suggested_by([]) == ()


def test_ground_numbers_outside_one_to_nine_are_refused():
    with pytest.raises(ValueError):
        ground(10)
    with pytest.raises(ValueError):
        ground(0)
