"""The pages of 细则第十条第二款、第十八条, through the test client: who sees a request (only the
requesting department and the answering office: the leader concerned, his organ and the
discipline organ get the same 404 as a stranger), the steps, and the person's record."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.conf import settings

from tests.oversight.cadres_world import (
    TODAY,
    ask,
    client_for_fixture,  # noqa: F401 (fixtures)
    decided_measure,
    duty_records,
    world_fixture,  # noqa: F401 (fixtures)
)
from xinfang.audit.models import AuditEntry
from xinfang.orgs.models import Organ, Person, Position
from xinfang.oversight.models.cadres import CadreOpinionRequest, CadreOpinionState
from xinfang.oversight.selectors import cadres as selectors
from xinfang.oversight.services import cadres as services

pytestmark = pytest.mark.django_db

READERS = ("d_org_staff", "d_po_clerk", "d_po_head", "admin")
DENIED = (
    "housing_director",  # the leader concerned
    "housing_clerk",  # the leader's own organ
    "d_secretary",  # the leadership above
    "d_discipline_staff",  # the discipline organ
    "d_hrss_staff",  # a personnel department that did not ask
    "city_po_clerk",  # the petition office above
    "city_org_staff",  # the organization department above
)


@pytest.mark.parametrize("account", READERS + DENIED)
def test_only_the_two_departments_read_the_request(world, client_for, account):
    row = ask(world)
    response = client_for(world.user(account)).get(f"/oversight/cadres/{row.pk}/")
    if account in READERS:
        assert response.status_code == 200
        assert world.person("housing_director").name in response.content.decode()
    else:
        assert response.status_code == 404
        assert AuditEntry.objects.filter(
            action="access.denied", object_type="oversight.cadreopinionrequest"
        ).exists()


def test_the_leader_concerned_never_sees_it_even_serving_in_the_office(world, client_for):
    from xinfang.orgs import services as org_services

    org_services.position_start(
        actor="test",
        person=world.person("housing_director"),
        organ=world.organ("d_po"),
        kind="staff",
        start=dt.date(2021, 1, 1),
    )
    row = ask(world)
    response = client_for(world.user("housing_director")).get(f"/oversight/cadres/{row.pk}/")
    assert response.status_code == 404
    assert not selectors.cadre_requests_for(world.user("housing_director")).exists()


def test_the_list_shows_incoming_and_outgoing(world, client_for):
    row = ask(world, due=TODAY)
    CadreOpinionRequest.objects.filter(pk=row.pk).update(
        requested_on=TODAY - dt.timedelta(days=12), due=TODAY - dt.timedelta(days=1)
    )
    office = client_for(world.user("d_po_clerk")).get("/oversight/cadres/").content.decode()
    assert "已逾期" in office and f"/oversight/cadres/{row.pk}/" in office
    dept = client_for(world.user("d_org_staff")).get("/oversight/cadres/").content.decode()
    assert f"/oversight/cadres/{row.pk}/" in dept
    other = client_for(world.user("housing_clerk")).get("/oversight/cadres/").content.decode()
    assert f"/oversight/cadres/{row.pk}/" not in other


def test_the_department_asks_through_the_form(world, client_for):
    client = client_for(world.user("d_org_staff"))
    page = client.get("/oversight/cadres/new/", {"q": "housing_director"}).content.decode()
    assert world.person("housing_director").name in page
    due = (TODAY + dt.timedelta(days=10)).isoformat()
    data = {"department": world.organ("d_org").pk, "purpose": "annual", "due": due}
    bad = client.post(
        "/oversight/cadres/new/", {**data, "person": world.person("housing_clerk").pk}
    )
    assert bad.status_code == 400
    response = client.post(
        "/oversight/cadres/new/", {**data, "person": world.person("housing_director").pk}
    )
    assert response.status_code == 302
    row = CadreOpinionRequest.objects.get()
    assert row.office == world.organ("d_po") and row.due.isoformat() == due
    assert client_for(world.user("d_po_clerk")).get("/oversight/cadres/new/").status_code == 404


def test_the_office_drafts_edits_and_its_head_signs(world, client_for):
    duty_records(world)
    row = ask(world)
    clerk = client_for(world.user("d_po_clerk"))
    assert clerk.post(f"/oversight/cadres/{row.pk}/draft/").status_code == 302
    page = clerk.get(f"/oversight/cadres/{row.pk}/").content.decode()
    assert "暂无已发布的考核结果" in page and "step-sign" not in page
    assert "step-edit" in page and "step-refuse" in page
    assert clerk.post(f"/oversight/cadres/{row.pk}/edit/", {"edit-opinion": ""}).status_code == 400
    clerk.post(f"/oversight/cadres/{row.pk}/edit/", {"edit-opinion": "履职较好。"})
    assert clerk.post(f"/oversight/cadres/{row.pk}/sign/").status_code == 409
    head = client_for(world.user("d_po_head"))
    assert "step-sign" in head.get(f"/oversight/cadres/{row.pk}/").content.decode()
    assert head.post(f"/oversight/cadres/{row.pk}/sign/").status_code == 302
    row.refresh_from_db()
    assert row.state == CadreOpinionState.ANSWERED and row.opinion == "履职较好。"
    # The department reads the answer; reading it is recorded once.
    dept = client_for(world.user("d_org_staff"))
    assert "履职较好。" in dept.get(f"/oversight/cadres/{row.pk}/").content.decode()
    row.refresh_from_db()
    assert row.read_at is not None


def test_the_department_does_not_take_the_offices_steps(world, client_for):
    row = ask(world)
    page = (
        client_for(world.user("d_org_staff")).get(f"/oversight/cadres/{row.pk}/").content.decode()
    )
    assert "step-draft" not in page
    response = client_for(world.user("d_org_staff")).post(f"/oversight/cadres/{row.pk}/draft/")
    assert response.status_code == 403


def test_the_office_refuses_with_a_reason(world, client_for):
    row = ask(world)
    clerk = client_for(world.user("d_po_clerk"))
    assert (
        clerk.post(f"/oversight/cadres/{row.pk}/refuse/", {"refuse-reason": ""}).status_code == 400
    )
    clerk.post(f"/oversight/cadres/{row.pk}/refuse/", {"refuse-reason": "不属本级管理。"})
    row.refresh_from_db()
    assert row.state == CadreOpinionState.REFUSED


# --- 细则第十八条 ------------------------------------------------------------------------------

RECORD_READERS = ("d_org_staff", "d_hrss_staff", "admin")
RECORD_DENIED = ("housing_director", "d_po_clerk", "housing_clerk", "city_org_staff")


@pytest.mark.parametrize("account", RECORD_READERS + RECORD_DENIED)
def test_the_record_of_a_person_goes_to_the_departments_of_his_level(world, client_for, account):
    decided_measure(world)
    person = world.person("housing_director")
    response = client_for(world.user(account)).get(f"/oversight/cadres/record/{person.pk}/")
    if account in RECORD_READERS:
        page = response.content.decode()
        assert response.status_code == 200
        assert "通报" in page and "逾期完成整改" in page
        assert world.organ("d_party").name in page
    else:
        assert response.status_code == 404


def test_the_list_of_persons_held_accountable_filters_by_year_and_measure(world, client_for):
    decision = decided_measure(world)
    client = client_for(world.user("d_org_staff"))
    name = world.person("housing_director").name
    year = decision.decided_on.year
    assert name in client.get("/oversight/cadres/record/").content.decode()
    assert name in client.get("/oversight/cadres/record/", {"year": year}).content.decode()
    assert name not in client.get("/oversight/cadres/record/", {"year": year - 5}).content.decode()
    assert (
        name
        not in client.get("/oversight/cadres/record/", {"measure": "admonishment"}).content.decode()
    )
    assert (
        name
        not in client_for(world.user("city_org_staff"))
        .get("/oversight/cadres/record/")
        .content.decode()
    )


def test_the_workbench_shows_cadre_work(world):
    row = ask(world)
    office_items = selectors.todo_items(world.user("d_po_clerk"), TODAY)
    assert [i.url_args for i in office_items] == [(row.pk,)]
    dept_items = selectors.todo_items(world.user("d_org_staff"), TODAY)
    assert [i.url_args for i in dept_items] == [(row.pk,)]
    services.cadre_request_draft(request=row, actor=world.user("d_po_clerk"))
    row.refresh_from_db()
    services.cadre_request_sign(request=row, actor=world.user("d_po_head"))
    assert selectors.todo_items(world.user("d_po_clerk"), TODAY) == []
    (unread,) = selectors.todo_items(world.user("d_org_staff"), TODAY)
    assert unread.kind == "信访部门意见待阅"
    assert selectors.todo_items(world.user("housing_director"), TODAY) == []
    rows = selectors.organ_rows(world.user("d_po_clerk"), world.organ("d_po"), TODAY)
    assert rows[0].open == 0


def test_the_department_links_to_the_record_and_english_pages_are_english(world, client_for):
    duty_records(world)
    decided_measure(world)
    row = ask(world)
    services.cadre_request_draft(request=row, actor=world.user("d_po_clerk"))
    person = world.person("housing_director")
    dept = client_for(world.user("d_org_staff"))
    assert (
        f"/oversight/cadres/record/{person.pk}/"
        in dept.get(f"/oversight/cadres/{row.pk}/").content.decode()
    )
    clerk = client_for(world.user("d_po_clerk"))
    page = clerk.get(f"/oversight/cadres/{row.pk}/").content.decode()
    assert f"/oversight/cadres/record/{person.pk}/" not in page


CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def test_the_pages_are_english_in_english(world, client_for):
    """Outside the data (names, the opinion's text), no Chinese on English pages."""
    duty_records(world)
    decided_measure(world)
    row = services.cadre_request_draft(request=ask(world), actor=world.user("d_po_clerk"))
    person = world.person("housing_director")
    data = [
        *(o.name for o in Organ.objects.all()),
        *(p.name for p in Person.objects.all()),
        *(p.title for p in Position.objects.all()),
        *row.opinion.splitlines(),
        "简体中文",
    ]
    pages = {
        "d_po_clerk": ["/oversight/cadres/", f"/oversight/cadres/{row.pk}/"],
        "d_org_staff": [
            "/oversight/cadres/new/",
            "/oversight/cadres/record/",
            f"/oversight/cadres/record/{person.pk}/",
        ],
    }
    for account, urls in pages.items():
        client = client_for(world.user(account))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        for url in urls:
            text = html.unescape(client.get(url).content.decode())
            for value in sorted(data, key=len, reverse=True):
                text = text.replace(value, "")
            left = [text[max(0, m.start() - 30) : m.end() + 30] for m in CJK.finditer(text)]
            assert left == [], (url, left[:5])
