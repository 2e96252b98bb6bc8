"""Citations as readers see them: in their language, an unchecked one marked (未核对).

Apart from ``basis`` (the citations themselves) because the mark depends on the profiles, which
are built on ``basis``.
"""

from __future__ import annotations

from .basis import PENDING_DEFAULT, Basis
from .profiles import unverified_citations

#: How a citation not yet checked against the text is marked, Chinese and English.
UNVERIFIED_MARK = ("（未核对）", " (unverified)")


def citation_in(text: str, *, english: bool) -> str:
    """A stored citation in the reader's language; text that is not one stays as it is.

    A citation that only a profile with ``citations_verified = false`` gives is marked
    unverified (未核对), so no page or document prints it as settled law.
    """
    shown = text
    if english and text.strip() == PENDING_DEFAULT[0]:
        return PENDING_DEFAULT[1]
    if english:
        parsed = Basis.parse(text)
        shown = parsed.english if parsed is not None else text
    if text.strip() in unverified_citations():
        shown += UNVERIFIED_MARK[1 if english else 0]
    return shown
