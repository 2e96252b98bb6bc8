"""Demo records of 细则第七条、第八条第二项."""

from __future__ import annotations

import datetime as dt


def load(today: dt.date) -> int:
    """Write this part's demo records as of ``today`` (idempotent); how many were written."""
    return 0
