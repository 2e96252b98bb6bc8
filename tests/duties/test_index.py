"""The duties' index: every duty of 第四条、第六条至第八条 reachable from the navigation."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accountability.factories import build_world

pytestmark = pytest.mark.django_db


def test_every_part_of_the_duties_is_reachable_from_the_navigation():
    world = build_world()
    client = Client()
    client.force_login(world.user("d_po_clerk"), backend="xinfang.access.backends.ModelBackend")
    home = client.get("/").content.decode()
    assert 'href="/duties/"' in home
    page = client.get("/duties/")
    assert page.status_code == 200
    text = page.content.decode()
    for part in (
        "/duties/agenda/",
        "/duties/supervision/orders/",
        "/duties/supervision/coordinations/",
        "/duties/recommendations/",
        "/duties/recommendations/reports/",
        "/duties/leaders/instructions/",
        "/duties/leaders/ownerships/",
        "/duties/leaders/portfolio/",
        "/duties/incidents/",
        "/duties/incidents/staff-reports/",
    ):
        assert f'href="{part}"' in text, part
        assert client.get(part, follow=True).status_code == 200, part


def test_the_index_asks_for_a_login():
    response = Client().get("/duties/")
    assert response.status_code == 302 and "/login/" in response["Location"]
