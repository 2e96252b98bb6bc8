"""The archive's distributions and rows: complaints over the demo organs, walked through."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from typing import Any

from xinfang.petitions import similarity

from .categories import CATEGORIES, CategorySpec
from .texts import complaint_facts, tell

# =============================================================================================
# The archive: N matters over the demo organs, written in chunks straight into SQLite


POPULATION = {  # 常住人口（万人）, rounded: bigger districts petition more
    "500101": 156,
    "500102": 111,
    "500103": 59,
    "500104": 42,
    "500105": 93,
    "500106": 147,
    "500107": 153,
    "500108": 120,
    "500109": 83,
    "500110": 101,
    "500111": 83,
    "500112": 219,
    "500113": 118,
    "500114": 49,
    "500115": 69,
    "500116": 135,
    "500117": 124,
    "500118": 115,
    "500119": 57,
    "500120": 76,
    "500151": 69,
    "500152": 69,
    "500153": 67,
    "500154": 120,
    "500155": 65,
    "500156": 35,
    "500229": 19,
    "500230": 56,
    "500231": 65,
    "500233": 72,
    "500235": 93,
    "500236": 74,
    "500237": 46,
    "500238": 39,
    "500240": 39,
    "500241": 50,
    "500242": 56,
    "500243": 49,
}
CHANNELS = (("letter", 30), ("visit", 25), ("online", 35), ("phone", 10))
COLLECTIVE_SHARE = 0.03
REPEAT_SHARE = 0.20
ANONYMOUS_SHARE = 0.03
MUNICIPAL_SHARE = 0.10
YEARS = 3
CHUNK = 10_000
PROFILE = "national-2022"
ACTOR = "command:bench-generate"
#: Periods (calendar days, 信访工作条例(2022)) and the basis each clock and event cites.
PERIODS = {
    "route": (15, "信访工作条例(2022) 第21条; 细则 第6条"),
    "accept": (15, "信访工作条例(2022) 第22条"),
    "handle": (60, "信访工作条例(2022) 第32条"),
    "review_request": (30, "信访工作条例(2022) 第35条"),
    "review": (30, "信访工作条例(2022) 第35条"),
    "rereview_request": (30, "信访工作条例(2022) 第35条"),
    "rereview": (30, "信访工作条例(2022) 第35条"),
}
#: Indexes dropped while the archive is loaded and built again at the end (bulk loading into
#: a B-tree in key order is several times faster than keeping it up to date row by row).
BULK_TABLES = (
    "petitions_matter",
    "petitions_matterbandkey",
    "petitions_matterclock",
    "petitions_matterevent",
    "petitions_repeatlink",
    "petitions_petitioner",
    "audit_auditentry",
)
META = "bench_meta"
BAND_KEYS = "petitions_matterbandkey"
BAND_STAGE = "bench_band_key_stage"


def _rng(seed: int, index: int, purpose: str) -> random.Random:
    return random.Random(f"{seed}:{index}:{purpose}")


@dataclass(frozen=True)
class World:
    """The demo organs and categories, as plain data a worker process can use."""

    seed: int
    target: int
    start: float  # epoch seconds of the oldest received time
    today: str  # ISO date the archive is "as of"
    organs: dict[str, int]  # organ code -> id
    districts: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]  # code, name, townships
    district_weights: tuple[float, ...]
    categories: dict[str, int]  # category code -> id


def _complaint_root(seed: int, index: int) -> tuple[int, int]:
    """``(root, previous)``: the first telling of this matter's complaint and the one before."""
    previous = index
    current = index
    for _ in range(50):
        rng = _rng(seed, current, "r")
        if rng.random() >= REPEAT_SHARE:
            return current, previous
        gap = 1 + int(rng.expovariate(1.0) * 25_000)
        if current - gap < 0:
            return current, previous
        current -= gap
        if previous == index:
            previous = current
    return current, previous


def _complaint(world: World, root: int) -> dict[str, Any]:
    """Who, where and what of a complaint: fixed by its root index."""
    rng = _rng(world.seed, root, "f")
    spec = rng.choices(CATEGORIES, weights=[c.weight for c in CATEGORIES])[0]
    region, name, townships = rng.choices(world.districts, weights=world.district_weights)[0]
    township = rng.choice(townships) if townships and rng.random() < 0.4 else None
    street = township[1] if township else rng.choice(townships)[1] if townships else name
    level = "municipal" if rng.random() < MUNICIPAL_SHARE else "district"
    if level == "district" and township and spec.code in TOWNSHIP_CATEGORIES:
        level = "township" if rng.random() < 0.5 else "district"
    facts = complaint_facts(rng, district=name, street=street, today_year=int(world.today[:4]))
    return {
        "spec": spec,
        "region": region,
        "region_code": township[0] if township else region,
        "level": level,
        "facts": facts,
        "petitioner_name": facts["name"],
        "phone": f"1{rng.choice('3578')}{rng.randint(100_000_000, 999_999_999)}",
        "anonymous": rng.random() < ANONYMOUS_SHARE,
    }


