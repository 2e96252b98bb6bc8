"""The pages of 细则第六条: the office recommends and follows up, the recipient replies, bad input
shows the form again with its errors, the workbench lists what waits on each user."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accountability.factories import World
from xinfang.duties.models.recommendations import OfficeRecommendation, SituationReport
from xinfang.duties.selectors import recommendations as selectors
from xinfang.duties.services.recommendations_reports import situation_report_generate
from xinfang.orgs.models import Organ, Person

from .recommendations_world import TODAY, client_for_fixture, days_ago, reply, send, world_fixture  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _new_form(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "office": world.organ("d_po").pk,
        "recipient": world.organ("housing").pk,
        "kind": "improve_work",
        "title": "关于规范物业管理投诉办理的建议",
        "content": "建议建立物业投诉首问负责制度。",
        "reasons": "物业管理类信访事项办理超期较多。",
        "matters": "",
    }
    data.update(overrides)
    return data


def test_the_office_sends_a_recommendation_from_the_page(world: World, client_for: Any) -> None:
    client = client_for(world.user("d_po_clerk"))
    page = client.get(reverse("duties:recommendation_new"))
    assert page.status_code == 200 and "政策设定值" in page.content.decode()
    response = client.post(reverse("duties:recommendation_new"), _new_form(world))
    rec = OfficeRecommendation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("duties:recommendation_detail", args=[rec.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "细则第六条" in detail and "撤回建议" in detail and "书面反馈采纳情况" not in detail


def test_bad_input_shows_the_form_again_with_errors_and_nothing_lost(
    world: World, client_for: Any
) -> None:
    client = client_for(world.user("d_po_clerk"))
    response = client.post(
        reverse("duties:recommendation_new"), _new_form(world, kind="improve_policy")
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "完善政策的建议向本级党委和政府提出" in text
    assert "建议建立物业投诉首问负责制度。" in text
    assert not OfficeRecommendation.objects.exists()


def test_the_recipient_replies_from_the_page_and_reasons_are_asked_for(
    world: World, client_for: Any
) -> None:
    rec = send(world)
    client = client_for(world.user("housing_clerk"))
    url = reverse("duties:recommendation_step", args=[rec.pk, "reply"])
    response = client.post(url, {"reply-reply": "部分采纳。", "reply-adoption": "partly"})
    assert response.status_code == 400
    assert "部分采纳或未采纳的，请说明理由。" in response.content.decode()
    response = client.post(
        url,
        {
            "reply-reply": "部分采纳。",
            "reply-adoption": "partly",
            "reply-adoption_reasons": "经费不足。",
        },
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.state == "replied" and rec.adoption == "partly"
    # A step the table no longer allows is refused with its reason.
    again = client.post(url, {"reply-reply": "采纳。", "reply-adoption": "adopted"})
    assert again.status_code == 409


def test_an_unknown_step_or_another_organs_record_is_not_found(
    world: World, client_for: Any
) -> None:
    rec = send(world)
    client = client_for(world.user("housing_clerk"))
    assert (
        client.post(reverse("duties:recommendation_step", args=[rec.pk, "nap"])).status_code == 404
    )
    outsider = client_for(world.user("b_po_clerk"))
    assert outsider.get(reverse("duties:recommendation_detail", args=[rec.pk])).status_code == 404


def test_the_workbench_lists_what_waits_on_each_user(world: World, client_for: Any) -> None:
    overdue = send(world, sent_on=days_ago(45), title="逾期未反馈的建议")
    replied = reply(world, send(world, sent_on=days_ago(10), title="已反馈的建议"), on=TODAY)
    director = selectors.todo_items(world.user("housing_director"), TODAY)
    assert [(i.title.endswith(overdue.title), i.overdue) for i in director] == [(True, True)]
    office = selectors.todo_items(world.user("d_po_clerk"), TODAY)
    assert [i.url_args for i in office] == [(replied.pk,)]
    home = client_for(world.user("housing_director")).get(reverse("web:home")).content.decode()
    assert "信访部门建议待反馈" in home and overdue.title in home
    # Open: the reply awaited, and the measures adopted not yet done; overdue: the reply.
    rows = selectors.organ_rows(world.user("housing_director"), world.organ("housing"), TODAY)
    assert (rows[0].open, rows[0].overdue) == (2, 1)


def test_a_situation_report_is_generated_edited_and_approved_from_the_pages(
    world: World, client_for: Any
) -> None:
    clerk = client_for(world.user("d_po_clerk"))
    response = clerk.post(
        reverse("duties:situation_report_new"),
        {
            "office": world.organ("d_po").pk,
            "period_start": "2026-07-01",
            "period_end": "2026-09-30",
        },
    )
    report = SituationReport.objects.get()
    assert response.status_code == 302
    detail = clerk.get(reverse("duties:situation_report_detail", args=[report.pk])).content.decode()
    assert "收到信访事项" in detail and "审定报告" not in detail
    step = reverse("duties:situation_report_step", args=[report.pk, "edit"])
    clerk.post(step, {"edit-analysis": "总量平稳。", "edit-recommendations": "加强督查。"})
    head = client_for(world.user("d_po_head"))
    page = head.get(reverse("duties:situation_report_detail", args=[report.pk])).content.decode()
    assert "审定报告" in page
    head.post(reverse("duties:situation_report_step", args=[report.pk, "approve"]))
    report.refresh_from_db()
    assert report.state == "approved"
    bad = clerk.post(reverse("duties:situation_report_step", args=[report.pk, "circulate"]), {})
    assert bad.status_code == 400


CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def test_the_pages_are_english_in_english(world: World, client_for: Any) -> None:
    """Outside the data (names, titles, the text people wrote), no Chinese on English pages."""
    rec = reply(world, send(world, sent_on=days_ago(45)), on=days_ago(1))
    report = generate_report(world)
    client = client_for(world.user("d_po_clerk"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = [
        *(o.name for o in Organ.objects.all()),
        *(p.name for p in Person.objects.all()),
        rec.title,
        rec.content,
        rec.reasons,
        rec.reply,
        report.title,
        "简体中文",  # the language switch names itself
    ]
    for url in (
        reverse("duties:recommendation_list"),
        reverse("duties:recommendation_new"),
        reverse("duties:recommendation_detail", args=[rec.pk]),
        reverse("duties:situation_report_list"),
        reverse("duties:situation_report_new"),
        reverse("duties:situation_report_detail", args=[report.pk]),
    ):
        text = html.unescape(client.get(url).content.decode())
        for value in sorted(data, key=len, reverse=True):
            text = text.replace(value, "")
        left = [text[max(0, m.start() - 30) : m.end() + 30] for m in CJK.finditer(text)]
        assert left == [], (url, left[:5])


def generate_report(world: World) -> SituationReport:
    return situation_report_generate(
        office=world.organ("d_po"),
        period_start=days_ago(30),
        period_end=TODAY,
        actor=world.user("d_po_clerk"),
    )
