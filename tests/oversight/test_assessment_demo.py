"""The assessment demo (细则第十条第一款): 市委's assessment of the district party committees run
by 市信访办, with hand scores, published and waiting on 市委组织部's home page; loading twice
writes once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from xinfang.demo.orgs import load_demo
from xinfang.demo.oversight import assessment as demo
from xinfang.oversight.models import AssessmentRun, AssessmentScheme, HandScore, RunState

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_a_run_the_organization_department_sees_on_its_home_page() -> None:
    load_demo()
    today = timezone.localdate()
    assert demo.load(today) == 1 + 8 + 1
    assert demo.load(today) == 0
    scheme = AssessmentScheme.objects.get()
    assert scheme.organs.count() == 38
    assert scheme.office is not None and scheme.office.code == "500000-petition"
    assert HandScore.objects.count() == 8
    run = AssessmentRun.objects.get()
    assert run.state == RunState.PUBLISHED
    assert [d.organ.code for d in run.deliveries.all()] == ["500000-org"]
    client = Client()
    client.force_login(
        get_user_model().objects.get(username="org_dept"),
        backend="xinfang.access.backends.ModelBackend",
    )
    home = client.get(reverse("web:home")).content.decode()
    assert reverse("oversight:assessment_run", args=[run.pk]) in home
    assert client.get(reverse("oversight:assessment_run", args=[run.pk])).status_code == 200
    head = Client()
    head.force_login(
        get_user_model().objects.get(username="city_petition_head"),
        backend="xinfang.access.backends.ModelBackend",
    )
    assert head.get(reverse("oversight:assessment_scheme", args=[scheme.pk])).status_code == 200
