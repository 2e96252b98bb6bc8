"""Intake throughput: ``matter_register_batch`` and ``POST /api/matters``, next to raw SQL.

New matters come from the generator's machinery (the archive's categories, districts and
text), 20 % of them by a petitioner of the archive telling an earlier complaint again, so the
repeat detection finds what it would find in life. Targets: batch ≥ 2,000 matters/s through
the services; API ≥ 200 requests/s, sequential, one process.

The raw SQL figure does the same work with ``sqlite3``: the same band keys and ciphertexts
(computed in Python as the services compute them), the same repeat look-ups (the petitioner's
earlier matters, the band-key GROUP BY, the candidates' texts scored exactly), the same rows
(petitioner, matter, band keys, repeat links, clock, event, audit entry with the head row
read and updated), committed per batch (``executemany``) or per request. Its rows are
written with ids above the current maxima and deleted afterwards; its audit entries go to a
copy of the audit table (the real one refuses deletes).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import io
import json
import pstats
import random
import sqlite3
import time
import uuid
from dataclasses import dataclass
from typing import Any

from .common import Figure, Report, raw_connection, say

RAW_AUDIT = "bench_raw_audit"
RAW_HEAD = "bench_raw_audit_head"


@dataclass
class Item:
    """One matter to register, as the service and the API take it."""

    office_id: int
    channel: str
    received_at: dt.datetime
    summary: str
    content: str
    region_code: str
    category_id: int
    petitioner_id: int | None
    identity: dict[str, str] | None
    is_collective: bool
    headcount: int | None
    representatives: int | None


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())


def make_items(
    count: int,
    *,
    office_id: int | None = None,
    petitioners: list[int] | None = None,
    seed_offset: int = 0,
) -> list[Item]:
    """``count`` new matters after the archive, the way the generator makes its matters.

    With ``office_id`` every item is registered there, and repeats come only from
    ``petitioners``: those of that office the API user may read (``office_petitioners``).
    """
    from . import generate as g

    conn = raw_connection()
    try:
        meta = _meta(conn)
        target = int(meta["target"])
        world = g.load_world(
            conn, seed=int(meta["seed"]), target=target, today=dt.date.fromisoformat(meta["today"])
        )
        base_pet = int(meta["base_petitioner"])
        # Complaint indexes just after the archive: a repeat's earlier telling (at most a few
        # ten thousand matters back) is then in the archive, as in life.
        start = target + seed_offset
        own_petitioners = list(petitioners or ())
    finally:
        conn.close()
    now = dt.datetime.now(tz=dt.UTC)
    salt = time.time_ns()  # each run words its matters afresh
    items = []
    for index in range(start, start + count):
        root, _previous = g._complaint_root(world.seed, index)
        complaint = g._complaint(world, root)
        rng = random.Random(f"{world.seed}:{index}:intake:{salt}")
        spec = complaint["spec"]
        channel = rng.choices([c for c, _ in g.CHANNELS], weights=[w for _, w in g.CHANNELS])[0]
        collective = channel == "visit" and rng.random() < g.COLLECTIVE_SHARE / 0.25
        repeat = root != index
        summary, content = g.tell(rng, spec, complaint["facts"], channel=channel, repeat=repeat)
        office, _handler, _higher = g._organs_for(world, complaint)
        petitioner_id = None
        identity = None
        if office_id is not None:
            office = office_id
            if own_petitioners and rng.random() < g.REPEAT_SHARE:
                petitioner_id = rng.choice(own_petitioners)
        elif repeat and root < target and not complaint["anonymous"]:
            petitioner_id = base_pet + root
        if petitioner_id is None and not complaint["anonymous"]:
            identity = {"name": complaint["petitioner_name"], "phone": complaint["phone"]}
        items.append(
            Item(
                office_id=office,
                channel=channel,
                received_at=now - dt.timedelta(hours=rng.uniform(1, 48)),
                summary=summary[:300],
                content=content,
                region_code=complaint["region_code"],
                category_id=world.categories[spec.code],
                petitioner_id=petitioner_id,
                identity=identity,
                is_collective=collective,
                headcount=rng.choice((5, 8, 12, 30, 80)) if collective else None,
                representatives=rng.randint(1, 5) if collective else None,
            )
        )
    return items


# ---------------------------------------------------------------------------------------------
# Through the services


def service_items(items: list[Item]) -> list[dict[str, Any]]:
    from xinfang.orgs.models import Organ
    from xinfang.petitions.matters.models import Category

    organs = Organ.objects.in_bulk({i.office_id for i in items})
    categories = Category.objects.in_bulk({i.category_id for i in items})
    return [
        {
            "organ": organs[i.office_id],
            "channel": i.channel,
            "received_at": i.received_at,
            "summary": i.summary,
            "content": i.content,
            "region_code": i.region_code,
            "category": categories[i.category_id],
            "petitioner": i.petitioner_id,
            "identity": i.identity,
            "is_collective": i.is_collective,
            "headcount": i.headcount,
            "representatives": i.representatives,
        }
        for i in items
    ]


def run_batch(report: Report, args: argparse.Namespace) -> None:
    from django.db import connection

    from xinfang.petitions.matters.services import matter_register_batch

    total = args.intake
    items = make_items(total)
    batches = [items[n : n + args.batch] for n in range(0, total, args.batch)]
    connection.ensure_connection()
    seconds = 0.0
    profiler = cProfile.Profile() if args.profile else None
    registered = 0
    for n, batch in enumerate(batches):
        prepared = service_items(batch)
        started = time.perf_counter()
        result = matter_register_batch(items=prepared, actor="command:bench-intake")
        seconds += time.perf_counter() - started
        registered += len(result)
        say(f"  batch {n + 1}/{len(batches)}: {registered / seconds:,.0f} matters/s so far")
    rate = registered / seconds
    say(f"  services: {rate:,.0f} matters/s ({seconds / registered * 1000:.2f} ms each)")
    raw = raw_intake(items, per_request=False, batch=args.batch)
    raw_inserts = raw_intake(items, per_request=False, batch=args.batch, lookups=False)
    say(
        f"batch intake through matter_register_batch: {registered:,} matters in "
        f"{len(batches)} batches of {args.batch}"
    )
    each = seconds / registered * 1000
    say(f"  services:                 {rate:,.0f} matters/s ({each:.2f} ms each)")
    say(f"  raw SQL, same work:       {raw['rate']:,.0f} matters/s  {raw['detail']}")
    say(f"  raw SQL, inserts only:    {raw_inserts['rate']:,.0f} matters/s")
    _time_merge()
    if profiler is not None:
        # One more batch, under the profiler and outside the timing.
        extra = service_items(make_items(args.batch, seed_offset=40_000))
        profiler.enable()
        matter_register_batch(items=extra, actor="command:bench-intake")
        profiler.disable()
        _print_profile(profiler, f"matter_register_batch, one more batch of {args.batch}")
    report.add(
        Figure(
            "batch intake (services)",
            rate,
            raw["rate"],
            "matters/s",
            "≥ 2,000/s",
            rate >= 2000,
            higher_is_better=True,
        )
    )


def _time_merge() -> None:
    """The worker's merge of the recent tier into the archive tier, after the batches."""
    from xinfang.petitions.matters.services.index import repeat_index_merge

    started = time.perf_counter()
    result = repeat_index_merge(actor="command:bench-intake")
    say(
        f"  repeat index merge (worker job): {result.moved:,} keys moved, "
        f"{result.stop_keys:,} new stop keys, {result.dropped:,} postings dropped in "
        f"{time.perf_counter() - started:.2f} s"
    )


