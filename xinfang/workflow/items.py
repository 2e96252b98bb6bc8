"""What waits on a user, in the shapes every workflow answers the workbench in: the home
page (待办) and an organ's page gather them from every app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TodoItem:
    """One thing that waits on the user: what (``kind``: the record's label, ``title``), by
    when (``due``; ``overdue`` once past), where it is (``url_name`` and ``url_args``, a page
    of ``web``), for which organ."""

    kind: str
    title: str
    url_name: str
    url_args: tuple[Any, ...] = ()
    due: dt.date | dt.datetime | None = None
    overdue: bool = False
    organ: Any = None


@dataclass(frozen=True)
class OverviewRow:
    """One line of an organ's duties overview: a kind of duty, how many are open, how many
    overdue, and a note (a norm met or not: "2 / 4"), linking to the list."""

    kind: str
    open: int = 0
    overdue: int = 0
    note: str = ""
    url_name: str = ""
    url_args: tuple[Any, ...] = ()
    flags: list[str] = field(default_factory=list)
