"""Punctuation around translated text in the reader's language.

``{% lp %}…{% rp %}`` is （…） in Chinese and `` (…)`` in English; ``{% colon %}`` is ： or
``: ``; ``{% semi %}`` is ； or ``; ``; ``{% comma %}`` is ， or ``, ``; ``{% stop %}`` is 。
or ``. ``; ``{{ items|enumerate_in }}`` joins a list with 、 or ``, ``. English pages never
show full-width punctuation: code that builds text uses ``xinfang.punctuation``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from xinfang.punctuation import english, join_list

register = template.Library()


@register.simple_tag
def lp() -> str:
    return " (" if english() else "（"


@register.simple_tag
def rp() -> str:
    return ")" if english() else "）"


@register.simple_tag
def colon() -> str:
    return ": " if english() else "："


@register.simple_tag
def semi() -> str:
    return "; " if english() else "；"


@register.simple_tag
def comma() -> str:
    return ", " if english() else "，"


@register.simple_tag
def stop() -> str:
    return ". " if english() else "。"


@register.filter
def enumerate_in(items: Iterable[object] | None) -> str:
    """``{{ position.portfolio_labels|enumerate_in }}``: 甲、乙 or ``a, b``."""
    return join_list(items or [])
