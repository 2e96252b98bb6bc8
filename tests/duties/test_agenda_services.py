"""细则第四条 through the services: agenda items and their follow-up, the norms by year, an
organ's own norms, dispute screening, and the early warning."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.accountability.factories import World, build_world, make_overdue_matter
from xinfang.audit.models import AuditEntry
from xinfang.duties.models.agenda import AgendaKind, FollowUpState
from xinfang.duties.selectors.agenda import agenda_norm, expected_by, screening_norm
from xinfang.duties.selectors.agenda_warnings import may_see_warnings, region_warnings
from xinfang.duties.services.agenda import (
    agenda_follow_up_done,
    agenda_item_record,
    dispute_screening_record,
    organ_duty_settings_set,
)
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.services import petitioner_create
from xinfang.refusals import Refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def record_item(world: World, **extra: Any) -> Any:
    values: dict[str, Any] = {
        "organ": world.organ("d_party"),
        "kind": AgendaKind.REPORT,
        "held_on": TODAY - dt.timedelta(days=3),
        "meeting": "区委常委会第12次会议",
        "decisions": "听取区信访办工作汇报，研究化解积案。",
        "actor": world.user("d_secretary"),
        "attendees": [world.person("d_secretary")],
    }
    values.update(extra)
    return agenda_item_record(**values)


def test_agenda_item_with_follow_up_waits_until_done(world: World) -> None:
    owner = world.person("housing_director")
    item = record_item(world, follow_up_owner=owner, follow_up_due=TODAY + dt.timedelta(days=10))
    assert item.state == FollowUpState.OPEN
    assert list(item.attendees.all()) == [world.person("d_secretary")]
    # The owner serves elsewhere (住建委) and still reports the follow-up done.
    done = agenda_follow_up_done(
        item=item, note="已化解 3 件积案。", actor=world.user("housing_director")
    )
    assert done.state == FollowUpState.DONE
    assert done.done_note == "已化解 3 件积案。"
    assert AuditEntry.objects.filter(action="duties.agenda.follow_up_done").count() == 1
    with pytest.raises(Refused) as refused:
        agenda_follow_up_done(item=done, note="再次", actor=world.user("d_secretary"))
    assert refused.value.code == "follow_up_not_open"


def test_follow_up_done_by_an_outsider_is_refused(world: World) -> None:
    item = record_item(world, follow_up_owner=world.person("housing_director"), follow_up_due=TODAY)
    with pytest.raises(PermissionDenied):
        agenda_follow_up_done(item=item, note="完成", actor=world.user("b_po_clerk"))


def test_agenda_item_input_is_checked_by_field(world: World) -> None:
    with pytest.raises(ValidationError) as bad:
        record_item(
            world,
            held_on=TODAY + dt.timedelta(days=1),
            meeting=" ",
            follow_up_owner=world.person("housing_director"),
        )
    assert set(bad.value.error_dict) == {"held_on", "meeting", "follow_up_due"}


def test_recording_for_another_organ_is_refused(world: World) -> None:
    with pytest.raises(PermissionDenied):
        record_item(world, actor=world.user("housing_clerk"))


def test_norm_is_pro_rata_by_quarters_ended() -> None:
    assert expected_by(4, 2025, dt.date(2026, 2, 1)) == 4
    assert expected_by(4, 2026, dt.date(2026, 2, 1)) == 0
    assert expected_by(4, 2026, dt.date(2026, 7, 1)) == 2
    assert expected_by(4, 2026, dt.date(2026, 12, 31)) == 3
    assert expected_by(12, 2026, dt.date(2026, 10, 1)) == 9


def test_agenda_norm_counts_the_year_against_the_policy_value(world: World) -> None:
    organ = world.organ("d_party")
    record_item(world, held_on=dt.date(TODAY.year - 1, 3, 1))
    last_year = agenda_norm(organ, TODAY.year - 1, TODAY)
    assert (last_year.held, last_year.expected, last_year.behind) == (1, 4, True)
    assert last_year.setting.label == "政策设定值"
    organ_duty_settings_set(
        organ=organ,
        agenda_per_year=1,
        decided_by="区委常委会议事规则",
        actor=world.user("d_secretary"),
    )
    own = agenda_norm(organ, TODAY.year - 1, TODAY)
    assert (own.expected, own.behind, own.setting.label) == (1, False, "本机关设定")


def test_organ_settings_need_their_source_and_an_organ_member(world: World) -> None:
    organ = world.organ("housing")
    with pytest.raises(ValidationError) as bad:
        organ_duty_settings_set(
            organ=organ,
            receptions_per_year=0,
            agenda_per_year=6,
            actor=world.user("housing_director"),
        )
    assert set(bad.value.error_dict) == {"receptions_per_year", "decided_by"}
    with pytest.raises(PermissionDenied):
        organ_duty_settings_set(
            organ=organ, agenda_per_year=6, decided_by="文件", actor=world.user("d_po_clerk")
        )
    organ_duty_settings_set(
        organ=organ, agenda_per_year=6, decided_by="党组会议", actor=world.user("housing_director")
    )
    entry = AuditEntry.objects.get(action="duties.settings.set")
    assert entry.details["after"]["agenda_per_year"] == 6
    assert entry.details["before"]["agenda_per_year"] is None


def test_screening_is_a_region_organs_record(world: World) -> None:
    values: dict[str, Any] = {
        "held_on": TODAY,
        "period": "第四季度",
        "disputes_found": 5,
        "disputes_resolved": 4,
    }
    with pytest.raises(ValidationError) as bad:
        dispute_screening_record(
            organ=world.organ("housing"), actor=world.user("housing_director"), **values
        )
    assert "organ" in bad.value.error_dict
    with pytest.raises(ValidationError) as more:
        dispute_screening_record(
            organ=world.organ("d_party"),
            actor=world.user("d_secretary"),
            **{**values, "disputes_resolved": 6},
        )
    assert "disputes_resolved" in more.value.error_dict
    dispute_screening_record(
        organ=world.organ("d_party"), actor=world.user("d_secretary"), **values
    )
    status = screening_norm(world.organ("d_party"), TODAY.year, TODAY)
    assert status.held == 1


def _received(matter: Matter, day: dt.date, **fields: Any) -> Matter:
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    Matter.objects.filter(pk=matter.pk).update(received_at=at, registered_at=at, **fields)
    return Matter.objects.get(pk=matter.pk)


def test_warnings_show_spikes_repeats_and_collective_visits_without_identity(
    world: World,
) -> None:
    petitioner = petitioner_create(organ=world.organ("d_po"), name="张某某", actor="test:agenda")
    day = TODAY - dt.timedelta(days=1)
    matters = [make_overdue_matter(world) for _ in range(5)]
    for matter in matters[:3]:
        _received(matter, day, petitioner=petitioner)
    for matter in matters[3:]:
        _received(matter, day)
    _received(matters[4], day, is_collective=True, headcount=30)
    clerk = world.user("d_po_clerk")
    assert may_see_warnings(clerk, world.organ("d_po"), TODAY)
    assert not may_see_warnings(world.user("housing_clerk"), world.organ("housing"), TODAY)
    found = region_warnings(clerk, world.organ("d_po"), TODAY)
    assert [s.count for s in found.spikes] == [5]
    assert [(r.number, r.count) for r in found.repeats] == [(1, 3)]
    assert (found.collective_count, found.collective_headcount) == (1, 30)
    # A reader who may not open the matters gets the counts and no links.
    outsider = region_warnings(world.user("b_po_clerk"), world.organ("d_po"), TODAY)
    assert outsider.repeats[0].count == 3
    assert outsider.repeats[0].matter_ids == []
    assert outsider.collective_ids == []


def test_warnings_count_the_ninety_local_days_to_the_minute(world: World) -> None:
    """The window is ninety local days ending today: a matter received just after midnight
    on its first day counts, one received just before it does not (细则第四条第二款)."""
    first = TODAY - dt.timedelta(days=89)
    inside, before, last = (make_overdue_matter(world) for _ in range(3))
    for matter, day, time in (
        (inside, first, dt.time(0, 5)),
        (before, first - dt.timedelta(days=1), dt.time(23, 55)),
        (last, TODAY, dt.time(23, 55)),
    ):
        at = timezone.make_aware(dt.datetime.combine(day, time))
        Matter.objects.filter(pk=matter.pk).update(
            received_at=at, registered_at=at, is_collective=True, headcount=10
        )
    found = region_warnings(world.user("d_po_clerk"), world.organ("d_po"), TODAY)
    assert found.since == first
    assert (found.collective_count, found.collective_headcount) == (2, 20)
    assert found.collective_ids == sorted([inside.pk, last.pk])
