"""Nothing an accused unit can observe tells it that it was accused (细则第十一条第八项).

A differential test: the same world with and without the accusation. Petitioner P has an
ordinary matter M1 that district housing (U) handles. In the accused world P then accuses U in
M2 at the district petition office, and accuses a person of U in M3 at the municipal petition
office (a record of its own there, the same ID number). Every read endpoint of the API (taken
from the OpenAPI document, so an endpoint added later is covered without a word here), every
page, the petitioner look-ups and a direct receipt registered by U with P's ID number are run
as every account of U in both worlds; the answers must be identical once timestamps, tokens and
the ids of records the reads themselves create are normalised. The accusing matters' ids are
probed in both worlds: "not found" and "hidden" must look the same.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.factories import PersonFactory, PositionFactory, UserFactory
from tests.petitions.matters.factories import HOUSING_TEXT, MatterWorld, build_matter_world
from xinfang.orgs.choices import PositionKind
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.services import forget_calendar

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
#: The accounts of the accused unit and of the unit below it.
ACCUSED_ACCOUNTS = ("housing_staff", "housing_chief", "team_staff")
#: Page steps offered by ``/matters/<id>/<action>/`` (GET shows the form or redirects).
PAGE_ACTIONS = ("accept", "decline", "extend", "conclude", "route", "follow-up", "satisfaction")


def _account(username: str, organ: Organ, kind: str = PositionKind.STAFF) -> Any:
    user = UserFactory(username=username)
    person = PersonFactory(name=f"{username} 人员", user=user)
    PositionFactory(person=person, organ=organ, kind=kind, start=dt.date(2015, 1, 1))
    return user


def _leader_account(username: str, organ: Organ) -> Any:
    """An account for the organ's principal leader the world already has."""
    user = UserFactory(username=username)
    person = Person.objects.get(
        positions__organ=organ, positions__kind=PositionKind.PRINCIPAL_LEADER
    )
    person.user = user
    person.save(update_fields=["user"])
    return user


