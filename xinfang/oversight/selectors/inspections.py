"""Reads of the oversight part ``inspections``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xinfang.orgs.models import Organ
from xinfang.workflow.items import OverviewRow, TodoItem


def todo_items(user: Any, today: dt.date) -> list[TodoItem]:
    """What of this part waits on ``user`` today."""
    return []


def organ_rows(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """What ``organ`` has of this part, as ``user`` may see it."""
    return []
