"""An accused unit's account reads the accountability lists, their totals, their downloads
and the API's lists exactly as if the matter accusing it did not exist (细则第十一条第八项):
the same world with and without an accusing matter, its lead and its case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client

from xinfang.access.models import Accusation
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.accountability.services import case_open
from xinfang.petitions.matters.models import Matter

from .factories import World, make_overdue_matter
from .test_list_filters import csv_rows, total

pytestmark = pytest.mark.django_db

AFTER = dt.date(2025, 6, 30)
LISTS = (
    "/accountability/leads/",
    "/accountability/cases/",
    "/accountability/recommendations/",
    "/accountability/rectifications/",
    "/accountability/notices/",
)


def _seen(client: Client) -> dict[str, Any]:
    """Every list, its total and its download, as the account reads them (ids left out: the
    two worlds number their rows alike only by chance)."""
    shown: dict[str, Any] = {}
    for url in LISTS:
        shown[url] = total(client, url)
        shown[f"{url} csv"] = [row[1:] for row in csv_rows(client, f"{url}?format=csv")]
    for api in ("leads", "recommendations", "rectifications", "notices"):
        body = client.get(f"/api/accountability/{api}").json()
        shown[api] = (body["count"], sorted(str(sorted(i.items())[1:]) for i in body["items"]))
    return shown


def _accusing_matter(world: World) -> Matter:
    """An overdue matter at the housing committee accusing the district government: its lead
    and case are the municipal office's to see, never the district office's (under the
    accused)."""
    matter = make_overdue_matter(world, period="handle")
    Accusation.objects.create(
        content_type=ContentType.objects.get_for_model(Matter),
        object_id=matter.pk,
        accused_organ=world.organ("d_gov"),
    )
    return matter


def test_an_accused_units_account_reads_the_lists_as_if_it_were_not_accused(
    world: World, client_for: Any
) -> None:
    make_overdue_matter(world, period="accept")
    detect_leads(today=AFTER)
    clerk = world.user("d_po_clerk")
    with transaction.atomic():
        matter = _accusing_matter(world)
        detect_leads(today=AFTER)
        lead = Lead.objects.get(matter=matter)
        case_open(lead=lead, investigating_organ=world.organ("city_po"), actor=world.user("admin"))
        # The municipal office sees the accusing lead and its case: the world is not empty.
        city = client_for(world.user("city_po_clerk"))
        assert total(city, f"/accountability/leads/?organ={lead.organ_id}") == 2
        assert total(city, "/accountability/cases/") == 1
        accused = _seen(client_for(clerk, fresh=True))
        transaction.set_rollback(True)
    ordinary = _seen(client_for(clerk, fresh=True))
    assert accused == ordinary
    assert ordinary["/accountability/leads/"] == 1
