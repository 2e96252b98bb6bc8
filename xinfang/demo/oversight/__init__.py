"""Demo records of the oversight: the municipal party committee's 2026 inspection plan with its
coverage gaps and a finished inspection, an assessment scheme with a published run, and a cadre
opinion request, so that the inspector's, the assessment office's and the organization
department's home pages show real work. Each part writes its own; every part is idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import assessment, cadres, inspections

#: In order: the assessment counts the inspections, the cadre's opinion reads the assessment.
PARTS = {"inspections": inspections, "assessment": assessment, "cadres": cadres}


def load_demo_oversight(*, today: dt.date | None = None) -> dict[str, int]:
    """Write every part's demo records; how many each wrote."""
    day = today or timezone.localdate()
    return {name: part.load(day) for name, part in PARTS.items()}
