"""One way every API list pages: ``page``/``page_size`` in, ``count``/``page``/``page_size``/
``items`` out. No list is capped in silence: a client reads ``count`` and asks for the next page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from django.core.paginator import Paginator
from ninja import Schema
from pydantic import Field

from xinfang.inputs import ID_MAX, InputSchema

T = TypeVar("T")

#: The default and the largest page.
PAGE_SIZE = 50
PAGE_SIZE_MAX = 200


class PageIn(InputSchema):
    """The paging parameters of a list."""

    page: int = Field(default=1, ge=1, le=ID_MAX, description="页码，从 1 起 / page, from 1")
    page_size: int = Field(
        default=PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX, description="每页条数 / items per page"
    )


class PageOut(Schema, Generic[T]):
    """One page of a list and the list's total."""

    count: int
    page: int
    page_size: int
    items: list[T]


def page_out(
    rows: Any, *, page: int, page_size: int, render: Callable[[Any], Any] = lambda row: row
) -> dict[str, Any]:
    """The page asked for of ``rows`` (a queryset or a sequence), each item rendered; a page
    past the end is the last one."""
    paginator = Paginator(rows, page_size)
    current = paginator.get_page(page)
    items: Iterable[Any] = current.object_list
    return {
        "count": paginator.count,
        "page": current.number,
        "page_size": page_size,
        "items": [render(row) for row in items],
    }


def page_window(count: int, *, page: int, page_size: int) -> tuple[int, int]:
    """For a list read a page at a time (the queue): the page to answer, as ``page_out``
    answers it (a page past the end is the last one), and the offset of its first row."""
    last = max(1, -(-count // page_size))
    number = min(page, last)
    return number, (number - 1) * page_size
