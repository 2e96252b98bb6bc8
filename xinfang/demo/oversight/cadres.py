"""Demo records of the oversight part ``cadres``."""

from __future__ import annotations

import datetime as dt


def load(today: dt.date) -> int:
    """Write the part's demo records (idempotent); how many were written."""
    return 0
