"""Loading into SQLite: set-up, the resumable chunked load, indexes, the audit chain."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import random
import sqlite3
import time
import uuid
from collections.abc import Iterator
from typing import Any

from .categories import CATEGORIES
from .world import (
    ACTOR,
    BAND_KEYS,
    BAND_STAGE,
    BULK_TABLES,
    CHUNK,
    META,
    POPULATION,
    YEARS,
    ChunkRows,
    World,
    _ts,
    build_chunk,
)

# =============================================================================================
# Driver: set-up, resumable chunked load, indexes


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    conn.execute(f"CREATE TABLE IF NOT EXISTS {META} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    return dict(conn.execute(f"SELECT key, value FROM {META}").fetchall())


def _set_meta(conn: sqlite3.Connection, **values: Any) -> None:
    conn.executemany(
        f"INSERT OR REPLACE INTO {META} (key, value) VALUES (?, ?)",
        [(k, str(v)) for k, v in values.items()],
    )


def ensure_categories(conn: sqlite3.Connection) -> dict[str, int]:
    """The category taxonomy the generator uses (created when the database has none of it)."""
    for spec in CATEGORIES:
        conn.execute(
            "INSERT OR IGNORE INTO petitions_category (code, name, is_active, parent_id) "
            "VALUES (?, ?, 1, NULL)",
            (spec.code, spec.name),
        )
    codes = [spec.code for spec in CATEGORIES]
    marks = ",".join("?" * len(codes))
    return dict(
        conn.execute(
            f"SELECT code, id FROM petitions_category WHERE code IN ({marks})",
            codes,
        ).fetchall()
    )


def load_world(conn: sqlite3.Connection, *, seed: int, target: int, today: dt.date) -> World:
    organs = dict(conn.execute("SELECT code, id FROM orgs_organ").fetchall())
    townships: dict[str, list[tuple[str, str]]] = {}
    for region, short in conn.execute(
        "SELECT region_code, short_name FROM orgs_organ WHERE level = 'township' ORDER BY code"
    ):
        townships.setdefault(region[:6], []).append((region, short))
    districts = []
    for region, name in conn.execute(
        "SELECT region_code, short_name FROM orgs_organ WHERE level = 'district' "
        "AND code LIKE '%-gov' ORDER BY region_code"
    ):
        bare = name.removesuffix("政府")
        districts.append((region, bare, tuple(townships.get(region, ()))))
    if not districts:
        raise SystemExit("No demo organs: run `xinfang demo` first (the benchmark does).")
    start = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC) - dt.timedelta(
        days=round(YEARS * 365.25)
    )
    return World(
        seed=seed,
        target=target,
        start=start.timestamp(),
        today=today.isoformat(),
        organs=organs,
        districts=tuple(districts),
        district_weights=tuple(float(POPULATION.get(d[0], 50)) for d in districts),
        categories=ensure_categories(conn),
    )


def _drop_indexes(conn: sqlite3.Connection, meta: dict[str, str]) -> None:
    """Drop the bulk tables' secondary indexes, remembering their DDL in the meta table."""
    if "indexes" in meta:
        return
    marks = ",".join("?" * len(BULK_TABLES))
    rows = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})",
        BULK_TABLES,
    ).fetchall()
    _set_meta(conn, indexes=json.dumps(rows, ensure_ascii=False))
    for name, _sql in rows:
        conn.execute(f'DROP INDEX IF EXISTS "{name}"')
    # The band keys (128 a matter) go to a plain staging table in arrival order and are
    # written into their real table, whatever its layout (a WITHOUT ROWID primary key on
    # (key, matter), or a table with an index), in key order at the end: appending to a
    # B-tree is much faster than inserting at random places in it.
    ddl = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (BAND_KEYS,)
    ).fetchone()[0]
    _set_meta(conn, band_key_table=ddl)
    conn.execute(f"DROP TABLE {BAND_KEYS}")
    conn.execute(f"CREATE TABLE {BAND_STAGE} (key INTEGER NOT NULL, matter_id INTEGER NOT NULL)")


