"""Detection is safe under concurrency: two runs racing on the same failure create one lead."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from xinfang.accountability.models import Lead
from xinfang.accountability.services import lead_record_detected
from xinfang.audit.models import AuditEntry

from .factories import FAILURE_DAY, build_world


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_recordings_of_one_failure_create_one_lead() -> None:
    world = build_world()
    organ = world.organ("housing")
    barrier = threading.Barrier(2)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def record() -> None:
        try:
            barrier.wait(timeout=10)
            lead, created = lead_record_detected(
                kind="handle_overdue",
                ground=2,
                organ=organ,
                failure_date=FAILURE_DAY,
                dedup_key="handle_overdue:matter-1:handle:2025-03-14",
                summary="并发测试",
                evidence=[{"type": "matter", "id": 1}],
                actor="test:race",
            )
            results.append((lead.pk, created))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert Lead.objects.count() == 1
    assert sorted(created for _, created in results) == [False, True]
    assert len({pk for pk, _ in results}) == 1
    assert AuditEntry.objects.filter(action="accountability.lead.detected").count() == 1
