"""The demo of 细则第六条 in 渝中区: three recommendations from 渝中区信访办 (one replied in
time and adopted, one unreplied past its due date that detection makes a lead of, one to
perfect a policy), last quarter's report approved and circulated, this quarter's a draft;
loading twice writes once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.demo.duties import recommendations as demo
from xinfang.demo.orgs import load_demo
from xinfang.duties.models.recommendations import OfficeRecommendation, SituationReport

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_its_unreplied_recommendation_becomes_a_lead() -> None:
    load_demo()
    today = timezone.localdate()
    assert demo.load(today) == 6  # three recommendations, two district reports, one city report
    assert demo.load(today) == 0
    states = dict(OfficeRecommendation.objects.values_list("title", "state"))
    assert states == {demo.IN_TIME: "closed", demo.IGNORED: "sent", demo.POLICY: "sent"}
    policy = OfficeRecommendation.objects.get(title=demo.POLICY)
    assert policy.recipient.code == "500103-gov" and policy.kind == "improve_policy"
    assert set(SituationReport.objects.values_list("state", flat=True)) == {"circulated", "draft"}
    circulated = set(
        SituationReport.objects.filter(state="circulated").values_list(
            "office__code", "circulated_to__code"
        )
    )
    assert circulated == {
        ("500103-petition", "500103-party"),
        ("500103-petition", "500103-gov"),
        ("500103-petition", "500000-petition"),
        ("500000-petition", "500000-party"),
        ("500000-petition", "500000-gov"),
        ("500000-petition", "500000-office"),
    }
    assert detect_leads(kinds=["recommendations"]).total_created == 1
    lead = Lead.objects.get()
    assert lead.organ.code == "500103-housing" and lead.ground == 5
