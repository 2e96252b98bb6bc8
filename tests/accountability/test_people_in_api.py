"""The accountability API names people by id and name, not only by registry code (issue 13,
item 25): the rules core's JSON keys people by code; the API adds ``person_id`` and ``name``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead

from .factories import FAILURE_DAY, World, make_overdue_matter

API = "/api/accountability"


def test_recommendation_and_facts_name_people_by_id_and_name(world: World, client_for: Any) -> None:
    make_overdue_matter(world, period="handle")
    detect_leads(today=FAILURE_DAY + dt.timedelta(days=1))
    clerk = client_for(world.user("d_po_clerk"))
    case_id = clerk.post(f"{API}/leads/{Lead.objects.get().pk}/investigation").json()["id"]
    deputy, staff = world.person("housing_deputy"), world.person("housing_clerk")
    findings = {
        "grounds": [2],
        "threshold_met": True,
        "threshold_reasoning": "逾期未办结，信访人权益受损。",
        "harm": "minor",
        "impact": "minor",
        "responsibility": "individual",
        "participants": [
            {"person_id": staff.pk, "role": "staff"},
            {"person_id": deputy.pk, "role": "supervising_leader", "discipline_warranted": True},
        ],
    }
    response = clerk.put(
        f"{API}/cases/{case_id}/findings",
        data=json.dumps(findings),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    for body in (response.json(), clerk.get(f"{API}/cases/{case_id}").json()):
        rec, facts = body["recommendation"], body["facts"]
        by_id = {p["person_id"]: p for p in rec["people"]}
        assert set(by_id) == {staff.pk, deputy.pk}
        assert by_id[deputy.pk]["name"] == deputy.name
        # The registry code stays, for the ``xinfang decide`` shape.
        assert by_id[deputy.pk]["id"] == deputy.code
        (referral,) = rec["referrals"]
        assert (referral["person_id"], referral["name"]) == (deputy.pk, deputy.name)
        assert {p["person_id"]: p["name"] for p in facts["people"]} == {
            staff.pk: staff.name,
            deputy.pk: deputy.name,
        }
