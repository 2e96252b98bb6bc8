"""接访下访 (细则第七条第一项; 信访工作条例(2022)第十八条) and 包案 (细则第七条第二项)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.accountability.factories import World, make_overdue_matter
from xinfang.duties.models import OrganDutySettings
from xinfang.duties.models.leaders import OwnershipState, ReceptionKind, ReceptionState
from xinfang.duties.selectors import organ_overview
from xinfang.duties.selectors.leaders import is_stalled, leader_norms, pro_rata
from xinfang.duties.selectors.leaders import todo_items as todo_for  # this part's own items
from xinfang.duties.selectors.leaders_portfolio import leader_portfolio
from xinfang.duties.services.leaders_ownership import (
    ownership_add_milestone,
    ownership_assign,
    ownership_milestone_done,
    ownership_note,
    ownership_resolve,
)
from xinfang.duties.services.leaders_receptions import (
    reception_record_held,
    reception_record_not_held,
    reception_schedule,
)
from xinfang.orgs import services as org_services
from xinfang.orgs.choices import PositionKind
from xinfang.refusals import Refused

from .leaders_helpers import (
    ACTOR,
    a_matter,
    accuse,
    days_ago,
    today,
    world_fixture,  # noqa: F401  (the fixture)
)


def schedule(world: World, who: str = "housing_director", **kwargs):
    values = {
        "organ": world.organ("housing"),
        "leader": world.person(who),
        "kind": ReceptionKind.RECEPTION,
        "scheduled_on": today(),
        "place": "区住房城乡建委信访接待室",
        "topic": "物业管理",
        "actor": ACTOR,
    }
    return reception_schedule(**{**values, **kwargs})


def test_a_held_session_counts_toward_the_leaders_norm(world: World) -> None:
    reception = schedule(world)
    matter = a_matter(world)
    held = reception_record_held(reception=reception, visitors=6, matters=[matter], actor=ACTOR)
    assert held.state == ReceptionState.HELD
    assert list(held.matters.all()) == [matter]
    norms = {
        (n.person.pk, n.kind): n
        for n in leader_norms(world.organ("housing"), today().year, today())
    }
    mine = norms[(world.person("housing_director").pk, ReceptionKind.RECEPTION)]
    assert mine.held == 1
    assert mine.setting.value == 12 and str(mine.setting.label) == "政策设定值"


def test_a_session_not_held_does_not_count(world: World) -> None:
    reception = reception_record_not_held(reception=schedule(world), reason="临时公务", actor=ACTOR)
    assert reception.state == ReceptionState.NOT_HELD
    norms = leader_norms(world.organ("housing"), today().year, today())
    assert all(n.held == 0 for n in norms)


def test_a_session_is_recorded_only_once_and_not_before_its_day(world: World) -> None:
    future = schedule(world, scheduled_on=today() + dt.timedelta(days=3))
    with pytest.raises(Refused) as exc:
        reception_record_held(reception=future, visitors=1, actor=ACTOR)
    assert exc.value.code == "reception_not_yet"
    done = reception_record_held(reception=schedule(world), visitors=0, actor=ACTOR)
    with pytest.raises(Refused) as exc:
        reception_record_not_held(reception=done, reason="重复", actor=ACTOR)
    assert exc.value.code == "already_recorded"


def test_only_a_team_member_is_scheduled(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        schedule(world, who="housing_clerk", place="")
    assert {"leader", "place"} <= set(exc.value.error_dict)


def test_the_norm_is_pro_rata_in_the_current_year_and_the_organs_own_prevails(
    world: World,
) -> None:
    assert pro_rata(12, 2025, dt.date(2026, 3, 1)) == 12
    assert pro_rata(12, 2026, dt.date(2026, 7, 2)) == 6
    assert pro_rata(12, 2027, dt.date(2026, 7, 2)) == 0
    OrganDutySettings.objects.create(organ=world.organ("housing"), receptions_per_year=24)
    norm = leader_norms(world.organ("housing"), today().year, today())[0]
    assert norm.setting.value == 24 and str(norm.setting.label) == "本机关设定"


def test_a_leader_below_the_norm_is_flagged_on_the_organ_overview(world: World) -> None:
    rows = organ_overview(world.user("housing_director"), world.organ("housing"), today())
    receptions = next(r for r in rows if r.url_name == "duties:reception_schedule")
    if pro_rata(12, today().year, today()) > 0:
        assert any(world.person("housing_director").name in flag for flag in receptions.flags)


def test_an_upcoming_reception_waits_on_the_leader(world: World) -> None:
    reception = schedule(world, scheduled_on=today() + dt.timedelta(days=2))
    items = todo_for(world.user("housing_director"), today())
    assert [(i.url_name, i.url_args) for i in items] == [
        ("duties:reception_detail", (reception.pk,))
    ]


# --- 包案 -------------------------------------------------------------------------------------


def owned(world: World, on: dt.date | None = None):
    return ownership_assign(
        organ=world.organ("housing"),
        leader=world.person("housing_deputy"),
        title="某小区物业服务纠纷",
        plan="一月内召开业主协调会",
        assigned_by=world.person("housing_director"),
        assigned_on=on,
        actor=ACTOR,
    )


def test_an_ownership_without_progress_is_stalled_and_goes_to_the_principal(world: World) -> None:
    """No note or milestone for ``ownership_stall_days`` (30): flagged for the owner and shown
    to the organ's principal leader."""
    ownership = owned(world, on=days_ago(31))
    assert is_stalled(ownership, today())
    director = todo_for(world.user("housing_director"), today())
    assert [i.url_args for i in director] == [(ownership.pk,)]
    assert director[0].overdue
    assert todo_for(world.user("housing_deputy"), today())[0].url_args == (ownership.pk,)
    ownership = ownership_note(ownership=ownership, text="已召开协调会", actor=ACTOR)
    assert not is_stalled(ownership, today())
    assert todo_for(world.user("housing_director"), today()) == []


