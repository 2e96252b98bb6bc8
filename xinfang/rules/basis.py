"""The legal basis every decision carries: a document, an article, a clause and an item.

``str(Basis("细则", 14))`` is ``细则第十四条``; ``str(Basis("细则", 11, clause=1, item=2))`` is
``细则第十一条第一款第二项``. Documents are named by the short titles below.
"""

from __future__ import annotations

from dataclasses import dataclass

RULES = "细则"  # 重庆市信访工作责任制实施细则 (2017)
REGULATION_2005 = "信访条例(2005)"  # 国务院令第431号
REGULATION_2022 = "信访工作条例(2022)"  # 中共中央、国务院 2022
CIVIL_CODE = "民法典"

DOCUMENT_TITLES: dict[str, str] = {
    RULES: "重庆市信访工作责任制实施细则",
    REGULATION_2005: "信访条例（国务院令第431号，2005年5月1日起施行）",
    REGULATION_2022: "信访工作条例（2022年5月1日起施行）",
    CIVIL_CODE: "中华人民共和国民法典",
}

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Write 1 ≤ n ≤ 9999 the way Chinese legal texts number articles (十四, 二百零一)."""
    if not 1 <= n <= 9999:
        raise ValueError(f"article numbers run from 1 to 9999, not {n}")
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    out: list[str] = []
    pending_zero = False
    for value, unit in units:
        digit = n // value % 10
        if digit == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[digit] + unit)
    text = "".join(out)
    # 十四, not 一十四, when ten is the highest unit.
    return text[1:] if text.startswith("一十") else text


@dataclass(frozen=True, slots=True, order=True)
class Basis:
    """One citation: ``document`` article ``article``, paragraph ``clause`` (款), item (项)."""

    document: str
    article: int
    clause: int | None = None
    item: int | None = None

    def __post_init__(self) -> None:
        if not self.document:
            raise ValueError("a basis names its document")
        chinese_number(self.article)
        for part in (self.clause, self.item):
            if part is not None:
                chinese_number(part)

    def __str__(self) -> str:
        text = f"{self.document}第{chinese_number(self.article)}条"
        if self.clause is not None:
            text += f"第{chinese_number(self.clause)}款"
        if self.item is not None:
            text += f"第{chinese_number(self.item)}项"
        return text

    @property
    def title(self) -> str:
        """The full title of the document cited."""
        return DOCUMENT_TITLES.get(self.document, self.document)


def rules(article: int, clause: int | None = None, item: int | None = None) -> Basis:
    """A citation of the Chongqing rules (细则)."""
    return Basis(RULES, article, clause, item)


def basis_strings(bases: tuple[Basis, ...] | list[Basis]) -> list[str]:
    """The JSON form of a list of citations, duplicates removed, order kept."""
    seen: dict[str, None] = {}
    for b in bases:
        seen.setdefault(str(b), None)
    return list(seen)