TOWNSHIP_CATEGORIES = frozenset({"land", "urban", "agriculture", "civil_affairs", "transport"})


def _organs_for(world: World, complaint: dict[str, Any]) -> tuple[int, int, int]:
    """``(registering petition office, handling organ, higher organ for reviews)``."""
    o = world.organs
    key = complaint["spec"].department
    region = complaint["region"]
    if complaint["level"] == "municipal":
        handler = o.get(f"500000-{key}") or o["500000-gov"]
        return o["500000-petition"], handler, o["500000-gov"]
    office = o[f"{region}-petition"]
    if complaint["level"] == "township":
        return office, o[f"{complaint['region_code']}-gov"], o[f"{region}-gov"]
    handler = o.get(f"{region}-{key}") or o[f"{region}-gov"]
    higher = o.get(f"500000-{key}") or o[f"{region}-gov"]
    return office, handler, higher


def _ts(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _day(epoch: float) -> dt.date:
    # Local (Asia/Shanghai, UTC+8) date of a moment.
    return dt.datetime.fromtimestamp(epoch + 8 * 3600, tz=dt.UTC).date()


QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _query_code(rng: random.Random, index: int) -> str:
    tail = []
    for _ in range(10):
        index, digit = divmod(index, 32)
        tail.append(QUERY_ALPHABET[digit])
    return "".join(rng.choice(QUERY_ALPHABET) for _ in range(6)) + "".join(tail)


@dataclass
class ChunkRows:
    """Everything one chunk writes, built in a worker process."""

    first: int
    matters: list[tuple[Any, ...]]
    clocks: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]  # (matter_id, at, action, from, to, organ_id, details, basis)
    band_keys: list[tuple[int, bytes]]  # (matter_id, packed signed 64-bit keys)
    fingerprints: list[tuple[int, bytes]]  # (matter_id, similarity.fingerprint)
    links: list[tuple[Any, ...]]
    petitioners: list[tuple[int, int, str, str, str]]  # id, organ, name, phone, created_at
    accusations: list[tuple[int, str, int]]  # matter id, created_at, accused organ


def build_chunk(world: World, first: int, count: int, base_matter: int, base_pet: int) -> ChunkRows:
    """Rows of matters ``first .. first+count-1`` (deterministic: seed and index only)."""
    import array

    span = YEARS * 365.25 * 86400
    now = world.start + span
    rows = ChunkRows(first, [], [], [], [], [], [], [], [])
    for index in range(first, first + count):
        root, previous = _complaint_root(world.seed, index)
        complaint = _complaint(world, root)
        spec: CategorySpec = complaint["spec"]
        rng = _rng(world.seed, index, "t")
        matter_id = base_matter + index
        channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
        collective = channel == "visit" and rng.random() < COLLECTIVE_SHARE / 0.25
        headcount = rng.choice((5, 6, 8, 12, 15, 20, 30, 46, 80, 150, 300)) if collective else None
        reps = min(5, rng.randint(1, 5)) if collective else None
        summary, content = tell(
            rng, spec, complaint["facts"], channel=channel, repeat=root != index
        )
        received = world.start + (index + rng.random()) / world.target * span
        registered = received + rng.uniform(600, 2 * 86400)
        office, handler, higher = _organs_for(world, complaint)
        petitioner = None if complaint["anonymous"] else base_pet + root
        if petitioner is not None and root == index:
            rows.petitioners.append(
                (
                    petitioner,
                    office,
                    complaint["petitioner_name"],
                    complaint["phone"],
                    _ts(registered),
                )
            )
        life = _lifecycle(rng, world, spec, received, registered, now, office, handler, higher)
        state, action_period, action_due, request_due, current, handling, final_at = life["state"]
        rows.matters.append(
            (
                matter_id,
                channel,
                int(collective),
                headcount,
                reps,
                _ts(received),
                _ts(registered),
                complaint["region_code"],
                summary[:300],
                content,
                int(rng.random() < 0.2),
                "",
                _query_code(rng, index),
                PROFILE,
                state,
                action_period,
                action_due,
                request_due,
                life["legal_route"],
                life["other_organ"],
                int(spec.accusation),
                life["satisfaction"],
                None,
                final_at,
                world.categories[spec.code],
                current,
                handling,
                petitioner,
                office,
                None,
            )
        )
        if spec.accusation:
            # A discipline complaint accuses the government of the place (细则第十一条第八项):
            # the matter is hidden from it and never routed to it.
            accused = world.organs.get(f"{complaint['region_code']}-gov")
            if accused is not None:
                rows.accusations.append((matter_id, _ts(registered), accused))
        for clock in life["clocks"]:
            rows.clocks.append((matter_id, *clock))
        for event in life["events"]:
            rows.events.append((matter_id, *event))
        hashes = similarity.shingle_hashes(similarity.shingles(matter_text(summary, content)))
        # Placed in the district of occurrence, as ``repeats.index_text`` places them.
        keys = array.array("q", similarity.index_keys(hashes, complaint["region_code"]))
        rows.band_keys.append((matter_id, keys.tobytes()))
        rows.fingerprints.append((matter_id, similarity.fingerprint_of_hashes(hashes)))
        if root != index:
            rows.links.append(
                (
                    round(rng.uniform(0.25, 0.8), 4),
                    "same_petitioner" if petitioner else "similar_content",
                    int(petitioner is not None),
                    1,
                    _ts(registered),
                    base_matter + previous,
                    matter_id,
                )
            )
    return rows


