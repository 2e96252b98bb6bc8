"""Repeat petitions (重复信访): find earlier matters like a new one and link them. Never merge.

Two ways to be a candidate, both by index: the same petitioner (``matter_petitioner_idx``)
and shared LSH band keys of the text (the band key primary key ``(key, matter)``, keys from
``xinfang.petitions.similarity``). Each candidate is then scored exactly. An earlier matter of
the same petitioner is always shown; another petitioner's only when the texts are alike
enough (``similarity.is_repeat``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from xinfang.petitions import similarity

from .choices import RepeatReason
from .models import Matter, MatterBandKey, RepeatLink

#: Earlier matters of the same petitioner looked at (the newest ones).
SAME_PETITIONER_LIMIT = 20
#: Content candidates scored exactly (those sharing the most band keys).
CONTENT_CANDIDATE_LIMIT = 10


def matter_text(summary: str, content: str) -> str:
    """The text compared: summary and content."""
    return f"{summary}\n{content}"


def band_key_values(text: str) -> list[int]:
    """The signed 64-bit band keys of a text (none for a text too short to index)."""
    return [value for _band, value in similarity.band_values(text)]


#: A band key shared by more matters than this counts only its newest ones: a key that common
#: is like a stop word, and the work per registration stays bounded at any table size.
KEY_FANOUT_LIMIT = 50


def _content_candidates(keys: list[int], *, exclude_id: int | None) -> list[int]:
    """Matters sharing the most band keys with ``keys`` (newest first on ties): one query.

    Each key reads at most ``KEY_FANOUT_LIMIT`` entries of the primary key ``(key, matter)``
    (newest matters first), so the query costs the same at a thousand matters or a million.
    """
    table = MatterBandKey._meta.db_table
    part = (
        f"SELECT matter_id FROM (SELECT matter_id FROM {table} WHERE key = %s "  # noqa: S608
        f"ORDER BY matter_id DESC LIMIT {KEY_FANOUT_LIMIT}) AS k{{i}}"
    )
    unique = list(dict.fromkeys(keys))
    union = " UNION ALL ".join(part.format(i=i) for i in range(len(unique)))
    exclude = "WHERE matter_id <> %s " if exclude_id is not None else ""
    sql = (
        f"SELECT matter_id FROM ({union}) AS shared {exclude}"  # noqa: S608
        f"GROUP BY matter_id ORDER BY COUNT(*) DESC, matter_id DESC "
        f"LIMIT {CONTENT_CANDIDATE_LIMIT}"
    )
    params: list[int] = [*unique, *([exclude_id] if exclude_id is not None else [])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class RepeatCandidate:
    """An earlier matter found for a new one, with how alike they are."""

    earlier_id: int
    earlier_state: str
    score: float
    same_petitioner: bool
    similar: bool

    @property
    def reason(self) -> str:
        if self.same_petitioner:
            return RepeatReason.SAME_PETITIONER
        return RepeatReason.SIMILAR_CONTENT


def candidate_ids(
    *, keys: list[int], petitioner_id: int | None, exclude_id: int | None = None
) -> set[int]:
    """Earlier matters to score: the petitioner's newest and those sharing most band keys."""
    ids: set[int] = set()
    if petitioner_id is not None:
        same = Matter.objects.filter(petitioner_id=petitioner_id)
        if exclude_id is not None:
            same = same.exclude(pk=exclude_id)
        ids.update(
            same.order_by("-registered_at").values_list("pk", flat=True)[:SAME_PETITIONER_LIMIT]
        )
    if keys:
        ids.update(_content_candidates(keys, exclude_id=exclude_id))
    return ids


@dataclass(frozen=True)
class CandidateText:
    """What scoring needs of an earlier matter."""

    pk: int
    state: str
    petitioner_id: int | None
    shingles: frozenset[str]


def candidate_texts(ids: set[int]) -> dict[int, CandidateText]:
    """The earlier matters' states, petitioners and shingled texts: one query."""
    if not ids:
        return {}
    rows = Matter.objects.filter(pk__in=ids).values_list(
        "pk", "state", "petitioner_id", "summary", "content"
    )
    return {
        pk: CandidateText(pk, state, petitioner, similarity.shingles(matter_text(summary, content)))
        for pk, state, petitioner, summary, content in rows
    }


def score_candidate(
    *, mine: frozenset[str], petitioner_id: int | None, other: CandidateText
) -> RepeatCandidate | None:
    """The link to show for one earlier matter, or None when it is neither the same petitioner's
    nor alike enough."""
    match = similarity.compare_shingles(mine, other.shingles)
    same_petitioner = petitioner_id is not None and other.petitioner_id == petitioner_id
    if not (same_petitioner or match.linked):
        return None
    return RepeatCandidate(
        earlier_id=other.pk,
        earlier_state=other.state,
        score=round(match.score, 4),
        same_petitioner=same_petitioner,
        similar=match.linked,
    )


def find_repeats(
    *, text: str, keys: list[int], petitioner_id: int | None, exclude_id: int | None = None
) -> list[RepeatCandidate]:
    """Earlier matters like this text: by petitioner and by band keys; at most three queries."""
    texts = candidate_texts(
        candidate_ids(keys=keys, petitioner_id=petitioner_id, exclude_id=exclude_id)
    )
    mine = similarity.shingles(text)
    found = [
        c
        for other in texts.values()
        if (c := score_candidate(mine=mine, petitioner_id=petitioner_id, other=other))
    ]
    found.sort(key=lambda c: (-c.score, -c.earlier_id))
    return found


def repeat_links(matter: Matter, candidates: list[RepeatCandidate]) -> list[RepeatLink]:
    """Unsaved link rows for a new matter."""
    return [
        RepeatLink(
            matter=matter,
            earlier_id=c.earlier_id,
            score=c.score,
            reason=c.reason,
            same_petitioner=c.same_petitioner,
            similar=c.similar,
        )
        for c in candidates
    ]


def store_band_keys(rows: list[tuple[int, int]]) -> None:
    """Insert ``(matter_id, key)`` rows: one executemany, not one model instance per key."""
    if not rows:
        return
    table = MatterBandKey._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (matter_id, key) VALUES (%s, %s)",  # noqa: S608
            rows,
        )


def store_repeats(*, matter: Matter, candidates: list[RepeatCandidate], keys: list[int]) -> None:
    """Write the links and the band keys of a newly registered matter (two inserts)."""
    if candidates:
        RepeatLink.objects.bulk_create(repeat_links(matter, candidates))
    store_band_keys([(matter.pk, key) for key in dict.fromkeys(keys)])
