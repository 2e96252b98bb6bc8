"""Positions: leadership teams (细则第七条) and staff posts (第八条), with their dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganFactory, PersonFactory, PositionFactory, UserFactory
from xinfang.audit.models import AuditEntry
from xinfang.orgs.choices import PositionKind
from xinfang.orgs.services import person_link_user, position_end, position_start

pytestmark = pytest.mark.django_db

D = datetime.date


def messages(excinfo):
    return " ".join(excinfo.value.messages)


def test_a_position_ending_before_it_starts_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        PositionFactory(start=D(2024, 3, 1), end=D(2024, 2, 29))
    assert "任职截止日期（2024-02-29）不能早于任职起始日期（2024-03-01）。" in messages(excinfo)


def test_ending_a_position_before_it_started_is_refused():
    position = PositionFactory(start=D(2024, 3, 1))
    with pytest.raises(ValidationError) as excinfo:
        position_end(actor="test", position=position, end=D(2024, 1, 1))
    assert excinfo.value.error_dict["end"][0].code == "end_before_start"


def test_a_one_day_position_is_allowed():
    position = PositionFactory(start=D(2024, 3, 1), end=D(2024, 3, 1))
    assert position.end == position.start


def test_two_principal_leaders_at_once_are_refused():
    organ = OrganFactory()
    first = PersonFactory(name="张三")
    PositionFactory(
        organ=organ, person=first, kind=PositionKind.PRINCIPAL_LEADER, start=D(2021, 6, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        PositionFactory(organ=organ, kind=PositionKind.PRINCIPAL_LEADER, start=D(2023, 1, 1))
    assert (
        "同一机构同一时间只能有一名主要负责人：“张三”自 2021-06-01 起任该机构主要负责人，"
        "任期与本职位重叠。" in messages(excinfo)
    )


def test_a_principal_leader_overlapping_only_on_the_last_day_is_refused():
    organ = OrganFactory()
    PositionFactory(
        organ=organ, kind=PositionKind.PRINCIPAL_LEADER, start=D(2020, 1, 1), end=D(2021, 5, 31)
    )
    with pytest.raises(ValidationError):
        PositionFactory(organ=organ, kind=PositionKind.PRINCIPAL_LEADER, start=D(2021, 5, 31))


def test_a_successor_may_start_the_day_after_the_predecessor_ends():
    organ = OrganFactory()
    PositionFactory(
        organ=organ, kind=PositionKind.PRINCIPAL_LEADER, start=D(2020, 1, 1), end=D(2021, 5, 31)
    )
    PositionFactory(organ=organ, kind=PositionKind.PRINCIPAL_LEADER, start=D(2021, 6, 1))


def test_an_earlier_principal_leader_ending_into_the_current_term_is_refused():
    organ = OrganFactory()
    PositionFactory(organ=organ, kind=PositionKind.PRINCIPAL_LEADER, start=D(2021, 6, 1))
    with pytest.raises(ValidationError):
        PositionFactory(
            organ=organ,
            kind=PositionKind.PRINCIPAL_LEADER,
            start=D(2019, 1, 1),
            end=D(2021, 6, 1),
        )


def test_extending_a_past_principal_leader_into_the_successor_term_is_refused():
    organ = OrganFactory()
    old = PositionFactory(
        organ=organ, kind=PositionKind.PRINCIPAL_LEADER, start=D(2020, 1, 1), end=D(2021, 5, 31)
    )
    PositionFactory(organ=organ, kind=PositionKind.PRINCIPAL_LEADER, start=D(2021, 6, 1))
    with pytest.raises(ValidationError):
        position_end(actor="test", position=old, end=D(2022, 1, 1))


def test_principal_leaders_of_different_organs_do_not_clash():
    PositionFactory(kind=PositionKind.PRINCIPAL_LEADER, start=D(2021, 6, 1))
    PositionFactory(kind=PositionKind.PRINCIPAL_LEADER, start=D(2021, 6, 1))


def test_a_supervising_leader_needs_a_portfolio():
    with pytest.raises(ValidationError) as excinfo:
        PositionFactory(kind=PositionKind.SUPERVISING_LEADER, portfolio=[])
    assert "分管负责人必须列明分管事项（细则第七条）。" in messages(excinfo)


def test_unknown_position_kinds_are_refused():
    with pytest.raises(ValidationError) as excinfo:
        PositionFactory(kind="emperor")
    assert "未知的职位类别：emperor。" in messages(excinfo)


def test_position_start_and_end_write_audit_entries():
    position = position_start(
        actor="test:clerk",
        person=PersonFactory(),
        organ=OrganFactory(),
        kind=PositionKind.SUPERVISING_LEADER,
        start=D(2022, 1, 1),
        title="副局长",
        portfolio=["petition"],
    )
    position_end(actor="test:clerk", position=position, end=D(2023, 12, 31))
    entries = list(
        AuditEntry.objects.filter(object_type="orgs.position", object_id=str(position.pk))
    )
    assert [e.action for e in entries] == ["orgs.position_start", "orgs.position_end"]
    assert entries[0].details["portfolio"] == ["petition"]
    assert entries[1].details == {"end": [None, "2023-12-31"]}


def test_person_create_and_link_user_write_audit_entries():
    person = PersonFactory(name="李四")
    user = UserFactory()
    person_link_user(actor="test", person=person, user=user)
    person.refresh_from_db()
    assert person.user == user
    actions = list(
        AuditEntry.objects.filter(object_type="orgs.person", object_id=str(person.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["orgs.person_create", "orgs.person_link_user"]


def test_one_user_cannot_be_linked_to_two_people():
    user = UserFactory()
    person_link_user(actor="test", person=PersonFactory(name="王五"), user=user)
    with pytest.raises(ValidationError) as excinfo:
        person_link_user(actor="test", person=PersonFactory(), user=user)
    assert "登录账号已关联到人员“王五”。" in messages(excinfo)
