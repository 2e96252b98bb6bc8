"""Who may read accountability records about a cadre (细则第十条第二款、第十七条、第十八条)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.access.world import make_account
from xinfang.access.policy import can_read_accountability_record, forget_scope

pytestmark = pytest.mark.django_db

# cadre (account in the world) → accounts that may read records about that cadre: the
# leadership of the managing authority and the organization and personnel departments of its
# level (细则第十七条、第十八条), and the administrator; never a petition office or colleague.
EXPECTED = {
    # a_ps's leaders are managed by district committee a: a's leaders and a's organization
    # department.
    "a_ps_chief": {"admin", "a_secretary", "a_org_staff"},
    # a is managed by the city committee: the city's leaders and organization department.
    "a_secretary": {"admin", "city_org_staff", "city_secretary"},
    # A staff member is managed by his own organ (a_station, township level): it has no
    # leaders in this world and its level no department, so a's department (the nearest
    # level above) reads it.
    "a_station_staff": {"admin", "a_org_staff"},
    # b has no organization department of its own in this world: the city's serves it.
    "b_housing_staff": {"admin", "city_org_staff"},
}


@pytest.mark.parametrize("cadre", EXPECTED)
def test_accountability_records_follow_management_authority(world, cadre):
    person = world.persons[cadre]
    readers = {
        account
        for account, user in world.users.items()
        if can_read_accountability_record(user, person)
    }
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
