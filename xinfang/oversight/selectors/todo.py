"""What waits on a user (待办) and what an organ owes (its oversight overview), from every part
of the oversight app: each part answers for its own records (``todo_items``, ``organ_rows``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xinfang.orgs.models import Organ
from xinfang.workflow.items import OverviewRow, TodoItem

from . import assessment, cadres, inspections

#: The parts, in the order the workbench lists them.
PARTS = (inspections, assessment, cadres)


def todo_for(user: Any, today: dt.date) -> list[TodoItem]:
    """Everything of the oversight that waits on ``user`` today, overdue first, then by due."""
    items = [item for part in PARTS for item in part.todo_items(user, today)]

    def key(item: TodoItem) -> tuple[int, str]:
        due = item.due.isoformat() if item.due is not None else "9999"
        return (0 if item.overdue else 1, due)

    return sorted(items, key=key)


def organ_overview(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """What ``organ`` owes or has under oversight, as ``user`` may see it."""
    return [row for part in PARTS for row in part.organ_rows(user, organ, today)]
