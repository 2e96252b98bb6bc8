"""Walking the audit chain: the logic behind ``xinfang verify-audit`` and ``audit-head``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .chain import GENESIS_HASH, canonical_time, entry_digest
from .models import AuditEntry, AuditHead


@dataclass(frozen=True)
class ChainBreak:
    """The first place where the chain is not what was written."""

    seq: int
    problem: str

    def __str__(self) -> str:
        return f"audit chain broken at seq {self.seq}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a walk: how many entries, the last one, and the first break if any."""

    entries: int
    last_seq: int
    last_hash: str
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Check the whole chain: gapless seq from 1, prev_hash links, recomputed hashes, head.

    The head is read first. Entries and the head are written in one transaction, so every
    entry up to the head read is committed; entries appended while the walk runs lie beyond
    it and are left for the next walk (a running system is verified without false alarms).
    """
    head = AuditHead.objects.filter(id=1).first()
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    walked = AuditEntry.objects.order_by("seq")
    if head is not None:
        walked = walked.filter(seq__lte=head.seq)
    entries = walked.iterator(chunk_size=batch_size)
    for entry in entries:
        if entry.seq != expected_seq:
            problem = (
                f"sequence gap: expected seq {expected_seq}, found {entry.seq} "
                "(an entry is missing or was renumbered)"
            )
            return ChainReport(
                count, expected_seq - 1, prev_hash, ChainBreak(expected_seq, problem)
            )
        if entry.prev_hash != prev_hash:
            return ChainReport(
                count,
                entry.seq - 1,
                prev_hash,
                ChainBreak(entry.seq, "prev_hash does not match the previous entry's hash"),
            )
        digest = entry_digest(
            prev_hash=entry.prev_hash,
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            details=entry.details,
        )
        if digest != entry.entry_hash:
            return ChainReport(
                count,
                entry.seq - 1,
                prev_hash,
                ChainBreak(entry.seq, "recomputed hash differs: the entry was altered"),
            )
        prev_hash = entry.entry_hash
        expected_seq += 1
        count += 1
    last_seq = expected_seq - 1
    head_seq = head.seq if head is not None else 0
    head_hash = head.entry_hash if head is not None else GENESIS_HASH
    if head_seq != last_seq:
        problem = f"head row says seq {head_seq}, the chain ends at seq {last_seq}"
        return ChainReport(count, last_seq, prev_hash, ChainBreak(max(head_seq, last_seq), problem))
    if head_hash != prev_hash:
        return ChainReport(
            count,
            last_seq,
            prev_hash,
            ChainBreak(last_seq, "head row hash differs from the last entry's hash"),
        )
    return ChainReport(count, last_seq, prev_hash, None)


def chain_head() -> dict[str, Any]:
    """The current head, to be signed and kept elsewhere: seq, hash and time of the entry."""
    head = AuditHead.objects.filter(id=1).first()
    seq = head.seq if head is not None else 0
    digest = head.entry_hash if head is not None else GENESIS_HASH
    entry = AuditEntry.objects.filter(seq=seq).only("at").first() if seq else None
    return {
        "seq": seq,
        "hash": digest,
        "time": canonical_time(entry.at) if entry is not None else None,
    }
