"""The permission matrix: accounts × organs × endpoints. Zero out-of-scope successes, every
denial answered 404 and logged as ``access.denied`` (docs/security.md)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.http import Http404

from tests.access.world import (
    ACCOUNT_NAMES,
    ORGAN_NAMES,
    ORGAN_SCOPE,
    RECORD_SCOPE,
    register_petitioners,
)
from xinfang.access.policy import access_organ_by_id, scope_for, visible, visible_organs
from xinfang.accountability import services as accountability
from xinfang.accountability.models import Decision
from xinfang.audit.models import AuditEntry
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import Category
from xinfang.petitions.models import Petitioner
from xinfang.petitions.selectors import access_petitioner_by_id
from xinfang.petitions.services import petitioners_export

pytestmark = pytest.mark.django_db


def denials(object_type: str, object_id: object) -> int:
    return AuditEntry.objects.filter(
        action="access.denied", object_type=object_type, object_id=str(object_id)
    ).count()


@pytest.mark.parametrize("account", ACCOUNT_NAMES)
def test_listing_and_export_show_exactly_the_scope(world, account):
    petitioners = register_petitioners(world)
    user = world.user(account)
    listed = set(visible(user, Petitioner.objects.all()).values_list("pk", flat=True))
    expected = {petitioners[name].pk for name in RECORD_SCOPE[account]}
    assert listed == expected
    exported = {row["id"] for row in petitioners_export(actor=user)}
    assert exported == expected
    assert AuditEntry.objects.filter(action="petitioner.exported").last().details == {
        "rows": len(expected),
        "masked": True,
    }


@pytest.mark.parametrize("account", ACCOUNT_NAMES)
def test_reading_a_petitioner_by_id_follows_the_matrix(world, account):
    petitioners = register_petitioners(world)
    user = world.user(account)
    for organ_name in ORGAN_NAMES:
        petitioner = petitioners[organ_name]
        if organ_name in RECORD_SCOPE[account]:
            assert access_petitioner_by_id(user, petitioner.pk) == petitioner
            continue
        before = denials("petitions.petitioner", petitioner.pk)
        with pytest.raises(Http404):
            access_petitioner_by_id(user, petitioner.pk)
        assert denials("petitions.petitioner", petitioner.pk) == before + 1


@pytest.mark.parametrize("account", ACCOUNT_NAMES)
def test_reading_an_organ_by_id_follows_the_matrix(world, account):
    user = world.user(account)
    visible_names = {
        name for name in ORGAN_NAMES if visible_organs(user).filter(pk=world.organ(name).pk)
    }
    assert visible_names == ORGAN_SCOPE[account]
    for organ_name in ORGAN_NAMES:
        organ = world.organ(organ_name)
        if organ_name in ORGAN_SCOPE[account]:
            assert access_organ_by_id(user, organ.pk) == organ
            continue
        before = denials("orgs.organ", organ.pk)
        with pytest.raises(Http404):
            access_organ_by_id(user, organ.pk)
        assert denials("orgs.organ", organ.pk) == before + 1


def test_a_missing_object_and_an_out_of_scope_one_look_the_same_but_log_differently(world):
    petitioners = register_petitioners(world)
    user = world.user("b_housing_staff")
    missing = Petitioner.objects.order_by("-pk").first().pk + 1000
    with pytest.raises(Http404) as not_found:
        access_petitioner_by_id(user, missing)
    with pytest.raises(Http404) as out_of_scope:
        access_petitioner_by_id(user, petitioners["a"].pk)
    assert str(not_found.value) == str(out_of_scope.value)
    reasons = list(
        AuditEntry.objects.filter(action="access.denied")
        .order_by("seq")
        .values_list("details", flat=True)
    )
    assert [r["reason"] for r in reasons[-2:]] == ["not_found", "out_of_scope"]


def test_roles_are_derived_from_positions_held_today(world):
    assert scope_for(world.user("a_po_head")).roles == {"staff", "leadership", "petition_office"}
    assert scope_for(world.user("a_org_staff")).roles == {"staff", "organization"}
    assert "system_admin" in scope_for(world.user("admin")).roles
    assert scope_for(world.user("retired")).is_empty


ENDPOINTS = ["organ", "petitioner", "reveal", "list"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("account", ACCOUNT_NAMES)
def test_api_endpoints_follow_the_matrix(world, client_for, account, endpoint):
    petitioners = register_petitioners(world)
    user = world.user(account)
    client = client_for(user)
    scope = ORGAN_SCOPE[account] if endpoint == "organ" else RECORD_SCOPE[account]
    authenticated = user.is_active
    if endpoint == "list":
        response = client.get("/api/petitioners")
        if not authenticated:
            assert response.status_code == 401
            return
        assert response.status_code == 200
        listed = {row["id"] for row in response.json()["items"]}
        assert listed == {petitioners[name].pk for name in scope}
        return
    for organ_name in ORGAN_NAMES:
        if endpoint == "organ":
            object_type, object_id = "orgs.organ", world.organ(organ_name).pk
            response = client.get(f"/api/organs/{object_id}")
        elif endpoint == "petitioner":
            object_type, object_id = "petitions.petitioner", petitioners[organ_name].pk
            response = client.get(f"/api/petitioners/{object_id}")
        else:
            object_type, object_id = "petitions.petitioner", petitioners[organ_name].pk
            before = denials(object_type, object_id)
            response = client.post(
                f"/api/petitioners/{object_id}/reveal",
                data=json.dumps({"fields": ["phone"], "reason": "核实信访人身份信息"}),
                content_type="application/json",
            )
        if not authenticated:
            assert response.status_code == 401
            continue
        if organ_name in scope:
            assert response.status_code == 200, (account, organ_name, response.content)
            continue
        assert response.status_code == 404, (account, organ_name, response.content)
        assert response.json()["code"] == "not_found"
        if endpoint != "reveal":
            before = denials(object_type, object_id) - 1
        assert denials(object_type, object_id) == before + 1


@pytest.mark.parametrize("account", ACCOUNT_NAMES)
def test_registering_happens_in_the_users_own_organ_only(world, client_for, account):
    user = world.user(account)
    client = client_for(user)
    own = {name for name in ORGAN_NAMES if world.organ(name).pk in scope_for(user).member_organ_ids}
    for organ_name in ORGAN_NAMES:
        organ = world.organ(organ_name)
        response = client.post(
            "/api/petitioners",
            data=json.dumps({"organ_id": organ.pk, "name": "刘一"}),
            content_type="application/json",
        )
        if not user.is_active:
            assert response.status_code == 401
        elif account == "admin" or organ_name in own:
            assert response.status_code == 201, response.content
        elif organ_name in ORGAN_SCOPE[account]:
            assert response.status_code == 403
        else:
            assert response.status_code == 404
    created = Petitioner.objects.filter(organ__in=Organ.objects.all()).count()
    expected = len(ORGAN_NAMES) if account == "admin" else len(own) if user.is_active else 0
    assert created == expected


# ---------------------------------------------------------------------------------------------
# An organ's work: queue, counts and handling list follow the records scope, not the registry.
# An organ reached only as managed (A区住建委 for A区委's leadership and organization department)
# shows its registry entry (above) but not its work.

ORGAN_WORK = {
    "queue": "/api/organs/{id}/queue",
    "counts": "/api/organs/{id}/counts",
    "handling-list": "/api/organs/{id}/handling-list",
    "queue page": "/matters/?organ={id}",
}


@pytest.mark.parametrize("endpoint", ORGAN_WORK)
@pytest.mark.parametrize("account", ACCOUNT_NAMES)
def test_an_organs_queue_counts_and_handling_list_follow_the_records_scope(
    world, client_for, account, endpoint
):
    user = world.user(account)
    client = client_for(user)
    for organ_name in ORGAN_NAMES:
        organ = world.organ(organ_name)
        before = denials("orgs.organ", organ.pk)
        response = client.get(ORGAN_WORK[endpoint].format(id=organ.pk))
        if not user.is_active:
            assert response.status_code == (302 if endpoint == "queue page" else 401)
            continue
        if organ_name in RECORD_SCOPE[account]:
            assert response.status_code == 200, (account, organ_name, response.content)
            continue
        assert response.status_code == 404, (account, organ_name)
        if endpoint != "queue page":
            assert response.json()["code"] == "not_found"
        assert denials("orgs.organ", organ.pk) == before + 1


def test_a_managed_organ_outside_the_subtree_shows_its_entry_but_not_its_work(world, client_for):
    """The district secretary reads A区住建委's registry entry (A区委 manages its cadres) but
    neither its queue, its counts nor its handling list: it lies outside his subtree."""
    client = client_for(world.user("a_secretary"))
    housing = world.organ("a_housing").pk
    assert client.get(f"/api/organs/{housing}").status_code == 200
    for endpoint in ("queue", "counts", "handling-list"):
        assert client.get(f"/api/organs/{housing}/{endpoint}").status_code == 404
    reasons = AuditEntry.objects.filter(
        action="access.denied", object_type="orgs.organ", object_id=str(housing)
    ).values_list("details", flat=True)
    assert [r["reason"] for r in reasons] == ["out_of_scope"] * 3


@pytest.mark.parametrize("account", ACCOUNT_NAMES)
def test_a_handling_list_is_written_by_its_own_department_only(world, client_for, account):
    """In one's own organ 201; in the records scope but not one's own 403; otherwise 404."""
    user = world.user(account)
    client = client_for(user)
    own = scope_for(user).member_organ_ids
    category = Category.objects.filter(is_active=True).order_by("code").first()
    for organ_name in ORGAN_NAMES:
        organ = world.organ(organ_name)
        response = client.post(
            f"/api/organs/{organ.pk}/handling-list",
            data=json.dumps(
                {
                    "category_id": category.pk,
                    "request_type": f"物业服务纠纷{organ_name}",
                    "legal_route": "litigation",
                    "legal_basis": "《民法典》第九百三十七条",
                }
            ),
            content_type="application/json",
        )
        if not user.is_active:
            assert response.status_code == 401
        elif account == "admin" or organ.pk in own:
            assert response.status_code == 201, (account, organ_name, response.content)
        elif organ_name in RECORD_SCOPE[account]:
            assert response.status_code == 403, (account, organ_name)
        else:
            assert response.status_code == 404, (account, organ_name)


# ---------------------------------------------------------------------------------------------
# Accountability letters: the recommendation letter, the decision notice and the rectification
# go to the petition office that investigated the case and to the managing authority addressed
# (细则第十七条); an office that did not investigate (the municipal one, whose territory holds
# the case) gets the same 404 as everyone else.

# A区公安分局's chief (a_ps_chief) is investigated by A区信访办; A区委 manages him.
DOCUMENT_READERS = {
    "admin",
    "a_po_staff",  # the investigating office
    "a_po_head",
    "a_secretary",  # the managing authority's leadership
    "a_org_staff",  # its organization department
}
DOCUMENTS = {
    "letter": "/api/accountability/recommendations/{id}/letter.pdf",
    "notice": "/api/accountability/recommendations/{id}/decision-notice.pdf",
    "letter page": "/accountability/recommendations/{id}/letter.pdf",
    "notice page": "/accountability/recommendations/{id}/decision-notice.pdf",
}


def decided_case(world):
    """A case investigated by A区信访办, its letter to A区委, and A区委's decision."""
    failure = dt.date(2024, 3, 1)
    lead = accountability.lead_file_manual(
        kind="complaint",
        ground=2,
        organ=world.organ("a_ps"),
        failure_date=failure,
        summary="群众反映信访事项逾期未办结。",
        actor="test",
    )
    case = accountability.case_open(
        lead=lead, investigating_organ=world.organ("a_po"), actor="test"
    )
    accountability.case_record_findings(
        case=case,
        grounds=[2],
        threshold_met=True,
        threshold_reasoning="逾期未办结，损害信访群众合法权益。",
        harm="minor",
        impact="minor",
        harm_description="",
        responsibility="individual",
        participants=[{"person": world.persons["a_ps_chief"], "role": "principal_leader"}],
        actor="test",
    )
    (letter,) = accountability.case_send_recommendation(case=case, actor="test")
    assert letter.authority == world.organ("a")
    for decision in Decision.objects.filter(recommendation=letter):
        accountability.decision_record(
            decision=decision,
            measures=decision.recommended_measures,
            rectification_due=dt.date.today() + dt.timedelta(days=30),
            actor="test",
        )
    return letter


