"""The pages of 细则第四条: forms that keep what was typed and say what is wrong, the organ's
year against its norm, a decision's flag and suggested matters, the region's warnings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accountability.factories import World, build_world, make_overdue_matter
from tests.duties.test_agenda_api import client
from xinfang.duties.models.agenda import AgendaItem, MajorDecision
from xinfang.duties.models.settings import OrganDutySettings
from xinfang.duties.selectors import todo_for
from xinfang.duties.services.agenda import agenda_item_record
from xinfang.duties.services.agenda_decisions import decision_record

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def test_agenda_form_keeps_input_and_names_the_wrong_field(world: World) -> None:
    c = client(world, "d_secretary")
    url = reverse("duties:agenda_item_new", args=[world.organ("d_party").pk])
    future = (TODAY + dt.timedelta(days=5)).isoformat()
    page = c.post(
        url,
        {
            "kind": "report",
            "held_on": future,
            "meeting": "区委常委会第9次会议",
            "decisions": "研究",
        },
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "日期不能晚于今天。" in body
    assert "区委常委会第9次会议" in body
    assert not AgendaItem.objects.exists()
    done = c.post(
        url,
        {
            "kind": "report",
            "held_on": TODAY.isoformat(),
            "meeting": "区委常委会第9次会议",
            "decisions": "研究",
            "attendees": [world.person("d_secretary").pk],
            "follow_up_owner": world.person("d_secretary").pk,
            "follow_up_due": TODAY.isoformat(),
        },
    )
    item = AgendaItem.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("duties:agenda_item_detail", args=[item.pk])
    follow = c.post(reverse("duties:agenda_item_follow_up", args=[item.pk]), {"note": "已落实"})
    assert follow.status_code == 302
    item.refresh_from_db()
    assert item.state == "done"


def test_organ_page_shows_the_norm_as_a_policy_value(world: World) -> None:
    page = client(world, "d_secretary").get(
        reverse("duties:agenda_organ", args=[world.organ("d_party").pk])
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "政策设定值" in body
    assert "矛盾纠纷排查" in body


def test_decision_page_flags_the_missing_assessment_and_suggests_matters(world: World) -> None:
    decision = decision_record(
        organ=world.organ("housing"),
        title="物业服务收费调整方案",
        decided_on=TODAY - dt.timedelta(days=20),
        decision_maker=world.person("housing_director"),
        in_scope=True,
        actor="test:agenda",
    )
    matter = make_overdue_matter(world, due=TODAY)
    c = client(world, "d_po_clerk")
    url = reverse("duties:agenda_decision_detail", args=[decision.pk])
    body = c.get(url).content.decode()
    assert "未在决策前评估" in body
    assert matter.summary in body
    linked = c.post(
        reverse("duties:agenda_decision_link", args=[decision.pk]), {"matter_id": matter.pk}
    )
    assert linked.status_code == 302
    assert list(MajorDecision.objects.get().matters.all()) == [matter]
    bad = c.post(
        reverse("duties:agenda_decision_assess", args=[decision.pk]),
        {"assessed_on": "", "risk_level": "low", "conclusion": "可控"},
    )
    assert bad.status_code == 200
    assert "可控" in bad.content.decode()


def test_warnings_page_is_for_the_regions_leaders_and_petition_office(world: World) -> None:
    url = reverse("duties:agenda_warnings", args=[world.organ("d_po").pk])
    assert client(world, "d_po_clerk").get(url).status_code == 200
    staff = client(world, "d_org_staff")
    assert (
        staff.get(reverse("duties:agenda_warnings", args=[world.organ("d_org").pk])).status_code
        == 404
    )


def test_settings_page_saves_the_organs_own_norm(world: World) -> None:
    c = client(world, "housing_director")
    url = reverse("duties:agenda_settings", args=[world.organ("housing").pk])
    missing = c.post(url, {"agenda_per_year": "6"})
    assert "请写明确定依据（文件或会议）。" in missing.content.decode()
    saved = c.post(url, {"agenda_per_year": "6", "decided_by": "党组会议纪要〔2026〕3号"})
    assert saved.status_code == 302
    assert OrganDutySettings.objects.get().agenda_per_year == 6
    assert "本机关设定" in c.get(url).content.decode()


def test_overdue_follow_up_waits_in_the_owners_todo(world: World) -> None:
    agenda_item_record(
        organ=world.organ("d_party"),
        kind="problem",
        held_on=TODAY - dt.timedelta(days=30),
        meeting="区委常委会第7次会议",
        decisions="督促住建委化解物业纠纷。",
        follow_up_owner=world.person("housing_director"),
        follow_up_due=TODAY - dt.timedelta(days=1),
        actor="test:agenda",
    )
    items = [i for i in todo_for(world.user("housing_director"), TODAY) if i.kind == "议定事项落实"]
    assert len(items) == 1 and items[0].overdue
    home = client(world, "housing_director").get(reverse("web:home")).content.decode()
    assert "区委常委会第7次会议" in home


def test_the_owner_in_another_organ_opens_the_item_and_reports_it_done(world: World) -> None:
    """The department's director whom the district party committee's meeting charged opens the
    item from his todo and records it carried out; a clerk of another district cannot open it."""
    item = agenda_item_record(
        organ=world.organ("d_party"),
        kind="problem",
        held_on=TODAY - dt.timedelta(days=30),
        meeting="区委常委会第8次会议",
        decisions="督促住建委化解物业纠纷。",
        follow_up_owner=world.person("housing_director"),
        follow_up_due=TODAY + dt.timedelta(days=5),
        actor="test:agenda",
    )
    [todo] = [
        i for i in todo_for(world.user("housing_director"), TODAY) if i.kind == "议定事项落实"
    ]
    url = reverse(todo.url_name, args=todo.url_args)
    director = client(world, "housing_director")
    assert director.get(url).status_code == 200
    done = director.post(
        reverse("duties:agenda_item_follow_up", args=[item.pk]), {"note": "已约谈物业公司并整改。"}
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None
    assert client(world, "b_po_clerk").get(url).status_code == 404
