"""The legal basis every decision carries: a document, an article, a clause and an item.

``str(Basis("细则", 14))`` is ``细则第十四条``; ``str(Basis("细则", 11, clause=1, item=2))`` is
``细则第十一条第一款第二项``. Documents are named by the short titles below.
"""

from __future__ import annotations

import re
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

#: The documents as English pages name them.
DOCUMENT_NAMES_EN: dict[str, str] = {
    RULES: "Chongqing Rules",
    REGULATION_2005: "Regulations on Letters and Visits (2005)",
    REGULATION_2022: "Regulations on Petition Work (2022)",
    CIVIL_CODE: "Civil Code",
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


def parse_chinese_number(text: str) -> int:
    """The inverse of :func:`chinese_number`: 十四 → 14, 二百零一 → 201."""
    if not text:
        raise ValueError("an empty number")
    total = 0
    digit: int | None = None
    units = {"千": 1000, "百": 100, "十": 10}
    for char in text:
        if char in units:
            total += (1 if digit is None else digit) * units[char]
            digit = None
        elif char in _DIGITS:
            digit = _DIGITS.index(char)
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    if digit is not None:
        total += digit
    if chinese_number(total) != text:
        raise ValueError(f"not a Chinese numeral as articles are numbered: {text!r}")
    return total


_NUMERAL = "[零一二三四五六七八九十百千]+"
_CITATION = re.compile(
    rf"^(?P<document>.+?)第(?P<article>{_NUMERAL})条"
    rf"(?:第(?P<clause>{_NUMERAL})款)?(?:第(?P<item>{_NUMERAL})项)?$"
)


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

    @property
    def english(self) -> str:
        """``Chongqing Rules, Art. 11 ¶1 item 2``: the citation as English pages show it."""
        text = f"{DOCUMENT_NAMES_EN.get(self.document, self.document)}, Art. {self.article}"
        if self.clause is not None:
            text += f" ¶{self.clause}"
        if self.item is not None:
            text += f" item {self.item}"
        return text

    @classmethod
    def parse(cls, text: str) -> Basis | None:
        """The citation ``str(basis)`` wrote (as stored with clocks and events), or None."""
        found = _CITATION.match((text or "").strip())
        if found is None:
            return None
        try:
            return cls(
                found["document"],
                parse_chinese_number(found["article"]),
                parse_chinese_number(found["clause"]) if found["clause"] else None,
                parse_chinese_number(found["item"]) if found["item"] else None,
            )
        except ValueError:
            return None


@dataclass(frozen=True, slots=True, order=True)
class Ruling(Basis):
    """A determination of the municipal petition office under 细则第十九条, cited by its 文号.

    It is a citation of 细则第十九条 (the article the office interprets under) that prints as
    the document number, e.g. ``市信访办〔2026〕3号``; :data:`PENDING_DEFAULT` is the label a
    shipped default carries until such a determination exists.
    """

    number: str = ""

    def __post_init__(self) -> None:
        Basis.__post_init__(self)
        if not self.number:
            raise ValueError("a ruling names its document number")

    def __str__(self) -> str:
        return self.number

    @property
    def title(self) -> str:
        return f"重庆市信访办依细则第十九条作出的确定（{self.number}）"

    @property
    def english(self) -> str:
        return f"Municipal petition office determination {self.number} (Chongqing Rules, Art. 19)"


#: The label a period set by the municipal petition office carries while no determination of
#: the office is in force: the shipped value is the system's default, not the office's.
PENDING_DEFAULT = (
    "系统默认，待市信访办确定",
    "system default, pending the municipal petition office's determination",
)


def pending_default() -> Ruling:
    """The label of a shipped default (细则第十九条) awaiting the office's determination."""
    return Ruling(RULES, 19, number=PENDING_DEFAULT[0])


def rules(article: int, clause: int | None = None, item: int | None = None) -> Basis:
    """A citation of the Chongqing rules (细则)."""
    return Basis(RULES, article, clause, item)


def basis_strings(bases: tuple[Basis, ...] | list[Basis]) -> list[str]:
    """The JSON form of a list of citations, duplicates removed, order kept."""
    seen: dict[str, None] = {}
    for b in bases:
        seen.setdefault(str(b), None)
    return list(seen)
