"""The handling way on the matter pages: chosen in the acceptance form (2022 procedure only),
shown on the matter, a reply form for a duty or suggestion and no extension; a direct receipt
without name or address shows no notice period and cites the exception."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests.petitions.matters.factories import ACTOR, at
from xinfang.petitions.matters.models import Matter, Reply
from xinfang.petitions.matters.services import matter_receive, matter_route

from .conftest import Pages
from .test_matter_pages import OPINION, routed, step, text

pytestmark = pytest.mark.django_db

REPLY = "已责令物业公司退还多收的电梯维修费，并将在一个月内公开账目。"


def page(pages: Pages, matter: Matter, user: str = "housing_staff") -> str:
    response = pages.client(user).get(f"/matters/{matter.pk}/")
    assert response.status_code == 200
    return text(response)


def offered(html: str) -> set[str]:
    return set(re.findall(r'id="action-([a-z_]+)"', html))


def way_options(html: str) -> list[str]:
    return re.findall(r'name="accept-handling_way" value="([a-z]+)"', html)


def test_the_acceptance_form_offers_each_way_with_its_article(pages: Pages) -> None:
    matter = routed(pages)
    html = page(pages, matter)
    assert way_options(html) == ["opinion", "duty", "suggestion"]
    assert re.search(r'value="opinion"[^>]*checked', html)
    for label in (
        "调查核实，出具信访处理意见书（第三十一条第六项）",
        "依法履行或者答复（第三十一条第五项）",
        "建议意见：研究论证，予以回复（第二十九条）",
    ):
        assert label in html


def test_a_duty_accepted_on_the_page_is_answered_by_a_reply_not_extended(pages: Pages) -> None:
    matter = routed(pages)
    response = step(pages, "housing_staff", matter, "accept", notice="已受理", handling_way="duty")
    assert response.status_code == 302, text(response)[:3000]
    matter.refresh_from_db()
    assert (matter.state, matter.handling_way, matter.action_due) == ("accepted", "duty", None)
    html = page(pages, matter)
    assert 'id="handling-way"' in html and "依法履行或者答复（第三十一条第五项）" in html
    actions = offered(html)
    assert "reply" in actions
    assert not {"extend", "conclude"} & actions
    # Only the outcomes of 第三十一条第五项.
    assert re.findall(r'name="reply-outcome" value="([a-z_]+)"', html) == ["performed", "answered"]
    response = step(pages, "housing_staff", matter, "reply", outcome="performed", reply="")
    assert response.status_code == 200
    assert "field-error" in text(response)
    response = step(pages, "housing_staff", matter, "reply", outcome="performed", reply=REPLY)
    assert response.status_code == 302, text(response)[:3000]
    assert Matter.objects.get(pk=matter.pk).state == "closed"
    html = page(pages, matter, "po_clerk")
    assert 'id="reply"' in html and REPLY in html and "已依法履行" in html
    assert "review_request" not in offered(html)


def test_a_matter_handled_for_an_opinion_is_concluded_with_one_as_before(pages: Pages) -> None:
    matter = routed(pages)
    assert step(pages, "housing_staff", matter, "accept", notice="已受理").status_code == 302
    matter.refresh_from_db()
    assert (matter.handling_way, matter.action_period) == ("opinion", "handle")
    actions = offered(page(pages, matter))
    assert {"extend", "conclude"} <= actions
    assert "reply" not in actions
    assert step(pages, "housing_staff", matter, "conclude", **OPINION).status_code == 302
    assert not Reply.objects.exists()


def test_the_2005_procedure_offers_no_choice_of_way(pages: Pages) -> None:
    m = pages.mw.register(received_at=at("2021-06-01", 9), at=at("2021-06-01", 10))
    matter_route(
        matter=m,
        organ=pages.mw.district_po,
        to_organ=pages.mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2021-06-01", 11),
    )
    html = page(pages, m)
    assert "accept" in offered(html)
    assert way_options(html) == []
    response = step(pages, "housing_staff", m, "accept", notice="已受理", handling_way="duty")
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.handling_way, m.action_period) == ("opinion", "handle")


def test_an_anonymous_receipt_shows_no_notice_period_and_cites_the_exception(
    pages: Pages,
) -> None:
    matter = matter_receive(
        organ=pages.mw.district_housing,
        actor=ACTOR,
        channel="letter",
        received_at=at("2025-06-03", 9),
        at=at("2025-06-03", 10),
        summary="匿名来信反映物业收费",
        content="小区物业公司多收电梯维修费。",
        region_code="500103",
    )
    html = page(pages, matter)
    assert 'id="action-due"' not in html
    assert "信访工作条例(2022)第二十三条第二款" in html
    assert "accept" in offered(html)


def test_the_way_and_the_reply_read_in_english(pages: Pages) -> None:
    matter = routed(pages)
    client = pages.client("housing_staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = text(client.get(f"/matters/{matter.pk}/"))
    assert "Handling way" in html
    assert "Art. 31 item 5" in html


def queue_rows(pages: Pages, user: str = "housing_staff", lang: str = "") -> tuple[str, dict]:
    client = pages.client(user)
    if lang:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(f"/matters/?organ={pages.mw.district_housing.pk}")
    assert response.status_code == 200
    html = text(response)
    rows = dict(re.findall(r'<tr class="[^"]*" data-matter="(\d+)">(.*?)</tr>', html, re.S))
    return html, rows


def test_the_queue_keeps_a_duty_and_an_anonymous_receipt_after_the_dated_matters(
    pages: Pages,
) -> None:
    """A clerk who accepted a duty (no handling period, 第三十四条) still finds it in the
    department's queue, and an anonymous letter received directly (no notice period,
    第二十三条第二款) waits there for its acceptance: after every dated matter, shown with no
    statutory period, counted open. What is concluded or answered has left the queue."""
    dated = routed(pages, summary="待受理事项")
    duty = routed(pages, summary="依法履行事项")
    assert (
        step(
            pages, "housing_staff", duty, "accept", notice="已受理", handling_way="duty"
        ).status_code
        == 302
    )
    anonymous = matter_receive(
        organ=pages.mw.district_housing,
        actor=ACTOR,
        channel="letter",
        received_at=at("2025-06-03", 9),
        at=at("2025-06-03", 10),
        summary="匿名来信反映物业收费",
        content="小区物业公司多收电梯维修费。",
        region_code="500103",
    )
    answered = routed(pages, summary="已答复事项")
    step(pages, "housing_staff", answered, "accept", notice="已受理", handling_way="duty")
    assert (
        step(
            pages, "housing_staff", answered, "reply", outcome="performed", reply=REPLY
        ).status_code
        == 302
    )
    concluded = routed(pages, summary="已办结事项")
    step(pages, "housing_staff", concluded, "accept", notice="已受理")
    assert step(pages, "housing_staff", concluded, "conclude", **OPINION).status_code == 302
    assert [Matter.objects.get(pk=m.pk).state for m in (answered, concluded)] == [
        "closed",
        "concluded",
    ]
    html, rows = queue_rows(pages)
    assert list(rows) == [str(dated.pk), str(duty.pk), str(anonymous.pk)]
    assert "无法定期限" not in rows[str(dated.pk)]
    for matter in (duty, anonymous):
        assert '<span class="muted">无法定期限</span>' in rows[str(matter.pk)]
    assert 'id="count-open">3<' in html and 'id="count-overdue">0<' in html
    assert "无法定期限的在后" in html
    _, rows = queue_rows(pages, lang="en")
    assert "no statutory period" in rows[str(duty.pk)]
