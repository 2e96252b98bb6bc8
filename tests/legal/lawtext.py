"""The law texts of ``../shared`` read as articles, paragraphs (款) and items (项).

The citation tests check every citation against these texts, so they are read at test time
from the shared copy beside the repository, never from a copy kept here. The seed (细则) has
one paragraph a line; the Markdown law texts separate paragraphs by blank lines. An item line
starts ``（一）`` or ``(一)``; a paragraph that sits between two items of one list (信访条例
(2005)第二十一条) belongs to the paragraph the list belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from xinfang.rules.basis import (
    CIVIL_CODE,
    REGULATION_2005,
    REGULATION_2022,
    RULES,
    Basis,
    parse_chinese_number,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

#: Where each cited document's text is, relative to ``SHARED``.
TEXTS: dict[str, str] = {
    RULES: "seed/000_1d1158932cfad864.txt",
    REGULATION_2005: "law/信访条例-2005.md",
    REGULATION_2022: "law/信访工作条例-2022.md",
    CIVIL_CODE: "law/民法典-期间计算-第200-204条.md",
}

_NUMERAL = "[零一二三四五六七八九十百千]+"
_ARTICLE = re.compile(rf"^(?:\[bookmark:[^\]]*\])?\s*第(?P<n>{_NUMERAL})条[\s\u3000]+(?P<text>.*)$")
_ITEM = re.compile(rf"^[（(](?P<n>{_NUMERAL})[）)]")
_HEADING = re.compile(rf"^(?:#|<!--|(?:\[bookmark:[^\]]*\])?\s*第{_NUMERAL}[章节])")


@dataclass
class Paragraph:
    """One 款: its words (with its items) and its items by number."""

    text: str
    items: dict[int, str] = field(default_factory=dict)


@dataclass
class Article:
    number: int
    paragraphs: list[Paragraph]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.paragraphs)


class CitationNotFound(LookupError):
    """The cited article, paragraph or item is not in the text."""


def shared_dir() -> Path:
    """``../shared`` beside the repository, or a failure saying where it was looked for."""
    if not (SHARED / "law").is_dir() or not (SHARED / "seed").is_dir():
        raise AssertionError(
            f"the law texts are missing: expected {SHARED.resolve()}/law and /seed "
            "(a copy of shared/ beside the repository)"
        )
    return SHARED


def _add_line(articles: list[Article], line: str) -> None:
    article = articles[-1]
    item = _ITEM.match(line)
    current = article.paragraphs[-1]
    if item is None:
        article.paragraphs.append(Paragraph(line))
        return
    n = parse_chinese_number(item["n"])
    if current.items or n == 1:
        current.text += line
        current.items[n] = line
        return
    # A paragraph inside a list: fold it back into the paragraph the list belongs to.
    previous = article.paragraphs[-2] if len(article.paragraphs) > 1 else None
    if previous is not None and previous.items and max(previous.items) == n - 1:
        article.paragraphs.pop()
        previous.text += current.text + line
        previous.items[n] = line
        return
    raise AssertionError(f"第{article.number}条: item {n} follows no list")


def parse(text: str) -> dict[int, Article]:
    """The articles of a law text by number."""
    articles: list[Article] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _HEADING.match(line):
            if articles and not _ARTICLE.match(line):
                articles.append(Article(0, [Paragraph("")]))  # a heading ends an article
            continue
        found = _ARTICLE.match(line)
        if found is not None:
            articles.append(
                Article(parse_chinese_number(found["n"]), [Paragraph(found["text"].strip())])
            )
        elif articles and articles[-1].number:
            _add_line(articles, line)
    return {a.number: a for a in articles if a.number}


@cache
def document(name: str) -> dict[int, Article]:
    """The articles of a cited document, read from ``../shared``."""
    if name not in TEXTS:
        raise CitationNotFound(f"no text for the document {name!r}")
    return parse((shared_dir() / TEXTS[name]).read_text(encoding="utf-8"))


def cited_text(basis: Basis) -> str:
    """The words of the cited unit: the article, its paragraph, or its item.

    An item cited without its paragraph (细则第八条第一项) must be the item of exactly one
    paragraph of the article.
    """
    articles = document(basis.document)
    article = articles.get(basis.article)
    if article is None:
        raise CitationNotFound(f"{basis}: no such article")
    paragraphs = article.paragraphs
    if basis.clause is not None:
        if not 1 <= basis.clause <= len(paragraphs):
            raise CitationNotFound(f"{basis}: the article has {len(paragraphs)} paragraph(s)")
        paragraphs = [paragraphs[basis.clause - 1]]
    if basis.item is None:
        return "".join(p.text for p in paragraphs)
    holding = [p for p in paragraphs if basis.item in p.items]
    if len(holding) != 1:
        raise CitationNotFound(f"{basis}: item found in {len(holding)} paragraph(s)")
    return holding[0].items[basis.item]


def normalise(text: str) -> str:
    """Text compared without spaces and with ASCII brackets made full-width."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def supports(basis: Basis, phrase: str) -> bool:
    """Whether the cited unit contains ``phrase``."""
    return normalise(phrase) in normalise(cited_text(basis))
