"""An accused unit exports exactly what it would without the accusation (细则第十一条第八项):
the world of ``tests/access/test_no_signal.py``, U's accounts downloading every list of the
duties and the oversight, with and without the accusations."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from tests.access.test_no_signal import World
from xinfang.audit.exports import EXPORT_ACTION
from xinfang.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

URLS = (
    "/duties/incidents/",
    "/duties/incidents/staff-reports/",
    "/duties/leaders/instructions/",
    "/duties/leaders/ownerships/",
    "/duties/recommendations/",
    "/duties/supervision/orders/",
    "/duties/supervision/coordinations/",
    "/oversight/inspections/",
    "/oversight/inspections/demands/",
    "/oversight/inspections/notices/",
    "/oversight/assessment/runs/",
    "/oversight/cadres/",
)
ACCOUNTS = ("housing_staff", "housing_chief", "team_staff")


def downloads(world: World) -> dict[tuple[str, str], tuple[bytes, int]]:
    """Each CSV download of U's accounts and the row count its audit entry states."""
    found = {}
    for account in ACCOUNTS:
        client = Client()
        client.force_login(world.users[account], backend="xinfang.access.backends.ModelBackend")
        for url in URLS:
            response = client.get(url, {"format": "csv"})
            assert response.status_code == 200, (account, url)
            body = b"".join(response.streaming_content)
            rows = AuditEntry.objects.filter(action=EXPORT_ACTION).last().details["rows"]
            found[(account, url)] = (body, rows)
    return found


def test_the_accused_units_downloads_do_not_change_when_it_is_accused() -> None:
    world = World()
    with transaction.atomic():
        world.accuse()
        accused = downloads(world)
        transaction.set_rollback(True)
    ordinary = downloads(world)
    assert accused == ordinary
    # Every download was answered (a header at least).
    assert all(body.startswith(b"\xef\xbb\xbf") for body, _rows in ordinary.values())
