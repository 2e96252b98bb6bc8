"""The demo's accountability cases and who sees their notices (细则第十八条; issue 13, item 26).

Every demo role logs in and sees its part: the organization and personnel departments the
notices they received — at the municipal level and in 渝中区, each with a login — the deciding
authorities and the investigating offices that notices went out, and nobody else anything.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import AccountabilityCase, Notice
from xinfang.demo.accountability import load_demo_accountability
from xinfang.demo.matters import load_demo_matters
from xinfang.demo.orgs import load_demo
from xinfang.demo.orgs_data import DEMO_LOGINS

pytestmark = pytest.mark.django_db

API = "/api/accountability"


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo with its matters, leads and accountability cases, once for this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        load_demo_matters()
        detect_leads()
        result = load_demo_accountability()
        yield result
        transaction.set_rollback(True)


def as_(username: str) -> Client:
    client = Client()
    client.force_login(
        get_user_model().objects.get(username=username),
        backend="xinfang.access.backends.ModelBackend",
    )
    return client


def notice_organs(username: str) -> set[str]:
    response = as_(username).get(f"{API}/notices")
    assert response.status_code == 200, response.content
    codes = dict(Notice.objects.values_list("to_organ_id", "to_organ__code"))
    return {codes[n["to_organ_id"]] for n in response.json()["items"]}


def case_of(organ: str) -> AccountabilityCase:
    return AccountabilityCase.objects.get(organ__code=organ)


def test_the_demo_decides_two_cases_and_leaves_one_awaiting_a_decision(demo: Any) -> None:
    assert demo.created
    states = dict(AccountabilityCase.objects.values_list("organ__code", "state"))
    assert states == {
        "500103-housing": "decided",
        "500000-health": "decided",
        "500103-environment": "sent",
    }
    assert load_demo_accountability().reason == "present"


def test_every_notice_reaches_a_department_with_a_demo_login(demo: Any) -> None:
    logins = {login.organ for login in DEMO_LOGINS if login.organ}
    sent = set(Notice.objects.values_list("to_organ__code", flat=True))
    assert sent == {"500000-org", "500000-hrss", "500103-org", "500103-hrss"}
    assert sent <= logins


@pytest.mark.parametrize(
    ("username", "organs"),
    [
        ("org_dept", {"500000-org"}),
        ("personnel", {"500000-hrss"}),
        ("district_org_dept", {"500103-org"}),
        ("district_personnel", {"500103-hrss"}),
        ("admin", {"500000-org", "500000-hrss", "500103-org", "500103-hrss"}),
        ("city_petition_clerk", set()),
        ("city_petition_head", set()),
        ("district_petition_clerk", set()),
        ("dept_staff", set()),
        ("dept_head", set()),
        ("district_secretary", set()),
        ("discipline", set()),
        ("inspector", set()),
    ],
)
def test_each_demo_role_receives_its_notices(demo: Any, username: str, organs: set[str]) -> None:
    assert notice_organs(username) == organs


def test_the_district_departments_read_the_notices_of_the_district_case(demo: Any) -> None:
    body = as_("district_org_dept").get(f"{API}/notices").json()["items"]
    assert {n["case_id"] for n in body} == {case_of("500103-housing").pk}
    # The clerk and the deputy director; the case is individual, so the commission itself
    # gets no organ measure (细则第十二条第一款 is for collective responsibility).
    assert len(body) == 2


def dispatched(items: list[dict[str, Any]]) -> set[str]:
    return {n["to_organ_name"] for n in items}


DISTRICT = {"中共重庆市渝中区委组织部", "重庆市渝中区人力资源和社会保障局"}
CITY = {"中共重庆市委组织部", "重庆市人力资源和社会保障局"}


@pytest.mark.parametrize(
    ("username", "organ", "departments"),
    [
        ("district_petition_clerk", "500103-housing", DISTRICT),
        ("city_petition_clerk", "500000-health", CITY),
        ("district_petition_clerk", "500103-environment", set()),
    ],
)
def test_the_investigating_office_sees_the_dispatch(
    demo: Any, username: str, organ: str, departments: set[str]
) -> None:
    response = as_(username).get(f"{API}/cases/{case_of(organ).pk}")
    assert response.status_code == 200, response.content
    assert dispatched(response.json()["notices"]) == departments


@pytest.mark.parametrize(
    ("username", "letters"),
    [
        # 渝中区委 decided on the deputy director and the commission; the environment bureau's
        # case awaits its decision.
        ("district_secretary", {"500103-housing": DISTRICT, "500103-environment": set()}),
        # 渝中区住建委 decided on its own clerk.
        ("dept_head", {"500103-housing": DISTRICT}),
        ("discipline", {}),
        ("inspector", {}),
    ],
)
def test_the_deciding_authority_sees_the_dispatch(
    demo: Any, username: str, letters: dict[str, set[str]]
) -> None:
    body = as_(username).get(f"{API}/recommendations").json()["items"]
    organs = dict(AccountabilityCase.objects.values_list("pk", "organ__code"))
    seen = {
        organs[r["case_id"]]: dispatched([n for d in r["decisions"] for n in d["notices"]])
        for r in body
    }
    assert seen == letters


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("org_dept", "近期收到的追究情况通报"),
        ("district_org_dept", "近期收到的追究情况通报"),
        ("city_petition_clerk", "待核查的线索"),
    ],
)
def test_the_home_page_lists_the_accountability_work_waiting(demo, username, expected):
    """A department notified under 第十八条 and a petition office with leads to look into find
    that work on their home page, linking to the list."""
    page = as_(username).get("/").content.decode()
    assert expected in page
    assert 'id="card-accountability"' in page


def test_the_home_page_of_a_department_with_nothing_waiting_lists_no_accountability(demo):
    page = as_("dept_staff").get("/").content.decode()
    assert "待核查的线索" not in page and "近期收到的追究情况通报" not in page
