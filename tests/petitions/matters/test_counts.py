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


def _order(queries: list[dict[str, str]]) -> tuple[int, int]:
    """Positions of the last statement on the audit chain's head and the first on counters."""
    sql = [q["sql"] for q in queries]
    head = max(i for i, text in enumerate(sql) if "audit_audithead" in text)
    counter = min(i for i, text in enumerate(sql) if "petitions_organstatecount" in text)
    return head, counter


def test_counters_are_locked_after_the_audit_head_in_every_write(mw: MatterWorld) -> None:
    """Every write takes the audit chain's head; counters come after it, in registration with
    a new petitioner (whose identity is audited first) as in a step. Taken in the other order
    in one path, two transactions on PostgreSQL would wait for each other (deadlock)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as registered:
        matter = mw.register(identity={"name": "李四"})
    head, counter = _order(registered.captured_queries)
    assert head < counter
    with CaptureQueriesContext(connection) as routed:
        matter_route(
            matter=matter,
            organ=mw.district_po,
            to_organ=mw.district_housing,
            kind="transfer",
            actor=ACTOR,
            at=at("2025-09-21", 10),
        )
    head, counter = _order(routed.captured_queries)
    assert head < counter


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


def test_a_matter_read_without_its_state_is_not_moved_uncounted(mw: MatterWorld) -> None:
    """A matter read partly cannot say where it was counted: moving it is refused, and a
    deferred field read in between does not pass unsaved changes off as stored."""
    from xinfang.petitions.matters.counts import count_places
    from xinfang.petitions.matters.models import Matter

    matter = mw.register()
    partial = Matter.objects.only("id", "summary").get(pk=matter.pk)
    with pytest.raises(RuntimeError, match="read without its organ or state"):
        count_places([partial])
    loaded = Matter.objects.only("id", "state", "current_organ_id").get(pk=matter.pk)
    loaded.state = "declined"
    assert loaded.content  # a deferred field, read from the database
    assert loaded.stored_place == (mw.district_po.pk, "registered")