def test_a_fresh_ownership_is_not_stalled(world: World) -> None:
    assert not is_stalled(owned(world, on=days_ago(30)), today())


def test_milestones_count_as_progress_and_resolution_ends_it(world: World) -> None:
    ownership = owned(world, on=days_ago(40))
    ownership = ownership_add_milestone(
        ownership=ownership, title="召开业主协调会", due=today() + dt.timedelta(days=7), actor=ACTOR
    )
    assert ownership.last_progress_on == today()
    milestone = ownership.milestones.get()
    ownership = ownership_milestone_done(
        ownership=ownership, milestone_id=milestone.pk, actor=ACTOR
    )
    milestone.refresh_from_db()
    assert milestone.done_on == today()
    with pytest.raises(Refused):
        ownership_milestone_done(ownership=ownership, milestone_id=milestone.pk, actor=ACTOR)
    ownership = ownership_resolve(ownership=ownership, resolution="纠纷已化解", actor=ACTOR)
    assert ownership.state == OwnershipState.RESOLVED
    with pytest.raises(Refused) as exc:
        ownership_note(ownership=ownership, text="补记", actor=ACTOR)
    assert exc.value.code == "ownership_resolved"


def test_an_ownership_never_covers_a_matter_accusing_the_organ(world: World) -> None:
    matter = a_matter(world)
    accuse(matter, world.organ("housing"))
    with pytest.raises(Refused):
        ownership_assign(
            organ=world.organ("housing"),
            leader=world.person("housing_deputy"),
            title="x",
            matters=[matter],
            actor=ACTOR,
        )


def test_the_portfolio_page_lists_the_leaders_open_duties(world: World) -> None:
    ownership = owned(world, on=days_ago(31))
    schedule(world, who="housing_deputy")
    parts = leader_portfolio(world.user("housing_deputy"), world.person("housing_deputy"), today())
    assert [p.organ for p in parts] == [world.organ("housing")]
    part = parts[0]
    assert part.ownerships == [(ownership, True)]
    assert {n.kind for n in part.norms} == {ReceptionKind.RECEPTION, ReceptionKind.FIELD_VISIT}


def test_the_portfolio_lists_overdue_matters_of_its_subjects_only(world: World) -> None:
    """细则第七条第四项: a member checks the work of the portfolio; the principal all of it."""
    matter = make_overdue_matter(world, organ="housing", period="handle", due=days_ago(3))
    education = org_services.person_create(actor=ACTOR, code="P-edu", name="分管教育副主任")
    org_services.position_start(
        actor=ACTOR,
        person=education,
        organ=world.organ("housing"),
        kind=PositionKind.SUPERVISING_LEADER,
        start=dt.date(2020, 1, 1),
        portfolio=["education"],
    )
    director = world.user("housing_director")
    mine = leader_portfolio(director, world.person("housing_director"), today())[0]
    assert (mine.overdue_matters, mine.overdue_matter_count) == ([matter], 1)
    other = leader_portfolio(director, education, today())[0]
    assert other.overdue_matter_count == 0
    deputy = leader_portfolio(director, world.person("late_deputy"), today())[0]
    assert deputy.overdue_matters == [matter]
