"""Search over matters: by number, query code, the petitioner's identity (exact, through the
blind index) and full text over summaries and contents.

SKELETON: ``search_q`` is the one entry point the lists call (``?q=``); the search issue
replaces its body with the indexed implementation. Until then it matches the summary only.
"""

from __future__ import annotations

from django.db.models import Q


def search_q(text: str) -> Q:
    """The matters ``text`` finds, as a condition on ``Matter`` (the caller applies the access
    policy: search never widens what a user may read)."""
    text = text.strip()
    if not text:
        return Q()
    return Q(summary__contains=text)
