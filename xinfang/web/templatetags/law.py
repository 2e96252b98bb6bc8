"""Citations in the reader's language: ``{{ clock.basis|cites }}``, ``{{ b|cite }}``.

Citations are stored as the Chinese texts name them (细则第十一条第八项); English pages show
them as ``Chongqing Rules, Art. 11 item 8``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.translation import get_language

from xinfang.rules.citing import citation_in

register = template.Library()


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def cite(value: object) -> str:
    """One citation (a stored text or a ``Basis``), marked 未核对 if not checked yet."""
    return citation_in(str(value or ""), english=_english())


@register.filter
def cites(values: Iterable[object] | str | None) -> str:
    """Several citations joined as the language joins them (、 or ;). A text already joined
    with 、 is split first."""
    if not values:
        return ""
    items: list[object] = list(values.split("、") if isinstance(values, str) else values)
    return ("; " if _english() else "、").join(cite(item) for item in items)
