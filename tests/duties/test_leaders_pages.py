"""The leaders' pages: forms re-shown with errors by field, the steps the state allows, 404 out
of scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from tests.accountability.factories import World
from xinfang.duties.models.leaders import CaseOwnership, Instruction, InstructionState, Reception
from xinfang.duties.services.leaders_ownership import ownership_assign
from xinfang.duties.services.leaders_receptions import reception_schedule

from .leaders_helpers import (
    ACTOR,
    client_for_fixture,  # noqa: F401  (the fixture)
    days_ago,
    instructed,
    today,
    world_fixture,  # noqa: F401  (the fixture)
)


def test_a_clerk_puts_a_letter_before_the_secretary_who_instructs(
    world: World, client_for: Any
) -> None:
    secretary = client_for(world.user("d_secretary"))
    clerk = client_for(world.user("d_po_clerk"))
    new = reverse("duties:instruction_new")
    form = clerk.get(new).content.decode()
    leader = f"{world.organ('d_party').pk}:{world.person('d_secretary').pk}"
    assert f'value="{leader}"' in form
    assert clerk.post(new, {"leader": leader, "title": ""}).status_code == 400
    response = clerk.post(new, {"leader": leader, "title": "群众来信"})
    record = Instruction.objects.get()
    assert response.status_code == 302
    page = secretary.get(reverse("duties:instruction_detail", args=[record.pk]))
    assert "批示内容" in page.content.decode()
    step = reverse("duties:instruction_step", args=[record.pk, "instruct"])
    bad = secretary.post(step, {"text": "", "report_due": "2020-01-01"})
    assert bad.status_code == 400
    assert 'value="2020-01-01"' in bad.content.decode()
    good = secretary.post(step, {"text": "请住建委办理", "to_organ": world.organ("housing").pk})
    assert good.status_code == 302
    record.refresh_from_db()
    assert record.state == InstructionState.INSTRUCTED
    assert (
        "报告办理情况"
        in client_for(world.user("housing_clerk"))
        .get(reverse("duties:instruction_detail", args=[record.pk]))
        .content.decode()
    )


def test_the_instructed_organ_reports_and_others_get_404(world: World, client_for: Any) -> None:
    record = instructed(world)
    url = reverse("duties:instruction_step", args=[record.pk, "report"])
    stranger = client_for(world.user("b_po_clerk"))
    assert stranger.post(url, {"report": "x"}).status_code == 404
    assert stranger.get(reverse("duties:instruction_detail", args=[record.pk])).status_code == 404
    clerk = client_for(world.user("housing_clerk"))
    assert clerk.post(url, {"report": ""}).status_code == 400
    assert clerk.post(url, {"report": "已办理"}).status_code == 302
    record.refresh_from_db()
    assert record.state == InstructionState.REPORTED


def test_the_schedule_shows_each_leader_against_the_labelled_norm(
    world: World, client_for: Any
) -> None:
    director = client_for(world.user("housing_director"))
    housing = world.organ("housing")
    response = director.post(
        reverse("duties:reception_new") + f"?organ={housing.pk}",
        {
            "leader": world.person("housing_director").pk,
            "kind": "reception",
            "scheduled_on": today().isoformat(),
            "place": "接待室",
        },
    )
    assert response.status_code == 302
    reception = Reception.objects.get()
    held = director.post(
        reverse("duties:reception_step", args=[reception.pk, "hold"]), {"visitors": "3"}
    )
    assert held.status_code == 302
    page = director.get(reverse("duties:reception_schedule", args=[housing.pk])).content.decode()
    assert "政策设定值" in page
    assert world.person("housing_director").name in page


def test_the_ownership_page_flags_a_stall_and_takes_a_note(world: World, client_for: Any) -> None:
    ownership = ownership_assign(
        organ=world.organ("housing"),
        leader=world.person("housing_deputy"),
        title="物业纠纷",
        assigned_on=days_ago(45),
        actor=ACTOR,
    )
    director = client_for(world.user("housing_director"))
    url = reverse("duties:ownership_detail", args=[ownership.pk])
    assert "无进展" in director.get(url).content.decode()
    assert director.get(reverse("web:home")).content.decode().count("物业纠纷") == 1
    step = reverse("duties:ownership_step", args=[ownership.pk, "note"])
    assert director.post(step, {"text": ""}).status_code == 400
    assert director.post(step, {"text": "已约谈物业公司"}).status_code == 302
    ownership = CaseOwnership.objects.get()
    assert ownership.last_progress_on == today()


def test_the_portfolio_page_lists_what_the_leader_instructed(world: World, client_for: Any) -> None:
    record = instructed(world, on=days_ago(20), due=days_ago(2))
    page = client_for(world.user("d_secretary")).get(reverse("duties:leader_portfolio"))
    assert page.status_code == 200
    text = page.content.decode()
    assert record.title in text and "逾期未报告" in text
    assert dt.date.today().year  # the page renders for the year


def test_the_pages_read_in_english_without_chinese_punctuation(
    world: World, client_for: Any
) -> None:
    record = instructed(world, on=days_ago(20), due=days_ago(2))
    owned = ownership_assign(
        organ=world.organ("housing"),
        leader=world.person("housing_deputy"),
        title="dispute",
        assigned_on=days_ago(45),
        actor=ACTOR,
    )
    reception = reception_schedule(
        organ=world.organ("housing"),
        leader=world.person("housing_director"),
        kind="field_visit",
        scheduled_on=today(),
        place="street",
        actor=ACTOR,
    )
    secretary = client_for(world.user("d_secretary"))
    secretary.cookies["django_language"] = "en"
    director = client_for(world.user("housing_director"))
    director.cookies["django_language"] = "en"
    pages = [
        secretary.get(reverse("duties:instruction_detail", args=[record.pk])),
        secretary.get(reverse("duties:leader_portfolio")),
        director.get(reverse("duties:reception_schedule", args=[world.organ("housing").pk])),
        director.get(reverse("duties:ownership_list")),
        director.get(reverse("duties:ownership_detail", args=[owned.pk])),
        director.get(reverse("duties:reception_detail", args=[reception.pk])),
        director.get(reverse("duties:reception_new")),
        director.get(reverse("duties:instruction_list")),
    ]
    for page in pages:
        text = page.content.decode()
        assert page.status_code == 200
        assert "（" not in text and "：" not in text, text
    assert "Report due" in pages[0].content.decode()
    assert "My portfolio" in pages[1].content.decode()
