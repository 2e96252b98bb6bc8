"""Search over matters (``xinfang.petitions.matters.search``), each kind of query next to raw SQL.

What a list page does for ``?q=``: ``matter_list(user=).filter(search_q(text))``, then the
count and the first page of 50 (newest first), read as a clerk of the municipal
petition office (the demo position ``500000-petition:staff1``, given a bench login). The raw
SQL side runs, with plain ``sqlite3``, the same two statements the product compiled (checked
to give the same rows), so the ratio is what Django, the filter and the access policy add in
Python; beside it, the search alone in hand-written SQL (no access policy) shows what the
policy's conditions cost in the database. The same through ``MatterFilter`` (the form of the
list's filter, which every list query pays whatever its ``q``) is printed too.

Queries, taken from the archive: a matter number, a query code, a petitioner's phone and name
(decrypted from a generated petitioner; the archive has no ID numbers: an ID number takes the
phone's path through its own index), a rare phrase (six characters from a matter's content),
a common four-character phrase and two two-character words (the trigram vocabulary path).
Target: p95 < 100 ms at 1,000,000 matters.
"""

from __future__ import annotations

import argparse
import random

from .common import Figure, Report, percentile, raw_connection, say, summary_ms, time_runs

TARGET_MS = 100.0
PAGE = 50
#: The clerk whose list is searched (a demo position).
CLERK = "500000-petition:staff1"


def samples(seed: int = 7) -> list[tuple[str, str, str]]:
    """``(figure name, query text, hand-written raw condition on m)`` for each kind."""
    from xinfang.access import crypto
    from xinfang.access.identity import normalise_phone
    from xinfang.petitions.matters.models import Matter
    from xinfang.petitions.models import NAME_INDEX_PURPOSE, PHONE_INDEX_PURPOSE, Petitioner
    from xinfang.petitions.selectors import normalise_name, petitioner_identity

    rng = random.Random(seed)
    top = Matter.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    matter = None
    while matter is None or matter.petitioner_id is None:
        matter = Matter.objects.filter(pk__gte=rng.randint(1, top)).order_by("pk").first()
    person = petitioner_identity(Petitioner.objects.get(pk=matter.petitioner_id))
    middle = len(matter.content) // 2
    rare = matter.content[middle : middle + 6]
    fts = (
        "m.id IN (SELECT rowid FROM petitions_matter_search WHERE petitions_matter_search MATCH {})"
    )
    phone = crypto.blind_index(normalise_phone(person.phone), purpose=PHONE_INDEX_PURPOSE)
    name = crypto.blind_index(normalise_name(person.name), purpose=NAME_INDEX_PURPOSE)
    by_person = "m.petitioner_id IN (SELECT id FROM petitions_petitioner WHERE {} = '{}')"
    return [
        ("matter number", str(matter.pk), f"m.id = {matter.pk}"),
        ("query code", matter.query_code, f"m.query_code = '{matter.query_code}'"),
        ("phone (blind index)", person.phone, by_person.format("phone_index", phone)),
        (
            "name (blind index + text)",
            person.name,
            by_person.format("name_index", name) + " OR " + fts.format("'\"" + person.name + "\"'"),
        ),
        ("rare phrase (6 chars)", rare, fts.format("'\"" + rare.replace("'", "''") + "\"'")),
        ("common phrase 拖欠工资", "拖欠工资", fts.format("'\"拖欠工资\"'")),
        ("two characters 工资", "工资", ""),
        ("two characters 维修", "维修", ""),
    ]


def run(report: Report, args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xinfang.petitions.matters.filters import MatterFilter
    from xinfang.petitions.matters.search import (
        fts_expression,
        identity_petitioner_ids,
        parse,
        search_q,
    )
    from xinfang.petitions.matters.selectors import matter_list

    from .duties import leader_user

    user = leader_user(CLERK)
    runs = max(5, min(args.runs, 100))
    conn = raw_connection()

    def product(text: str, *, filterset: bool = False) -> tuple[int, list[int]]:
        """What the search box does: an identity through the blind indexes to the list of the
        petitioner's matters (``?petitioner=``), anything else the list's ``?q=``. With
        ``filterset``: every kind in one condition (``search_q`` with identities)."""
        if filterset:
            rows = matter_list(user=user).filter(search_q(text))
        else:
            ids = identity_petitioner_ids(user, text)
            if ids or (ids is not None and not parse(text).words):
                data = {"petitioner": ",".join(map(str, ids)) or "0"}
            else:
                data = {"q": text}
            rows = MatterFilter(data, queryset=matter_list(user=user)).qs
        count = rows.count()
        page = list(rows.order_by("-registered_at", "-id").values_list("pk", flat=True)[:PAGE])
        return count, page

    for name, text, hand in samples():
        with CaptureQueriesContext(connection) as captured:
            count, page = product(text)
        statements = [q["sql"] for q in captured.captured_queries]

        def raw(statements: list[str] = statements) -> tuple[int, list[int]]:
            results = [conn.execute(sql).fetchall() for sql in statements]
            return int(results[-2][0][0]), [int(r[0]) for r in results[-1]]

        assert raw() == (count, page), f"{name}: the product and its statements disagree"
        orm = time_runs(lambda text=text: product(text), runs=runs, warmup=2)
        raw_ms = time_runs(raw, runs=runs, warmup=2)
        listed = time_runs(lambda text=text: product(text, filterset=True), runs=runs, warmup=2)
        if not hand:  # the short words: the vocabulary look-up, then the MATCH
            words = parse(text).words
            hand = (
                "m.id IN (SELECT rowid FROM petitions_matter_search "
                "WHERE petitions_matter_search MATCH '"
                + fts_expression(words).replace("'", "''")
                + "')"
            )
        alone_sql = (
            f"SELECT COUNT(*) FROM petitions_matter m WHERE {hand}",
            f"SELECT m.id FROM petitions_matter m WHERE {hand} "
            f"ORDER BY m.registered_at DESC, m.id DESC LIMIT {PAGE}",
        )
        alone_count = conn.execute(alone_sql[0]).fetchone()[0]
        alone = time_runs(
            lambda alone_sql=alone_sql: [conn.execute(sql).fetchall() for sql in alone_sql],
            runs=runs,
            warmup=2,
        )
        say(
            f"search, {name} ({parse(text).kinds}): {count:,} found for the clerk "
            f"({alone_count:,} in the archive), {len(statements)} statements"
        )
        say(f"  product:          {summary_ms(orm)}")
        say(f"  its statements:   {summary_ms(raw_ms)}")
        say(f"  search_q, every kind in one OR: {summary_ms(listed)}")
        say(f"  search alone SQL: {summary_ms(alone)}")
        p95 = percentile(orm, 95)
        report.add(
            Figure(
                f"search: {name} (p95)",
                p95,
                percentile(raw_ms, 95),
                "ms",
                "< 100 ms",
                p95 < TARGET_MS,
            )
        )
    conn.close()
