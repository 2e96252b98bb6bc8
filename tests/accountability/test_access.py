"""Who sees what (细则第十七条、第十八条; docs/accountability.md).

A person's accountability record: the organization and personnel departments and the managing
authority read it (through ``can_read_accountability_record``); everyone else — the person
himself, his colleagues and his own director, another district's petition office, the
discipline body, an account without a position — gets a 404 that is logged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from xinfang.accountability import services
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Decision, Lead
from xinfang.audit.models import AuditEntry

from .factories import FAILURE_DAY, World, make_overdue_matter

AFTER = FAILURE_DAY + dt.timedelta(days=1)
API = "/api/accountability"


def decided_deputy(world: World) -> Decision:
    """The deputy director receives a 通报 decided by D区委."""
    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    case = services.case_open(
        lead=Lead.objects.get(), investigating_organ=world.organ("d_po"), actor="t"
    )
    services.case_record_findings(
        case=case,
        grounds=[2],
        threshold_met=True,
        threshold_reasoning="逾期未办结。",
        harm="minor",
        impact="minor",
        harm_description="",
        responsibility="individual",
        participants=[{"person": world.person("housing_deputy"), "role": "supervising_leader"}],
        actor="t",
    )
    services.case_send_recommendation(case=case, actor="t")
    decision = Decision.objects.get(person=world.person("housing_deputy"))
    return services.decision_record(
        decision=decision,
        measures=["circulated_notice"],
        rectification_due=timezone.localdate() + dt.timedelta(days=30),
        actor="t",
    )


READERS = [
    "d_org_staff",  # 组织部门 of the managing authority's level (D区委组织部)
    "d_hrss_staff",  # 人事部门 of that level (D区人力社保局, under the district government)
    "d_secretary",  # the managing authority's leadership (D区委)
    "admin",
]
DENIED = [
    # The petition offices investigate the case, but the person's record is not theirs.
    "d_po_clerk",
    "city_po_clerk",
    "housing_deputy",  # the person himself
    "housing_clerk",  # a colleague
    "housing_colleague",  # another colleague
    "housing_director",  # his own director (not the managing authority)
    "b_po_clerk",  # the petition office clerk of another district
    "city_org_staff",  # an organization department that does not manage him
    "d_discipline_staff",  # the discipline body (gets referrals, not the record)
    "no_position",
]


@pytest.mark.parametrize("name", READERS)
def test_record_is_readable_by(world: World, client_for: Any, name: str) -> None:
    decided_deputy(world)
    person = world.person("housing_deputy")
    response = client_for(world.user(name)).get(f"{API}/records/{person.pk}")
    assert response.status_code == 200, response.content
    assert response.json()["entries"][0]["decided_measures"] == ["circulated_notice"]
    page = client_for(world.user(name)).get(f"/accountability/records/{person.pk}/")
    assert page.status_code == 200


@pytest.mark.parametrize("name", DENIED)
def test_record_is_404_and_logged_for(world: World, client_for: Any, name: str) -> None:
    decided_deputy(world)
    person = world.person("housing_deputy")
    before = AuditEntry.objects.filter(action="access.denied").count()
    response = client_for(world.user(name)).get(f"{API}/records/{person.pk}")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "未找到。"}
    page = client_for(world.user(name)).get(f"/accountability/records/{person.pk}/")
    assert page.status_code == 404
    denials = AuditEntry.objects.filter(action="access.denied").order_by("seq")
    assert denials.count() == before + 2
    assert denials.last().object_type == "accountability.record"  # type: ignore[union-attr]


def test_record_of_an_unknown_person_looks_the_same(world: World, client_for: Any) -> None:
    response = client_for(world.user("housing_clerk")).get(f"{API}/records/999999")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "未找到。"}


def test_record_needs_a_login(world: World, client: Any) -> None:
    decided_deputy(world)
    response = client.get(f"{API}/records/{world.person('housing_deputy').pk}")
    assert response.status_code == 401


# --- leads and cases: the petition office of the territory ---------------------------------


@pytest.mark.parametrize(
    ("name", "sees"),
    [
        ("d_po_clerk", True),
        ("city_po_clerk", True),
        ("admin", True),
        ("b_po_clerk", False),
        ("housing_clerk", False),
        ("housing_director", False),
        ("d_secretary", False),
        ("d_org_staff", False),
        ("no_position", False),
    ],
)
def test_leads_are_seen_by_the_petition_office_of_the_territory(
    world: World, client_for: Any, name: str, sees: bool
) -> None:
    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    lead = Lead.objects.get()
    client = client_for(world.user(name))
    listed = [item["id"] for item in client.get(f"{API}/leads").json()["items"]]
    detail = client.get(f"{API}/leads/{lead.pk}")
    page = client.get(f"/accountability/leads/{lead.pk}/")
    if sees:
        assert listed == [lead.pk]
        assert detail.status_code == 200
        assert page.status_code == 200
    else:
        assert listed == []
        assert detail.status_code == 404
        assert page.status_code == 404


def test_a_lead_against_the_petition_office_goes_to_the_level_above(
    world: World, client_for: Any
) -> None:
    """The district office never investigates itself: the municipal office does."""
    make_overdue_matter(world, organ="d_po", period="route", acted_by="d_po_clerk")
    detect_leads(today=AFTER)
    lead = Lead.objects.get()
    assert lead.organ == world.organ("d_po")
    assert client_for(world.user("d_po_clerk")).get(f"{API}/leads/{lead.pk}").status_code == 404
    assert client_for(world.user("city_po_clerk")).get(f"{API}/leads/{lead.pk}").status_code == 200


def test_only_the_office_of_the_territory_opens_an_investigation(
    world: World, client_for: Any
) -> None:
    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    lead = Lead.objects.get()
    assert (
        client_for(world.user("b_po_clerk"))
        .post(f"{API}/leads/{lead.pk}/investigation")
        .status_code
        == 404
    )
    response = client_for(world.user("d_po_clerk")).post(f"{API}/leads/{lead.pk}/investigation")
    assert response.status_code == 201
    assert response.json()["investigating_organ_id"] == world.organ("d_po").pk


# --- the managing authority -----------------------------------------------------------------


def test_only_the_managing_authority_decides(world: World, client_for: Any) -> None:
    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    case = services.case_open(
        lead=Lead.objects.get(), investigating_organ=world.organ("d_po"), actor="t"
    )
    services.case_record_findings(
        case=case,
        grounds=[2],
        threshold_met=True,
        threshold_reasoning="逾期未办结。",
        harm="minor",
        impact="minor",
        harm_description="",
        responsibility="individual",
        participants=[{"person": world.person("housing_deputy"), "role": "supervising_leader"}],
        actor="t",
    )
    services.case_send_recommendation(case=case, actor="t")
    decision = Decision.objects.get(person=world.person("housing_deputy"))
    body = {"measures": ["circulated_notice"], "rectification_due": "2099-01-01"}
    for name in ("housing_director", "housing_deputy", "b_po_clerk", "d_po_clerk", "no_position"):
        response = client_for(world.user(name)).post(
            f"{API}/decisions/{decision.pk}", data=body, content_type="application/json"
        )
        assert response.status_code == 404, name
    # The petition office that investigated reads the letter but does not decide.
    letter = client_for(world.user("d_po_clerk")).get(
        f"{API}/recommendations/{decision.recommendation_id}"
    )
    assert letter.status_code == 200
    assert (
        client_for(world.user("b_po_clerk"))
        .get(f"{API}/recommendations/{decision.recommendation_id}")
        .status_code
        == 404
    )
    response = client_for(world.user("d_secretary")).post(
        f"{API}/decisions/{decision.pk}", data=body, content_type="application/json"
    )
    assert response.status_code == 200, response.content


def test_a_decision_differing_without_reasons_is_refused_by_the_api(
    world: World, client_for: Any
) -> None:
    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    case = services.case_open(
        lead=Lead.objects.get(), investigating_organ=world.organ("d_po"), actor="t"
    )
    services.case_record_findings(
        case=case,
        grounds=[2],
        threshold_met=True,
        threshold_reasoning="逾期未办结。",
        harm="minor",
        impact="minor",
        harm_description="",
        responsibility="individual",
        participants=[{"person": world.person("housing_deputy"), "role": "supervising_leader"}],
        actor="t",
    )
    services.case_send_recommendation(case=case, actor="t")
    decision = Decision.objects.get(person=world.person("housing_deputy"))
    secretary = client_for(world.user("d_secretary"))
    response = secretary.post(
        f"{API}/decisions/{decision.pk}",
        data={"measures": ["admonishment"], "rectification_due": "2099-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["fields"]["reasons"] == ["决定与建议不一致的，必须说明理由。"]
    # Recorded once: a second decision on the same person is refused by the procedure (409).
    body = {
        "measures": ["admonishment"],
        "reasons": "情节较重。",
        "rectification_due": "2099-01-01",
    }
    first = secretary.post(
        f"{API}/decisions/{decision.pk}", data=body, content_type="application/json"
    )
    assert first.status_code == 200, first.content
    again = secretary.post(
        f"{API}/decisions/{decision.pk}", data=body, content_type="application/json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "already_decided"


def test_a_lead_on_a_matter_accusing_someone_is_hidden_from_him(
    world: World, client_for: Any
) -> None:
    """细则第十一条第八项: a matter accusing the district government hides its lead from the
    district petition office (a unit under the accused); the municipal office still sees it."""
    from django.contrib.contenttypes.models import ContentType

    from xinfang.access.models import Accusation
    from xinfang.petitions.matters.models import Matter

    matter = make_overdue_matter(world, period="handle")
    Accusation.objects.create(
        content_type=ContentType.objects.get_for_model(Matter),
        object_id=matter.pk,
        accused_organ=world.organ("d_gov"),
    )
    detect_leads(today=AFTER)
    lead = Lead.objects.get()
    assert client_for(world.user("d_po_clerk")).get(f"{API}/leads").json()["items"] == []
    assert client_for(world.user("d_po_clerk")).get(f"{API}/leads/{lead.pk}").status_code == 404
    assert client_for(world.user("city_po_clerk")).get(f"{API}/leads/{lead.pk}").status_code == 200
