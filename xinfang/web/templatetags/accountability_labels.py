"""Template filters that show the workflow's codes in the interface language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.translation import get_language, gettext

from xinfang.accountability import labels as codes
from xinfang.punctuation import english, join_list
from xinfang.rules.basis import chinese_number
from xinfang.rules.grounds import Ground, ground

register = template.Library()


@register.filter
def label(value: object) -> str:
    """The label of a code of this app's choices ("—" when unknown: never the code)."""
    return codes.code_label(value)


@register.filter
def labels(values: Iterable[object] | None) -> str:
    """Labels of a list of codes, joined with 、 (``, `` in English)."""
    return join_list(codes.code_label(v) for v in values or [])


@register.filter
def state_label(value: object, kind: str) -> str:
    """``{{ lead.state|state_label:"lead" }}``."""
    return codes.state_label(value, kind)


@register.filter
def ground_citation(number: int | str) -> str:
    """``2`` → 第十一条第一款第二项 in Chinese numerals; "Art. 11 ¶1 item 2" in English."""
    try:
        n = int(number)
    except (TypeError, ValueError):
        return ""
    shown = chinese_number(n) if (get_language() or "").startswith("zh") else str(n)
    return gettext("第十一条第一款第%(n)s项") % {"n": shown}


@register.filter
def ground_text(value: Ground | int | str) -> str:
    """A ground of 细则第十一条第一款 (or its number): the article's words in Chinese, its
    summary in English."""
    try:
        g = value if isinstance(value, Ground) else ground(int(value))
    except (TypeError, ValueError):
        return ""
    return g.summary_en if english() else g.text_zh


@register.filter
def in_language(text: object) -> str:
    """The reader's half of a text the rules core writes in both languages
    (``中文 / English``); a text in one language stays as it is."""
    return codes.in_language(text)
