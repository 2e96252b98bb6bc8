"""Every list of the duties and the oversight downloads, on the whole demo: ``?format=csv`` and
``?format=xlsx`` give all the rows the page's filters select (as many as the pager's total),
the header frozen and in the user's language, and one audit entry each."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from tests.oversight.test_whole_demo import client_of as _client_of
from tests.oversight.test_whole_demo import demo  # noqa: F401 (the fixture)
from xinfang.audit.exports import EXPORT_ACTION
from xinfang.audit.models import AuditEntry
from xinfang.orgs.models import Organ
from xinfang.oversight.models import AssessmentRun

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

TOTAL = re.compile(r'data-total="(\d+)"')


def client_of(username: str, language: str = "zh-hans") -> Client:
    client = _client_of(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _urls() -> list[tuple[str, str]]:
    """(account, list URL) pairs: every list wired for downloads, read by an account with rows."""
    run = AssessmentRun.objects.filter(state="published").first()
    party = Organ.objects.filter(name="中共重庆市渝中区委员会").first()
    pairs = [
        ("city_petition_clerk", "/duties/incidents/"),
        ("city_petition_clerk", "/duties/incidents/staff-reports/"),
        ("city_petition_clerk", "/duties/leaders/instructions/"),
        ("city_petition_clerk", "/duties/leaders/ownerships/"),
        ("city_petition_clerk", "/duties/recommendations/"),
        ("city_petition_clerk", "/duties/recommendations/reports/"),
        ("city_petition_clerk", "/duties/supervision/orders/"),
        ("city_petition_clerk", "/duties/supervision/coordinations/"),
        ("city_petition_clerk", "/oversight/cadres/"),
        ("inspector", "/oversight/inspections/"),
        ("inspector", "/oversight/inspections/plans/"),
        ("dept_head", "/oversight/inspections/demands/"),
        ("dept_head", "/oversight/inspections/notices/"),
        ("org_dept", "/oversight/assessment/runs/"),
        ("personnel", "/oversight/cadres/record/"),
    ]
    if run is not None:
        pairs.append(("org_dept", f"/oversight/assessment/runs/{run.pk}/"))
    if party is not None:
        pairs.append(("district_secretary", f"/duties/agenda/organ/{party.pk}/"))
        pairs.append(("district_secretary", f"/duties/leaders/receptions/organ/{party.pk}/"))
    return pairs


def _csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_every_list_downloads_all_its_rows() -> None:
    checked = []
    for username, url in _urls():
        client = client_of(username)
        page = client.get(url)
        assert page.status_code == 200, (username, url)
        text = page.content.decode()
        assert "?format=xlsx" in text and "format=csv" in text, url
        total = TOTAL.search(text)
        before = AuditEntry.objects.filter(action=EXPORT_ACTION).count()
        got = client.get(url, {"format": "csv", "page": "1", "page_size": "1"})
        assert got.status_code == 200, url
        assert got.streaming
        rows = _csv_rows(b"".join(got.streaming_content))
        entry = AuditEntry.objects.filter(action=EXPORT_ACTION).last()
        assert AuditEntry.objects.filter(action=EXPORT_ACTION).count() == before + 1
        assert entry.details["rows"] == len(rows) - 1, url
        assert entry.actor.endswith(f":{username}")
        if total is not None and "/agenda/" not in url:
            # The whole list, not the one row of the page asked for.
            assert len(rows) - 1 == int(total.group(1)), url
        book = client.get(url, {"format": "xlsx"})
        ws = load_workbook(io.BytesIO(b"".join(book.streaming_content))).active
        assert ws.freeze_panes == "A2"
        assert [c.value for c in ws[1]] == rows[0], url
        assert ws.max_row == len(rows), url
        checked.append((url, len(rows) - 1))
    # Not an empty comparison: most lists of the demo have rows.
    assert sum(1 for _url, n in checked if n) >= 8, checked


def test_a_download_keeps_the_filter_and_says_so_in_the_audit() -> None:
    client = client_of("city_petition_clerk")
    closed = client.get("/duties/incidents/", {"format": "csv", "state": "closed"})
    rows = _csv_rows(b"".join(closed.streaming_content))
    entry = AuditEntry.objects.filter(action=EXPORT_ACTION).last()
    assert entry.object_id == "duties.incidents"
    assert entry.details["filters"] == {"state": "closed"}
    assert entry.details["rows"] == len(rows) - 1
    state = rows[0].index("状态")
    assert all(r[state] == "已处置完毕" for r in rows[1:])


def test_headers_follow_the_users_language() -> None:
    got = client_of("city_petition_clerk", "en").get("/duties/incidents/", {"format": "xlsx"})
    ws = load_workbook(io.BytesIO(b"".join(got.streaming_content))).active
    header = [c.value for c in ws[1]]
    assert header[0] == "No."
    assert not any(re.search(r"[\u4e00-\u9fff]", str(h)) for h in header), header
