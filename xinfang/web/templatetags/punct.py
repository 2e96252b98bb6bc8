"""Punctuation around translated text in the reader's language.

``{% lp %}…{% rp %}`` is （…） in Chinese and `` (…)`` in English; ``{% colon %}`` is ： or
``: ``; ``{% semi %}`` is ； or ``; ``.
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.simple_tag
def lp() -> str:
    return " (" if _english() else "（"


@register.simple_tag
def rp() -> str:
    return ")" if _english() else "）"


@register.simple_tag
def colon() -> str:
    return ": " if _english() else "："


@register.simple_tag
def semi() -> str:
    return "; " if _english() else "；"
