"""The audit trail is append-only and hash-chained; verify-audit finds the first break.

Tampering is done the way a database superuser could: drop the triggers, then edit rows
directly with SQL. Every test runs in a transaction that is rolled back, triggers included.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from xinfang.audit.models import AuditEntry, AuditHead
from xinfang.audit.services import audit_record
from xinfang.audit.triggers import drop_triggers
from xinfang.audit.verify import verify_chain

pytestmark = pytest.mark.django_db

TABLE = AuditEntry._meta.db_table


def write_entries(count: int = 6) -> list[AuditEntry]:
    return [
        audit_record(
            actor="test",
            action="test.event",
            object_type="tests.thing",
            object_id=str(n),
            details={"n": n, "text": "第十一条"},
        )
        for n in range(1, count + 1)
    ]


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def run_verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_an_intact_chain_verifies():
    write_entries()
    assert "OK" in run_verify()
    report = verify_chain(batch_size=2)
    assert report.ok and report.entries == 6 and report.last_seq == 6


def test_an_empty_chain_verifies():
    assert verify_chain().ok


def test_entries_chain_to_each_other():
    entries = write_entries(3)
    assert entries[0].prev_hash == "0" * 64
    assert entries[1].prev_hash == entries[0].entry_hash
    head = AuditHead.objects.get()
    assert (head.seq, head.entry_hash) == (3, entries[2].entry_hash)


def test_services_write_in_the_callers_transaction():
    write_entries(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor="test", action="test.rolled_back")
        raise RuntimeError
    assert AuditEntry.objects.count() == 2
    assert verify_chain().ok
    assert audit_record(actor="test", action="test.after").seq == 3


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET action = 'forged' WHERE seq = 2",
        "DELETE FROM audit_auditentry WHERE seq = 2",
        "DELETE FROM audit_auditentry",
    ],
)
def test_triggers_refuse_update_and_delete(statement):
    write_entries(3)
    with pytest.raises(DatabaseError), transaction.atomic():
        sql(statement)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(actor="someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).delete()
    assert AuditEntry.objects.filter(action="test.event").count() == 3


def test_postgresql_also_refuses_truncate():
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only")
    write_entries(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        sql("TRUNCATE audit_auditentry")


TAMPERING = {
    "details changed": ("UPDATE audit_auditentry SET details = %s WHERE seq = 4", ['{"n": 40}'], 4),
    "actor changed": ("UPDATE audit_auditentry SET actor = 'nobody' WHERE seq = 2", None, 2),
    "action changed": ("UPDATE audit_auditentry SET action = 'x' WHERE seq = 1", None, 1),
    "stored hash changed": (
        "UPDATE audit_auditentry SET entry_hash = %s WHERE seq = 5",
        ["f" * 64],
        5,
    ),
    "middle entry deleted": ("DELETE FROM audit_auditentry WHERE seq = 3", None, 3),
    "first entry deleted": ("DELETE FROM audit_auditentry WHERE seq = 1", None, 1),
    "last entry deleted": ("DELETE FROM audit_auditentry WHERE seq = 6", None, 6),
}


@pytest.mark.parametrize("case", TAMPERING)
def test_tampering_breaks_the_chain_at_the_right_entry(case):
    statement, params, broken_seq = TAMPERING[case]
    write_entries(6)
    drop_triggers(connection)
    sql(statement, params)
    report = verify_chain(batch_size=2)
    assert report.broken is not None
    assert report.broken.seq == broken_seq, report.broken
    with pytest.raises(CommandError, match=rf"seq {broken_seq}\b") as info:
        run_verify()
    assert info.value.returncode == 1


def test_time_changed_is_caught():
    entries = write_entries(4)
    drop_triggers(connection)
    AuditEntry.objects.filter(seq=3).update(at=entries[2].at.replace(year=2020))
    assert verify_chain().broken.seq == 3


def test_reordering_entries_is_caught():
    write_entries(6)
    drop_triggers(connection)
    sql("UPDATE audit_auditentry SET seq = 1000 WHERE seq = 3")
    sql("UPDATE audit_auditentry SET seq = 3 WHERE seq = 4")
    sql("UPDATE audit_auditentry SET seq = 4 WHERE seq = 1000")
    report = verify_chain()
    assert report.broken.seq == 3
    assert "prev_hash" in report.broken.problem


def test_a_consistently_rewritten_entry_breaks_the_link_to_the_next():
    """Recomputing the altered entry's own hash moves the break to the next entry."""
    from xinfang.audit.chain import entry_digest

    entries = write_entries(5)
    target = entries[1]
    forged = entry_digest(
        prev_hash=target.prev_hash,
        seq=target.seq,
        at=target.at,
        actor="forger",
        action=target.action,
        object_type=target.object_type,
        object_id=target.object_id,
        details=target.details,
    )
    drop_triggers(connection)
    sql("UPDATE audit_auditentry SET actor = 'forger', entry_hash = %s WHERE seq = 2", [forged])
    assert verify_chain().broken.seq == 3


def test_a_forged_head_is_caught():
    write_entries(3)
    AuditHead.objects.update(seq=5)
    report = verify_chain()
    assert report.broken is not None
    assert "head" in report.broken.problem


def test_audit_head_prints_the_head_as_json():
    entries = write_entries(2)
    out = StringIO()
    call_command("audit_head", stdout=out)
    head = json.loads(out.getvalue())
    assert head["seq"] == 2
    assert head["hash"] == entries[1].entry_hash
    assert head["time"].endswith("Z")


def test_the_admin_is_read_only(admin_client):
    entry = write_entries(1)[0]
    assert admin_client.get("/admin/audit/auditentry/").status_code == 200
    assert admin_client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert admin_client.get("/admin/audit/auditentry/add/").status_code == 403
    assert admin_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