@pytest.mark.parametrize("account", ACCOUNT_NAMES)
def test_accountability_documents_go_to_the_investigating_office_and_the_authority(
    world, client_for, account
):
    letter = decided_case(world)
    user = world.user(account)
    client = client_for(user)
    for name, url in DOCUMENTS.items():
        before = denials("accountability.recommendation", letter.pk)
        response = client.get(url.format(id=letter.pk))
        if not user.is_active:
            assert response.status_code == (302 if name.endswith("page") else 401)
            continue
        if account in DOCUMENT_READERS:
            assert response.status_code == 200, (account, name, response.content[:200])
            assert response.content.startswith(b"%PDF")
            continue
        assert response.status_code == 404, (account, name)
        assert denials("accountability.recommendation", letter.pk) == before + 1
    if user.is_active:
        listed = {
            row["case_id"]
            for row in client.get("/api/accountability/rectifications").json()["items"]
        }
        assert listed == ({letter.case_id} if account in DOCUMENT_READERS else set()), account


def test_the_municipal_office_oversees_a_district_case_but_gets_none_of_its_letters(
    world, client_for
):
    """Its territory holds the case, so it reads the case; it did not investigate, so the
    letter, the decision notice and the rectification are not its (404, logged)."""
    letter = decided_case(world)
    client = client_for(world.user("city_po_staff"))
    assert client.get(f"/api/accountability/cases/{letter.case_id}").status_code == 200
    for url in DOCUMENTS.values():
        assert client.get(url.format(id=letter.pk)).status_code == 404
    assert client.get(f"/api/accountability/recommendations/{letter.pk}").status_code == 404
    assert client.get("/api/accountability/rectifications").json()["count"] == 0
    page = client.get(f"/accountability/cases/{letter.case_id}/").content.decode()
    assert letter.number in page
    assert f"/accountability/recommendations/{letter.pk}/" not in page
