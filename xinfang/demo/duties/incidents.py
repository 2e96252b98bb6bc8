"""Demo records of 细则第七条第三项、第八条第三、四项."""

from __future__ import annotations

import datetime as dt


def load(today: dt.date) -> int:
    """Write this part's demo records as of ``today`` (idempotent); how many were written."""
    return 0
