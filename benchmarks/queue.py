"""The department queue of a busy department: the selector, the rendered page, the raw SQL.

The busiest department of the archive (most open matters) is worked by a bench user with a
staff post there, signed in through the test client: the page runs the whole stack (session,
middleware, access scope, the queue selector with conflict exclusion, counts by state,
template). Target: page p95 ≤ 5 ms and within 2× the raw SQL. The raw column runs the
page's own statements on matters, conflict exclusion included, and is checked to answer
the same rows and counts before it is timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from .common import (
    RAW_OPEN,
    Figure,
    Report,
    percentile,
    raw_connection,
    say,
    summary_ms,
    time_runs,
)

PAGE_SIZE = 50
#: The conflict exclusion every statement of the page carries (``exclude_conflicts``): one
#: ``NOT IN`` over the matters accusing the user's units (``{exposed}``: one ``?`` per unit)
#: or person and the user's recusals. Parameters: the units, the matter content type, the
#: person, the content type, the content type, the user.
RAW_EXCLUSION = (
    "NOT (id IN (SELECT object_id FROM access_accusation "
    "WHERE accused_organ_id IN ({exposed}) AND content_type_id = ? "
    "UNION ALL SELECT object_id FROM access_accusation "
    "WHERE accused_person_id = ? AND content_type_id = ? "
    "UNION ALL SELECT object_id FROM access_recusal WHERE content_type_id = ? AND user_id = ?))"
)
#: The selector's statement (``department_queue_rows(user=, fields=)`` with the queue's
#: columns): the organ's open matters by due date, those without one last.
RAW_QUEUE = (
    "SELECT id, summary, state, channel, action_period, action_due, received_at, action_paused "
    f"FROM petitions_matter WHERE {RAW_OPEN} AND current_organ_id = ? "
    "AND {exclusion} ORDER BY action_due NULLS LAST, id LIMIT ?"
)
#: The page's statements on matters: its rows (the columns the table shows), the organ's
#: counts by state (its counters less what the exclusion hides) and its open, overdue and
#: due-soon counts (on ``matter_queue_idx``).
RAW_PAGE_QUEUE = (
    "SELECT id, summary, state, action_period, action_due, received_at "
    f"FROM petitions_matter WHERE {RAW_OPEN} AND current_organ_id = ? "
    "AND {exclusion} ORDER BY action_due NULLS LAST, id LIMIT ?"
)
#: Counts by state: the organ's counters (kept by the services) less the matters there the
#: exclusion hides (the same subqueries, ``IN`` instead of ``NOT IN``).
RAW_COUNTERS = "SELECT state, matters FROM petitions_organstatecount WHERE organ_id = ?"
RAW_HIDDEN_BY_STATE = (
    "SELECT state, COUNT(*) FROM petitions_matter WHERE +current_organ_id = ? "
    "AND id IN ({conflicting}) GROUP BY state"
)
RAW_OPEN_COUNTS = (
    "SELECT COUNT(id), COUNT(id) FILTER (WHERE action_due < ? AND NOT action_paused), "
    "COUNT(id) FILTER (WHERE action_due >= ? AND action_due <= ? AND NOT action_paused) "
    "FROM petitions_matter "
    f"WHERE current_organ_id = ? AND {RAW_OPEN} AND {{exclusion}}"
)

#: The objections the organ verifies (``objections_to_verify``): objected matters whose latest
#: route to where they sit came from the organ.
RAW_OBJECTIONS = (
    "SELECT id, summary, current_organ_id, action_due FROM petitions_matter "
    "WHERE state = 'objected' AND (SELECT r.from_organ_id FROM petitions_matterroute r "
    "WHERE r.matter_id = petitions_matter.id AND r.to_organ_id = petitions_matter.current_organ_id "
    "ORDER BY r.routed_at DESC, r.id DESC LIMIT 1) = ? AND {exclusion} "
    "ORDER BY action_due, id LIMIT 100"
)


def raw_statements(user: Any) -> tuple[dict[str, str], tuple[Any, ...]]:
    """The raw statements with the user's exclusion, and the exclusion's parameters."""
    from django.contrib.contenttypes.models import ContentType

    from xinfang.access.policy import scope_for
    from xinfang.petitions.matters.models import Matter

    scope = scope_for(user)
    exposed = sorted(scope.exposed_organ_ids)
    content_type = ContentType.objects.get_for_model(Matter).pk
    exclusion = RAW_EXCLUSION.format(exposed=", ".join("?" * len(exposed)) or "NULL")
    conflicting = exclusion.removeprefix("NOT (id IN (").removesuffix("))")
    statements = {
        name: sql.format(exclusion=exclusion, conflicting=conflicting)
        for name, sql in (
            ("queue", RAW_QUEUE),
            ("page_queue", RAW_PAGE_QUEUE),
            ("hidden", RAW_HIDDEN_BY_STATE),
            ("open", RAW_OPEN_COUNTS),
            ("objections", RAW_OBJECTIONS),
        )
    }
    params = (*exposed, content_type, scope.person_id, content_type, content_type, user.pk)
    return statements, params


def busiest_department() -> tuple[int, int]:
    """``(organ id, open matters)`` of the department with the most open matters."""
    conn = raw_connection()
    try:
        row = conn.execute(
            "SELECT m.current_organ_id, COUNT(*) AS n FROM petitions_matter m "
            "JOIN orgs_organ o ON o.id = m.current_organ_id "
            f"WHERE {RAW_OPEN} AND o.roles LIKE '%department%' "  # organs have no state
            "GROUP BY m.current_organ_id ORDER BY n DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return int(row[0]), int(row[1])


def bench_user(organ_id: int) -> Any:
    """A staff member of the organ with a login (created once, through the services)."""
    from django.contrib.auth import get_user_model

    from xinfang.orgs.choices import PositionKind
    from xinfang.orgs.models import Organ, Person, Position
    from xinfang.orgs.services import person_create, person_link_user, position_start

    organ = Organ.objects.get(pk=organ_id)
    username = f"bench_{organ.code.replace('-', '_')}"
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(username=username, password=None)
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = person_create(actor="command:bench", code=f"bench:{organ.code}", name="测试员")
        person_link_user(actor="command:bench", person=person, user=user)
    if not Position.objects.filter(person=person, organ=organ).exists():
        position_start(
            actor="command:bench",
            person=person,
            organ=organ,
            kind=PositionKind.STAFF,
            start=dt.date(2020, 1, 1),
            title="工作人员",
        )
    return user


def run(report: Report, args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from xinfang.orgs.models import Organ
    from xinfang.petitions.matters.selectors import (
        DUE_SOON_DAYS,
        QUEUE_ROW_FIELDS,
        department_queue,
        department_queue_rows,
        organ_counts,
    )

    organ_id, open_count = busiest_department()
    organ = Organ.objects.get(pk=organ_id)
    today = timezone.localdate()
    user = bench_user(organ_id)
    runs = args.runs

    def selector() -> list[Any]:
        return department_queue_rows(
            organ=organ, limit=PAGE_SIZE, user=user, fields=QUEUE_ROW_FIELDS
        )

    def selector_plain() -> list[Any]:
        return list(department_queue(organ=organ, today=today, limit=PAGE_SIZE))

    client = Client()
    client.force_login(user)
    url = reverse("web:matter_queue") + f"?organ={organ_id}"
    first = client.get(url)
    if first.status_code != 200:
        raise SystemExit(f"queue page answered {first.status_code} for {url}")

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200

    statements: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        page()
    page_queries = len(statements)
    sel = time_runs(selector, runs=runs)
    sel_plain = time_runs(selector_plain, runs=runs)
    pages = time_runs(page, runs=runs)
    conn = raw_connection()
    iso = today.isoformat()
    soon = (today + dt.timedelta(days=DUE_SOON_DAYS)).isoformat()
    sql, excluded = raw_statements(user)

    def raw_queue() -> list[Any]:
        return conn.execute(sql["queue"], (organ_id, *excluded, PAGE_SIZE)).fetchall()

    def raw_queue_typed() -> list[Any]:
        # The same rows as the selector gives them: the due date a date, the receipt time an
        # aware datetime (SQLite hands both back as text).
        return [
            (
                *row[:5],
                dt.date.fromisoformat(row[5]),
                dt.datetime.fromisoformat(row[6]).replace(tzinfo=dt.UTC),
                bool(row[7]),
            )
            for row in raw_queue()
        ]

    def raw_page_sql() -> tuple[list[Any], dict[str, int], list[Any]]:
        rows = conn.execute(sql["page_queue"], (organ_id, *excluded, PAGE_SIZE + 1)).fetchall()
        by_state = dict(conn.execute(RAW_COUNTERS, (organ_id,)).fetchall())
        for state, n in conn.execute(sql["hidden"], (organ_id, *excluded)):
            by_state[state] -= n
        conn.execute(sql["objections"], (organ_id, *excluded)).fetchall()
        return (
            rows,
            by_state,
            conn.execute(sql["open"], (iso, iso, soon, organ_id, *excluded)).fetchall(),
        )

    # The raw statements do the page's work: the same rows and the same counts.
    rows, by_state, ((open_, overdue, due_soon),) = raw_page_sql()
    counts = organ_counts(user=user, organ=organ, today=today)
    if (
        [row[0] for row in rows[:PAGE_SIZE]] != [row[0] for row in selector()]
        or raw_queue_typed() != selector()
        or {k: n for k, n in by_state.items() if n}
        != {k: n for k, n in counts["by_state"].items() if n}
        or (open_, overdue, due_soon) != (counts["open"], counts["overdue"], counts["due_soon"])
    ):
        raise SystemExit("the raw statements no longer answer what the page shows")
    raw = time_runs(raw_queue, runs=runs)
    raw_typed = time_runs(raw_queue_typed, runs=runs)
    raw_page = time_runs(raw_page_sql, runs=runs)
    plans = {
        name: conn.execute("EXPLAIN QUERY PLAN " + sql[name], params).fetchall()
        for name, params in (
            ("page_queue", (organ_id, *excluded, PAGE_SIZE + 1)),
            ("hidden", (organ_id, *excluded)),
            ("open", (iso, iso, soon, organ_id, *excluded)),
        )
    }
    conn.close()
    if args.profile:
        import cProfile

        from .intake import _print_profile

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(50):
            page()
        profiler.disable()
        _print_profile(profiler, "queue page, 50 requests")
    say(
        f"department queue: {organ.name} ({organ.code}), {open_count:,} open matters, "
        f"page of {PAGE_SIZE}"
    )
    say(f"  selector (rows, with user): {summary_ms(sel)}")
    say(f"  selector (models, no user): {summary_ms(sel_plain)}")
    say(f"  page (test client):   {summary_ms(pages)}")
    say(f"  raw queue SELECT:     {summary_ms(raw)}")
    say(f"  raw, rows typed:      {summary_ms(raw_typed)}")
    say(f"  raw page SQL (queue, counts by state, open counts): {summary_ms(raw_page)}")
    say(f"  page queries: {page_queries} (session, user, positions, organ, the statements above)")
    for name, plan in plans.items():
        steps = [str(p[-1]) for p in plan if "SUBQUERY" not in str(p[-1])]
        say(f"  plan ({name}): {'; '.join(steps[:1])}")
    sel95, page95, raw95, rawpage95 = (percentile(x, 95) for x in (sel, pages, raw_typed, raw_page))
    report.add(
        Figure(
            "queue selector (p95)",
            sel95,
            raw95,
            "ms",
            "≤ 2× raw",
            sel95 <= 2 * raw95,
            note=f"raw rows untyped p95 {percentile(raw, 95):.2f} ms",
        )
    )
    report.add(
        Figure(
            "queue page, rendered (p95)",
            page95,
            rawpage95,
            "ms",
            "≤ 5 ms",
            page95 <= 5.0,
            note=f"p50 {percentile(pages, 50):.2f} ms",
        )
    )
    # The same page next to its raw statements alone: the rendering, the session and the
    # middleware have no raw counterpart, so this ratio counts them all against the page.
    report.add(
        Figure(
            "queue page, within 2× its raw statements",
            page95,
            rawpage95,
            "ms",
            "≤ 2× raw",
            page95 <= 2 * rawpage95,
        )
    )
