"""The whole demo, loaded as ``xinfang demo`` loads it, shows every ground the system detects
(细则第十一条第一款): leads for grounds 一, 二, 四, 五, 七 and signals (待研判信号) for 三, 六, 八;
a second detection run creates nothing; every demo login gets a home page, and the duty holders
of 渝中区 find their duties waiting there (“待办职责事项”)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from xinfang.accountability.choices import LeadTier
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import AccountabilityCase, Lead
from xinfang.demo.duties import PARTS, load_demo_duties
from xinfang.demo.orgs import load_demo
from xinfang.demo.orgs_data import DEMO_LOGINS

pytestmark = pytest.mark.django_db

#: The demo logins whose home page lists duties waiting on them.
WITH_DUTIES = (
    "district_secretary",
    "dept_head",
    "dept_staff",
    "district_petition_clerk",
    "city_petition_head",
    # The municipal office's situation report is circulated to the general office's
    # inspection unit (督查室), to read.
    "inspector",
)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The whole demo, once for this module: the registry, then every step of ``xinfang demo``."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        for step in settings.XINFANG_DEMO_STEPS:
            call_command(step, stdout=None)
        yield
        transaction.set_rollback(True)


def by_ground(tier: str) -> Counter[int]:
    return Counter(Lead.objects.filter(tier=tier).values_list("ground", flat=True))


def home(username: str) -> str:
    client = Client()
    client.force_login(
        get_user_model().objects.get(username=username),
        backend="xinfang.access.backends.ModelBackend",
    )
    response = client.get("/")
    assert response.status_code == 200, username
    return response.content.decode()


def test_leads_for_grounds_one_two_four_five_seven(demo: Any) -> None:
    leads = by_ground(LeadTier.LEAD)
    assert {1, 2, 4, 5, 7} <= set(leads), leads


def test_signals_for_grounds_three_six_eight(demo: Any) -> None:
    signals = by_ground(LeadTier.SIGNAL)
    assert {3, 6, 8} <= set(signals), signals
    kinds = set(Lead.objects.filter(tier=LeadTier.SIGNAL).values_list("kind", flat=True))
    assert {
        "overturned_on_review",
        "repeated_dissatisfaction",
        "record_altered",
        "disclosure_to_accused",
    } <= kinds


def test_a_second_load_writes_nothing(demo: Any) -> None:
    assert load_demo_duties() == dict.fromkeys(PARTS, 0)


def test_a_second_detection_creates_nothing(demo: Any) -> None:
    before = Lead.objects.count()
    report = detect_leads()
    assert report.total_created == 0
    assert Lead.objects.count() == before


def test_the_accountability_cases_rest_on_leads_not_signals(demo: Any) -> None:
    cases = AccountabilityCase.objects.select_related("lead")
    assert cases.exists()
    assert {case.lead.tier for case in cases} == {LeadTier.LEAD}
    assert 8 not in {case.lead.ground for case in cases}


def test_every_demo_login_gets_a_home_page(demo: Any) -> None:
    logins = [login.username for login in DEMO_LOGINS if login.username != "admin"]
    pages = {name: home(name) for name in logins}
    waiting = {name for name, page in pages.items() if 'id="duty-todo"' in page}
    assert set(WITH_DUTIES) <= waiting, waiting
