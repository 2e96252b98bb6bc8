"""No log line and no address carries a petitioner's personal data.

Access logs (nginx, gunicorn, the development server) record every request's address with its
query string; application logs record warnings and errors. The scenarios below handle a
petitioner's identity every way the system offers — registration with the matter, the look-ups
by ID number and phone, the reveal, refusals of bad input, pages and API — and then the test
greps everything logged and every address requested for the plaintext.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import PersonFactory, PositionFactory, UserFactory
from tests.petitions.matters.factories import HOUSING_TEXT, build_matter_world
from xinfang.orgs.choices import PositionKind
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.services import forget_calendar

pytestmark = pytest.mark.django_db

NAME = "欧阳明远"
ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
ADDRESS = "重庆市渝中区较场口街道磁器街门牌九九号"
SECRETS = [NAME, ID_NUMBER, ID_NUMBER.lower(), PHONE, "139-1234-5678", ADDRESS, "磁器街门牌"]


class Recorder(logging.Handler):
    """Every record any logger emits, formatted as a handler would write it."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def recorder() -> Any:
    handler = Recorder()
    root = logging.getLogger()
    named = [logging.getLogger(name) for name in ("django", "django.request", "xinfang")]
    levels = [(logger, logger.level) for logger in (root, *named)]
    root.addHandler(handler)
    for logger, _level in levels:
        logger.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    for logger, level in levels:
        logger.setLevel(level)


def _account(username: str, organ: Any) -> Any:
    user = UserFactory(username=username)
    person = PersonFactory(name=f"{username} 人员", user=user)
    PositionFactory(person=person, organ=organ, kind=PositionKind.STAFF, start=dt.date(2015, 1, 1))
    return user


def test_no_log_line_and_no_address_carries_personal_data(recorder: Recorder) -> None:
    forget_calendar()
    mw = build_matter_world()
    clerk = Client()
    clerk.force_login(_account("clerk", mw.district_po), "xinfang.access.backends.ModelBackend")
    addresses: list[str] = []

    def send(method: str, url: str, body: Any = None, **kwargs: Any) -> Any:
        if method == "json":
            response = clerk.post(url, data=json.dumps(body), content_type="application/json")
        elif method == "post":
            response = clerk.post(url, body, **kwargs)
        else:
            response = clerk.get(url, body or {}, **kwargs)
        addresses.append(response.wsgi_request.get_full_path())
        return response

    identity = {"name": NAME, "id_number": ID_NUMBER, "phone": PHONE, "address": ADDRESS}
    intake = {
        "channel": "letter",
        "received_at": (timezone.now() - dt.timedelta(hours=2)).isoformat(),
        "region_code": "500103001",
        "category_id": mw.property_fees.pk,
        "summary": "物业多收电梯维修费",
        "content": HOUSING_TEXT,
        "petitioner": identity,
    }
    registered = send("json", "/api/matters", intake)
    assert registered.status_code == 201, registered.content
    matter = Matter.objects.get(pk=registered.json()["id"])
    # Refusals of bad input: a wrong check digit, an unknown field, too long a name.
    for petitioner in (
        {**identity, "id_number": ID_NUMBER[:-1] + "1"},
        {**identity, "nmae": NAME},
        {**identity, "name": NAME * 30},
    ):
        refused = send("json", "/api/matters", {**intake, "petitioner": petitioner})
        assert refused.status_code in (400, 422)
        assert not any(secret in refused.content.decode() for secret in SECRETS)
    for body in ({"id_number": ID_NUMBER.lower()}, {"phone": "139-1234-5678"}):
        found = send("json", "/api/petitioners/search", body)
        assert found.status_code == 200 and found.json()["count"] == 1
    revealed = send(
        "json",
        f"/api/petitioners/{matter.petitioner_id}/reveal",
        {"fields": ["name", "id_number", "phone", "address"], "reason": "回访核实联系方式"},
    )
    assert revealed.json()["fields"]["id_number"] == ID_NUMBER
    page = send(
        "post",
        "/matters/new/",
        {
            "channel": "visit",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "region_code": "500103001",
            "category": mw.property_fees.pk,
            "summary": "又来反映物业收费",
            "content": HOUSING_TEXT,
            "petitioner_mode": "existing",
            "id_number": ID_NUMBER.lower(),
        },
    )
    assert page.status_code in (200, 302)
    send(
        "post", f"/matters/{matter.pk}/reveal/", {"fields": ["phone"], "reason": "回访核实联系方式"}
    )
    send("get", f"/matters/{matter.pk}/")
    send("get", "/api/petitioners")

    logged = "\n".join(recorder.lines)
    assert recorder.lines, "the scenarios log nothing: the test would prove nothing"
    leaked = [secret for secret in SECRETS if secret in logged]
    assert leaked == [], logged
    in_addresses = [(a, s) for a in addresses for s in SECRETS if s in a]
    assert in_addresses == []


def test_no_api_operation_takes_personal_data_in_its_address() -> None:
    """The look-ups are POSTs: an ID number, phone or name never goes in a path or query."""
    from xinfang.api.api import api

    personal = {"id_number", "phone", "name", "address", "id_card"}
    schema = api.get_openapi_schema()
    offending = [
        (method, path, parameter["name"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if parameter["in"] in ("query", "path") and parameter["name"] in personal
    ]
    assert offending == []
