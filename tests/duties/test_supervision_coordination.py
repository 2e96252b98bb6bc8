"""协调处理重要信访问题 (细则第六条): the record, its tasks and their step, who sees it, the
workbench (todo and the organ's overview), the pages and the endpoints."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.petitions.matters.factories import walk_to
from xinfang.audit.models import AuditEntry
from xinfang.duties.models import Coordination, CoordinationAssignment
from xinfang.duties.selectors import organ_overview, todo_for
from xinfang.duties.selectors import supervision as part
from xinfang.duties.selectors.supervision import coordinations, open_assignments
from xinfang.duties.services.supervision import (
    AssignmentInput,
    coordination_assignment_done,
    coordination_record,
)
from xinfang.orgs.models import Person
from xinfang.petitions.matters import services as s
from xinfang.petitions.matters.services import forget_calendar
from xinfang.refusals import Refused

from .supervision_factories import ACTOR, SupervisionWorld, at, build_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 1)


@pytest.fixture
def sw(db: None) -> SupervisionWorld:
    forget_calendar()
    return build_world()


def record(sw: SupervisionWorld, *, matters=(), **overrides) -> Coordination:
    mw = sw.mw
    values = {
        "convening_organ": mw.district_po,
        "held_on": dt.date(2025, 8, 1),
        "meeting": "区信访工作联席会议专题协调会",
        "issue": "恒达花园小区电梯维修费多收问题",
        "outcome": "物业公司限期退还，区住建委督促落实",
        "organs": [mw.district_housing, mw.township],
        "assignments": [
            AssignmentInput(mw.district_housing, "督促物业公司退还多收费用", dt.date(2025, 8, 15)),
            AssignmentInput(mw.township, "做好业主解释工作", dt.date(2025, 9, 30)),
        ],
        "actor": ACTOR,
        "matters": list(matters),
    }
    values.update(overrides)
    return coordination_record(**values)


def test_a_coordination_records_the_meeting_the_organs_and_their_tasks(sw):
    m = walk_to(sw.mw, "accepted")
    c = record(sw, matters=[m])
    assert set(c.organs.all()) == {sw.mw.district_housing, sw.mw.township}
    assert list(c.matters.all()) == [m]
    assert c.assignments.count() == 2
    entry = AuditEntry.objects.get(action="duties.coordination.recorded")
    assert entry.details["matters"] == [m.pk] and len(entry.details["assignments"]) == 2


def test_only_a_petition_office_convenes_a_coordination(sw):
    with pytest.raises(Refused) as info:
        record(sw, convening_organ=sw.mw.district_housing, organs=[sw.mw.township], assignments=[])
    assert info.value.code == "convener_not_petition_office"
    assert info.value.basis_strings == ["细则第六条"]


def test_bad_input_is_refused_by_field(sw):
    with pytest.raises(ValidationError) as info:
        record(
            sw,
            meeting=" ",
            organs=[sw.mw.township],
            assignments=[AssignmentInput(sw.mw.district_housing, "x", dt.date(2025, 8, 15))],
        )
    errors = info.value.message_dict
    assert "meeting" in errors
    assert errors["assignments.0"] == ["任务只能交给参加协调的机关。"]
    assert not Coordination.objects.exists()


def test_an_organ_a_matter_accuses_does_not_take_part_in_its_coordination(sw):
    m = sw.mw.register(accused_organs=[sw.mw.housing_team])
    with pytest.raises(ValidationError) as info:
        record(sw, matters=[m], organs=[sw.mw.housing_team], assignments=[])
    assert info.value.message_dict["organs"] == [
        "参加机关中有信访事项的被反映单位，不得参加对该事项的协调。"
    ]


def test_an_accused_person_never_sees_the_coordination_of_the_matter(sw):
    """细则第十一条第一款第八项: the coordination of a matter is hidden like the matter."""
    staff = sw.users["housing_staff"]
    person = Person.objects.get(user=staff)
    plain = record(sw)
    accusing = record(sw, matters=[sw.mw.register(accused_persons=[person])])
    assert list(coordinations(staff)) == [plain]
    assert open_assignments(staff).filter(coordination=accusing).count() == 0
    assert (
        sw.client("housing_staff")
        .get(f"/duties/supervision/coordinations/{accusing.pk}/")
        .status_code
        == 404
    )
    api = sw.client("housing_staff").get(f"/api/duties/supervision/coordinations/{accusing.pk}")
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    # Outside every party's scope, nothing either.
    assert not coordinations(sw.users["city_env_staff"]).exists()


def test_a_task_is_done_once_by_its_organ_and_late_is_recorded(sw):
    c = record(sw)
    task = c.assignments.get(organ=sw.mw.district_housing)
    with pytest.raises(PermissionDenied):
        coordination_assignment_done(assignment=task, note="已退还", actor=sw.users["po_clerk"])
    with pytest.raises(ValidationError):
        coordination_assignment_done(assignment=task, note=" ", actor=sw.users["housing_staff"])
    done = coordination_assignment_done(
        assignment=task, note="物业公司已退还", actor=sw.users["housing_staff"], at=at("2025-08-20")
    )
    assert done.done_note == "物业公司已退还"
    entry = AuditEntry.objects.get(action="duties.coordination.assignment_done")
    assert entry.details["late"] is True
    with pytest.raises(Refused) as info:
        coordination_assignment_done(assignment=task, note="again", actor=sw.users["housing_staff"])
    assert info.value.code == "already_done"


def test_an_overdue_task_waits_on_its_organ_and_shows_on_its_overview(sw):
    record(sw)
    staff = sw.users["housing_staff"]
    [item] = [i for i in todo_for(staff, TODAY) if i.kind == "协调任务"]
    assert item.overdue and item.organ == sw.mw.district_housing
    assert item.url_name == "duties:supervision_coordination_detail"
    [row] = [
        r for r in organ_overview(staff, sw.mw.district_housing, TODAY) if r.kind == "协调任务"
    ]
    assert (row.open, row.overdue) == (1, 1)
    # The township's task is not yet due; nothing of it waits on the housing department.
    assert not [i for i in todo_for(staff, TODAY) if i.organ == sw.mw.township]


def test_supervision_orders_wait_on_the_organ_and_the_unanswered_on_the_issuer(sw):
    m = walk_to(sw.mw, "accepted")
    s.supervision_order_issue(
        matter=m,
        organ=sw.mw.district_po,
        to_organ=sw.mw.district_housing,
        instructions="请加快办理",
        level="urge",
        actor=ACTOR,
        at=at("2025-06-10"),
    )
    # This part's own items (the others' lie beside them on the workbench).
    [item] = part.todo_items(sw.users["housing_staff"], TODAY)
    assert item.kind == "催办待反馈" and item.overdue
    assert item in todo_for(sw.users["housing_staff"], TODAY)
    [item] = part.todo_items(sw.users["po_clerk"], TODAY)
    assert item.kind == "催办逾期未反馈" and item.url_args == (m.pk,)
    rows = part.organ_rows(sw.users["po_clerk"], sw.mw.district_housing, TODAY)
    assert [(r.kind, r.open, r.overdue) for r in rows] == [("催办待反馈", 1, 1)]
    page = sw.client("po_clerk").get("/duties/supervision/orders/?open=1")
    assert page.status_code == 200 and m.summary in page.content.decode()
    api = sw.client("po_clerk").get("/api/duties/supervision/orders?level=urge")
    assert api.json()["count"] == 1 and api.json()["items"][0]["overdue"] is True


def test_the_pages_record_a_coordination_and_its_task(sw):
    mw = sw.mw
    client = sw.client("po_clerk")
    assert client.get("/duties/supervision/coordinations/new/").status_code == 200
    form = {
        "held_on": "2025-08-01",
        "meeting": "专题协调会",
        "organs": [mw.district_housing.pk, mw.township.pk],
        "issue": "电梯维修费",
        "outcome": "限期退还",
        "a1_organ": mw.other_housing.pk,
        "a1_task": "退费",
        "a1_due": "2025-08-15",
    }
    response = client.post("/duties/supervision/coordinations/new/", form)
    assert response.status_code == 422  # an organ outside the choice, the input kept
    assert "电梯维修费" in response.content.decode()
    form["a1_organ"] = mw.district_housing.pk
    response = client.post("/duties/supervision/coordinations/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    c = Coordination.objects.get()
    task = c.assignments.get()
    html = sw.client("housing_staff").get(response["Location"]).content.decode()
    assert f'id="done-{task.pk}"' in html
    assert f'id="done-{task.pk}"' not in client.get(response["Location"]).content.decode()
    url = f"/duties/supervision/assignments/{task.pk}/done/"
    bad = sw.client("housing_staff").post(url, {f"{task.pk}-note": ""})
    assert bad.status_code == 422
    ok = sw.client("housing_staff").post(url, {f"{task.pk}-note": "已退还"})
    assert ok.status_code == 302
    assert CoordinationAssignment.objects.get().done_note == "已退还"
    assert "专题协调会" in client.get("/duties/supervision/coordinations/").content.decode()


def test_the_endpoints_record_a_coordination_and_its_task(sw):
    mw = sw.mw
    body = {
        "organ_id": mw.district_po.pk,
        "held_on": "2025-08-01",
        "meeting": "专题协调会",
        "issue": "电梯维修费",
        "outcome": "限期退还",
        "organ_ids": [mw.district_housing.pk],
        "assignments": [{"organ_id": mw.district_housing.pk, "task": "退费", "due": "2025-08-15"}],
    }
    client = sw.client("po_clerk")
    url = "/api/duties/supervision/coordinations"
    response = client.post(url, json.dumps({**body, "organ_ids": []}), "application/json")
    assert response.status_code == 422 and "organ_ids" in response.json()["fields"]
    wrong = {**body, "organ_id": mw.district_housing.pk}
    response = sw.client("housing_staff").post(url, json.dumps(wrong), "application/json")
    assert response.status_code == 409 and response.json()["basis"] == ["细则第六条"]
    response = client.post(url, json.dumps(body), "application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    [task] = created["assignments"]
    assert task["steps"] == ["done"]
    assert client.get(url).json()["count"] == 1
    done = f"/api/duties/supervision/assignments/{task['id']}/done"
    response = sw.client("housing_staff").post(
        done, json.dumps({"note": "已退还"}), "application/json"
    )
    assert response.status_code == 200
    assert response.json()["assignments"][0]["done_note"] == "已退还"
    response = sw.client("housing_staff").post(done, json.dumps({"note": "x"}), "application/json")
    assert response.status_code == 409 and response.json()["code"] == "already_done"
