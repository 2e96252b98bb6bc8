"""Demo records of the duties: a Chongqing district's agenda, decisions, instructions,
receptions, case ownership, incidents and recommendations, so that every demo role's home page
shows real work. Each part writes its own; every part is idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import agenda, incidents, leaders, recommendations, signals, supervision

PARTS = {
    "agenda": agenda,
    "recommendations": recommendations,
    "supervision": supervision,
    "leaders": leaders,
    "incidents": incidents,
    "signals": signals,
}


def load_demo_duties(*, today: dt.date | None = None) -> dict[str, int]:
    """Write every part's demo records; how many each wrote."""
    day = today or timezone.localdate()
    return {name: part.load(day) for name, part in PARTS.items()}
