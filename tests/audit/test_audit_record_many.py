"""``audit_record_many`` appends several entries as ``audit_record`` would, one after another.

Why it is safe with concurrent writers: the head row is read under ``SELECT ... FOR UPDATE``
(PostgreSQL) or inside an IMMEDIATE transaction (SQLite, which holds the database's write lock
from ``BEGIN``), and the lock is held until the caller's transaction ends. Every sequence number
of the batch is assigned from that one head read, the entries are inserted, and the head is
moved past the last of them before the lock is released: another writer waits, then reads the
new head, so it can neither take a number inside the batch nor chain to a stale hash. The
unique ``seq`` and ``entry_hash`` columns would refuse a fork if that reasoning were wrong; the
threaded test below checks it with writers of single entries and of batches mixed.
"""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tests.access.world import make_organ
from xinfang.audit.chain import entry_digest
from xinfang.audit.models import AuditEntry, AuditHead
from xinfang.audit.services import audit_record, audit_record_many
from xinfang.audit.verify import verify_chain


@pytest.mark.django_db
def test_entries_are_chained_in_order_and_hashed_like_audit_record() -> None:
    first = audit_record(actor="test", action="test.before")
    organ = make_organ("po", roles=("petition_office",))
    written = audit_record_many(
        entries=[
            {"actor": "test", "action": "test.one", "target": organ, "details": {"n": 1}},
            {"actor": None, "action": "test.two", "object_type": "x.y", "object_id": "7"},
            {"actor": "test", "action": "test.three", "details": {"名": "值", "d": None}},
        ]
    )
    entries = list(AuditEntry.objects.filter(seq__gt=first.seq).order_by("seq"))
    assert [e.seq for e in entries] == [first.seq + 1, first.seq + 2, first.seq + 3]
    assert [e.pk for e in written] == [e.pk for e in entries]
    assert [e.action for e in entries] == ["test.one", "test.two", "test.three"]
    assert (entries[0].object_type, entries[0].object_id) == ("orgs.organ", str(organ.pk))
    assert (entries[1].actor, entries[1].object_type, entries[1].object_id) == (
        "system",
        "x.y",
        "7",
    )
    prev = first.entry_hash
    for entry in entries:
        assert entry.prev_hash == prev
        assert entry.entry_hash == entry_digest(
            prev_hash=entry.prev_hash,
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            details=entry.details,
        )
        prev = entry.entry_hash
    head = AuditHead.objects.get()
    assert (head.seq, head.entry_hash) == (entries[-1].seq, entries[-1].entry_hash)
    after = audit_record(actor="test", action="test.after")
    assert after.prev_hash == entries[-1].entry_hash
    report = verify_chain()
    assert report.ok, report.broken
    assert report.entries == 5


@pytest.mark.django_db
def test_no_entries_writes_nothing() -> None:
    assert audit_record_many(entries=[]) == []
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_failing_caller_leaves_no_entry_and_no_head_move() -> None:
    audit_record(actor="test", action="test.before")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record_many(entries=[{"actor": "test", "action": "test.lost"}] * 3)
        raise RuntimeError("the caller's transaction fails")
    assert AuditHead.objects.get().seq == 1
    assert AuditEntry.objects.count() == 1
    audit_record_many(entries=[{"actor": "test", "action": "test.kept"}] * 2)
    assert verify_chain().ok


@pytest.mark.django_db
def test_verify_audit_command_passes_after_batches() -> None:
    for n in range(3):
        audit_record_many(
            entries=[
                {"actor": "test", "action": "test.batch", "details": {"n": n, "i": i}}
                for i in range(4)
            ]
        )
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "audit chain OK: 12 entries, head seq 12" in out.getvalue()


WRITERS = 4
ROUNDS = 6
BATCH = 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_and_single_entries_never_fork_the_chain() -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        try:
            start.wait()
            for n in range(ROUNDS):
                if number % 2:
                    audit_record(actor=f"writer-{number}", action="test.single", details={"n": n})
                else:
                    with transaction.atomic():
                        audit_record_many(
                            entries=[
                                {
                                    "actor": f"writer-{number}",
                                    "action": "test.many",
                                    "details": {"n": n, "i": i},
                                }
                                for i in range(BATCH)
                            ]
                        )
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
    total = (WRITERS // 2) * ROUNDS * BATCH + (WRITERS - WRITERS // 2) * ROUNDS
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))
    # A batch's entries are consecutive: nobody wrote inside it.
    for number in range(0, WRITERS, 2):
        for n in range(ROUNDS):
            batch = sorted(
                AuditEntry.objects.filter(
                    actor=f"writer-{number}", action="test.many", details__n=n
                ).values_list("seq", flat=True)
            )
            assert batch == list(range(batch[0], batch[0] + BATCH))
    report = verify_chain()
    assert report.ok, report.broken
    assert report.entries == total
