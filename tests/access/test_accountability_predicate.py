"""Who may read accountability records about a cadre (细则第十条第二款、第十七条、第十八条)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.access.world import make_account
from xinfang.access.policy import can_read_accountability_record, forget_scope

pytestmark = pytest.mark.django_db

# cadre (account in the world) → accounts that may read records about that cadre.
EXPECTED = {
    # a_ps is managed by district committee a: its organization department and leaders,
    # the district and city petition offices (investigation), the administrator.
    "a_ps_chief": {
        "admin",
        "a_org_staff",
        "a_secretary",
        "a_po_staff",
        "a_po_head",
        "city_po_staff",
    },
    # a is managed by the city committee: the city organization department, city leaders.
    "a_secretary": {"admin", "city_org_staff", "city_secretary", "city_po_staff"},
    # a_station is managed by a_ps: the police chief's leadership manages it; the district
    # organization department does not (it manages cadres of a's direct units only).
    "a_station_staff": {"admin", "a_ps_chief", "a_po_staff", "a_po_head", "city_po_staff"},
    "b_housing_staff": {"admin", "b_po_staff", "city_po_staff"},
}


@pytest.mark.parametrize("cadre", EXPECTED)
def test_accountability_records_follow_management_authority(world, cadre):
    person = world.persons[cadre]
    readers = {
        account
        for account, user in world.users.items()
        if can_read_accountability_record(user, person)
    }
    # b's leaders and organization department: b_housing is managed by b; no account holds a
    # leadership post in b in this world, so only the petition offices and admin read it.
    assert readers == EXPECTED[cadre]


def test_the_cadre_never_reads_his_own_records(world):
    """Even as head of the organization department (exclusion beats hierarchy)."""
    user = world.user("a_org_staff")
    assert not can_read_accountability_record(user, world.persons["a_org_staff"])


def test_a_cadre_who_left_is_judged_by_the_last_position_held(world):
    user, person = make_account(
        "moved_on",
        organ=world.organ("a_ps"),
        start=date(2010, 1, 1),
        end=date.today() - timedelta(days=30),
    )
    assert can_read_accountability_record(world.user("a_org_staff"), person)
    assert not can_read_accountability_record(world.user("b_po_staff"), person)
    forget_scope(user)
