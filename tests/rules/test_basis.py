"""Citations read the way Chinese legal texts number them."""

import pytest

from xinfang.rules.basis import Basis, basis_strings, chinese_number, rules


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (14, "十四"),
        (20, "二十"),
        (36, "三十六"),
        (100, "一百"),
        (110, "一百一十"),
        (201, "二百零一"),
        (203, "二百零三"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1260, "一千二百六十"),
    ],
)
def test_chinese_article_numbers(n, text):
    assert chinese_number(n) == text


def test_basis_names_document_article_clause_and_item():
    assert str(rules(14)) == "细则第十四条"
    assert str(rules(11, 2)) == "细则第十一条第二款"
    assert str(rules(11, 1, 8)) == "细则第十一条第一款第八项"
    assert str(rules(12, 2)) == "细则第十二条第二款"
    assert str(Basis("民法典", 203)) == "民法典第二百零三条"
    assert str(Basis("信访条例(2005)", 33, 1)) == "信访条例(2005)第三十三条第一款"


def test_basis_is_frozen_and_knows_its_title():
    b = rules(13)
    with pytest.raises(AttributeError):
        b.article = 14  # type: ignore[misc]
    assert b.title == "重庆市信访工作责任制实施细则"


def test_basis_refuses_impossible_numbers():
    with pytest.raises(ValueError):
        Basis("细则", 0)
    with pytest.raises(ValueError):
        Basis("", 1)


def test_basis_strings_drop_duplicates_and_keep_order():
    assert basis_strings([rules(14), rules(11, 2), rules(14)]) == [
        "细则第十四条",
        "细则第十一条第二款",
    ]


def test_a_stored_citation_reads_back_and_shows_in_english() -> None:
    from xinfang.rules.basis import REGULATION_2022, RULES, parse_chinese_number
    from xinfang.rules.citing import citation_in

    assert all(parse_chinese_number(chinese_number(n)) == n for n in range(1, 10000))
    cited = Basis(RULES, 11, clause=1, item=2)
    assert Basis.parse(str(cited)) == cited
    assert Basis.parse(str(Basis(REGULATION_2022, 32))) == Basis(REGULATION_2022, 32)
    assert citation_in("细则第十一条第八项", english=True) == "Chongqing Rules, Art. 11 item 8"
    assert citation_in("细则第十一条第八项", english=False) == "细则第十一条第八项"
    # What is not a citation is shown as it is.
    for text in ("依据省政府文件", "细则第十一十条", ""):
        assert Basis.parse(text) is None and citation_in(text, english=True) == text
