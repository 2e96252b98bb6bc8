# ruff: noqa: F811 - the fixtures are imported from incidents_world
"""Who reads an incident: an extreme incident (因信访问题引发的个人极端事件) only by those who
need it; a staff report by its author, its leader and the author's leadership team."""

from __future__ import annotations

import pytest
from django.http import Http404

from xinfang.audit.models import AuditEntry
from xinfang.duties.models.incidents import IncidentKind
from xinfang.duties.selectors.incidents import (
    access_incident_by_id,
    access_staff_report_by_id,
    incidents_visible_to,
    staff_reports_visible_to,
)
from xinfang.duties.services.incidents_staff import staff_report_submit

from .incidents_world import HOUR, client_for, record, report, world  # noqa: F401

pytestmark = pytest.mark.django_db

NEED_IT = ("housing_director", "housing_deputy", "d_po_head", "d_po_clerk", "admin")
DO_NOT = ("housing_colleague", "city_po_clerk", "d_secretary", "d_gov_head", "b_po_clerk")


def sees(world, username, incident) -> bool:
    return incidents_visible_to(world.user(username)).filter(pk=incident.pk).exists()


def test_an_extreme_incident_is_read_only_by_those_who_need_it(world):
    incident = record(
        world,
        kind=IncidentKind.EXTREME_INCIDENT,
        by="d_po_clerk",
        recording_organ="d_po",
        known_by="d_po_clerk",
        people=1,
        title="某信访人在区政府门前自伤",
    )
    assert [u for u in NEED_IT if sees(world, u, incident)] == list(NEED_IT)
    assert [u for u in DO_NOT if sees(world, u, incident)] == []
    # The responsible organ's staff who did not record it: a 404, logged as a denial.
    with pytest.raises(Http404):
        access_incident_by_id(world.user("housing_colleague"), incident.pk)
    denial = AuditEntry.objects.filter(action="access.denied").latest("id")
    assert denial.object_type == "duties.incident"
    assert denial.object_id == str(incident.pk)


def test_an_extreme_incident_reaches_those_it_was_reported_to(world):
    incident = record(
        world,
        kind=IncidentKind.EXTREME_INCIDENT,
        by="housing_director",
        known_by="housing_clerk",
        people=1,
    )
    report(world, incident, after=HOUR / 2, by="housing_director", to="d_gov")
    assert sees(world, "d_gov_head", incident)
    assert not sees(world, "d_secretary", incident)
    assert not sees(world, "housing_clerk", incident)  # knew it, did not record it
    assert access_incident_by_id(world.user("d_gov_head"), incident.pk) == incident


def test_other_incidents_are_read_within_the_usual_scope(world):
    incident = record(world)
    for username in ("housing_colleague", "city_po_clerk", "d_po_clerk", "housing_director"):
        assert sees(world, username, incident), username
    assert not sees(world, "b_po_clerk", incident)


def test_the_extreme_incident_page_and_endpoint_answer_404_to_staff(world, client_for):
    incident = record(world, kind=IncidentKind.EXTREME_INCIDENT, by="housing_director", people=1)
    staff = client_for(world.user("housing_colleague"))
    assert staff.get(f"/duties/incidents/{incident.pk}/").status_code == 404
    response = staff.get(f"/api/duties/incidents/{incident.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    director = client_for(world.user("housing_director"))
    assert director.get(f"/duties/incidents/{incident.pk}/").status_code == 200
    assert director.get(f"/api/duties/incidents/{incident.pk}").status_code == 200
    listed = staff.get("/api/duties/incidents").json()
    assert incident.pk not in [item["id"] for item in listed["items"]]


def test_a_staff_report_is_read_by_its_author_its_leader_and_the_leadership(world):
    submitted = staff_report_submit(
        organ=world.organ("housing"),
        to_person=world.person("housing_deputy"),
        kind="prominent_problem",
        content="老旧小区电梯停运问题反映集中。",
        actor=world.user("housing_clerk"),
    )
    readers = [
        u
        for u in ("housing_clerk", "housing_deputy", "housing_director", "housing_colleague")
        if staff_reports_visible_to(world.user(u)).filter(pk=submitted.pk).exists()
    ]
    assert readers == ["housing_clerk", "housing_deputy", "housing_director"]
    with pytest.raises(Http404):
        access_staff_report_by_id(world.user("housing_colleague"), submitted.pk)
