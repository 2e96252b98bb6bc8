"""What waits on a user (待办) and what an organ owes (its duties' overview), from every part
of the duties app: each part answers for its own records (``todo_items``, ``organ_rows``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xinfang.orgs.models import Organ

from . import agenda, incidents, leaders, recommendations, supervision
from .items import OverviewRow, TodoItem

#: The parts, in the order the workbench lists them.
PARTS = (leaders, incidents, recommendations, supervision, agenda)


def todo_for(user: Any, today: dt.date) -> list[TodoItem]:
    """Everything of the duties that waits on ``user`` today, overdue first, then by due."""
    items = [item for part in PARTS for item in part.todo_items(user, today)]

    def key(item: TodoItem) -> tuple[int, str]:
        due = item.due.isoformat() if item.due is not None else "9999"
        return (0 if item.overdue else 1, due)

    return sorted(items, key=key)


def organ_overview(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """The duties ``organ`` owes, as ``user`` may see them."""
    return [row for part in PARTS for row in part.organ_rows(user, organ, today)]
