"""Repeat petitions (重复信访): find earlier matters like a new one and link them. Never merge.

Two ways to be a candidate, both by index: the same petitioner (``matter_petitioner_idx``)
and shared band keys of the text (keys from ``xinfang.petitions.similarity``). Each candidate
is then scored exactly from its stored fingerprint. An earlier matter of the same petitioner is
always shown; another petitioner's only when the texts are alike enough
(``similarity.compare_shingles``).

The band-key index has two tiers, as a search engine's has: new matters' keys go to the small
``RecentBandKey`` table (cheap to write: it stays in memory), and ``repeat_index_merge``
(run by the worker) moves them into the big ``MatterBandKey`` table in key order, where a
random insert per key would cost a page write each. Keys are placed in the district of
occurrence (``index_text``): a repeat is the same complaint about the same place. A key shared
by more than ``STOP_KEY_MATTERS`` matters is not used (it says nothing about any one of them)
and the merge makes it a stop key (``StopBandKey``), dropped from the index, the way a search
engine drops stop words. Look-ups read both tiers, one statement per new text, counted and
ranked in the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

from xinfang.petitions import similarity

from .choices import RepeatReason
from .models import Matter, MatterBandKey, MatterFingerprint, RecentBandKey, RepeatLink, StopBandKey

#: Earlier matters of the same petitioner looked at (the newest ones).
SAME_PETITIONER_LIMIT = 20
#: Content candidates scored exactly (those sharing the most band keys).
CONTENT_CANDIDATE_LIMIT = 10
#: A key held by more matters than this becomes a stop key when the index is merged.
STOP_KEY_MATTERS = 200
#: Parameters per look-up statement (well under SQLite's and PostgreSQL's limits).
_CHUNK = 4000


def matter_text(summary: str, content: str) -> str:
    """The text compared: summary and content."""
    return f"{summary}\n{content}"


@dataclass(frozen=True)
class IndexedText:
    """A text ready for repeat detection: its shingle hashes, stored fingerprint and keys."""

    shingle_set: frozenset[int]  # the fingerprint's values: what scoring compares
    fingerprint: bytes
    keys: list[int]


def index_text(text: str, *, region_code: str) -> IndexedText:
    """Shingle the text once and derive everything repeat detection needs from it; the band
    keys are placed in the district of occurrence (``similarity.place_keys``)."""
    hashes = similarity.shingle_hashes(similarity.shingles(text))
    keys = similarity.index_keys(hashes, region_code)
    data = similarity.fingerprint_of_hashes(hashes)
    return IndexedText(shingle_set=similarity.fingerprint_set(data), fingerprint=data, keys=keys)


@dataclass(frozen=True)
class Probe:
    """What is looked up for one new text."""

    keys: Sequence[int]
    petitioner_id: int | None
    #: A matter already in the index that must not find itself (re-checking an archived one).
    exclude_id: int | None = None
    #: The same person's records at other offices (the same ID number): their matters are
    #: the same petitioner's too.
    same_person: frozenset[int] = frozenset()


def _same_petitioner(petitioner_ids: set[int]) -> dict[int, list[int]]:
    """The newest ``SAME_PETITIONER_LIMIT`` matters of each petitioner: one statement."""
    found: dict[int, list[int]] = {}
    ids = sorted(petitioner_ids)
    table = Matter._meta.db_table
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join(["%s"] * len(chunk))
        sql = (
            f"SELECT id, petitioner_id FROM (SELECT id, petitioner_id, ROW_NUMBER() OVER ("  # noqa: S608
            f"PARTITION BY petitioner_id ORDER BY registered_at DESC, id DESC) AS n "
            f"FROM {table} WHERE petitioner_id IN ({marks})) AS newest "
            f"WHERE n <= {SAME_PETITIONER_LIMIT}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, chunk)
            for pk, petitioner in cursor.fetchall():
                found.setdefault(petitioner, []).append(pk)
    return found


def content_candidates_sql(keys: int) -> str:
    """The content look-up for one text with ``keys`` keys, with ``%s`` placeholders: the keys
    twice, then ``STOP_KEY_MATTERS``, the matter to leave out (-1 for none),
    ``MIN_SHARED_KEYS`` and ``CONTENT_CANDIDATE_LIMIT``. Returns the matters sharing the most
    usable keys, counted and ranked in the database (measured: a third faster than counting
    the postings in Python).

    Both tiers are read. A key held by more than ``STOP_KEY_MATTERS`` matters in both together
    is not used, whether or not a merge has made it a stop key yet: such a key says nothing
    about any one matter. The archive tier holds no stop key (the merge drops them); stop keys
    still in the recent tier are skipped."""
    marks = ", ".join(["%s"] * keys)
    archive = MatterBandKey._meta.db_table
    recent = RecentBandKey._meta.db_table
    stop = StopBandKey._meta.db_table
    return (
        f"WITH postings AS (SELECT key, matter_id FROM {archive} WHERE key IN ({marks}) "  # noqa: S608
        f"UNION ALL SELECT r.key, r.matter_id FROM {recent} AS r WHERE r.key IN ({marks}) "
        f"AND NOT EXISTS (SELECT 1 FROM {stop} AS s WHERE s.key = r.key)), "
        "usable AS (SELECT key FROM postings GROUP BY key HAVING COUNT(*) <= %s) "
        "SELECT matter_id FROM postings WHERE key IN (SELECT key FROM usable) "
        "AND matter_id <> %s GROUP BY matter_id HAVING COUNT(*) >= %s "
        "ORDER BY COUNT(*) DESC, matter_id DESC LIMIT %s"
    )


def content_candidates_params(keys: Sequence[int], *, exclude_id: int | None) -> list[int]:
    """The parameters of ``content_candidates_sql`` for these (distinct) keys."""
    return [
        *keys,
        *keys,
        STOP_KEY_MATTERS,
        exclude_id if exclude_id is not None else -1,
        similarity.MIN_SHARED_KEYS,
        CONTENT_CANDIDATE_LIMIT,
    ]


def _content_candidates(probe: Probe) -> list[int]:
    """The matters sharing the most usable band keys with one probe: one statement."""
    keys = list(dict.fromkeys(probe.keys))
    with connection.cursor() as cursor:
        cursor.execute(
            content_candidates_sql(len(keys)),
            content_candidates_params(keys, exclude_id=probe.exclude_id),
        )
        return [row[0] for row in cursor.fetchall()]


def candidate_ids_many(probes: Sequence[Probe]) -> list[set[int]]:
    """Earlier matters to score for each probe: the petitioner's newest, and the matters
    sharing at least ``MIN_SHARED_KEYS`` usable band keys (the ``CONTENT_CANDIDATE_LIMIT``
    sharing most, newest first on ties). One statement for the petitioners of a batch, one per
    probe with keys."""
    petitioners = {p.petitioner_id for p in probes if p.petitioner_id is not None}
    petitioners.update(*(p.same_person for p in probes))
    by_petitioner = _same_petitioner(petitioners) if petitioners else {}
    result: list[set[int]] = []
    for probe in probes:
        ids = set(_content_candidates(probe)) if probe.keys else set()
        people = set(probe.same_person)
        if probe.petitioner_id is not None:
            people.add(probe.petitioner_id)
        for person in people:
            ids.update(by_petitioner.get(person, ()))
        ids.discard(probe.exclude_id)  # type: ignore[arg-type]
        result.append(ids)
    return result


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


@dataclass(frozen=True)
class CandidateText:
    """What scoring needs of an earlier matter."""

    pk: int
    state: str
    petitioner_id: int | None
    shingles: frozenset[int]


def candidate_texts(ids: Iterable[int]) -> dict[int, CandidateText]:
    """The earlier matters' states, petitioners and fingerprints: one statement a chunk (a
    matter indexed before fingerprints existed is shingled from its text)."""
    wanted = sorted(set(ids))
    found: dict[int, CandidateText] = {}
    missing: list[int] = []
    for start in range(0, len(wanted), _CHUNK):
        rows = Matter.objects.filter(pk__in=wanted[start : start + _CHUNK]).values_list(
            "pk", "state", "petitioner_id", "fingerprint__data"
        )
        for pk, state, petitioner, data in rows:
            if data is None:
                missing.append(pk)
                continue
            found[pk] = CandidateText(pk, state, petitioner, similarity.fingerprint_set(data))
    if missing:
        texts = Matter.objects.filter(pk__in=missing).values_list(
            "pk", "state", "petitioner_id", "summary", "content"
        )
        for pk, state, petitioner, summary, content in texts:
            shingle_set = similarity.shingles(matter_text(summary, content))
            found[pk] = CandidateText(
                pk, state, petitioner, similarity.fingerprint_of_set(shingle_set)
            )
    return found


def score_candidate(
    *,
    mine: frozenset[int],
    petitioner_id: int | None,
    other: CandidateText,
    same_person: frozenset[int] = frozenset(),
) -> RepeatCandidate | None:
    """The link to show for one earlier matter, or None when it is neither the same petitioner's
    (``same_person``: their records at other offices) nor alike enough."""
    match = similarity.compare_shingles(mine, other.shingles)
    same_petitioner = other.petitioner_id is not None and (
        other.petitioner_id == petitioner_id or other.petitioner_id in same_person
    )
    if not (same_petitioner or match.linked):
        return None
    return RepeatCandidate(
        earlier_id=other.pk,
        earlier_state=other.state,
        score=round(match.score, 4),
        same_petitioner=same_petitioner,
        similar=match.linked,
    )


def score_candidates(
    *,
    mine: frozenset[int],
    petitioner_id: int | None,
    ids: Iterable[int],
    texts: dict[int, CandidateText],
    same_person: frozenset[int] = frozenset(),
) -> list[RepeatCandidate]:
    """The links to show among ``ids``, best first."""
    found = [
        c
        for pk in ids
        if pk in texts
        and (
            c := score_candidate(
                mine=mine, petitioner_id=petitioner_id, other=texts[pk], same_person=same_person
            )
        )
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


def store_index(*, keys: list[tuple[int, int]], fingerprints: list[tuple[int, bytes]]) -> None:
    """Index new matters: ``(matter_id, key)`` rows into the recent tier and ``(matter_id,
    fingerprint)`` rows; one ``executemany`` each, not one model instance per key."""
    with connection.cursor() as cursor:
        if keys:
            cursor.executemany(
                f"INSERT INTO {RecentBandKey._meta.db_table} (matter_id, key) "  # noqa: S608
                "VALUES (%s, %s)",
                keys,
            )
        if fingerprints:
            cursor.executemany(
                f"INSERT INTO {MatterFingerprint._meta.db_table} (matter_id, data) "  # noqa: S608
                "VALUES (%s, %s)",
                fingerprints,
            )


def store_repeats(
    *, matter: Matter, candidates: list[RepeatCandidate], indexed: IndexedText
) -> None:
    """Write the links, band keys and fingerprint of one newly registered matter."""
    if candidates:
        RepeatLink.objects.bulk_create(repeat_links(matter, candidates))
    store_index(
        keys=[(matter.pk, key) for key in indexed.keys],
        fingerprints=[(matter.pk, indexed.fingerprint)],
    )
