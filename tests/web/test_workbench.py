"""The workbench (the home page's 待办): what waits for each kind of account, overdue first,
each number counted by the filter of the list it links to; an accused unit counts nothing of
the matter that accuses it (细则第十一条第八项).

The world is ``tests/access/test_no_signal.World``: M1, a housing letter registered at the
district petition office, transferred to district housing (U) and accepted there."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.access.test_no_signal import (
    ACCUSED_ACCOUNTS,
    World,
    _account,
    _client,
)
from tests.factories import UserFactory
from xinfang.orgs.choices import PositionKind
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.workload import filtered_matters
from xinfang.web.workbench import Figure, Workbench, workbench_for

pytestmark = pytest.mark.django_db

MATTER_LIST = "/matters/list/"


@pytest.fixture
def world() -> World:
    return World()


def today() -> dt.date:
    return timezone.localdate()


def figures_of(bench: Workbench) -> list[Figure]:
    """Every number of the workbench: the cards', the glances' and their lines'."""
    found = [f for card in bench.cards for f in card.figures]
    for glance in bench.glances:
        found.extend(glance.figures)
        for line in glance.lines:
            found.extend((line.open, line.overdue))
    return found


def snapshot(bench: Workbench) -> list[Any]:
    """Everything the workbench shows, comparable across two worlds."""
    return [
        [
            (c.key, c.heading, [(f.label, f.count, f.url, f.overdue) for f in c.figures])
            for c in bench.cards
        ],
        [
            (
                g.organ.pk,
                [(f.label, f.count, f.url) for f in g.figures],
                [(ln.organ.pk, ln.open.count, ln.overdue.count) for ln in g.lines],
            )
            for g in bench.glances
        ],
        [(item.kind, item.title, url) for item, url in (*bench.overdue_todo, *bench.todo)],
        [r.pk for r in bench.extension_requests],
    ]


def matter_figure(bench: Workbench, label: str) -> Figure:
    found = [f for f in figures_of(bench) if f.label == label and f.url.startswith(MATTER_LIST)]
    assert len(found) == 1, [f.label for f in figures_of(bench)]
    return found[0]


def listed(user: Any, url: str) -> int:
    """How many rows the list of all matters shows for ``url``: its FilterSet, its params."""
    params = tuple(parse_qsl(urlsplit(url).query))
    return filtered_matters(user=user, params=params, today=today()).count()


def test_the_handling_department_sees_the_matter_it_handles(world: World) -> None:
    staff = world.users["housing_staff"]
    figure = matter_figure(workbench_for(staff, today()), "办理中")
    assert figure.count == 1
    query = parse_qsl(urlsplit(figure.url).query)
    assert ("organ", str(world.mw.district_housing.pk)) in query
    assert {v for k, v in query if k == "state"} == {"accepted", "extended"}


def test_the_petition_office_sees_what_it_has_to_route(world: World) -> None:
    world.mw.register(summary="物业噪音扰民")
    figure = matter_figure(workbench_for(world.users["po_clerk"], today()), "待转送、交办")
    assert figure.count == 1


def test_overdue_work_comes_first_with_its_own_link(world: World) -> None:
    Matter.objects.filter(pk=world.m1).update(action_due=today() - dt.timedelta(days=2))
    card = workbench_for(world.users["housing_staff"], today()).cards[0]
    first = card.figures[0]
    assert card.overdue == 1
    assert first.overdue and first.count == 1
    assert first.label == "办理中：已逾期"
    assert ("overdue", "1") in parse_qsl(urlsplit(first.url).query)


def test_every_matter_count_is_what_its_link_lists(world: World) -> None:
    """Each number linking to the list of all matters equals the rows the list's filter gives
    for the link's parameters — for a clerk, a department, its leader and a region's leader."""
    Matter.objects.filter(pk=world.m1).update(action_due=today() - dt.timedelta(days=1))
    world.mw.register(summary="物业噪音扰民")
    users = [
        *world.users.values(),
        _account("district_head", world.mw.district, PositionKind.TEAM_MEMBER),
    ]
    checked = 0
    for user in users:
        for figure in figures_of(workbench_for(user, today())):
            if figure.url.startswith(MATTER_LIST):
                assert figure.count == listed(user, figure.url), (user.username, figure)
                checked += 1
    assert checked > 10


def test_a_leader_sees_the_subtree_at_a_glance_and_drills_into_it(world: World) -> None:
    head = _account("district_head", world.mw.district, PositionKind.TEAM_MEMBER)
    bench = workbench_for(head, today())
    glance = next(g for g in bench.glances if g.organ == world.mw.district)
    numbers = {f.label: f.count for f in glance.figures}
    assert numbers["未办结"] == 1
    assert numbers["已逾期"] == 0
    line = next(ln for ln in glance.lines if ln.organ == world.mw.district_housing)
    assert line.open.count == 1
    assert ("subtree", "1") in parse_qsl(urlsplit(line.open.url).query)