def _build_indexes(conn: sqlite3.Connection, meta: dict[str, str], log: Any) -> None:
    from xinfang.petitions.matters.repeats import STOP_KEY_MATTERS  # Django is set up here

    if "band_key_table" in meta:
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute(meta["band_key_table"])
        inserted = conn.execute(
            f"INSERT INTO {BAND_KEYS} (key, matter_id) SELECT key, matter_id "
            f"FROM {BAND_STAGE} ORDER BY key, matter_id"
        ).rowcount
        # Keys held by more than STOP_KEY_MATTERS matters become stop keys, as the index
        # merge (``repeat_index_merge``) makes them.
        conn.execute(
            "INSERT INTO petitions_stopbandkey (key, matters, found_at) "
            f"SELECT key, COUNT(*), ? FROM {BAND_KEYS} GROUP BY key HAVING COUNT(*) > ?",
            (_ts(time.time()), STOP_KEY_MATTERS),
        )
        dropped = conn.execute(
            f"DELETE FROM {BAND_KEYS} WHERE key IN (SELECT key FROM petitions_stopbandkey)"
        ).rowcount
        _set_meta(conn, band_keys=inserted - dropped)
        conn.execute(f"DROP TABLE {BAND_STAGE}")
        conn.execute(f"DELETE FROM {META} WHERE key = 'band_key_table'")
        conn.execute("COMMIT")
        log(
            f"  band keys in key order: {time.perf_counter() - started:.1f} s "
            f"({dropped} postings of stop keys dropped)"
        )
    for name, sql in json.loads(meta.get("indexes", "[]")):
        started = time.perf_counter()
        conn.execute(sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
        log(f"  index {name}: {time.perf_counter() - started:.1f} s")
    conn.execute(f"DELETE FROM {META} WHERE key = 'indexes'")


MATTER_COLUMNS = (
    "id, channel, is_collective, headcount, representatives, received_at, registered_at, "
    "region_code, summary, content, may_be_public, accused_names, query_code, profile, state, "
    "action_period, action_due, request_due, legal_route, other_organ, is_accusation, "
    "satisfaction, satisfaction_at, final_at, category_id, current_organ_id, handling_organ_id, "
    "petitioner_id, registering_organ_id, rereviewed_match_id"
)
CLOCK_COLUMNS = (
    "matter_id, period, started_on, days, extension_days, due, provisional, basis, stopped_on, "
    "stopped_by, organ_id"
)


class _Writer:
    """Writes chunks in order: petitioners (encrypted), matters, clocks, events with their
    audit entries (hash-chained from the current head), band keys, repeat links."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        from xinfang.access import crypto
        from xinfang.access.identity import normalise_phone
        from xinfang.audit.chain import GENESIS_HASH, entry_digest

        self.conn = conn
        self.crypto = crypto
        self.ring = crypto.load_keyring()
        self.normalise_phone = normalise_phone
        from xinfang.petitions.selectors import name_index_of

        self.name_index_of = name_index_of
        self.entry_digest = entry_digest
        head = conn.execute("SELECT seq, entry_hash FROM audit_audithead WHERE id = 1").fetchone()
        if head is None:
            conn.execute(
                "INSERT INTO audit_audithead (id, seq, entry_hash) VALUES (1, 0, ?)",
                (GENESIS_HASH,),
            )
            head = (0, GENESIS_HASH)
        self.seq, self.head = head
        from django.contrib.contenttypes.models import ContentType

        from xinfang.petitions.models import Matter

        self.matter_type = ContentType.objects.get_for_model(Matter).pk

    def write(self, rows: ChunkRows) -> None:
        conn = self.conn
        crypto = self.crypto
        petitioners = []
        for pid, organ, name, phone, created in rows.petitioners:
            uid = uuid.UUID(int=random.Random(pid).getrandbits(128), version=4)
            aad = f"petitions.petitioner:{uid}:"
            petitioners.append(
                (
                    pid,
                    uid.hex,
                    crypto.encrypt(name, aad=aad + "name", ring=self.ring),
                    "",
                    crypto.encrypt(phone, aad=aad + "phone", ring=self.ring),
                    "",
                    "",
                    crypto.blind_index(
                        self.normalise_phone(phone), purpose="petitioner.phone", ring=self.ring
                    ),
                    self.name_index_of(name, ring=self.ring),
                    created,
                    created,
                    organ,
                )
            )
        conn.executemany(
            "INSERT INTO petitions_petitioner (id, uid, name_ciphertext, id_number_ciphertext, "
            "phone_ciphertext, address_ciphertext, id_number_index, phone_index, name_index, "
            "created_at, updated_at, organ_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            petitioners,
        )
        conn.executemany(
            f"INSERT INTO petitions_matter ({MATTER_COLUMNS}) VALUES ({','.join('?' * 30)})",
            rows.matters,
        )
        conn.executemany(
            f"INSERT INTO petitions_matterclock ({CLOCK_COLUMNS}) VALUES ({','.join('?' * 11)})",
            rows.clocks,
        )
        events = []
        audit = []
        seq, head = self.seq, self.head
        for matter_id, at, action, source, target, organ, details, basis in rows.events:
            details_json = json.dumps(details, ensure_ascii=False)
            events.append(
                (
                    at,
                    ACTOR,
                    action,
                    source,
                    target,
                    details_json,
                    json.dumps(basis, ensure_ascii=False),
                    matter_id,
                    organ,
                )
            )
            seq += 1
            moment = dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC)
            audit_details = {"from": source, "to": target, "organ": organ}
            digest = self.entry_digest(
                prev_hash=head,
                seq=seq,
                at=moment,
                actor=ACTOR,
                action=f"matter.{action}",
                object_type="petitions.matter",
                object_id=str(matter_id),
                details=audit_details,
            )
            audit.append(
                (
                    seq,
                    at,
                    ACTOR,
                    f"matter.{action}",
                    "petitions.matter",
                    str(matter_id),
                    json.dumps(audit_details, ensure_ascii=False),
                    head,
                    digest,
                )
            )
            head = digest
        conn.executemany(
            "INSERT INTO petitions_matterevent (at, actor, action, from_state, to_state, details, "
            "basis, matter_id, organ_id) VALUES (?,?,?,?,?,?,?,?,?)",
            events,
        )
        conn.executemany(
            "INSERT INTO audit_auditentry (seq, at, actor, action, object_type, object_id, "
            "details, prev_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?)",
            audit,
        )
        conn.execute("UPDATE audit_audithead SET seq = ?, entry_hash = ? WHERE id = 1", (seq, head))
        self.seq, self.head = seq, head
        conn.executemany(
            f"INSERT INTO {BAND_STAGE} (key, matter_id) VALUES (?, ?)",
            _expand_keys(rows.band_keys),
        )
        conn.executemany(
            "INSERT INTO petitions_matterfingerprint (matter_id, data) VALUES (?, ?)",
            rows.fingerprints,
        )
        conn.executemany(
            "INSERT INTO access_accusation (object_id, created_at, accused_organ_id, "
            "accused_person_id, content_type_id) VALUES (?, ?, ?, NULL, ?)",
            [(m, at, organ, self.matter_type) for m, at, organ in rows.accusations],
        )
        conn.executemany(
            "INSERT INTO petitions_repeatlink (score, reason, same_petitioner, similar, "
            "created_at, earlier_id, matter_id) VALUES (?,?,?,?,?,?,?)",
            rows.links,
        )


def _expand_keys(band_keys: list[tuple[int, bytes]]) -> Iterator[tuple[int, int]]:
    import array

    for matter_id, packed in band_keys:
        keys = array.array("q")
        keys.frombytes(packed)
        for key in keys:
            yield key, matter_id


def generate(
    *,
    matters: int,
    seed: int = 20_170_523,
    workers: int = 2,
    log: Any = print,
) -> dict[str, Any]:
    """Fill the benchmark database with ``matters`` matters; resume where a run stopped.

    Django must be set up (for the database path and the key ring). Returns the meta data.
    """
    from xinfang.petitions.matters.counts import RECOUNT_SQL

    from ..common import database_path

    conn = sqlite3.connect(database_path(), isolation_level=None, timeout=60)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")
    conn.execute("PRAGMA foreign_keys=OFF")
    meta = _meta(conn)
    if meta.get("complete") == "1" and int(meta["target"]) == matters:
        log(f"archive of {matters:,} matters already generated")
        return meta
    if "target" in meta and int(meta["target"]) != matters:
        raise SystemExit(
            f"{database_path()} holds an archive generated for {int(meta['target']):,} matters; "
            f"run without --reuse (or with --matters {int(meta['target'])}) "
            "to start again"
        )
    if "target" not in meta:
        base_matter = (conn.execute("SELECT MAX(id) FROM petitions_matter").fetchone()[0] or 0) + 1
        base_pet = (conn.execute("SELECT MAX(id) FROM petitions_petitioner").fetchone()[0] or 0) + 1
        conn.execute("BEGIN")
        _set_meta(
            conn,
            target=matters,
            seed=seed,
            today=dt.date.today().isoformat(),
            base_matter=base_matter,
            base_petitioner=base_pet,
            done=0,
        )
        conn.execute("COMMIT")
        meta = _meta(conn)
    world = load_world(
        conn, seed=int(meta["seed"]), target=matters, today=dt.date.fromisoformat(meta["today"])
    )
    conn.execute("BEGIN")
    _drop_indexes(conn, meta)
    conn.execute("COMMIT")
    meta = _meta(conn)
    done = int(meta["done"])
    base_matter, base_pet = int(meta["base_matter"]), int(meta["base_petitioner"])
    writer = _Writer(conn)
    started = time.perf_counter()
    chunks = [(first, min(CHUNK, matters - first)) for first in range(done, matters, CHUNK)]
    log(f"generating matters {done:,}..{matters:,} in {len(chunks)} chunks ({workers} workers)")
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: list[Any] = []
        queue = list(chunks)
        while queue or pending:
            while queue and len(pending) < workers + 1:
                first, count = queue.pop(0)
                pending.append(
                    pool.apply_async(build_chunk, (world, first, count, base_matter, base_pet))
                )
            rows = pending.pop(0).get()
            conn.execute("BEGIN")
            writer.write(rows)
            _set_meta(conn, done=rows.first + len(rows.matters))
            conn.execute("COMMIT")
            finished = rows.first + len(rows.matters)
            rate = (finished - done) / (time.perf_counter() - started)
            log(
                f"  {finished:>10,} matters  {rate:,.0f}/s  "
                f"eta {(matters - finished) / max(rate, 1) / 60:.1f} min"
            )
    log("building indexes")
    meta = _meta(conn)
    _build_indexes(conn, meta, log)
    conn.execute("BEGIN")
    for statement in RECOUNT_SQL:  # the services keep these counters; count what was written
        conn.execute(statement)
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    _set_meta(conn, complete=1, generated_seconds=round(time.perf_counter() - started))
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    meta = _meta(conn)
    conn.close()
    return meta
