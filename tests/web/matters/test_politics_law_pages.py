"""The matter page: 涉法涉诉 to the political-legal organs, and the objection's deadline and
withdrawal (信访工作条例(2022)第二十二条第二款、第二十三条第三款).

The page offers a step only to the organ whose part takes it under the matter's profile; the
service decides, and a refusal comes back on the form.
"""

from __future__ import annotations

import re

import pytest

from tests.petitions.matters.factories import ACTOR, add_politics_law_organs, at
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.services import matter_route

from .conftest import Pages
from .test_matter_pages import register, routed, step, text

pytestmark = pytest.mark.django_db


def offered(pages: Pages, user: str, matter: Matter) -> set[str]:
    html = text(pages.client(user).get(f"/matters/{matter.pk}/"))
    return set(re.findall(r'id="action-([a-z_]+)"', html))


def chooser(pages: Pages, user: str, matter: Matter) -> set[str]:
    """The organs the politics-law form offers, by name."""
    html = text(pages.client(user).get(f"/matters/{matter.pk}/"))
    form = html[html.index('id="action-politics_law"') :]
    select = form[: form.index("</select>")]
    return set(re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select))


def test_the_office_transfers_a_letter_to_a_politics_law_organ_of_its_level(pages: Pages) -> None:
    pl = add_politics_law_organs(pages.mw)
    matter = register(pages)
    assert "politics_law" in offered(pages, "po_clerk", matter)
    # Its own level only (同级): not the city's police, nor a department.
    assert chooser(pages, "po_clerk", matter) == {"重庆市公安局渝中区分局", "重庆市渝中区人民法院"}
    response = step(pages, "po_clerk", matter, "politics_law", to_organ="", notice="")
    assert response.status_code == 200
    assert "请选择接收的政法部门" in text(response)
    response = step(pages, "po_clerk", matter, "politics_law", to_organ=pl.district_police.pk)
    assert response.status_code == 302, text(response)[:3000]
    matter.refresh_from_db()
    assert (matter.state, matter.current_organ_id) == (
        "sent_to_politics_law",
        pl.district_police.pk,
    )
    html = text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))
    assert "已转政法部门" in html and "转送政法部门" in html
    assert "信访工作条例(2022)第二十二条第二款" in html
    assert "重庆市公安局渝中区分局" in html  # the transfer, in the routes


def test_a_visitor_is_guided_and_the_form_asks_what_was_explained(pages: Pages) -> None:
    pl = add_politics_law_organs(pages.mw)
    matter = register(pages, channel="visit")
    html = text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))
    assert "释法明理、引导情况" in html and "可不选" in html
    # Guidance names the organs concerned, of any level.
    assert "重庆市公安局" in chooser(pages, "po_clerk", matter)
    response = step(pages, "po_clerk", matter, "politics_law", to_organ="", notice="")
    assert response.status_code == 200
    assert "请写明向信访人释法明理" in text(response)
    response = step(
        pages,
        "po_clerk",
        matter,
        "politics_law",
        to_organ=pl.city_police.pk,
        notice="已释法明理，引导其向公安机关报案",
    )
    assert response.status_code == 302, text(response)[:3000]
    matter.refresh_from_db()
    assert (matter.state, matter.current_organ_id) == (
        "sent_to_politics_law",
        pages.mw.district_po.pk,
    )
    html = text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))
    assert "引导向政法部门反映" in html and "已释法明理，引导其向公安机关报案" in html
    assert "信访工作条例(2022)第二十条第二款" in html


def test_once_routed_the_department_holds_the_politics_law_step_not_the_office(
    pages: Pages,
) -> None:
    pl = add_politics_law_organs(pages.mw)
    matter = routed(pages)
    assert "politics_law" in offered(pages, "housing_staff", matter)
    assert "politics_law" not in offered(pages, "po_clerk", matter)
    response = step(pages, "housing_staff", matter, "politics_law", to_organ=pl.city_police.pk)
    assert response.status_code == 302, text(response)[:3000]
    assert Matter.objects.get(pk=matter.pk).state == "sent_to_politics_law"


