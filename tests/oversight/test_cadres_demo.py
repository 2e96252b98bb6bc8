"""The demo of 细则第十条第二款: 市委组织部's answered request about 渝中区委书记 (unread), its
pending one, and 渝中区委组织部's pending one; loading twice writes once; the home pages of
``org_dept`` and the petition offices' clerks show the cadre work."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from xinfang.demo.orgs import load_demo
from xinfang.demo.oversight import cadres as demo
from xinfang.oversight.models.cadres import CadreOpinionRequest

pytestmark = pytest.mark.django_db


def home_of(username: str) -> str:
    client = Client()
    user = get_user_model().objects.get(username=username)
    client.force_login(user, backend="xinfang.access.backends.ModelBackend")
    return client.get("/").content.decode()


def test_the_demo_loads_once_and_reaches_the_workbenches() -> None:
    load_demo()
    today = timezone.localdate()
    assert demo.load(today) == 3
    assert demo.load(today) == 0
    rows = {
        (r.requester.code, r.person.code): r
        for r in CadreOpinionRequest.objects.select_related("requester", "person")
    }
    answered = rows[("500000-org", "500103-party:principal")]
    assert answered.state == "answered" and answered.office.code == "500000-petition"
    assert answered.signed_by.code == "500000-petition:principal"
    assert answered.read_at is None and demo.OPINION_END in answered.opinion
    pending = [r for r in rows.values() if r.state == "requested"]
    assert {r.office.code for r in pending} == {"500000-petition", "500103-petition"}
    assert "信访部门意见待阅" in home_of("org_dept")
    assert "干部考察征求意见待答复" in home_of("city_petition_clerk")
    assert "干部考察征求意见待答复" in home_of("district_petition_clerk")
    assert "干部考察征求意见" not in home_of("district_secretary")
