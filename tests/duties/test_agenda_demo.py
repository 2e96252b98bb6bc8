"""The demo of 细则第四条 in 渝中区: written once, nothing the second time; the party
committee behind its norm, the government not; one decision that becomes a ground (一) lead."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.demo.duties import agenda
from xinfang.demo.matters import load_demo_matters
from xinfang.demo.orgs import load_demo
from xinfang.duties.models.agenda import MajorDecision
from xinfang.duties.selectors.agenda import agenda_norm, without_prior_assessment
from xinfang.orgs.models import Organ

pytestmark = pytest.mark.django_db


def test_demo_agenda_is_idempotent_and_makes_one_ground_one_lead() -> None:
    today = timezone.localdate()
    load_demo()
    load_demo_matters(today=today)
    assert agenda.load(today) > 0
    assert agenda.load(today) == 0
    party = agenda_norm(Organ.objects.get(code="500103-party"), today.year, today)
    gov = agenda_norm(Organ.objects.get(code="500103-gov"), today.year, today)
    if today.month >= 10:
        assert party.behind and not gov.behind
    lacking = without_prior_assessment(MajorDecision.objects.all())
    assert lacking.count() == 2
    linked = lacking.filter(matters__isnull=False).distinct().count()
    detect_leads(today=today, kinds=["decisions"])
    assert Lead.objects.filter(kind=LeadKind.NO_RISK_ASSESSMENT).count() == linked == 1
