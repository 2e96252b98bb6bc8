"""Reads of the registry: hierarchy, leadership on a date, a user's organs; query counts pinned."""

import datetime

import pytest

from tests.factories import OrganFactory, PersonFactory, PositionFactory, UserFactory
from xinfang.orgs import selectors
from xinfang.orgs.choices import OrganLevel, PositionKind

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST_DAY = D(2021, 6, 1)
LAST_DAY = D(2024, 5, 31)


@pytest.fixture
def tree():
    city = OrganFactory(name="重庆市人民政府")
    district = OrganFactory(
        name="渝中区人民政府", parent=city, level=OrganLevel.DISTRICT, region_code="500103"
    )
    department = OrganFactory(
        name="渝中区民政局", parent=district, level=OrganLevel.DISTRICT, region_code="500103"
    )
    street = OrganFactory(
        name="解放碑街道办事处",
        parent=district,
        level=OrganLevel.TOWNSHIP,
        region_code="500103001",
    )
    other = OrganFactory(
        name="江北区人民政府", parent=city, level=OrganLevel.DISTRICT, region_code="500105"
    )
    # An organ whose id-path starts with the same digits must not leak into the subtree.
    return {
        "city": city,
        "district": district,
        "dept": department,
        "street": street,
        "other": other,
    }


@pytest.fixture
def leaders():
    organ = OrganFactory()
    principal = PositionFactory(
        organ=organ, kind=PositionKind.PRINCIPAL_LEADER, start=FIRST_DAY, end=LAST_DAY
    )
    successor = PositionFactory(
        organ=organ, kind=PositionKind.PRINCIPAL_LEADER, start=LAST_DAY + datetime.timedelta(1)
    )
    petition = PositionFactory(
        organ=organ,
        kind=PositionKind.SUPERVISING_LEADER,
        portfolio=["petition", "public_security"],
        start=FIRST_DAY,
        end=LAST_DAY,
    )
    education = PositionFactory(
        organ=organ, kind=PositionKind.SUPERVISING_LEADER, portfolio=["education"], start=FIRST_DAY
    )
    member = PositionFactory(organ=organ, kind=PositionKind.TEAM_MEMBER, start=FIRST_DAY)
    staff = PositionFactory(organ=organ, kind=PositionKind.STAFF, start=FIRST_DAY)
    return {
        "organ": organ,
        "principal": principal,
        "successor": successor,
        "petition": petition,
        "education": education,
        "member": member,
        "staff": staff,
    }


def test_subtree_is_the_organ_and_everything_below_it(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = [o.name for o in selectors.organ_subtree(tree["district"])]
    assert names == ["渝中区人民政府", "渝中区民政局", "解放碑街道办事处"]
    below = selectors.organ_subtree(tree["district"], include_self=False)
    assert tree["district"] not in below
    assert len(selectors.organ_subtree(tree["city"])) == 5


def test_subtree_prefix_does_not_match_a_sibling_with_a_longer_id():
    """/1/2/ must not match /1/23/."""
    root = OrganFactory()
    siblings = [
        OrganFactory(parent=root, level=OrganLevel.DISTRICT, region_code="500103")
        for _ in range(12)
    ]
    first = siblings[0]
    assert list(selectors.organ_subtree(first)) == [first]


def test_ancestors_are_the_chain_of_parents_root_first(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        chain = selectors.organ_ancestors(tree["street"])
    assert [o.name for o in chain] == ["重庆市人民政府", "渝中区人民政府"]
    with django_assert_num_queries(0):
        assert selectors.organ_ancestors(tree["city"]) == []


def test_children(tree):
    assert [o.name for o in selectors.organ_children(tree["district"])] == [
        "渝中区民政局",
        "解放碑街道办事处",
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (FIRST_DAY - datetime.timedelta(1), None),
        (FIRST_DAY, "principal"),
        (LAST_DAY, "principal"),
        (LAST_DAY + datetime.timedelta(1), "successor"),
    ],
    ids=["day-before-start", "first-day", "last-day", "day-after-end"],
)
def test_principal_leader_on_a_date(leaders, day, expected, django_assert_num_queries):
    with django_assert_num_queries(1):
        position = selectors.principal_leader_on(leaders["organ"], day)
        name = position.person.name if position else None
    assert name == (leaders[expected].person.name if expected else None)


@pytest.mark.parametrize(
    ("subject", "day", "expected"),
    [
        ("petition", FIRST_DAY, ["petition"]),
        ("petition", LAST_DAY, ["petition"]),
        ("petition", LAST_DAY + datetime.timedelta(1), []),
        ("public_security", FIRST_DAY, ["petition"]),
        ("education", LAST_DAY + datetime.timedelta(1), ["education"]),
        ("housing", FIRST_DAY, []),
    ],
)
def test_supervising_leaders_for_a_subject_on_a_date(
    leaders, subject, day, expected, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = [
            p.person.name for p in selectors.supervising_leaders_on(leaders["organ"], subject, day)
        ]
    assert found == [leaders[k].person.name for k in expected]


def test_leadership_team_on_a_date_lists_principal_first_and_no_staff(
    leaders, django_assert_num_queries
):
    with django_assert_num_queries(1):
        team = selectors.leadership_team_on(leaders["organ"], LAST_DAY)
        kinds = [p.kind for p in team]
        [p.person.name for p in team]
    assert kinds == [
        PositionKind.PRINCIPAL_LEADER,
        PositionKind.SUPERVISING_LEADER,
        PositionKind.SUPERVISING_LEADER,
        PositionKind.TEAM_MEMBER,
    ]
    after = selectors.leadership_team_on(leaders["organ"], LAST_DAY + datetime.timedelta(1))
    assert [p.pk for p in after] == [
        leaders["successor"].pk,
        leaders["education"].pk,
        leaders["member"].pk,
    ]


def test_positions_of_person_on_a_date(django_assert_num_queries):
    person = PersonFactory()
    a = PositionFactory(person=person, start=D(2020, 1, 1), end=D(2020, 12, 31))
    b = PositionFactory(person=person, start=D(2020, 6, 1))
    with django_assert_num_queries(1):
        held = selectors.positions_of_person_on(person, D(2020, 12, 31))
        [p.organ.name for p in held]
    assert held == [a, b]
    assert selectors.positions_of_person_on(person, D(2021, 1, 1)) == [b]
    assert selectors.positions_of_person_on(person, D(2019, 12, 31)) == []


def test_organs_of_user_put_leadership_before_staff(django_assert_num_queries):
    user = UserFactory()
    person = PersonFactory(user=user)
    staff_post = PositionFactory(person=person, start=D(2020, 1, 1))
    leader_post = PositionFactory(
        person=person, kind=PositionKind.PRINCIPAL_LEADER, start=D(2022, 1, 1)
    )
    with django_assert_num_queries(1):
        organs = selectors.organs_of_user(user, D(2023, 1, 1))
    assert organs == [leader_post.organ, staff_post.organ]
    assert selectors.primary_organ_of_user(user, D(2021, 1, 1)) == staff_post.organ
    assert selectors.primary_organ_of_user(UserFactory(), D(2023, 1, 1)) is None
