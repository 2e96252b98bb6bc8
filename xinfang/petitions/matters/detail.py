"""One matter as a reader in scope sees it: what the matter page and the API's matter detail
both show, read here once and rendered by each edge in its own way.

The matter itself comes through the access chokepoint (``access_matter_by_id``); this reads
what hangs from it — clocks, events, opinions, the reply, routes, supervision orders, follow-up
visits, hearings, the earlier matters the reader may read, the objection period — and masks the
petitioner for the reader. One query per kind of record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xinfang.petitions.selectors import petitioner_masked_for
from xinfang.rules.deadlines import Deadline

from . import selectors
from .models import (
    FollowUp,
    Hearing,
    Matter,
    MatterClock,
    MatterEvent,
    MatterRoute,
    Opinion,
    RepeatLink,
    Reply,
    SupervisionOrder,
)
from .services import objection_deadline


@dataclass(frozen=True)
class MatterDetail:
    """A matter in full for one reader, with everything recorded on it."""

    #: The matter with its organs, category and petitioner.
    matter: Matter
    #: The petitioner masked (张**), or None when there is none or the reader may not read
    #: them. An accusation in another matter never changes this (docs/security.md: an accused
    #: unit sees no signal of the accusation).
    petitioner: dict[str, Any] | None
    clocks: list[MatterClock]
    timeline: list[MatterEvent]
    opinions: list[Opinion]
    reply: Reply | None
    routes: list[MatterRoute]
    supervision_orders: list[SupervisionOrder]
    follow_ups: list[FollowUp]
    hearings: list[Hearing]
    #: Likely repeats among the earlier matters the reader may read (``repeat_candidates``).
    repeats: list[RepeatLink]
    #: The objection period while the organ where the matter waits may still object.
    objection: Deadline | None

    @property
    def petitioner_withheld(self) -> bool:
        """The matter has a petitioner whose record lies outside the reader's scope."""
        return self.matter.petitioner_id is not None and self.petitioner is None

    @property
    def readable_earlier_ids(self) -> set[int]:
        """The earlier matters an event may name to this reader: those of the repeat links."""
        return {link.earlier_id for link in self.repeats}


def matter_detail_for(user: Any, matter: Matter) -> MatterDetail:
    """``matter`` (read through ``access_matter_by_id``) in full as ``user`` may see it."""
    matter = Matter.objects.select_related(
        "registering_organ", "current_organ", "handling_organ", "category", "petitioner"
    ).get(pk=matter.pk)
    return MatterDetail(
        matter=matter,
        petitioner=petitioner_masked_for(user, matter.petitioner),
        clocks=selectors.matter_clocks(matter=matter),
        timeline=selectors.matter_timeline(matter=matter),
        opinions=list(Opinion.objects.filter(matter_id=matter.pk).select_related("organ")),
        reply=Reply.objects.filter(matter_id=matter.pk).select_related("organ").first(),
        routes=list(
            MatterRoute.objects.filter(matter_id=matter.pk).select_related("from_organ", "to_organ")
        ),
        supervision_orders=list(
            SupervisionOrder.objects.filter(matter_id=matter.pk).select_related(
                "issuing_organ", "to_organ"
            )
        ),
        follow_ups=list(FollowUp.objects.filter(matter_id=matter.pk).select_related("organ")),
        hearings=selectors.matter_hearings(matter=matter),
        repeats=selectors.repeat_candidates(matter=matter, user=user),
        objection=objection_deadline(matter),
    )