def _client(user: Any, language: str = "zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user, backend="xinfang.access.backends.ModelBackend")
    return client


def _post_json(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _intake(mw: MatterWorld, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "letter",
        "received_at": (timezone.now() - dt.timedelta(hours=2)).isoformat(),
        "region_code": "500103001",
        "category_id": mw.property_fees.pk,
        "summary": "物业多收电梯维修费",
        "content": HOUSING_TEXT,
        "petitioner": {"name": "张三丰", "id_number": ID_NUMBER, "phone": PHONE},
    }
    body.update(overrides)
    return body


class World:
    """The base world: organs, accounts of U and the offices, M1 accepted by U."""

    def __init__(self) -> None:
        forget_calendar()
        self.mw = mw = build_matter_world()
        self.users = {
            "po_clerk": _account("po_clerk", mw.district_po),
            "city_clerk": _account("city_clerk", mw.city_po),
            "housing_staff": _account("housing_staff", mw.district_housing),
            "housing_chief": _leader_account("housing_chief", mw.district_housing),
            "team_staff": _account("team_staff", mw.housing_team),
        }
        clerk = _client(self.users["po_clerk"])
        response = _post_json(clerk, "/api/matters", _intake(mw))
        assert response.status_code == 201, response.content
        self.m1 = response.json()["id"]
        self.petitioner = Matter.objects.get(pk=self.m1).petitioner_id
        routed = _post_json(
            clerk,
            f"/api/matters/{self.m1}/route",
            {"kind": "transfer", "to_organ_id": mw.district_housing.pk},
        )
        assert routed.status_code == 200, routed.content
        staff = _client(self.users["housing_staff"])
        accepted = _post_json(staff, f"/api/matters/{self.m1}/accept", {})
        assert accepted.status_code == 200, accepted.content

    def accuse(self) -> list[int]:
        """P accuses U (at the district office) and a person of U (at the city office)."""
        mw = self.mw
        clerk = _client(self.users["po_clerk"])
        unit = _post_json(
            clerk,
            "/api/matters",
            _intake(
                mw,
                petitioner=None,
                petitioner_id=self.petitioner,
                summary="举报住建委包庇物业公司",
                content="住建委工作人员收受物业公司好处，对多收费用问题置之不理。" * 3,
                accused_organ_ids=[mw.district_housing.pk],
                is_accusation=True,
            ),
        )
        assert unit.status_code == 201, unit.content
        person = self.users["housing_staff"].person
        city = _post_json(
            _client(self.users["city_clerk"]),
            "/api/matters",
            _intake(
                mw,
                summary="举报住建委工作人员",
                accused_person_ids=[person.pk],
                accused_names="housing_staff 人员",
                is_accusation=True,
            ),
        )
        assert city.status_code == 201, city.content
        return [unit.json()["id"], city.json()["id"]]


# ---------------------------------------------------------------------------------------------
# What is read


def _api_get_paths() -> list[tuple[str, list[str]]]:
    from xinfang.api.api import api

    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        if "get" in operations and not path.startswith("/api/public/"):
            params = [
                p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "path"
            ]
            found.append((path, params))
    return found


def _page_patterns() -> list[str]:
    """Every page route but the admin, the language switch and sign-in/out, as a template."""
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append(route)

    walk(get_resolver().url_patterns, "")
    skip = ("admin/", "api/", "i18n/", "login/", "logout/", "static/", "media/")
    return ["/" + route for route in found if not route.startswith(skip) and "(?P" not in route]


def _values(name: str, world: World, probe: list[int]) -> list[Any]:
    """The values to put in a path parameter: the world's records and the accusing ones."""
    mw = world.mw
    organs = [mw.district_housing, mw.housing_team, mw.district_po, mw.district, mw.city_po]
    if name == "matter_id":
        return [world.m1, *probe]
    if name == "petitioner_id":
        return [world.petitioner, world.petitioner + 1, world.petitioner + 2]
    if name == "organ_id":
        return [organ.pk for organ in organs]
    if name == "person_id":
        return [user.person.pk for user in world.users.values()]
    if name == "action":
        return list(PAGE_ACTIONS)
    return [1, 2, 3]


def _expand(template: str, names: list[str], world: World, probe: list[int]) -> Iterator[str]:
    if not names:
        yield template
        return
    name, rest = names[0], names[1:]
    for value in _values(name, world, probe):
        filled = re.sub(rf"\{{{name}\}}|<(?:\w+:)?{name}>", str(value), template)
        yield from _expand(filled, rest, world, probe)


def _page_params(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def _queries(world: World) -> dict[str, list[dict[str, Any]]]:
    """Query strings worth asking of some reads (filters, the organ a page works in)."""
    housing = world.mw.district_housing.pk
    district = world.mw.district.pk
    words = [{"q": "物业"}, {"q": "住建委"}, {"q": "举报"}, {"q": "费用"}]
    csv = {"format": "csv"}
    return {
        "/api/matters": [
            {},
            {"organ_id": housing},
            {"state": "accepted"},
            {"page": 2},
            *words,
            {"organ_id": district, "subtree": True},
            {"repeat": True},
            {"petitioner_id": world.petitioner},
        ],
        "/matters/list/": [
            {},
            *words,
            {"organ": district, "subtree": "1"},
            {"repeat": "1"},
            {"open": "1"},
            {"petitioner": world.petitioner},
            {**csv, "q": "物业"},
            csv,
        ],
        "/statistics/": [{}, {"organ": district, "subtree": "1"}, {"table": "channel", **csv}],
        "/api/statistics": [{}, {"organ_id": district, "subtree": True}],
        "/petitioners/": [{}, csv],
        "/accountability/leads/": [{}, csv],
        "/accountability/cases/": [{}, csv],
        "/accountability/recommendations/": [{}, csv],
        "/accountability/rectifications/": [{}, csv],
        "/accountability/notices/": [{}, csv],
        "/api/petitioners": [{}],
        "/api/routing/suggest": [
            {"matter_id": world.m1},
            {"region_code": "500103001", "category_id": world.mw.property_fees.pk},
        ],
        "/matters/": [{}, {"organ": housing}, {"state": "accepted"}],
    }


# ---------------------------------------------------------------------------------------------
# Normalising what legitimately differs from one run to the next

_NORMALISE = [
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"), "<ts>"),
    (re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b"), "<time>"),
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), "<csrf>"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
]


def _normalise(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        text = text.replace(old, new)
    for pattern, placeholder in _NORMALISE:
        text = pattern.sub(placeholder, text)
    return text


def _answer(response: Any, replacements: dict[str, str]) -> str:
    headers = {
        key: response[key]
        for key in ("Content-Type", "Location", "Content-Disposition")
        if response.has_header(key)
    }
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if headers.get("Content-Type", "").startswith("application/pdf"):
        body = b"<pdf %d>" % len(body)
    return _normalise(
        f"{response.status_code} {headers} {body.decode('utf-8', 'replace')}", replacements
    )


@contextmanager
def _undone() -> Iterator[None]:
    """Run a write that is part of a read-out, then undo it: both worlds start equal."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _observe(world: World, probe: list[int]) -> dict[str, str]:
    """Everything every account of U sees, by a key naming account, request and language."""
    seen: dict[str, str] = {}
    queries = _queries(world)
    for account in ACCUSED_ACCOUNTS:
        user = world.users[account]
        for language in ("zh-hans", "en"):
            client = _client(user, language)

            def record(key: str, response: Any, replacements: dict[str, str] | None = None) -> None:
                seen[f"{account} {language} {key}"] = _answer(  # noqa: B023
                    response, replacements or {}
                )

            for template, names in _api_get_paths():
                for url in _expand(template, names, world, probe):
                    for query in queries.get(template, [{}]):
                        record(f"GET {url} {query}", client.get(url, query))
            for route in _page_patterns():
                for url in _expand(route, _page_params(route), world, probe):
                    for query in queries.get(route, [{}]):
                        record(f"PAGE {url} {query}", client.get(url, query))
            _observe_writes(world, client, record)
    return seen


def _observe_writes(world: World, client: Client, record: Callable[..., None]) -> None:
    """The look-ups by ID number and phone, the reveal, and a direct receipt with P's ID number
    (its repeat hints), each undone after it is read."""
    for body in ({"id_number": ID_NUMBER}, {"phone": PHONE}, {"id_number": "110105194912310037"}):
        record(f"SEARCH {body}", _post_json(client, "/api/petitioners/search", body))
        record(f"LOOKUP page {body}", client.post("/petitioners/", body))
    # The search box: where it leads, and the list there.
    for typed in (ID_NUMBER, PHONE, "张三丰", "物业", "住建委", str(world.m1)):
        answer = client.post("/matters/search/", {"q": typed})
        record(f"SEARCH BOX {typed}", answer)
        if answer.status_code == 302:
            record(f"SEARCH BOX {typed} list", client.get(answer["Location"]))
    with _undone():
        reveal = {"fields": ["name", "phone"], "reason": "回访核实联系方式"}
        url = f"/api/petitioners/{world.petitioner}/reveal"
        record("REVEAL api", _post_json(client, url, reveal))
    with _undone():
        url = f"/matters/{world.m1}/reveal/"
        record("REVEAL page", client.post(url, {"fields": ["name"], "reason": "回访核实联系方式"}))
    housing = world.mw.district_housing.pk
    for organ_id in (housing, world.mw.housing_team.pk):
        with _undone():
            receipt = _intake(world.mw, organ_id=organ_id, channel="visit")
            response = _post_json(client, "/api/matters", receipt)
            replacements: dict[str, str] = {}
            if response.status_code == 201:
                body = response.json()
                # The new records' own ids and code: a sequence on PostgreSQL is not undone.
                for key, placeholder in (("id", "<new>"), ("petitioner_id", "<new-p>")):
                    if body.get(key) and body[key] != world.petitioner:
                        replacements[f'"{key}":{body[key]},'] = f'"{key}":"{placeholder}",'
                        replacements[f'"{key}": {body[key]},'] = f'"{key}": "{placeholder}",'
                if body.get("query_code"):
                    replacements[body["query_code"]] = "<code>"
            record(f"RECEIPT {organ_id}", response, replacements)


def test_nothing_the_accused_unit_sees_changes_when_it_is_accused() -> None:
    world = World()
    with transaction.atomic():
        probe = world.accuse()
        accused = _observe(world, probe)
        transaction.set_rollback(True)
    ordinary = _observe(world, probe)
    assert accused.keys() == ordinary.keys()
    differences = {
        key: (ordinary[key], accused[key]) for key in ordinary if ordinary[key] != accused[key]
    }
    assert not differences, _explain(differences)
    # The comparison is not empty: U reads its matter and its petitioner, masked, in both; its
    # direct receipt with P's ID number is registered and names M1 as the same petitioner's.
    key = f"housing_staff zh-hans GET /api/matters/{world.m1} {{}}"
    assert ordinary[key].startswith("200") and '"name": "\\u5f20**"' in ordinary[key]
    assert ordinary[f"housing_staff zh-hans PAGE /matters/{world.m1}/ {{}}"].startswith("200")
    receipt = ordinary[f"housing_staff zh-hans RECEIPT {world.mw.district_housing.pk}"]
    assert receipt.startswith("201") and f'"earlier_id": {world.m1}' in receipt
    assert '"same_petitioner": true' in receipt


def _explain(differences: dict[str, tuple[str, str]]) -> str:
    lines = [f"{len(differences)} reads differ between the ordinary and the accused world:"]
    for key, (ordinary, accused) in list(differences.items())[:8]:
        at = next(
            (i for i, (a, b) in enumerate(zip(ordinary, accused, strict=False)) if a != b),
            min(len(ordinary), len(accused)),
        )
        lines.append(f"- {key}\n    ordinary: …{ordinary[max(0, at - 150) : at + 150]!r}")
        lines.append(f"    accused:  …{accused[max(0, at - 150) : at + 150]!r}")
    return "\n".join(lines)
