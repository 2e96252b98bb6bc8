"""Signals on the pages and the API: promoted to a lead or dismissed with a reason, listed apart
from the leads, and a disclosure signal (细则第十一条第一款第八项) read only by the petition
office's head and the discipline organ."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from xinfang.accountability import services
from xinfang.accountability.choices import LeadKind, LeadState, LeadTier
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.accountability.selectors import cases_visible_to, leads_visible_to, prioritized
from xinfang.accountability.services.machine import LEAD, Action
from xinfang.audit.models import AuditEntry
from xinfang.audit.services import audit_record
from xinfang.orgs import services as org_services
from xinfang.orgs.choices import PositionKind

from .factories import START, World, make_overdue_matter
from .signal_world import DAY, TODAY, accuse, event, matter_at, route

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(world: World) -> Any:
    """The principal leader of the district petition office, with a login."""
    user = get_user_model().objects.create_user(username="d_po_head", password="x" * 12)
    person = org_services.person_create(
        actor="test", code="P-d_po_head", name="信访办主任", user=user
    )
    org_services.position_start(
        actor="test",
        person=person,
        organ=world.organ("d_po"),
        kind=PositionKind.PRINCIPAL_LEADER,
        start=START,
    )
    return user


def altered_signal(world: World) -> Lead:
    matter = matter_at(world)
    route(world, matter, on=DAY)
    event(world, matter, "accept", on=DAY - dt.timedelta(days=3))
    detect_leads(today=TODAY, kinds=["altered"])
    return Lead.objects.get(kind=LeadKind.RECORD_ALTERED)


def disclosure_signal(world: World) -> Lead:
    matter = matter_at(world, organ="d_gov")
    accuse(matter, organ=world.organ("housing"))
    route(world, matter, on=DAY, to="d_hrss")
    # The housing committee's clerk looked for the matter accusing it.
    audit_record(
        actor=world.user("housing_clerk"),
        action="access.denied",
        object_type="petitions.matter",
        object_id=str(matter.pk),
        details={"reason": "accused_unit", "attempted": "read"},
    )
    detect_leads(today=TODAY, kinds=["disclosure"])
    return Lead.objects.get(kind=LeadKind.DISCLOSURE_TO_ACCUSED)


# --- promote and dismiss -----------------------------------------------------------------------


def test_promoting_a_signal_makes_it_an_open_lead_and_is_audited(world: World) -> None:
    signal = altered_signal(world)
    assert LEAD.allowed(signal) == [Action.DISMISS, Action.PROMOTE]
    lead = services.lead_promote(
        lead=signal, note="日期明显倒置，需核实", actor=world.user("d_po_clerk")
    )
    assert (lead.tier, lead.state) == (LeadTier.LEAD, LeadState.OPEN)
    assert LEAD.allowed(lead) == [Action.DISMISS, Action.INVESTIGATE]
    entry = AuditEntry.objects.get(action="accountability.lead.promoted")
    assert entry.object_id == str(lead.pk)
    assert entry.details["note"] == "日期明显倒置，需核实"
    with pytest.raises(ValidationError) as exc:
        services.lead_promote(lead=lead, actor=world.user("d_po_clerk"))
    assert exc.value.code == "not_a_signal"


def test_a_signal_is_not_investigated_before_it_is_promoted(world: World) -> None:
    signal = altered_signal(world)
    with pytest.raises(ValidationError) as exc:
        services.case_open(
            lead=signal, investigating_organ=world.organ("d_po"), actor=world.user("d_po_clerk")
        )
    assert exc.value.code == "lead_is_signal"


def test_a_false_positive_is_dismissed_with_a_reason(world: World) -> None:
    signal = altered_signal(world)
    with pytest.raises(ValidationError):
        services.lead_dismiss(lead=signal, reason=" ", actor=world.user("d_po_clerk"))
    lead = services.lead_dismiss(lead=signal, reason="补录时误选日期，已更正", actor="test")
    assert lead.state == LeadState.NO_CASE and lead.state_reason == "补录时误选日期，已更正"
    with pytest.raises(ValidationError) as exc:
        services.lead_promote(lead=lead, actor="test")
    assert exc.value.code == "lead_not_open"


def test_the_page_says_it_is_a_signal_and_offers_promote_and_dismiss(
    world: World, client_for: Any
) -> None:
    signal = altered_signal(world)
    client = client_for(world.user("d_po_clerk"))
    page = client.get(f"/accountability/leads/{signal.pk}/").content.decode()
    assert "这是待研判信号" in page
    assert f"/accountability/leads/{signal.pk}/promote/" in page
    assert "排除（说明理由）" in page
    assert f"/accountability/leads/{signal.pk}/investigate/" not in page
    response = client.post(f"/accountability/leads/{signal.pk}/promote/", {"note": ""})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.tier == LeadTier.LEAD
    page = client.get(f"/accountability/leads/{signal.pk}/").content.decode()
    assert f"/accountability/leads/{signal.pk}/investigate/" in page


def test_lists_show_leads_and_signals_apart(world: World, client_for: Any) -> None:
    signal = altered_signal(world)
    make_overdue_matter(world)
    detect_leads(today=TODAY)
    lead = Lead.objects.get(tier=LeadTier.LEAD)
    client = client_for(world.user("d_po_clerk"))
    page = client.get("/accountability/leads/?tier=signal").content.decode()
    assert f'href="/accountability/leads/{signal.pk}/"' in page
    assert f'href="/accountability/leads/{lead.pk}/"' not in page
    body = client.get("/api/accountability/leads?tier=lead").json()
    assert [item["id"] for item in body["items"]] == [lead.pk]
    assert body["items"][0]["tier"] == "lead"
    body = client.get("/api/accountability/leads?tier=signal").json()
    assert [(item["id"], item["tier"]) for item in body["items"]] == [(signal.pk, "signal")]


def test_the_api_promotes_a_signal(world: World, client_for: Any) -> None:
    signal = altered_signal(world)
    client = client_for(world.user("d_po_clerk"))
    url = f"/api/accountability/leads/{signal.pk}/promote"
    response = client.post(url, {"note": "需核实"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["tier"] == "lead"
    again = client.post(url, {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "not_a_signal"


# --- ground 8: who reads a disclosure signal ---------------------------------------------------


def test_a_disclosure_signal_is_read_by_the_office_head_and_the_discipline_organ(
    world: World, head: Any, client_for: Any
) -> None:
    signal = disclosure_signal(world)
    assert signal.ground == 8
    for user in (head, world.user("d_discipline_staff"), world.user("admin")):
        assert leads_visible_to(user).filter(pk=signal.pk).exists(), user
    page = client_for(head).get("/accountability/leads/").content.decode()
    assert "最优先" in page
    detail = client_for(world.user("d_discipline_staff")).get(f"/accountability/leads/{signal.pk}/")
    assert detail.status_code == 200
    # The discipline organ reads it; the petition office acts on it.
    assert f"/accountability/leads/{signal.pk}/promote/" not in detail.content.decode()


def test_a_disclosure_signal_is_hidden_from_office_staff_and_the_accused(
    world: World, head: Any, client_for: Any
) -> None:
    signal = disclosure_signal(world)
    for name in ("d_po_clerk", "housing_director", "housing_clerk", "b_po_clerk"):
        user = world.user(name)
        assert not leads_visible_to(user).filter(pk=signal.pk).exists(), name
        response = client_for(user).get(f"/api/accountability/leads/{signal.pk}")
        assert response.status_code == 404, name
    denied = AuditEntry.objects.filter(
        action="access.denied", object_type="accountability.lead", object_id=str(signal.pk)
    )
    assert denied.count() == 4


def test_disclosure_signals_come_first_in_the_list(world: World, head: Any) -> None:
    altered_signal(world)
    signal = disclosure_signal(world)
    make_overdue_matter(world)
    detect_leads(today=TODAY)
    ordered = list(prioritized(leads_visible_to(head)))
    assert ordered[0] == signal and len(ordered) == 3


def test_the_investigation_of_a_disclosure_signal_stays_with_the_head(
    world: World, head: Any
) -> None:
    signal = disclosure_signal(world)
    services.lead_promote(lead=signal, actor=head)
    case = services.case_open(lead=signal, investigating_organ=world.organ("d_po"), actor=head)
    assert cases_visible_to(head).filter(pk=case.pk).exists()
    assert cases_visible_to(world.user("d_discipline_staff")).filter(pk=case.pk).exists()
    assert not cases_visible_to(world.user("d_po_clerk")).filter(pk=case.pk).exists()
