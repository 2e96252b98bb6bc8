"""The shapes every part of the duties app answers the workbench in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xinfang.orgs.models import Organ


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
    organ: Organ | None = None


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