def test_the_2005_procedure_offers_no_politics_law_step(pages: Pages) -> None:
    pl = add_politics_law_organs(pages.mw)
    matter = pages.mw.register(received_at=at("2021-06-01", 9), at=at("2021-06-01", 10))
    assert matter.profile == "chongqing-2017"
    found = offered(pages, "po_clerk", matter)
    assert "politics_law" not in found and "route_out" in found
    response = step(pages, "po_clerk", matter, "politics_law", to_organ=pl.district_police.pk)
    assert response.status_code == 200
    assert "没有转送政法部门的程序" in text(response)
    assert "导入法定途径" in text(response)
    assert Matter.objects.get(pk=matter.pk).state == "registered"


def test_the_objection_form_shows_its_deadline(pages: Pages) -> None:
    matter = routed(pages)
    html = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    due = re.search(r'<p id="objection-due"[^>]*>(.*?)</p>', html, re.S)
    assert due is not None
    assert "异议期限：" in due.group(1) and "个工作日内" in due.group(1)
    assert "信访工作条例(2022)第二十三条第三款" in due.group(1)
    assert "届满" not in due.group(1)


def test_the_objection_form_says_when_its_deadline_has_passed(pages: Pages) -> None:
    """Routed Tue 2025-06-03: 5 working days ran out on 2025-06-10."""
    matter = pages.mw.register(received_at=at("2025-06-03", 9), at=at("2025-06-03", 10))
    matter_route(
        matter=matter,
        organ=pages.mw.district_po,
        to_organ=pages.mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-06-03", 11),
    )
    html = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    assert "异议期限已于 2025年6月10日 届满" in html
    response = step(pages, "housing_staff", matter, "object", reason="不属本机关职权范围")
    assert response.status_code == 200
    assert "已超过期限" in text(response)


def test_the_organ_withdraws_its_objection_on_the_page(pages: Pages) -> None:
    matter = routed(pages)
    step(pages, "housing_staff", matter, "object", reason="属区人社局职权范围")
    assert "objection_withdraw" in offered(pages, "housing_staff", matter)
    assert "objection_withdraw" not in offered(pages, "po_clerk", matter)
    response = step(pages, "housing_staff", matter, "objection_withdraw", note="经研究属本机关")
    assert response.status_code == 302, text(response)[:3000]
    matter.refresh_from_db()
    assert (matter.state, matter.current_organ_id) == ("routed", pages.mw.district_housing.pk)
    html = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    assert "撤回异议" in html and "经研究属本机关" in html
    assert "accept" in offered(pages, "housing_staff", matter)


def test_a_returned_assignment_shows_no_report_due(pages: Pages) -> None:
    matter = register(pages)
    response = step(
        pages, "po_clerk", matter, "route", kind="assign", to_organ=pages.mw.district_housing.pk
    )
    assert response.status_code == 302
    html = text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))
    assert "报告期限" in html
    step(pages, "housing_staff", matter, "object", reason="属区人社局职权范围")
    response = step(pages, "po_clerk", matter, "objection_agree", note="异议成立，材料已交还")
    assert response.status_code == 302
    html = text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))
    assert "材料已交还，不再报告办理结果" in html
    assert "报告期限" not in html


def test_the_new_steps_read_in_english(pages: Pages) -> None:
    add_politics_law_organs(pages.mw)
    matter = routed(pages)
    client = pages.client("housing_staff")
    client.cookies["django_language"] = "en"
    html = text(client.get(f"/matters/{matter.pk}/"))
    assert "political-legal" in html
    due = re.search(r'<p id="objection-due"[^>]*>(.*?)</p>', html, re.S)
    assert due is not None and "working days" in due.group(1)
    assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"<[^>]+>", "", due.group(1)))
