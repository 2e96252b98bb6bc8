"""The admin for the registry saves through the services: validated and audited."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import OrganFactory, PersonFactory, PositionFactory
from xinfang.audit.models import AuditEntry
from xinfang.orgs.choices import OrganKind, OrganLevel, PositionKind
from xinfang.orgs.models import Organ, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "x")
    client.force_login(user)
    return client


def organ_form(**overrides):
    data = {
        "code": "new",
        "name": "重庆城投集团",
        "short_name": "",
        "kind": OrganKind.STATE_OWNED_ENTERPRISE,
        "level": OrganLevel.MUNICIPAL,
        "region_code": "500000",
        "parent": "",
        "roles": [],
        "vertical_system": "",
        "vertical_parent": "",
        "managing_authority": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_adding_an_organ_in_the_admin_goes_through_the_service(admin_client):
    response = admin_client.post("/admin/orgs/organ/add/", organ_form())
    assert response.status_code == 302, response.content.decode()
    organ = Organ.objects.get(code="new")
    assert organ.path == f"/{organ.pk}/"
    assert organ.applicability == "by_reference"
    entry = AuditEntry.objects.get(action="orgs.organ_create", object_id=str(organ.pk))
    assert entry.actor == f"user:{get_user_model().objects.get().pk}:root"


def test_the_admin_list_shows_applicability(admin_client):
    OrganFactory(kind=OrganKind.STATE_OWNED_ENTERPRISE, name="重庆城投集团")
    response = admin_client.get("/admin/orgs/organ/")
    assert "参照执行" in response.content.decode()


def test_a_cycle_entered_in_the_admin_is_refused_on_the_form(admin_client):
    parent = OrganFactory(code="p")
    child = OrganFactory(code="c", parent=parent)
    response = admin_client.post(
        f"/admin/orgs/organ/{parent.pk}/change/",
        organ_form(code="p", name=parent.name, kind=OrganKind.ADMINISTRATIVE, parent=child.pk),
    )
    assert response.status_code == 200
    assert "上级机构不能是本机构或其下级机构，否则形成循环。" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None


def test_reparenting_in_the_admin_updates_paths_and_audits(admin_client):
    first = OrganFactory(code="a")
    second = OrganFactory(code="b")
    moved = OrganFactory(code="m", parent=first)
    response = admin_client.post(
        f"/admin/orgs/organ/{moved.pk}/change/",
        organ_form(code="m", name=moved.name, kind=OrganKind.ADMINISTRATIVE, parent=second.pk),
    )
    assert response.status_code == 302, response.content.decode()
    moved.refresh_from_db()
    assert moved.path == f"/{second.pk}/{moved.pk}/"
    assert AuditEntry.objects.filter(action="orgs.organ_update", object_id=str(moved.pk)).exists()


def test_a_second_principal_leader_in_the_admin_is_refused_on_the_form(admin_client):
    organ = OrganFactory()
    PositionFactory(organ=organ, kind=PositionKind.PRINCIPAL_LEADER, start="2021-06-01")
    person = PersonFactory()
    response = admin_client.post(
        "/admin/orgs/position/add/",
        {
            "person": person.pk,
            "organ": organ.pk,
            "kind": PositionKind.PRINCIPAL_LEADER,
            "title": "局长",
            "start": "2022-01-01",
            "end": "",
        },
    )
    assert response.status_code == 200
    assert "同一机构同一时间只能有一名主要负责人" in response.content.decode()
    assert Position.objects.filter(organ=organ).count() == 1


def test_ending_a_position_in_the_admin_is_audited(admin_client):
    position = PositionFactory(start="2021-06-01")
    response = admin_client.post(
        f"/admin/orgs/position/{position.pk}/change/",
        {"title": "科员", "end": "2023-06-30"},
    )
    assert response.status_code == 302, response.content.decode()
    position.refresh_from_db()
    assert str(position.end) == "2023-06-30"
    assert AuditEntry.objects.filter(action="orgs.position_end").exists()


def test_adding_a_person_with_a_login_in_the_admin_is_audited(admin_client):
    user = get_user_model().objects.create_user("clerk")
    response = admin_client.post(
        "/admin/orgs/person/add/", {"code": "X1", "name": "赵六", "user": user.pk}
    )
    assert response.status_code == 302, response.content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"orgs.person_create", "orgs.person_link_user"} <= actions


def test_nothing_can_be_deleted_in_the_admin(admin_client):
    organ = OrganFactory()
    response = admin_client.get(f"/admin/orgs/organ/{organ.pk}/delete/")
    assert response.status_code == 403


@pytest.mark.parametrize("model", ["organ", "person", "position"])
def test_admin_pages_render(admin_client, model):
    position = PositionFactory(kind=PositionKind.SUPERVISING_LEADER, portfolio=["petition", "x"])
    objects = {"organ": position.organ, "person": position.person, "position": position}
    assert admin_client.get(f"/admin/orgs/{model}/").status_code == 200
    assert admin_client.get(f"/admin/orgs/{model}/add/").status_code == 200
    change = admin_client.get(f"/admin/orgs/{model}/{objects[model].pk}/change/")
    assert change.status_code == 200
