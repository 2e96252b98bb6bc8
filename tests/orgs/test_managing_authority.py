"""细则第十七条: the organ with management authority over a person on a date."""

import datetime

import pytest

from tests.factories import OrganFactory, PersonFactory, PositionFactory
from xinfang.orgs.choices import OrganKind, OrganLevel, PositionKind
from xinfang.orgs.selectors import person_managing_authority

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def district():
    city_committee = OrganFactory(name="中共重庆市委", kind=OrganKind.PARTY)
    committee = OrganFactory(
        name="中共渝中区委",
        kind=OrganKind.PARTY,
        parent=city_committee,
        level=OrganLevel.DISTRICT,
        region_code="500103",
        managing_authority=city_committee,
    )
    department = OrganFactory(
        name="渝中区民政局",
        level=OrganLevel.DISTRICT,
        region_code="500103",
        managing_authority=committee,
    )
    return {"city_committee": city_committee, "committee": committee, "department": department}


@pytest.mark.parametrize(
    "kind",
    [PositionKind.PRINCIPAL_LEADER, PositionKind.SUPERVISING_LEADER, PositionKind.TEAM_MEMBER],
)
def test_a_leader_is_managed_by_the_managing_authority_of_the_organ(district, kind):
    portfolio = ["civil_affairs"] if kind == PositionKind.SUPERVISING_LEADER else []
    position = PositionFactory(
        organ=district["department"], kind=kind, portfolio=portfolio, start=D(2021, 1, 1)
    )
    assert person_managing_authority(position.person, D(2022, 1, 1)) == district["committee"]


def test_a_district_secretary_is_managed_by_the_municipal_committee(district):
    position = PositionFactory(
        organ=district["committee"], kind=PositionKind.PRINCIPAL_LEADER, start=D(2021, 1, 1)
    )
    assert person_managing_authority(position.person, D(2022, 1, 1)) == district["city_committee"]


def test_a_staff_member_is_managed_by_the_organ_of_the_post(district):
    position = PositionFactory(organ=district["department"], start=D(2021, 1, 1))
    assert person_managing_authority(position.person, D(2022, 1, 1)) == district["department"]


def test_a_leadership_position_wins_over_a_staff_post(district):
    person = PersonFactory()
    PositionFactory(person=person, organ=district["committee"], start=D(2019, 1, 1))
    PositionFactory(
        person=person,
        organ=district["department"],
        kind=PositionKind.PRINCIPAL_LEADER,
        start=D(2021, 1, 1),
        end=D(2022, 12, 31),
    )
    assert person_managing_authority(person, D(2022, 12, 31)) == district["committee"]
    # The day after the leadership term ends only the staff post is left.
    assert person_managing_authority(person, D(2023, 1, 1)) == district["committee"]
    assert person_managing_authority(person, D(2020, 1, 1)) == district["committee"]


def test_the_authority_follows_the_date(district):
    person = PersonFactory()
    PositionFactory(
        person=person,
        organ=district["department"],
        kind=PositionKind.PRINCIPAL_LEADER,
        start=D(2021, 1, 1),
        end=D(2022, 12, 31),
    )
    PositionFactory(
        person=person,
        organ=district["committee"],
        kind=PositionKind.PRINCIPAL_LEADER,
        start=D(2023, 1, 1),
    )
    assert person_managing_authority(person, D(2022, 12, 31)) == district["committee"]
    assert person_managing_authority(person, D(2023, 1, 1)) == district["city_committee"]


def test_no_position_means_no_authority(district, django_assert_num_queries):
    person = PersonFactory()
    with django_assert_num_queries(1):
        assert person_managing_authority(person, D(2022, 1, 1)) is None


def test_one_query(district, django_assert_num_queries):
    position = PositionFactory(
        organ=district["department"], kind=PositionKind.PRINCIPAL_LEADER, start=D(2021, 1, 1)
    )
    with django_assert_num_queries(1):
        authority = person_managing_authority(position.person, D(2022, 1, 1))
        assert authority.name == "中共渝中区委"