def _print_profile(profiler: cProfile.Profile, title: str) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    say(f"  cProfile ({title}), top 30 cumulative:")
    for line in out.getvalue().splitlines():
        if line.strip():
            say("    " + line)


# ---------------------------------------------------------------------------------------------
# Through the API


def api_user(office_id: int) -> Any:
    from .queue import bench_user

    return bench_user(office_id)


def api_payload(item: Item) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "organ_id": item.office_id,
        "channel": item.channel,
        "received_at": item.received_at.isoformat(),
        "region_code": item.region_code,
        "category_id": item.category_id,
        "summary": item.summary,
        "content": item.content,
        "is_collective": item.is_collective,
    }
    if item.is_collective:
        payload["headcount"] = item.headcount
        payload["representatives"] = item.representatives
    if item.petitioner_id is not None:
        payload["petitioner_id"] = item.petitioner_id
    elif item.identity is not None:
        payload["petitioner"] = item.identity
    return payload


def office_petitioners(user: Any, office_id: int) -> list[int]:
    """The office's newest 5,000 petitioners that ``user`` may read: a petitioner whose
    matters accuse the user's unit is hidden from the user (a 404), as it should be."""
    from xinfang.petitions.selectors import petitioner_list

    return list(
        petitioner_list(user=user)
        .filter(organ_id=office_id)
        .order_by("-id")
        .values_list("id", flat=True)[:5000]
    )