def matter_text(summary: str, content: str) -> str:
    """As ``xinfang.petitions.matters.repeats.matter_text`` (kept Django-free for workers)."""
    return f"{summary}\n{content}"


def _lifecycle(
    rng: random.Random,
    world: World,
    spec: CategorySpec,
    received: float,
    registered: float,
    now: float,
    office: int,
    handler: int,
    higher: int,
) -> dict[str, Any]:
    """Walk the procedure from registration; stop where ``now`` falls.

    Most matters are concluded within the periods; a few steps run late; about 1.5 % stall at
    some step and stay overdue; some go to review and re-review; routing sends a share out to
    legal routes, other organs and the discipline bodies.
    """
    day = 86400.0
    events: list[tuple[Any, ...]] = []
    clocks: list[list[Any]] = []
    result: dict[str, Any] = {"legal_route": "", "other_organ": "", "satisfaction": ""}
    stall = rng.random() < 0.015
    stall_step = rng.randrange(4) if stall else -1

    def event(at: float, action: str, source: str, target: str, organ: int | None) -> None:
        events.append(
            (_ts(at), action, source, target, organ, {"actor": "bench"}, [PERIODS_BASIS[action]])
        )

    def start_clock(period: str, start: float, organ: int | None) -> list[Any]:
        days, basis = PERIODS[period]
        begin = _day(start)
        clock = [period, begin, days, 0, begin + dt.timedelta(days=days), organ, basis, None, ""]
        clocks.append(clock)
        return clock

    def stop(clock: list[Any], at: float, by: str) -> None:
        clock[7] = _day(at)
        clock[8] = by

    def took(period: str, step: int) -> float:
        days = PERIODS[period][0]
        if step == stall_step:
            return 10_000 * day
        if rng.random() < 0.04:
            return (days + rng.uniform(1, 45)) * day  # late
        return rng.uniform(0.1, 0.85) * days * day

    def state(
        s: str,
        period: str = "",
        due: dt.date | None = None,
        current: int = office,
        handling: int | None = None,
        final: float | None = None,
        request: dt.date | None = None,
    ) -> None:
        result["state"] = (
            s,
            period,
            due.isoformat() if due else None,
            request.isoformat() if request else None,
            current,
            handling,
            _ts(final) if final else None,
        )

    t = registered
    event(t, "register", "submitted", "registered", office)
    route = start_clock("route", received, office)
    state("registered", "route", route[4])
    t_next = received + took("route", 0)
    if t_next > now:
        return _done(result, events, clocks)
    t = max(t, t_next)
    roll = rng.random()
    if spec.accusation and roll < 0.7:
        stop(route, t, "send_to_discipline")
        event(t, "send_to_discipline", "registered", "sent_to_discipline", office)
        state("sent_to_discipline", current=office, final=t)
        return _done(result, events, clocks)
    if roll < 0.08:
        stop(route, t, "route_out")
        result["legal_route"] = rng.choice(
            ("litigation", "arbitration", "administrative_reconsideration")
        )
        event(t, "route_out", "registered", "routed_out", office)
        state("routed_out", current=office, final=t)
        return _done(result, events, clocks)
    if roll < 0.10:
        stop(route, t, "send_to_other_organ")
        result["other_organ"] = rng.choice(("court", "procuratorate", "peoples_congress"))
        event(t, "send_to_other_organ", "registered", "sent_to_other_organ", office)
        state("sent_to_other_organ", current=office, final=t)
        return _done(result, events, clocks)
    stop(route, t, "route")
    event(t, "route", "registered", "routed", office)
    accept = start_clock("accept", t, handler)
    state("routed", "accept", accept[4], current=handler)
    t_next = t + took("accept", 1)
    if t_next > now:
        return _done(result, events, clocks)
    t = t_next
    stop(accept, t, "accept")
    if rng.random() < 0.05:
        event(t, "decline", "routed", "declined", handler)
        state("declined", current=handler, handling=handler, final=t)
        return _done(result, events, clocks)
    event(t, "accept", "routed", "accepted", handler)
    handle = start_clock("handle", t, handler)
    state("accepted", "handle", handle[4], current=handler, handling=handler)
    duration = took("handle", 2)
    if rng.random() < 0.08 and duration < 1000 * day:
        at = t + 50 * day
        if at > now:
            return _done(result, events, clocks)
        handle[3] = 30
        handle[4] = handle[4] + dt.timedelta(days=30)
        event(at, "extend", "accepted", "extended", handler)
        state("extended", "handle", handle[4], current=handler, handling=handler)
        duration = 50 * day + rng.uniform(1, 29) * day
    if t + duration > now:
        return _done(result, events, clocks)
    t += duration
    stop(handle, t, "conclude")
    event(t, "conclude", "accepted", "concluded", handler)
    request = start_clock("review_request", t, None)
    result["satisfaction"] = rng.choice(
        ("satisfied", "satisfied", "basically_satisfied", "dissatisfied", "")
    )
    state("concluded", current=handler, handling=handler, request=request[4])
    if rng.random() < 0.09:
        t_next = t + rng.uniform(3, 28) * day
        if t_next > now:
            return _done(result, events, clocks)
        t = t_next
        stop(request, t, "request_review")
        event(t, "request_review", "concluded", "review_requested", higher)
        review = start_clock("review", t, higher)
        state("review_requested", "review", review[4], current=higher, handling=handler)
        t_next = t + took("review", 3)
        if t_next > now:
            return _done(result, events, clocks)
        t = t_next
        stop(review, t, "decide_review")
        event(t, "decide_review", "review_requested", "reviewed", higher)
        request = start_clock("rereview_request", t, None)
        state("reviewed", current=higher, handling=handler, request=request[4])
        if rng.random() < 0.25:
            t_next = t + rng.uniform(3, 28) * day
            if t_next > now:
                return _done(result, events, clocks)
            t = t_next
            stop(request, t, "request_rereview")
            top = world.organs["500000-gov"]
            event(t, "request_rereview", "reviewed", "rereview_requested", top)
            rereview = start_clock("rereview", t, top)
            state("rereview_requested", "rereview", rereview[4], current=top, handling=handler)
            t_next = t + rng.uniform(5, 29) * day
            if t_next > now:
                return _done(result, events, clocks)
            stop(rereview, t_next, "decide_rereview")
            event(t_next, "decide_rereview", "rereview_requested", "rereviewed", top)
            state("rereviewed", current=top, handling=handler, final=t_next)
            return _done(result, events, clocks)
    if rng.random() < 0.55:
        t_next = t + rng.uniform(31, 60) * day
        if t_next <= now:
            stop(request, t_next, "close")
            event(t_next, "close", result["state"][0], "closed", result["state"][4])
            state("closed", current=result["state"][4], handling=handler, final=t_next)
    return _done(result, events, clocks)


