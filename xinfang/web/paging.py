"""One way every page lists: ``page``/``page_size`` in the URL (the API's parameters), the
total always shown, other filters kept in the links (``web/includes/pager.html``)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50
PAGE_SIZE_MAX = 200


def _number(text: str | None, default: int) -> int:
    try:
        return int(text or default)
    except ValueError:
        return default


def page_of(request: HttpRequest, rows: Any, *, page_size: int = PAGE_SIZE) -> Page[Any]:
    """The page of ``rows`` the request asks for (a page past the end is the last one; a
    size above ``PAGE_SIZE_MAX`` is that maximum)."""
    size = min(PAGE_SIZE_MAX, max(1, _number(request.GET.get("page_size"), page_size)))
    return Paginator(rows, size).get_page(max(1, _number(request.GET.get("page"), 1)))
