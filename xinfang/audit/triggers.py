"""Database triggers that make the audit table append-only (UPDATE and DELETE refused).

The migration ``0002_append_only_triggers`` installs the same statements; ``flush`` (tests and
development wipes) drops and reinstalls them around the wipe. Triggers stop the application
and casual edits; a database superuser can drop them, which is why ``verify-audit`` exists.
"""

from __future__ import annotations

from typing import Any

TABLE = "audit_auditentry"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete",
]

POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit entries are append-only';
    END
    $$""",
    f"DROP TRIGGER IF EXISTS audit_entry_no_change ON {TABLE}",
    f"""CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()""",
    f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS audit_entry_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE}",
]


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_DROP
    return []


def install_triggers(connection: Any) -> None:
    """Create the append-only triggers on this connection's database (idempotent)."""
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=True):
            cursor.execute(statement)


def drop_triggers(connection: Any) -> None:
    """Remove the triggers (what a database superuser could do; tests and flush use it)."""
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=False):
            cursor.execute(statement)