def busiest_office() -> int:
    conn = raw_connection()
    try:
        row = (
            conn.execute(
                "SELECT o.id FROM orgs_organ o WHERE o.code = '500112-petition'"
            ).fetchone()
            or conn.execute(
                "SELECT id FROM orgs_organ WHERE roles LIKE '%petition_office%' LIMIT 1"
            ).fetchone()
        )
    finally:
        conn.close()
    return int(row[0])


def run_api(report: Report, args: argparse.Namespace) -> None:
    from django.test import Client

    total = args.api
    office_id = busiest_office()
    user = api_user(office_id)
    petitioners = office_petitioners(user, office_id)
    items = make_items(total, office_id=office_id, petitioners=petitioners, seed_offset=20_000)
    client = Client()
    client.force_login(user)
    bodies = [json.dumps(api_payload(i), ensure_ascii=False) for i in items]
    # Warm-up: one request (URL resolver, schema models, the calendar cache).
    warm = client.post(
        "/api/matters",
        bodies[0],
        content_type="application/json",
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    if warm.status_code != 201:
        raise SystemExit(f"POST /api/matters answered {warm.status_code}: {warm.content[:500]!r}")
    profiler = cProfile.Profile() if args.profile else None
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    for n, body in enumerate(bodies[1:]):
        response = client.post(
            "/api/matters",
            body,
            content_type="application/json",
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if (n + 1) % 200 == 0:
            say(f"  {n + 1} requests: {(n + 1) / (time.perf_counter() - started):,.0f}/s so far")
    seconds = time.perf_counter() - started
    done = total - 1
    rate = done / seconds
    raw = raw_intake(items[1:], per_request=True, batch=1)
    floor = _api_floor(client, bodies[1:201])
    say(
        f"API intake, POST /api/matters with Idempotency-Key, sequential: {done:,} requests "
        f"(statuses {statuses})"
    )
    say(f"  API:               {rate:,.0f} requests/s ({seconds / done * 1000:.2f} ms each)")
    say(f"  raw SQL, same work: {raw['rate']:,.0f} requests/s  {raw['detail']}")
    say(
        f"  the request alone: {floor * 1000:.2f} ms (the same bodies naming an organ that does "
        "not exist: session, middleware, the schema, one look-up, a 422)"
    )
    bound = 1 / (floor + raw["seconds"] / done)
    say(
        f"  so at most {bound:,.0f} requests/s in one process here, were the intake's work no "
        "dearer than its raw SQL"
    )
    if profiler is not None:
        # 200 more requests, under the profiler and outside the timing.
        extra = make_items(200, office_id=office_id, petitioners=petitioners, seed_offset=60_000)
        profiler.enable()
        for item in extra:
            client.post(
                "/api/matters",
                json.dumps(api_payload(item), ensure_ascii=False),
                content_type="application/json",
                headers={"Idempotency-Key": str(uuid.uuid4())},
            )
        profiler.disable()
        _print_profile(profiler, "POST /api/matters, 200 more requests")
    ok = statuses.get(201, 0) == done
    report.add(
        Figure(
            "API intake (POST /api/matters)",
            rate,
            raw["rate"],
            "req/s",
            "≥ 200/s",
            rate >= 200 and ok,
            higher_is_better=True,
        )
    )


def _api_floor(client: Any, bodies: list[str]) -> float:
    """Seconds a request costs before any of the intake's work: the same bodies, each naming
    an organ that does not exist, refused (422) at the first look-up. With the raw SQL of the
    same work, it bounds what the API could reach in this process."""
    refused = [
        json.dumps({**json.loads(body), "organ_id": 2**62}, ensure_ascii=False) for body in bodies
    ]
    started = time.perf_counter()
    for body in refused:
        response = client.post(
            "/api/matters",
            body,
            content_type="application/json",
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        if response.status_code != 422:
            raise SystemExit(f"a request for no organ answered {response.status_code}")
    return (time.perf_counter() - started) / len(bodies)


# ---------------------------------------------------------------------------------------------
# The same work in raw SQL


def _audit_copy(conn: sqlite3.Connection) -> None:
    """A copy of the audit table (same columns and unique indexes) and of its head row."""
    sql = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit_auditentry'"
    ).fetchone()[0]
    conn.execute(f"DROP TABLE IF EXISTS {RAW_AUDIT}")
    conn.execute(sql.replace('"audit_auditentry"', RAW_AUDIT, 1))
    for (index_sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_auditentry' "
        "AND sql IS NOT NULL"
    ).fetchall():
        conn.execute(
            index_sql.replace('"audit_', '"bench_raw_audit_', 1).replace(
                '"audit_auditentry"', RAW_AUDIT
            )
        )
    conn.execute(f"DROP TABLE IF EXISTS {RAW_HEAD}")
    conn.execute(f"CREATE TABLE {RAW_HEAD} (id INTEGER PRIMARY KEY, seq INTEGER, entry_hash TEXT)")
    conn.execute(f"INSERT INTO {RAW_HEAD} VALUES (1, 0, ?)", ("0" * 64,))


RAW_TABLES = (
    "petitions_petitioner",
    "petitions_matter",
    "petitions_repeatlink",
    "petitions_matterclock",
    "petitions_matterevent",
    "petitions_idempotencykey",
)


def raw_intake(
    items: list[Item], *, per_request: bool, batch: int, lookups: bool = True
) -> dict[str, Any]:
    """Register ``items`` with plain ``sqlite3``; returns the rate and a breakdown."""
    from xinfang.access import crypto
    from xinfang.access.identity import normalise_phone
    from xinfang.audit.chain import entry_digest
    from xinfang.petitions import similarity
    from xinfang.petitions.selectors import name_index_of

    from .generate import _query_code, matter_text

    # The service's own bounds, so the raw look-ups read what the service reads.
    min_shared = similarity.MIN_SHARED_KEYS
    conn = raw_connection()
    _audit_copy(conn)
    bases = {
        t: (conn.execute(f"SELECT MAX(id) FROM {t}").fetchone()[0] or 0) + 1 for t in RAW_TABLES
    }
    ids = dict(bases)
    ring = crypto.load_keyring()
    rng = random.Random(5)

    def next_id(table: str) -> int:
        value = ids[table]
        ids[table] = value + 1
        return value

    lookup_seconds = 0.0
    written_keys: list[tuple[int, int]] = []
    started = time.perf_counter()
    n = 0
    while n < len(items):
        chunk = items[n : n + batch]
        n += len(chunk)
        conn.execute("BEGIN IMMEDIATE")
        petitioners, matters, keys_rows, links, clocks, events = [], [], [], [], [], []
        prints: list[tuple[int, bytes]] = []
        prepared = []
        for item in chunk:
            hashes = similarity.shingle_hashes(
                similarity.shingles(matter_text(item.summary, item.content))
            )
            keys = similarity.index_keys(hashes, item.region_code)
            fingerprint = similarity.fingerprint_of_hashes(hashes)
            prepared.append((item, keys, fingerprint, similarity.fingerprint_set(fingerprint)))
        found_for: list[list[tuple[int, float, bool, bool]]] = [[] for _ in chunk]
        if lookups:
            t0 = time.perf_counter()
            found_for = _raw_lookups(conn, prepared, min_shared=min_shared)
            lookup_seconds += time.perf_counter() - t0
        for (item, keys, fingerprint, _mine), found in zip(prepared, found_for, strict=True):
            if per_request:
                key = str(uuid.uuid4())
                conn.execute(
                    "SELECT id FROM petitions_idempotencykey WHERE scope = ? AND key = ?",
                    ("bench", key),
                ).fetchone()
            petitioner_id = item.petitioner_id
            if petitioner_id is None and item.identity is not None:
                petitioner_id = next_id("petitions_petitioner")
                uid = uuid.uuid4()
                aad = f"petitions.petitioner:{uid}:"
                petitioners.append(
                    (
                        petitioner_id,
                        uid.hex,
                        crypto.encrypt(item.identity["name"], aad=aad + "name", ring=ring),
                        crypto.encrypt(item.identity["phone"], aad=aad + "phone", ring=ring),
                        crypto.blind_index(
                            normalise_phone(item.identity["phone"]),
                            purpose="petitioner.phone",
                            ring=ring,
                        ),
                        name_index_of(item.identity["name"], ring=ring),
                        item.office_id,
                    )
                )
            matter_id = next_id("petitions_matter")
            prints.append((matter_id, fingerprint))
            now = dt.datetime.now(tz=dt.UTC)
            stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
            today = now.date()
            matters.append(
                (
                    matter_id,
                    item.channel,
                    int(item.is_collective),
                    item.headcount,
                    item.representatives,
                    item.received_at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    stamp,
                    item.region_code,
                    item.summary,
                    item.content,
                    0,
                    "",
                    _query_code(rng, matter_id),
                    "national-2022",
                    "registered",
                    "route",
                    (today + dt.timedelta(days=15)).isoformat(),
                    None,
                    "",
                    "",
                    0,
                    "",
                    None,
                    None,
                    item.category_id,
                    item.office_id,
                    None,
                    petitioner_id,
                    item.office_id,
                    None,
                )
            )
            keys_rows.extend((k, matter_id) for k in dict.fromkeys(keys))
            links.extend(
                (
                    next_id("petitions_repeatlink"),
                    score,
                    "same_petitioner" if same else "similar_content",
                    int(same),
                    int(similar),
                    stamp,
                    pk,
                    matter_id,
                )
                for pk, score, same, similar in found
            )
            clocks.append(
                (
                    next_id("petitions_matterclock"),
                    matter_id,
                    "route",
                    item.received_at.date().isoformat(),
                    15,
                    0,
                    (today + dt.timedelta(days=15)).isoformat(),
                    0,
                    '["信访工作条例(2022) 第21条"]',
                    None,
                    "",
                    item.office_id,
                )
            )
            details = json.dumps(
                {
                    "channel": item.channel,
                    "profile": "national-2022",
                    "repeats": [f[0] for f in found],
                },
                ensure_ascii=False,
            )
            events.append(
                (
                    next_id("petitions_matterevent"),
                    stamp,
                    "command:bench-raw",
                    "register",
                    "submitted",
                    "registered",
                    details,
                    '["信访工作条例(2022) 第20条"]',
                    matter_id,
                    item.office_id,
                )
            )
            seq, head = conn.execute(
                f"SELECT seq, entry_hash FROM {RAW_HEAD} WHERE id = 1"
            ).fetchone()
            digest = entry_digest(
                prev_hash=head,
                seq=seq + 1,
                at=now,
                actor="command:bench-raw",
                action="matter.register",
                object_type="petitions.matter",
                object_id=str(matter_id),
                details={"to": "registered"},
            )
            conn.execute(
                f"INSERT INTO {RAW_AUDIT} (seq, at, actor, action, object_type, object_id, "
                "details, prev_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    seq + 1,
                    stamp,
                    "command:bench-raw",
                    "matter.register",
                    "petitions.matter",
                    str(matter_id),
                    '{"to": "registered"}',
                    head,
                    digest,
                ),
            )
            conn.execute(
                f"UPDATE {RAW_HEAD} SET seq = ?, entry_hash = ? WHERE id = 1", (seq + 1, digest)
            )
            if per_request:
                conn.execute(
                    "INSERT INTO petitions_idempotencykey (id, scope, key, body_hash, response, "
                    "created_at) VALUES (?,?,?,?,?,?)",
                    (
                        next_id("petitions_idempotencykey"),
                        "bench",
                        key,
                        hashlib.sha256(item.content.encode()).hexdigest(),
                        json.dumps({"id": matter_id}),
                        stamp,
                    ),
                )
        conn.executemany(
            "INSERT INTO petitions_petitioner (id, uid, name_ciphertext, id_number_ciphertext, "
            "phone_ciphertext, address_ciphertext, id_number_index, phone_index, name_index, "
            "created_at, updated_at, organ_id) VALUES (?, ?, ?, '', ?, '', '', ?, ?, "
            "datetime('now'), datetime('now'), ?)",
            petitioners,
        )
        from .generate import MATTER_COLUMNS

        conn.executemany(
            f"INSERT INTO petitions_matter ({MATTER_COLUMNS}) VALUES ({','.join('?' * 30)})",
            matters,
        )
        conn.executemany(
            "INSERT INTO petitions_recentbandkey (key, matter_id) VALUES (?, ?)", keys_rows
        )
        conn.executemany(
            "INSERT INTO petitions_matterfingerprint (matter_id, data) VALUES (?, ?)", prints
        )
        written_keys.extend(keys_rows)
        conn.executemany(
            "INSERT INTO petitions_repeatlink (id, score, reason, same_petitioner, similar, "
            "created_at, earlier_id, matter_id) VALUES (?,?,?,?,?,?,?,?)",
            links,
        )
        conn.executemany(
            "INSERT INTO petitions_matterclock (id, matter_id, period, started_on, days, "
            "extension_days, due, provisional, basis, stopped_on, stopped_by, organ_id) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            clocks,
        )
        conn.executemany(
            "INSERT INTO petitions_matterevent (id, at, actor, action, from_state, to_state, "
            "details, basis, matter_id, organ_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
            events,
        )
        placed: dict[int, int] = {}
        for item in chunk:
            placed[item.office_id] = placed.get(item.office_id, 0) + 1
        conn.executemany(
            "INSERT INTO petitions_organstatecount (organ_id, state, matters) "
            "VALUES (?, 'registered', ?) ON CONFLICT (organ_id, state) DO UPDATE "
            "SET matters = petitions_organstatecount.matters + excluded.matters",
            sorted(placed.items()),
        )
        conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    _raw_cleanup(conn, bases, written_keys)
    conn.close()
    detail = (
        f"(repeat look-ups {lookup_seconds / len(items) * 1000:.2f} ms each)" if lookups else ""
    )
    return {"rate": len(items) / seconds, "seconds": seconds, "detail": detail}


def _raw_lookups(
    conn: sqlite3.Connection, prepared: list[Any], *, min_shared: int
) -> list[list[tuple[int, float, bool, bool]]]:
    """The service's repeat look-ups for one batch in plain SQL: the petitioners' newest
    matters (one statement), the content candidates (the service's statement, one per item),
    the candidates' fingerprints (one statement), then the exact scores and the batch's own
    earlier items in memory."""
    from xinfang.petitions import similarity
    from xinfang.petitions.matters.repeats import (
        SAME_PETITIONER_LIMIT,
        content_candidates_params,
        content_candidates_sql,
    )

    pids = sorted({p[0].petitioner_id for p in prepared if p[0].petitioner_id is not None})
    by_petitioner: dict[int, list[int]] = {}
    if pids:
        marks = ",".join("?" * len(pids))
        for pk, pid in conn.execute(
            "SELECT id, petitioner_id FROM (SELECT id, petitioner_id, ROW_NUMBER() OVER "
            "(PARTITION BY petitioner_id ORDER BY registered_at DESC, id DESC) AS n "
            f"FROM petitions_matter WHERE petitioner_id IN ({marks})) "
            f"WHERE n <= {SAME_PETITIONER_LIMIT}",
            pids,
        ):
            by_petitioner.setdefault(pid, []).append(pk)
    # The content look-up is the service's own statement (``content_candidates_sql``) run
    # through sqlite3: what is measured here is everything around it.
    wanted: list[set[int]] = []
    for item, keys, _fp, _mine in prepared:
        found: set[int] = set(by_petitioner.get(item.petitioner_id, ()))
        if keys:
            sql = content_candidates_sql(len(keys)).replace("%s", "?")
            params = content_candidates_params(keys, exclude_id=None)
            found.update(row[0] for row in conn.execute(sql, params))
        wanted.append(found)
    ids = sorted(set().union(*wanted))
    texts: dict[int, tuple[int | None, frozenset[int]]] = {}
    for start in range(0, len(ids), 4000):
        part = ids[start : start + 4000]
        marks = ",".join("?" * len(part))
        for pk, _state, pid, data in conn.execute(
            "SELECT m.id, m.state, m.petitioner_id, f.data FROM petitions_matter m "
            "LEFT JOIN petitions_matterfingerprint f ON f.matter_id = m.id "
            f"WHERE m.id IN ({marks})",
            part,
        ):
            texts[pk] = (pid, similarity.fingerprint_set(data))
    result: list[list[tuple[int, float, bool, bool]]] = []
    local_keys: dict[int, list[int]] = {}
    for position, (item, keys, _fp, mine) in enumerate(prepared):
        found = []
        for pk in wanted[position]:
            pid, other = texts[pk]
            match = similarity.compare_shingles(mine, other)
            same = item.petitioner_id is not None and pid == item.petitioner_id
            if same or match.linked:
                found.append((pk, round(match.score, 4), same, match.linked))
        shared_local: dict[int, int] = {}
        for key in keys:
            for j in local_keys.get(key, ()):
                shared_local[j] = shared_local.get(j, 0) + 1
            local_keys.setdefault(key, []).append(position)
        for j, c in shared_local.items():
            if c >= min_shared:
                similarity.compare_shingles(mine, prepared[j][3])
        result.append(found)
    return result


def _raw_cleanup(
    conn: sqlite3.Connection, bases: dict[str, int], band_keys: list[tuple[int, int]]
) -> None:
    """Delete the raw rows (ids from ``bases``) and reset the tables' id sequences.

    The counters by organ and state are counted again from the matters left. Children first,
    with foreign keys off: with them on, SQLite checks every deleted matter against each
    referencing table, and the band keys have no index on ``matter_id`` (their key is
    ``(key, matter)``), so each deleted matter would scan all of them.
    """
    from xinfang.petitions.matters.counts import RECOUNT_SQL

    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "DELETE FROM petitions_recentbandkey WHERE key = ? AND matter_id = ?", band_keys
    )
    conn.execute(
        "DELETE FROM petitions_matterfingerprint WHERE matter_id >= ?", (bases["petitions_matter"],)
    )
    for table in reversed(RAW_TABLES):
        conn.execute(f"DELETE FROM {table} WHERE id >= ?", (bases[table],))
        conn.execute(
            "UPDATE sqlite_sequence SET seq = (SELECT COALESCE(MAX(id), 0) FROM "
            f"{table}) WHERE name = ?",
            (table,),
        )
    conn.execute(f"DROP TABLE IF EXISTS {RAW_AUDIT}")
    conn.execute(f"DROP TABLE IF EXISTS {RAW_HEAD}")
    for statement in RECOUNT_SQL:
        conn.execute(statement)
    conn.execute("COMMIT")
