"""Conflict-of-interest exclusion (细则第十一条第八项): the accused never see what accuses them.

Accused persons, every account in an accused unit or below it, and recused accounts never
list, read, export, get notified of or receive by routing the record; exclusion beats
hierarchy on every path.
"""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access.world import (
    ACCOUNT_NAMES,
    ACCOUNTS,
    ORGAN_NAMES,
    ORGANS,
    RECORD_SCOPE,
    register_petitioners,
)
from xinfang.access.policy import (
    RoutingRefused,
    assert_routable,
    may_notify,
    notification_recipients,
    visible,
)
from xinfang.access.services import accusation_add, recusal_declare
from xinfang.audit.models import AuditEntry
from xinfang.petitions.models import Petitioner
from xinfang.petitions.selectors import access_petitioner_by_id, petitioner_export_rows

pytestmark = pytest.mark.django_db

PERSON_ACCOUNTS = tuple(name for name, post in ACCOUNTS.items() if post is not None)


def ancestors_or_self(organ_name: str) -> set[str]:
    """The chain of organs above ``organ_name`` and itself, from the world's definition."""
    chain = set()
    current: str | None = organ_name
    while current is not None:
        chain.add(current)
        current = ORGANS[current][0]
    return chain


def can_see(world, account: str, petitioner: Petitioner) -> bool:
    """Every read path at once; they must agree."""
    user = world.user(account)
    listed = visible(user, Petitioner.objects.all()).filter(pk=petitioner.pk).exists()
    exported = petitioner.pk in {row["id"] for row in petitioner_export_rows(user=user)}
    notified = may_notify(user, petitioner)
    try:
        access_petitioner_by_id(user, petitioner.pk)
        read = True
    except Http404:
        read = False
    assert listed == exported == notified == read, (account, listed, exported, notified, read)
    return read


def test_district_secretary_accused_never_sees_the_record_in_his_subtree(world, client_for):
    petitioners = register_petitioners(world)
    record = petitioners["a_town"]
    assert can_see(world, "a_secretary", record)
    accusation_add(record=record, accused_person=world.persons["a_secretary"], actor="test")
    assert not can_see(world, "a_secretary", record)
    assert can_see(world, "a_po_staff", record)  # the petition office still handles it
    client = client_for(world.user("a_secretary"))
    assert client.get(f"/api/petitioners/{record.pk}").status_code == 404
    assert record.pk not in {row["id"] for row in client.get("/api/petitioners").json()["items"]}
    denial = AuditEntry.objects.filter(action="access.denied").order_by("-seq").first()
    assert denial.details["reason"] == "accused_person"
    assert denial.object_id == str(record.pk)


def test_every_account_of_an_accused_unit_and_below_it_is_excluded(world):
    petitioners = register_petitioners(world)
    record = petitioners["a_ps"]
    accusation_add(record=record, accused_organ=world.organ("a_ps"), actor="test")
    for account in ("a_ps_chief", "a_ps_staff", "a_station_staff"):
        assert not can_see(world, account, record)
    for account in ("a_po_staff", "a_secretary", "city_po_staff", "admin"):
        assert can_see(world, account, record)


def test_a_recused_account_is_excluded(world):
    petitioners = register_petitioners(world)
    record = petitioners["a_po"]
    user = world.user("a_po_staff")
    recusal_declare(record=record, user=user, reason="亲属关系", actor=user)
    assert not can_see(world, "a_po_staff", record)
    assert can_see(world, "a_po_head", record)
    with pytest.raises(Http404):
        access_petitioner_by_id(user, record.pk)
    assert AuditEntry.objects.filter(action="access.denied").last().details["reason"] == "recused"


def test_the_administrator_is_excluded_too_when_accused(world):
    """Exclusion beats every grant, the superuser's included."""
    petitioners = register_petitioners(world)
    record = petitioners["b"]
    admin = world.user("admin")
    recusal_declare(record=record, user=admin, reason="回避", actor=admin)
    assert not can_see(world, "admin", record)


def test_notification_recipients_drop_the_accused(world):
    petitioners = register_petitioners(world)
    record = petitioners["a_ps"]
    accusation_add(record=record, accused_person=world.persons["a_ps_chief"], actor="test")
    candidates = [world.user(name) for name in ("a_ps_chief", "a_ps_staff", "a_po_staff")]
    assert notification_recipients(candidates, record) == candidates[1:]


def test_routing_to_an_accused_unit_or_below_it_is_refused(world):
    petitioners = register_petitioners(world)
    record = petitioners["a_po"]
    accusation_add(record=record, accused_organ=world.organ("a_ps"), actor="test")
    for target in ("a_ps", "a_station"):
        with pytest.raises(RoutingRefused) as info:
            assert_routable(record, world.organ(target))
        assert "第十一条第八项" in info.value.messages[0]
        assert info.value.code == "routing_to_accused_unit"
    for target in ("a", "a_town", "a_po", "b_housing"):
        assert_routable(record, world.organ(target))
    assert issubclass(RoutingRefused, ValidationError)


def test_reveal_through_the_api_is_refused_to_the_accused(world, client_for):
    petitioners = register_petitioners(world)
    record = petitioners["a"]
    accusation_add(record=record, accused_organ=world.organ("a"), actor="test")
    client = client_for(world.user("a_po_staff"))  # the district office sits under the accused
    response = client.post(
        f"/api/petitioners/{record.pk}/reveal",
        data=json.dumps({"reason": "核实信访人身份信息"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert "王" not in json.dumps(response.json(), ensure_ascii=False)
    assert can_see(world, "city_po_staff", record)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    record_organ=st.sampled_from(ORGAN_NAMES),
    accused_people=st.sets(st.sampled_from(PERSON_ACCOUNTS), max_size=3),
    accused_units=st.sets(st.sampled_from(ORGAN_NAMES), max_size=2),
)
def test_generated_accusations_never_reach_the_accused(
    world, record_organ, accused_people, accused_units
):
    with transaction.atomic():
        petitioners = register_petitioners(world)
        record = petitioners[record_organ]
        for account in accused_people:
            accusation_add(record=record, accused_person=world.persons[account], actor="test")
        for unit in accused_units:
            accusation_add(record=record, accused_organ=world.organ(unit), actor="test")
        for account in ACCOUNT_NAMES:
            post = ACCOUNTS.get(account)
            accused = account in accused_people or (
                post is not None and bool(ancestors_or_self(post[0]) & accused_units)
            )
            seen = can_see(world, account, record)
            if accused:
                assert not seen, (account, record_organ, accused_people, accused_units)
            else:
                assert seen == (record_organ in RECORD_SCOPE[account])
        for organ_name in ORGAN_NAMES:
            refused = bool(ancestors_or_self(organ_name) & accused_units)
            try:
                assert_routable(record, world.organ(organ_name))
                routed = True
            except RoutingRefused:
                routed = False
            assert routed != refused
        transaction.set_rollback(True)
