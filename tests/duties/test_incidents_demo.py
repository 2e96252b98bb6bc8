"""The demo incidents of 渝中区: written once, and detect-leads finds the late first report
(ground 七) and the escalation after slow handling (ground 四), nothing for what was on time."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.demo.duties import incidents as demo
from xinfang.demo.orgs import load_demo
from xinfang.duties.models.incidents import Incident, StaffReport
from xinfang.duties.selectors import todo_for
from xinfang.orgs.models import Person

pytestmark = pytest.mark.django_db


def test_the_demo_incidents_are_written_once_and_become_their_leads():
    load_demo()
    today = timezone.localdate()
    assert demo.load(today) == 3
    assert demo.load(today) == 0
    assert Incident.objects.count() == 2 and StaffReport.objects.count() == 1
    found = detect_leads(kinds=["incidents"])
    kinds = sorted(Lead.objects.filter(pk__in=found.lead_ids).values_list("kind", "ground"))
    assert kinds == [
        (LeadKind.INCIDENT_ESCALATED.value, 4),
        (LeadKind.INCIDENT_REPORTED_LATE.value, 7),
    ]
    late = Lead.objects.get(kind=LeadKind.INCIDENT_REPORTED_LATE)
    with translation.override("en"):
        assert "made only at" in late.summary_text
    director = Person.objects.get(code="500103-housing:principal").user
    assert director is not None
    assert any(item.kind == "工作人员汇报" for item in todo_for(director, today))
    assert detect_leads(kinds=["incidents"]).total_created == 0
