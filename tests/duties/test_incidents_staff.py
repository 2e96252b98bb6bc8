# ruff: noqa: F811 - the fixtures are imported from incidents_world
"""Staff reports to leaders (细则第八条第四项) and what the workbench shows of this part."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xinfang.duties.models.incidents import StaffReportState
from xinfang.duties.selectors import incidents as selectors
from xinfang.duties.selectors import todo_for
from xinfang.duties.services.incidents_staff import (
    staff_report_acknowledge,
    staff_report_submit,
)
from xinfang.refusals import Refused

from .incidents_world import HOUR, KNOWN_AT, record, report, world  # noqa: F401

pytestmark = pytest.mark.django_db


def submit(world, to: str = "housing_director"):
    return staff_report_submit(
        organ=world.organ("housing"),
        to_person=world.person(to),
        kind="suggestion",
        content="建议对老旧小区电梯问题开展专项排查。",
        actor=world.user("housing_clerk"),
    )


def titles(world, username: str) -> list[str]:
    return [item.title for item in todo_for(world.user(username), KNOWN_AT.date())]


def test_a_staff_report_waits_on_its_leader_until_acknowledged(world):
    submitted = submit(world)
    assert submitted.to_organ == world.organ("housing")
    assert any("意见建议" in title for title in titles(world, "housing_director"))
    assert not any("意见建议" in title for title in titles(world, "housing_deputy"))
    with pytest.raises(PermissionDenied):
        staff_report_acknowledge(report=submitted, note="阅", actor=world.user("housing_deputy"))
    with pytest.raises(ValidationError) as caught:
        staff_report_acknowledge(report=submitted, note=" ", actor=world.user("housing_director"))
    assert "note" in caught.value.message_dict
    done = staff_report_acknowledge(
        report=submitted, note="同意，请牵头开展排查。", actor=world.user("housing_director")
    )
    assert done.state == StaffReportState.ACKNOWLEDGED and done.acknowledged_at is not None
    assert not any("意见建议" in title for title in titles(world, "housing_director"))
    with pytest.raises(Refused) as refused:
        staff_report_acknowledge(report=done, note="再阅", actor=world.user("housing_director"))
    assert refused.value.code == "staff_report_acknowledged"


def test_a_staff_member_reports_to_the_leaders_of_the_organ_and_above_only(world):
    assert submit(world, to="d_gov_head").to_organ == world.organ("d_gov")
    with pytest.raises(ValidationError) as caught:
        submit(world, to="housing_colleague")
    assert caught.value.message_dict["to_person"]
    with pytest.raises(ValidationError):
        submit(world, to="b_po_clerk")


def _incident_items(user, day):
    return [i for i in todo_for(user, day) if i.url_name.startswith("duties:incident")]


def test_the_reports_an_incident_owes_wait_on_its_organ_overdue_flagged(world):
    incident = record(world)
    items = _incident_items(world.user("housing_colleague"), KNOWN_AT.date())
    assert [(i.url_args, i.overdue) for i in items] == [((incident.pk,), True)] * 2
    assert not _incident_items(world.user("d_secretary"), KNOWN_AT.date())
    report(world, incident, after=HOUR / 2)
    items = _incident_items(world.user("housing_director"), KNOWN_AT.date())
    assert len(items) == 1 and "书面报告" in items[0].title


def test_the_organ_overview_counts_open_incidents_overdue_and_late_reports(world):
    late = record(world)
    report(world, late, after=4 * HOUR)
    report(world, late, after=5 * HOUR, channel="written")
    record(world, title="某小区业主再次聚集")
    [row] = selectors.organ_rows(
        world.user("housing_director"), world.organ("housing"), KNOWN_AT.date()
    )
    assert (row.open, row.overdue) == (2, 1)
    assert row.flags and "1" in row.note
