"""The small world of the tests of 细则第十条第二款、第十八条: the accountability tests' Chongqing
with a leader for each petition office (who signs), and helpers that write a leader's duty
records, a decided accountability measure with its rectification, and requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.accountability.factories import World, build_world
from tests.factories import FACTORY_ACTOR, TEST_PASSWORD
from xinfang.accountability import services as accountability
from xinfang.accountability.models import Decision, Rectification
from xinfang.duties.models.leaders import (
    CaseOwnership,
    Instruction,
    InstructionState,
    OwnershipState,
    Reception,
    ReceptionKind,
    ReceptionState,
)
from xinfang.orgs import services as org_services
from xinfang.orgs.choices import PositionKind
from xinfang.oversight.models.cadres import CadreOpinionRequest
from xinfang.oversight.services import cadres as services

TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def _leader(world: World, username: str, organ: str) -> None:
    user = get_user_model().objects.create_user(username=username, password=TEST_PASSWORD)
    person = org_services.person_create(
        actor=FACTORY_ACTOR, code=f"P-{username}", name=f"人员{username}", user=user
    )
    org_services.position_start(
        actor=FACTORY_ACTOR,
        person=person,
        organ=world.organ(organ),
        kind=PositionKind.PRINCIPAL_LEADER,
        start=dt.date(2020, 1, 1),
    )
    world.users[username] = user
    world.persons[username] = person


@pytest.fixture(name="world")
def world_fixture(db: None) -> World:
    built = build_world()
    _leader(built, "d_po_head", "d_po")
    _leader(built, "city_po_head", "city_po")
    return built


@pytest.fixture(name="client_for")
def client_for_fixture(db: None) -> Any:
    clients: dict[int, Client] = {}

    def login(user: Any) -> Client:
        if user.pk not in clients:
            client = Client()
            client.force_login(user, backend="xinfang.access.backends.ModelBackend")
            clients[user.pk] = client
        return clients[user.pk]

    return login


def ask(
    world: World,
    *,
    by: str = "d_org_staff",
    department: str = "d_org",
    person: str = "housing_director",
    due: dt.date | None = None,
    **extra: Any,
) -> CadreOpinionRequest:
    return services.cadre_request_create(
        requester=world.organ(department),
        person=world.person(person),
        purpose=extra.pop("purpose", "promotion"),
        due=due or TODAY + dt.timedelta(days=10),
        actor=world.user(by),
        **extra,
    )


def duty_records(world: World) -> None:
    """The housing director's records this year, hand-counted in the tests:

    - instructions: 4 put before him — 1 awaiting, 1 instructed with its report overdue, 1
      reported on time and closed, 1 reported late (reported, not closed);
    - receptions: 2 receptions held, 1 field visit not held;
    - ownership: 2 — 1 resolved, 1 owned and stalled (no progress for a year).
    """
    organ = world.organ("housing")
    leader = world.person("housing_director")
    year_start = dt.date(TODAY.year, 1, 1)

    def instruction(title: str, **fields: Any) -> None:
        Instruction.objects.create(
            organ=organ,
            leader=leader,
            by_organ=organ,
            title=title,
            put_before_on=max(year_start, days_ago(40)),
            **fields,
        )

    given = {"to_organ": organ, "instructed_on": max(year_start, days_ago(39))}
    instruction("待阅批", state=InstructionState.PUT_BEFORE)
    instruction("逾期未报告", state=InstructionState.INSTRUCTED, report_due=days_ago(1), **given)
    instruction(
        "按期报告",
        state=InstructionState.CLOSED,
        report_due=TODAY,
        reported_on=given["instructed_on"],
        closed_on=given["instructed_on"],
        **given,
    )
    instruction(
        "逾期报告",
        state=InstructionState.REPORTED,
        report_due=given["instructed_on"],
        reported_on=TODAY,
        **given,
    )
    for _n in range(2):
        Reception.objects.create(
            organ=organ,
            leader=leader,
            kind=ReceptionKind.RECEPTION,
            scheduled_on=year_start,
            place="接待大厅",
            state=ReceptionState.HELD,
        )
    Reception.objects.create(
        organ=organ,
        leader=leader,
        kind=ReceptionKind.FIELD_VISIT,
        scheduled_on=year_start,
        place="社区",
        state=ReceptionState.NOT_HELD,
    )
    CaseOwnership.objects.create(
        organ=organ,
        leader=leader,
        title="已化解",
        assigned_on=year_start,
        last_progress_on=year_start,
        state=OwnershipState.RESOLVED,
        resolved_on=year_start,
    )
    CaseOwnership.objects.create(
        organ=organ,
        leader=leader,
        title="长期无进展",
        assigned_on=days_ago(400),
        last_progress_on=days_ago(365),
    )


def decided_measure(world: World, *, person: str = "housing_director") -> Decision:
    """A case on 住建委 investigated by D区信访办; D区委 decides a 通报 on the person with a
    rectification due 30 days after, done 10 days late."""
    failure = days_ago(200)
    lead = accountability.lead_file_manual(
        kind="complaint",
        ground=2,
        organ=world.organ("housing"),
        failure_date=failure,
        summary="群众反映信访事项逾期未办结。",
        actor="test",
    )
    case = accountability.case_open(
        lead=lead, investigating_organ=world.organ("d_po"), actor="test"
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
        participants=[{"person": world.person(person), "role": "principal_leader"}],
        actor="test",
    )
    (letter,) = accountability.case_send_recommendation(case=case, actor="test")
    decision = Decision.objects.get(recommendation=letter, person=world.person(person))
    accountability.decision_record(
        decision=decision,
        measures=decision.recommended_measures,
        rectification_due=TODAY + dt.timedelta(days=30),
        actor="test",
    )
    # Moved into the past the way the record would stand a hundred days on.
    decided_on = days_ago(100)
    Decision.objects.filter(pk=decision.pk).update(decided_on=decided_on)
    done = timezone.make_aware(dt.datetime.combine(decided_on + dt.timedelta(days=40), dt.time(10)))
    Rectification.objects.filter(decision=decision).update(
        due=decided_on + dt.timedelta(days=30), rectified_at=done, evidence="整改报告"
    )
    decision.refresh_from_db()
    return decision
