"""Reads of 细则第四条: agenda items, major decisions, risk assessments, screening, warnings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xinfang.orgs.models import Organ

from .items import OverviewRow, TodoItem


def todo_items(user: Any, today: dt.date) -> list[TodoItem]:
    """What of this part waits on ``user`` today."""
    return []


def organ_rows(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """This part's lines of ``organ``'s duties overview, as ``user`` may see them."""
    return []