PERIODS_BASIS = {
    "register": "信访工作条例(2022) 第20条",
    "route": "信访工作条例(2022) 第21条",
    "route_out": "信访工作条例(2022) 第21条",
    "send_to_other_organ": "信访工作条例(2022) 第21条",
    "send_to_discipline": "信访工作条例(2022) 第21条",
    "accept": "信访工作条例(2022) 第22条",
    "decline": "信访工作条例(2022) 第22条",
    "extend": "信访工作条例(2022) 第32条",
    "conclude": "信访工作条例(2022) 第32条",
    "request_review": "信访工作条例(2022) 第35条",
    "decide_review": "信访工作条例(2022) 第35条",
    "request_rereview": "信访工作条例(2022) 第35条",
    "decide_rereview": "信访工作条例(2022) 第35条",
    "close": "信访工作条例(2022) 第35条",
}


def _done(
    result: dict[str, Any], events: list[tuple[Any, ...]], clocks: list[list[Any]]
) -> dict[str, Any]:
    result["events"] = events
    result["clocks"] = [
        (
            c[0],
            c[1].isoformat(),
            c[2],
            c[3],
            c[4].isoformat(),
            int(False),
            json.dumps([c[6]], ensure_ascii=False),
            c[7].isoformat() if c[7] else None,
            c[8],
            c[5],
        )
        for c in clocks
    ]
    return result
