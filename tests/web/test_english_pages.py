"""English pages are English: no Chinese outside the data the pages show (issue 13, item 24).

A small world with every kind of record (matters in every state with their timelines, leads
found by detection and filed by hand, a case with findings, recommendations, decisions,
rectifications, notices and an honour disqualification) is read as every account, on every
page route (walked from the URL configuration, so a page added later is covered without a
word here), with ``Accept-Language: en``. What is legitimately Chinese is data: the names of
organs, people and places, the petition's own text, notes people typed. Those strings are
collected generically from the database (every text column of every row, except the columns
that hold interface vocabulary) and removed from the page; any Chinese character left
(CJK ideographs, CJK punctuation, full-width forms) is a defect, reported by page and snippet.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.accountability.factories import build_world
from tests.factories import PersonFactory, PositionFactory, UserFactory
from tests.petitions.matters.factories import WALK, build_matter_world, walk_to
from xinfang.orgs.choices import PositionKind
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.services import (
    forget_calendar,
    matter_hearing_end,
    matter_hearing_start,
    matter_receive,
)

pytestmark = pytest.mark.django_db

#: Columns that hold interface vocabulary, not data, in the rows the filter selects: they must
#: be rendered in the reader's language, so their Chinese is not removed before the check. (A
#: category without an English name shows its Chinese one; a lead filed by hand shows the
#: summary its author typed.)
VOCABULARY = {
    ("petitions", "Category", "name"): ~Q(name_en=""),
    ("accountability", "Lead", "summary"): Q(source="detected"),
    ("orgs", "Position", "title"): Q(),
}
#: The language switch names each language in that language.
NATIVE_NAMES = ["简体中文"]
#: What the reader types in a search box (shown back to them): data too.
SEARCH = "测试"
#: Steps offered by ``/matters/<id>/<action>/`` (GET shows the form or redirects).
PAGE_ACTIONS = ("accept", "decline", "extend", "conclude", "route", "follow-up", "satisfaction")
SKIP = ("admin/", "api/", "i18n/", "login/", "logout/", "static/", "media/")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
API = "/api/accountability"


def _send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    response = getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 201), (url, response.content)
    return response.json()


def _client(user: Any) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    client.force_login(user, backend="xinfang.access.backends.ModelBackend")
    return client


def _accountability_records(world: Any) -> None:
    """A matter gone overdue → a detected lead → a case with findings → recommendations →
    decisions with rectifications and notices → a rectification done; and a filed lead."""
    received = timezone.now() - dt.timedelta(days=60)
    matter_receive(
        organ=world.organ("housing"),
        actor=world.user("housing_clerk"),
        channel="letter",
        received_at=received,
        summary="小区电梯停运三个月无人处理",
        content="反映小区电梯停运三个月，物业和住建部门均未处理。",
        region_code="500103",
        identity={"name": "王某某", "address": "渝中区民生路88号"},
        at=received,
    )
    call_command("detect_leads", stdout=StringIO())
    clerk = _client(world.user("d_po_clerk"))
    leads = clerk.get(f"{API}/leads").json()["items"]
    assert leads, "detection found no lead"
    case = _send(clerk, "post", f"{API}/leads/{leads[0]['id']}/investigation", {})
    findings = {
        "grounds": [2, 3],
        "threshold_met": True,
        "threshold_reasoning": "收到信访事项后十五日内未决定是否受理。",
        "harm": "minor",
        "impact": "minor",
        "harm_description": "信访人多次来电催办。",
        "responsibility": "individual",
        "participants": [
            {"person_id": world.person("housing_clerk").pk, "role": "staff"},
            {"person_id": world.person("housing_deputy").pk, "role": "supervising_leader"},
            {
                "person_id": world.person("housing_director").pk,
                "role": "principal_leader",
                "diligent": True,
                "diligence_note": "已两次批示督办",
            },
        ],
    }
    _send(clerk, "put", f"{API}/cases/{case['id']}/findings", findings)
    sent = _send(clerk, "post", f"{API}/cases/{case['id']}/send", {})
    letters = {r["authority_id"]: r for r in sent}
    rectify_by = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    secretary = _client(world.user("d_secretary"))
    for d in letters[world.organ("d_party").pk]["decisions"]:
        body: dict[str, Any] = {"measures": d["recommended_measures"]}
        if d["person_id"]:
            body["rectification_due"] = rectify_by
        _send(secretary, "post", f"{API}/decisions/{d['id']}", body)
    rectifications = clerk.get(f"{API}/rectifications").json()["items"]
    if rectifications:
        _send(
            clerk,
            "post",
            f"{API}/rectifications/{rectifications[0]['id']}/done",
            {"evidence": "已建立受理台账并完成整改报告"},
        )


def _matter_records() -> list[Any]:
    """Matters in every state of the walk, at a district office with accounts of its own."""
    forget_calendar()
    mw = build_matter_world()
    mw.housing.name_en = "Urban and rural construction"
    mw.housing.save()
    mw.property_fees.name_en = "Property fees"
    mw.property_fees.save()
    for state in WALK:
        matter = walk_to(mw, state)
        if state == "rereview_requested":
            # A hearing ended and one running: the hearing table and the paused clock.
            _hearings(mw, matter)
    users = []
    for username, organ, kind in (
        ("po_clerk", mw.district_po, PositionKind.STAFF),
        ("housing_staff", mw.district_housing, PositionKind.STAFF),
        ("district_chief", mw.district, PositionKind.PRINCIPAL_LEADER),
        ("city_clerk", mw.city_po, PositionKind.STAFF),
    ):
        user = UserFactory(username=username)
        person = PersonFactory(name=f"{username}人员", user=user)
        PositionFactory(
            person=person, organ=organ, kind=kind, title="科员", start=dt.date(2015, 1, 1)
        )
        users.append(user)
    return users


def _hearings(mw: Any, matter: Matter) -> None:
    from tests.petitions.matters.factories import at

    held = matter_hearing_start(
        matter=matter,
        organ=mw.city,
        started_on=dt.date(2025, 8, 11),
        place="市信访听证室",
        actor="test:clerk",
        at=at("2025-08-11", 16),
    )
    matter_hearing_end(
        hearing=held,
        organ=mw.city,
        ended_on=dt.date(2025, 8, 12),
        actor="test:clerk",
        at=at("2025-08-12", 16),
    )
    matter_hearing_start(
        matter=matter,
        organ=mw.city,
        started_on=dt.date(2025, 8, 14),
        actor="test:clerk",
        at=at("2025-08-14", 16),
    )


def _page_routes() -> list[str]:
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return ["/" + r for r in found if not r.startswith(SKIP) and "(?P" not in r]


def _ids(name: str) -> list[Any]:
    """The values of a path parameter: every row of the model it names (``case_id`` →
    ``AccountabilityCase``), or the page steps."""
    if name == "action":
        return list(PAGE_ACTIONS)
    base = name.removesuffix("_id").replace("_", "")
    candidates = [m for m in apps.get_models() if m.__name__.lower().endswith(base)]
    model = min(candidates, key=lambda m: len(m.__name__))
    return list(model.objects.order_by("pk").values_list("pk", flat=True))


def _urls(route: str) -> Iterator[str]:
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    if not names:
        yield route
        return
    name = names[0]
    for value in _ids(name):
        yield from _urls(re.sub(rf"<(?:\w+:)?{name}>", str(value), route, count=1))


def _queries(world: Any) -> dict[str, list[dict[str, Any]]]:
    """Query strings that open more of some pages (a filter, an organ chosen, a result)."""
    housing = world.organ("housing").pk
    year = timezone.localdate().year
    return {
        "/matters/": [{}, {"state": "accepted"}],
        "/accountability/leads/": [{}, {"state": "investigating"}],
        "/accountability/leads/new/": [{}, {"q": SEARCH}, {"organ": housing}],
        "/accountability/honours/": [{}, {"q": SEARCH}, {"organ": housing, "year": year}],
    }


def _data_strings() -> list[str]:
    """Every text value of every row, but interface vocabulary, longest first."""
    found: set[str] = {*NATIVE_NAMES, SEARCH}
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if not isinstance(f, (models.CharField, models.TextField)):
                continue
            rows = model.objects.all()
            vocabulary = VOCABULARY.get((model._meta.app_label, model.__name__, f.name))
            if vocabulary is not None:
                rows = rows.exclude(vocabulary)
            for value in rows.values_list(f.name, flat=True):
                if isinstance(value, str) and CJK.search(value):
                    found.add(value)
                    # Long texts are shown in lines; their lines count too.
                    found.update(part for part in re.split(r"[\r\n]+", value) if part)
    return sorted(found, key=len, reverse=True)


def _strip(page: str, data: list[str]) -> str:
    text = html.unescape(page)
    for value in data:
        text = text.replace(value, " ")
    # Masked names (张**) and texts shortened with an ellipsis (…) are data too.
    text = re.sub(rf"{CJK.pattern}+\*+", " ", text)
    return text


def _chinese_left(text: str) -> list[str]:
    snippets = []
    for found in re.finditer(rf"\S*{CJK.pattern}+\S*", text):
        snippets.append(text[max(0, found.start() - 40) : found.end() + 40].replace("\n", " "))
    return snippets


def test_every_page_in_english_has_no_chinese_outside_the_data() -> None:
    world = build_world()
    _accountability_records(world)
    users = [
        world.user(name)
        for name in (
            "d_po_clerk",
            "d_secretary",
            "d_org_staff",
            "housing_director",
            "housing_clerk",
            "admin",
        )
    ]
    users += _matter_records()
    data = _data_strings()
    routes = _page_routes()
    queries = _queries(world)
    defects: dict[str, str] = {}
    pages = 0

    def check(who: str, url: str, response: Any) -> None:
        nonlocal pages
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            return
        pages += 1
        for snippet in _chinese_left(_strip(response.content.decode(), data)):
            defects.setdefault("".join(CJK.findall(snippet)), f"{who} {url}: …{snippet}…")

    for user in users:
        client = _client(user)
        for route in routes:
            for url in _urls(route):
                for query in queries.get(route, [{}]):
                    check(user.username, f"{url} {query or ''}", client.get(url, query))
    # The petitioner's look-up by query code, signed out.
    public = Client()
    public.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for code in Matter.objects.values_list("query_code", flat=True):
        check("public", f"/query/ {code}", public.post("/query/", {"code": code}))
    assert pages > 50
    assert not defects, f"{len(defects)} Chinese texts on English pages:\n" + "\n".join(
        sorted(defects.values())
    )
