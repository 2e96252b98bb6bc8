"""Concurrent writers, each with its own connection, leave one gapless chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from xinfang.audit.models import AuditEntry
from xinfang.audit.services import audit_record
from xinfang.audit.verify import verify_chain

WRITERS = 4
EACH = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        try:
            start.wait()
            for n in range(EACH):
                audit_record(actor=f"writer-{number}", action="test.concurrent", details={"n": n})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS * EACH + 1))
    report = verify_chain()
    assert report.ok, report.broken
    assert report.entries == WRITERS * EACH


@pytest.mark.django_db(transaction=True)
def test_flush_still_works_with_the_triggers_in_place():
    """Transactional tests end with flush; the audit app's flush handles its triggers."""
    audit_record(actor="test", action="test.flush")
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0
    audit_record(actor="test", action="test.after_flush")
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_verifying_while_writers_append_reports_no_break():
    """The walk reads the head first and stops there: entries appended meanwhile are not
    mistaken for a chain that no longer matches its head."""
    for n in range(20):
        audit_record(actor="seed", action="test.concurrent", details={"n": n})
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            n = 0
            while not stop.is_set():
                audit_record(actor="writer", action="test.concurrent", details={"n": n})
                n += 1
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        reports = [verify_chain(batch_size=5) for _ in range(15)]
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, errors
    assert all(report.ok for report in reports), [str(r.broken) for r in reports if not r.ok]
    assert verify_chain().ok
