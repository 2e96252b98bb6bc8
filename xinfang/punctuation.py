"""Punctuation in the reader's language, for text the code assembles.

Chinese pages join an enumeration with 、 and clauses with ；; English pages never show those
full-width marks. Templates use the tags of ``xinfang.web.templatetags.punct``; services,
selectors and forms that build a sentence or a label use these.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language


def english() -> bool:
    """Whether the active language (the reader's) is English."""
    return (get_language() or "").startswith("en")


def join_list(items: Iterable[object]) -> str:
    """Items of an enumeration: 甲、乙 or ``a, b``."""
    return (", " if english() else "、").join(str(item) for item in items)


def join_clauses(items: Iterable[object]) -> str:
    """Clauses one after another: 甲；乙 or ``a; b``."""
    return ("; " if english() else "；").join(str(item) for item in items)
