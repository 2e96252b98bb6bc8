"""A small fixed-window rate limit for the public query-code lookup (the API and the page).

Query codes carry 80 random bits, so guessing is hopeless; the limit keeps a scraper from
trying anyway and from loading the database. Counts live in Django's cache: per process with
the default local-memory cache, shared across processes once a shared cache is configured.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_LIMIT = 30
DEFAULT_WINDOW_SECONDS = 300


def _client_address(request: HttpRequest) -> str:
    # The proxy in front sets REMOTE_ADDR correctly or not at all; a client's own
    # X-Forwarded-For is never trusted here.
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def public_lookup_allowed(request: HttpRequest) -> bool:
    """Count one lookup from the request's address; False once over the limit in the window."""
    limit = int(getattr(settings, "XINFANG_PUBLIC_LOOKUP_LIMIT", DEFAULT_LIMIT))
    window = int(getattr(settings, "XINFANG_PUBLIC_LOOKUP_WINDOW", DEFAULT_WINDOW_SECONDS))
    bucket = int(time.time() // window)
    key = f"xinfang:public-lookup:{_client_address(request)}:{bucket}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
