"""Who sees an inspection (细则第九条) and what: the inspected organ only its own items; the
matter of a prompt inspection only for a reader the access policy lets read it — never for the
accused (细则第十一条第一款第八项); an organ's page shows its inspection of the year."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.accountability.factories import World, make_overdue_matter
from xinfang.access.models import Accusation
from xinfang.oversight.selectors.inspections import items_for, organ_rows
from xinfang.oversight.services import inspections as services
from xinfang.petitions.matters.models import Matter

from .inspections_world import (
    TODAY,
    YEAR,
    client_for_fixture,  # noqa: F401 (fixtures)
    make_inspection,
    make_plan,
    world_fixture,  # noqa: F401 (fixtures)
)

pytestmark = pytest.mark.django_db


def test_an_inspected_organ_reads_only_its_own_items(world: World) -> None:
    plan = make_plan(world)
    inspection = services.inspection_start(
        inspection=make_inspection(world, plan, organs=("d_party", "b_party")),
        actor=world.user("inspector"),
    )
    assert items_for(world.user("inspector"), inspection).count() == 12
    own = items_for(world.user("d_secretary"), inspection)
    assert own.count() == 6
    assert set(own.values_list("organ_id", flat=True)) == {world.organ("d_party").pk}


def test_the_matter_of_a_prompt_inspection_is_hidden_from_the_accused(
    world: World, client_for: Any
) -> None:
    matter = make_overdue_matter(world, organ="d_party", due=dt.date(YEAR, 1, 10))
    Accusation.objects.create(
        content_type=ContentType.objects.get_for_model(Matter),
        object_id=matter.pk,
        accused_organ=world.organ("d_party"),
    )
    plan = make_plan(world)
    inspection = make_inspection(
        world, plan, organs=("d_party",), kind="important_matter", matter=matter
    )
    secretary = client_for(world.user("d_secretary"))
    page = secretary.get(reverse("oversight:inspection_detail", args=[inspection.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "（无权查看）" in body and reverse("web:matter_detail", args=[matter.pk]) not in body
    api = secretary.get(f"/api/oversight/inspections/{inspection.pk}").json()
    assert api["matter_id"] is None
    admin = client_for(world.user("admin")).get(
        reverse("oversight:inspection_detail", args=[inspection.pk])
    )
    assert reverse("web:matter_detail", args=[matter.pk]) in admin.content.decode()


def test_the_organs_page_shows_its_inspection_of_the_year(world: World) -> None:
    plan = make_plan(world)
    services.inspection_start(
        inspection=make_inspection(world, plan, organs=("d_party",)),
        actor=world.user("inspector"),
    )
    rows = organ_rows(world.user("inspector"), world.organ("d_party"), TODAY)
    assert rows[0].open == 1 and rows[0].note == "已督查"
    assert organ_rows(world.user("b_po_clerk"), world.organ("d_party"), TODAY) == []
    # B区政府 is in 市委's scope and not yet inspected; B区信访办 is in no scope.
    assert organ_rows(world.user("b_po_clerk"), world.organ("b_po"), TODAY) == []
    rows_b = organ_rows(world.user("admin"), world.organ("b_gov"), TODAY)
    assert rows_b[0].open == 0 and rows_b[0].note == "尚未督查"
