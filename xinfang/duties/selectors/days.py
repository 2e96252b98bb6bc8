"""Days as instants, for filters on stored times that stay on the column (no per-row date
function): a local day starts at its local midnight."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def day_start(day: dt.date) -> dt.datetime:
    """The instant the local ``day`` begins (its midnight in the site's time zone)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
