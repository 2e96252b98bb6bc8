"""Writing the audit trail. Every service calls ``audit_record`` inside its own transaction."""

from __future__ import annotations

import json
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
    if target is not None:
        object_type = target._meta.label_lower
        object_id = str(target.pk)
    with transaction.atomic():
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
