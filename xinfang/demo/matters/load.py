"""The entry point: write the demo matters once, in one transaction, and mark the run."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from xinfang.audit.models import AuditEntry
from xinfang.audit.services import audit_record
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import Category, Matter

from .writer import DEMO_ACTOR, SEED, _Writer

MARKER_ACTION = "demo.matters_loaded"


@dataclass
class DemoMattersResult:
    """What one run did: matters created by state, supervision orders, handling-list lines."""

    created: bool
    reason: str = ""
    by_state: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def matters(self) -> int:
        return sum(self.by_state.values())


REQUIRED_ORGANS = ("500103-petition", "500103-housing", "500000-petition", "500229-discipline")


def demo_matters_present() -> bool:
    return AuditEntry.objects.filter(action=MARKER_ACTION).exists()


def load_demo_matters(*, today: dt.date | None = None) -> DemoMattersResult:
    """Write the demo matters once; a no-op (nothing written) when they are present."""
    if demo_matters_present():
        return DemoMattersResult(created=False, reason="present")
    if Organ.objects.filter(code__in=REQUIRED_ORGANS).count() < len(REQUIRED_ORGANS):
        return DemoMattersResult(created=False, reason="no_registry")
    if not Category.objects.filter(code="housing-expropriation").exists():
        return DemoMattersResult(created=False, reason="no_categories")
    day = today or timezone.localdate()
    with transaction.atomic():
        writer = _Writer(day)
        writer.build()
        writer.handling_lists()
        writer.run()
        ids = [p.matter.pk for p in writer.plans if p.matter is not None]
        by_state = Counter(Matter.objects.filter(pk__in=ids).values_list("state", flat=True))
        result = DemoMattersResult(
            created=True,
            by_state=dict(sorted(by_state.items())),
            counts=dict(writer.counts),
        )
        audit_record(
            actor=DEMO_ACTOR,
            action=MARKER_ACTION,
            details={
                "seed": SEED,
                "today": day.isoformat(),
                "matters": len(ids),
                "first": min(ids),
                "last": max(ids),
                **result.counts,
            },
        )
    return result