def test_the_department_head_sees_the_extension_request_to_approve(world: World) -> None:
    from xinfang.petitions.matters.services import matter_extension_request

    staff = world.users["housing_staff"]
    matter_extension_request(
        matter=Matter.objects.get(pk=world.m1),
        organ=world.mw.district_housing,
        days=20,
        reason="需要现场勘验",
        actor=staff,
    )
    bench = workbench_for(world.users["housing_chief"], today())
    approvals = next(c for c in bench.cards if c.key == "approvals")
    assert [(f.count, f.url) for f in approvals.figures] == [(1, "#extension-requests")]
    assert len(bench.extension_requests) == 1


def test_the_accused_units_workbench_is_the_same_without_the_accusation(world: World) -> None:
    """Every account of U (and of the unit below it) sees the same numbers, links and items
    whether or not P accused U; the district office, which registered the accusation, does
    count it (the comparison is not empty)."""
    with transaction.atomic():
        world.accuse()
        accused = {
            name: snapshot(workbench_for(world.users[name], today())) for name in world.users
        }
        transaction.set_rollback(True)
    ordinary = {name: snapshot(workbench_for(world.users[name], today())) for name in world.users}
    for name in ACCUSED_ACCOUNTS:
        assert accused[name] == ordinary[name], name
    assert accused["po_clerk"] != ordinary["po_clerk"]


def test_the_system_administrator_gets_the_registry_and_the_audit_chain(world: World) -> None:
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    bench = workbench_for(admin, today())
    assert bench.admin is not None
    assert bench.admin.organs > 10
    assert bench.glances[0].organ.pk is None
    assert {f.label: f.count for f in bench.glances[0].figures}["未办结"] == 1
    page = _client(admin).get("/").content.decode()
    assert "系统管理" in page
    assert "xinfang verify-audit" in page
    assert reverse("admin:index") in page
    # The newest entry's time reads as a date, not as the chain's canonical text.
    assert re.search(r"最新审计记录时间</dt><dd>\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}</dd>", page)


def test_an_account_without_a_position_is_told_so(world: World) -> None:
    lonely = UserFactory(username="lonely")
    page = _client(lonely).get("/")
    assert page.status_code == 200
    assert "您的账号尚未关联任何机构的职位。" in page.content.decode()
    assert "目前没有等待您办理的事项。" in page.content.decode()


class _Counts(HTMLParser):
    """The count links of a page (``a.workbench-count``) and the rows (``[data-item]``) of
    each section with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, int, str]] = []
        self.rows: dict[str, int] = {}
        self._section: list[str] = []
        self._link: tuple[str, int] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section":
            self._section.append(a.get("id") or "")
        if tag == "a" and "workbench-count" in (a.get("class") or ""):
            self._link = (a.get("href") or "", int(a.get("data-count") or -1))
            self._text = ""
        if tag == "tr" and "data-item" in a and self._section:
            key = self._section[-1]
            self.rows[key] = self.rows.get(key, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._section:
            self._section.pop()
        if tag == "a" and self._link is not None:
            self.links.append((*self._link, self._text))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._text += data


@pytest.mark.parametrize("username", ["housing_staff", "housing_chief", "po_clerk"])
def test_each_number_on_the_page_is_its_link_and_in_page_lists_have_that_many_rows(
    world: World, username: str
) -> None:
    from xinfang.petitions.matters.services import matter_extension_request

    matter_extension_request(
        matter=Matter.objects.get(pk=world.m1),
        organ=world.mw.district_housing,
        days=20,
        reason="需要现场勘验",
        actor=world.users["housing_staff"],
    )
    Matter.objects.filter(pk=world.m1).update(action_due=today() - dt.timedelta(days=1))
    parser = _Counts()
    parser.feed(_client(world.users[username]).get("/").content.decode())
    assert parser.links, username
    for href, count, text in parser.links:
        assert re.match(rf"\s*{count}\b", text), (href, count, text)
        if href.startswith("#"):
            assert parser.rows.get(href[1:], 0) == count, href


def test_the_workbench_speaks_english(world: World) -> None:
    client = _client(world.users["housing_staff"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/").content.decode()
    assert "My work" in page
    assert "Being handled" in page
    assert "我的待办" not in page


def test_an_account_of_another_district_counts_none_of_these_matters(world: World) -> None:
    other = _account("other_staff", world.mw.other_housing)
    bench = workbench_for(other, today())
    assert [f for f in figures_of(bench) if f.url.startswith(MATTER_LIST) and f.count] == []
