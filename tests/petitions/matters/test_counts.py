"""Counters by organ and state: moved by the services with the matter, rebuilt on demand."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.counts import counts_drift, state_counts
from xinfang.petitions.matters.models import OrganStateCount
from xinfang.petitions.matters.selectors import matter_counts_by_state
from xinfang.petitions.matters.services import (
    matter_accept,
    matter_register_batch,
    matter_route,
)

from .factories import ACTOR, MatterWorld, at

pytestmark = pytest.mark.django_db


def nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {state: n for state, n in counts.items() if n}


def test_each_step_moves_the_matter_between_organs_and_states(mw: MatterWorld) -> None:
    matter = mw.register()
    assert nonzero(matter_counts_by_state(organ=mw.district_po)) == {"registered": 1}
    matter = matter_route(
        matter=matter,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-09-21", 10),
    )
    assert nonzero(matter_counts_by_state(organ=mw.district_po)) == {}
    assert nonzero(matter_counts_by_state(organ=mw.district_housing)) == {"routed": 1}
    matter_accept(matter=matter, organ=mw.district_housing, actor=ACTOR, at=at("2025-09-22"))
    assert nonzero(matter_counts_by_state(organ=mw.district_housing)) == {"accepted": 1}
    assert nonzero(matter_counts_by_state(subtree=mw.city)) == {"accepted": 1}
    assert counts_drift() == []


def test_a_batch_counts_each_registration_once(mw: MatterWorld) -> None:
    items = [
        {
            "organ": mw.district_po,
            "channel": "letter",
            "received_at": at("2025-09-20", 9),
            "summary": f"事项{n}",
            "content": f"第{n}件反映的内容各不相同，编号{n * 7919}。",
            "region_code": "500103001",
            "category": mw.property_fees,
        }
        for n in range(3)
    ]
    matter_register_batch(items=items, actor=ACTOR)
    assert nonzero(state_counts()) == {"registered": 3}


def test_recount_repairs_counters_and_says_how_many_were_wrong(mw: MatterWorld) -> None:
    mw.register()
    mw.register(summary="另一件", content="另一件事情的内容，与第一件完全无关。")
    # A repair made outside the services (a restore, a hand edit) leaves the counters wrong.
    OrganStateCount.objects.filter(organ=mw.district_po, state="registered").update(matters=7)
    OrganStateCount.objects.create(organ=mw.district_housing, state="closed", matters=1)
    assert len(counts_drift()) == 2
    out = io.StringIO()
    call_command("recount_matters", stdout=out)
    assert json.loads(out.getvalue()) == {"corrected": 2, "counters": 1}
    assert counts_drift() == []
    assert nonzero(matter_counts_by_state(organ=mw.district_po)) == {"registered": 2}
    entry = AuditEntry.objects.get(action="matter.counts_rebuilt")
    assert entry.details["corrected"] == 2
