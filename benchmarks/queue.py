"""The department queue of a busy department: the selector, the rendered page, the raw SELECT.

The busiest department of the archive (most open matters) is worked by a bench user with a
staff post there, signed in through the test client: the page runs the whole stack (session,
middleware, access scope, the queue selector with conflict exclusion, counts by state,
template). Target: page p95 ≤ 5 ms and within 2× the raw SQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from .common import Figure, Report, percentile, raw_connection, say, summary_ms, time_runs

PAGE_SIZE = 50
RAW_QUEUE = (
    "SELECT id, summary, state, channel, action_period, action_due, received_at, "
    "registered_at, current_organ_id, category_id, is_collective, action_due < ? "
    "FROM petitions_matter WHERE current_organ_id = ? AND action_due IS NOT NULL "
    "ORDER BY action_due, id LIMIT ?"
)
#: What the page adds to the queue: the organ's counts by state (one grouped query).
RAW_COUNTS_BY_STATE = (
    "SELECT state, COUNT(*), COUNT(action_due), SUM(action_due < ?), "
    "SUM(action_due >= ? AND action_due <= ?) FROM petitions_matter "
    "WHERE current_organ_id = ? GROUP BY state"
)


def busiest_department() -> tuple[int, int]:
    """``(organ id, open matters)`` of the department with the most open matters."""
    conn = raw_connection()
    try:
        row = conn.execute(
            "SELECT m.current_organ_id, COUNT(*) AS n FROM petitions_matter m "
            "JOIN orgs_organ o ON o.id = m.current_organ_id "
            "WHERE m.action_due IS NOT NULL AND o.roles LIKE '%department%' "
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
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from xinfang.orgs.models import Organ
    from xinfang.petitions.matters.selectors import department_queue

    organ_id, open_count = busiest_department()
    organ = Organ.objects.get(pk=organ_id)
    today = timezone.localdate()
    user = bench_user(organ_id)
    runs = args.runs

    def selector() -> list[Any]:
        return list(department_queue(organ=organ, today=today, limit=PAGE_SIZE, user=user))

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

    sel = time_runs(selector, runs=runs)
    sel_plain = time_runs(selector_plain, runs=runs)
    pages = time_runs(page, runs=runs)
    conn = raw_connection()
    iso = today.isoformat()
    soon = (today + dt.timedelta(days=3)).isoformat()

    def raw_queue() -> None:
        conn.execute(RAW_QUEUE, (iso, organ_id, PAGE_SIZE)).fetchall()

    def raw_page_sql() -> None:
        conn.execute(RAW_QUEUE, (iso, organ_id, PAGE_SIZE + 1)).fetchall()
        conn.execute(RAW_COUNTS_BY_STATE, (iso, iso, soon, organ_id)).fetchall()

    raw = time_runs(raw_queue, runs=runs)
    raw_page = time_runs(raw_page_sql, runs=runs)
    plan = conn.execute("EXPLAIN QUERY PLAN " + RAW_QUEUE, (iso, organ_id, PAGE_SIZE)).fetchall()
    plan_counts = conn.execute(
        "EXPLAIN QUERY PLAN " + RAW_COUNTS_BY_STATE, (iso, iso, soon, organ_id)
    ).fetchall()
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
    say(f"  selector (with user): {summary_ms(sel)}")
    say(f"  selector (no user):   {summary_ms(sel_plain)}")
    say(f"  page (test client):   {summary_ms(pages)}")
    say(f"  raw queue SELECT:     {summary_ms(raw)}")
    say(f"  raw page SQL (queue + counts by state): {summary_ms(raw_page)}")
    say(f"  plan (queue):  {'; '.join(str(p[-1]) for p in plan)}")
    say(f"  plan (counts): {'; '.join(str(p[-1]) for p in plan_counts)}")
    sel95, page95, raw95, rawpage95 = (percentile(x, 95) for x in (sel, pages, raw, raw_page))
    report.add(Figure("queue selector (p95)", sel95, raw95, "ms", "≤ 2× raw", sel95 <= 2 * raw95))
    report.add(
        Figure(
            "queue page, rendered (p95)",
            page95,
            rawpage95,
            "ms",
            "≤ 5 ms, ≤ 2× raw",
            page95 <= 5.0 and page95 <= 2 * rawpage95,
            note=f"p50 {percentile(pages, 50):.2f} ms",
        )
    )
