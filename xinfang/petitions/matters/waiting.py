"""What waits for an organ outside its own queue: the objections it has to verify.

A matter the receiving organ objected to (信访工作条例(2022)第二十三条第三款) stays where it was
sent, its acceptance clock running there; the petition office or higher organ that routed it
verifies the objection and agrees or refuses. That office's queue lists the matters sitting at
the office, so these are found here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery

from xinfang.access.policy import visible
from xinfang.orgs.models import Organ

from .choices import MatterState
from .models import Matter
from .selectors import routes_here

#: At most this many are listed at once (an office has few objections waiting).
OBJECTIONS_SHOWN = 100


def objections_to_verify(*, organ: Organ, user: Any) -> list[Matter]:
    """Objected matters whose objection ``organ`` verifies — it made the transfer or assignment
    that brought them where they sit — as ``user`` may see them, oldest due first."""
    routed_by = Subquery(
        routes_here(OuterRef("pk"), OuterRef("current_organ_id")).values("from_organ_id")[:1]
    )
    matters = (
        Matter.objects.filter(state=MatterState.OBJECTED)
        .annotate(routed_by=routed_by)
        .filter(routed_by=organ.pk)
        .select_related("current_organ")
        .order_by("action_due", "id")
    )
    return list(visible(user, matters)[:OBJECTIONS_SHOWN])
