"""Writes of the duties app: each one transaction writing its own audit entry; every step on
a duty record is a ``xinfang.workflow.Step`` over a ``xinfang.workflow.table.RecordMachine``
declared in the part's module (docs/architecture.md)."""
