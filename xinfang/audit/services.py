"""Writing the audit trail. Every service calls ``audit_record`` inside its own transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .chain import entry_digest
from .models import AuditEntry, AuditHead


def actor_label(actor: Any) -> str:
    """A stable text naming who acted: a user, a system job, or a command."""
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    pk = getattr(actor, "pk", None)
    username = getattr(actor, "username", None)
    if username is not None:
        return f"user:{pk}:{username}"
    return f"{type(actor).__name__}:{pk}"


def _jsonable(details: dict[str, Any] | None) -> dict[str, Any]:
    # Round-trip through JSON so the hashed form is exactly what the database stores.
    clean: dict[str, Any] = json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))
    return clean


def _object_of(target: models.Model | None, object_type: str, object_id: str) -> tuple[str, str]:
    if target is not None:
        return target._meta.label_lower, str(target.pk)
    return object_type, object_id


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain, in the caller's transaction.

    The head row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
    transactions hold the write lock) so concurrent writers get a gapless sequence and never
    fork the chain.
    """
    object_type, object_id = _object_of(target, object_type, object_id)
    # No savepoint of its own: an entry that fails to be written must take the caller's
    # whole transaction with it, which a nested ``atomic`` without savepoint guarantees (the
    # outer block is marked for rollback). Two statements a call fewer.
    with transaction.atomic(savepoint=False):
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq = head.seq + 1
        at = timezone.now()
        clean = _jsonable(details)
        label = actor_label(actor)
        digest = entry_digest(
            prev_hash=head.entry_hash,
            seq=seq,
            at=at,
            actor=label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            details=clean,
        )
        entry = AuditEntry.objects.create(
            seq=seq,
            at=at,
            actor=label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            details=clean,
            prev_hash=head.entry_hash,
            entry_hash=digest,
        )
        head.seq = seq
        head.entry_hash = digest
        head.save(update_fields=["seq", "entry_hash"])
    return entry


def audit_record_many(*, entries: Iterable[Mapping[str, Any]]) -> list[AuditEntry]:
    """Append several entries to the chain, in order, in the caller's transaction.

    Each entry holds ``audit_record``'s keyword arguments (``actor``, ``action`` and
    optionally ``target`` or ``object_type`` / ``object_id``, ``details``). The entries are
    hashed exactly as ``audit_record`` hashes them, each chained to the one before; the head
    row is locked once, the entries are written with one bulk insert and the head updated
    once. The lock is held until the caller's transaction ends, so no other writer can take a
    sequence number in between: the chain stays gapless and unforked, as with one entry at a
    time.
    """
    wanted = list(entries)
    if not wanted:
        return []
    with transaction.atomic(savepoint=False):  # as in ``audit_record``
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq, prev_hash = head.seq, head.entry_hash
        rows: list[AuditEntry] = []
        for entry in wanted:
            object_type, object_id = _object_of(
                entry.get("target"), entry.get("object_type", ""), entry.get("object_id", "")
            )
            seq += 1
            at = timezone.now()
            clean = _jsonable(entry.get("details"))
            label = actor_label(entry["actor"])
            action = entry["action"]
            digest = entry_digest(
                prev_hash=prev_hash,
                seq=seq,
                at=at,
                actor=label,
                action=action,
                object_type=object_type,
                object_id=object_id,
                details=clean,
            )
            rows.append(
                AuditEntry(
                    seq=seq,
                    at=at,
                    actor=label,
                    action=action,
                    object_type=object_type,
                    object_id=object_id,
                    details=clean,
                    prev_hash=prev_hash,
                    entry_hash=digest,
                )
            )
            prev_hash = digest
        created = AuditEntry.objects.bulk_create(rows)
        head.seq = seq
        head.entry_hash = prev_hash
        head.save(update_fields=["seq", "entry_hash"])
    return created
