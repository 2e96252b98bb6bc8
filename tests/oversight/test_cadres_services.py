"""细则第十条第二款: the organization department asks the petition office of its level about a
leader; the office drafts the opinion from the system, edits it, a leader of the office signs
it, or the office declines with its reason. Every step is in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tests.oversight.cadres_world import (
    TODAY,
    ask,
    days_ago,
    world_fixture,  # noqa: F401 (fixtures)
)
from xinfang.audit.models import AuditEntry
from xinfang.oversight.models.cadres import CadreOpinionState
from xinfang.oversight.services import cadres as services
from xinfang.refusals import Refused

pytestmark = pytest.mark.django_db


def actions_on(row) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            object_type="oversight.cadreopinionrequest", object_id=str(row.pk)
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_the_request_goes_to_the_petition_office_of_the_departments_level(world):
    row = ask(world)
    assert row.office == world.organ("d_po")
    assert row.state == CadreOpinionState.REQUESTED
    assert row.requested_on == TODAY
    # The default period: the last three years (the director has led since 2020).
    assert row.period_end == TODAY
    assert row.period_start.year == TODAY.year - 3


def test_the_municipal_department_asks_the_municipal_office_about_a_district_secretary(world):
    row = ask(world, by="city_org_staff", department="city_org", person="d_secretary")
    assert row.office == world.organ("city_po")


def test_only_an_organization_department_asks(world):
    with pytest.raises(Refused) as exc:
        ask(world, by="d_po_clerk", department="d_po")
    assert exc.value.code == "not_organization_department"


def test_a_user_asks_only_for_his_own_department(world):
    with pytest.raises(PermissionDenied):
        ask(world, by="city_org_staff", department="d_org")


def test_the_person_must_be_a_leader_the_level_manages(world):
    with pytest.raises(ValidationError) as exc:
        ask(world, person="housing_clerk")  # staff, not a leader
    assert "person" in exc.value.error_dict
    with pytest.raises(ValidationError):
        ask(world, person="d_secretary")  # managed by the municipal party committee


def test_the_due_date_is_required_and_not_past(world):
    with pytest.raises(ValidationError) as exc:
        services.cadre_request_create(
            requester=world.organ("d_org"),
            person=world.person("housing_director"),
            purpose="annual",
            due=None,
            actor=world.user("d_org_staff"),
        )
    assert "due" in exc.value.error_dict
    with pytest.raises(ValidationError):
        ask(world, due=days_ago(1))


def test_other_purpose_needs_a_note(world):
    with pytest.raises(ValidationError) as exc:
        ask(world, purpose="other")
    assert "purpose_note" in exc.value.error_dict


def test_one_open_request_per_person(world):
    ask(world)
    with pytest.raises(Refused) as exc:
        ask(world)
    assert exc.value.code == "cadre_request_open"


def test_draft_edit_sign_and_audit(world):
    row = ask(world)
    row = services.cadre_request_draft(request=row, actor=world.user("d_po_clerk"))
    assert row.state == CadreOpinionState.DRAFTED
    assert row.figures["person"]["name"] == world.person("housing_director").name
    assert "人员housing_director同志" in row.opinion
    row = services.cadre_request_edit(
        request=row, opinion="该同志履行信访工作职责较好。", actor=world.user("d_po_clerk")
    )
    assert row.opinion == "该同志履行信访工作职责较好。"
    # A clerk does not sign; the office's leader does.
    with pytest.raises(Refused) as exc:
        services.cadre_request_sign(request=row, actor=world.user("d_po_clerk"))
    assert exc.value.code == "signer_not_office_leader"
    row = services.cadre_request_sign(request=row, actor=world.user("d_po_head"))
    assert row.state == CadreOpinionState.ANSWERED
    assert row.signed_by == world.person("d_po_head")
    assert row.signed_at is not None
    with pytest.raises(Refused):
        services.cadre_request_edit(request=row, opinion="改", actor=world.user("d_po_clerk"))
    row = services.cadre_request_mark_read(request=row, actor=world.user("d_org_staff"))
    assert row.read_at is not None
    services.cadre_request_mark_read(request=row, actor=world.user("d_org_staff"))
    assert actions_on(row) == [
        "oversight.cadre_request.requested",
        "oversight.cadre_request.drafted",
        "oversight.cadre_request.edited",
        "oversight.cadre_request.signed",
        "oversight.cadre_request.read",
    ]


def test_the_draft_is_chinese_whoever_drafts_it(world):
    """The opinion is an official answer to the organization department: Chinese even when the
    clerk reads the pages in English."""
    row = ask(world)
    with translation.override("en"):
        row = services.cadre_request_draft(request=row, actor=world.user("d_po_clerk"))
    assert row.opinion.startswith("经查阅本系统记录")
    assert "一、阅批群众来信和网上信访" in row.opinion


def test_signing_needs_a_draft(world):
    row = ask(world)
    with pytest.raises(Refused) as exc:
        services.cadre_request_sign(request=row, actor=world.user("d_po_head"))
    assert exc.value.code == "cadre_request_not_drafted"


def test_the_office_declines_with_a_reason(world):
    row = ask(world)
    with pytest.raises(ValidationError):
        services.cadre_request_refuse(request=row, reason=" ", actor=world.user("d_po_clerk"))
    row = services.cadre_request_refuse(
        request=row, reason="该同志不属本级管理。", actor=world.user("d_po_clerk")
    )
    assert row.state == CadreOpinionState.REFUSED
    assert row.refused_on == TODAY
    with pytest.raises(Refused):
        services.cadre_request_draft(request=row, actor=world.user("d_po_clerk"))
    assert actions_on(row)[-1] == "oversight.cadre_request.refused"


def test_only_the_office_takes_its_steps(world):
    row = ask(world)
    with pytest.raises(PermissionDenied):
        services.cadre_request_draft(request=row, actor=world.user("d_org_staff"))


def test_overdue_is_derived_from_the_due_date(world):
    row = ask(world, due=TODAY)
    assert not row.is_overdue(TODAY)
    assert row.is_overdue(TODAY + dt.timedelta(days=1))
