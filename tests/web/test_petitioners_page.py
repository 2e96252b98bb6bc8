"""The petitioners page: masked rows of the petitioners the user may read, a total, a look-up by
ID number or phone that never puts the number in an address, and a masked download."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from tests.access.world import (
    RECORD_SCOPE,
    build_world,
    register_petitioners,
    valid_id_number,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    return world, register_petitioners(world)


def _client(world, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def test_the_list_shows_exactly_the_readable_petitioners_masked(world):
    world, petitioners = world
    response = _client(world, "a_po_staff").get("/petitioners/")
    assert response.status_code == 200
    page = response.content.decode()
    expected = RECORD_SCOPE["a_po_staff"]
    assert f'data-total="{len(expected)}"' in page
    for organ, petitioner in petitioners.items():
        assert (f'data-petitioner="{petitioner.pk}"' in page) == (organ in expected)
    # Names and numbers are masked: the full name and ID number never appear.
    assert "王a_po" not in page
    assert valid_id_number(4) not in page
    assert "王*" in page


def test_the_look_up_finds_by_id_number_within_scope_and_by_post_only(world):
    world, petitioners = world
    client = _client(world, "a_po_staff")
    index = list(petitioners).index("a_po")
    found = client.post("/petitioners/", {"id_number": valid_id_number(index)})
    assert found.status_code == 200
    assert (
        f'data-petitioner="{petitioners["a_po"].pk}"'
        in found.content.decode().split('id="all-heading"')[0]
    )
    # A petitioner out of the user's scope is not found, and the page says nothing of it.
    other = list(petitioners).index("b_po")
    missing = client.post("/petitioners/", {"id_number": valid_id_number(other)})
    assert 'data-found="0"' in missing.content.decode()
    assert f'data-petitioner="{petitioners["b_po"].pk}"' not in missing.content.decode()


def test_the_look_up_wants_one_of_the_two(world):
    world, _ = world
    response = _client(world, "a_po_staff").post("/petitioners/", {})
    assert response.status_code == 200
    assert "二者选一" in response.content.decode()


def test_the_download_is_masked_and_counts_the_readable_rows(world):
    world, _ = world
    response = _client(world, "a_po_staff").get("/petitioners/?format=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) - 1 == len(RECORD_SCOPE["a_po_staff"])
    assert "王a_po" not in text
