"""The matter pages: a clerk registers and routes, a department works its queue and the steps.

Refusals come back on the form with the rule's message and the user's input kept; scope and
exclusion answer 404; the petitioner is masked until a reason is given; the petitioner's own
lookup needs no sign-in and shows only the state, the dates and the opinion.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.access.world import valid_id_number
from tests.factories import UserFactory
from tests.petitions.matters.factories import HOUSING_TEXT, at
from xinfang.audit.models import AuditEntry
from xinfang.orgs.models import Person
from xinfang.petitions.matters.models import Category, ExtensionRequest, Matter, RepeatLink
from xinfang.petitions.matters.services import handling_list_entry_create
from xinfang.petitions.models import Petitioner

from .conftest import Pages

pytestmark = pytest.mark.django_db

OPINION = {
    "kind": "support",
    "facts": "经查，物业公司多收电梯维修费属实。",
    "reasons": "收费无合同依据。",
    "legal_basis": "《物业管理条例》第四十一条",
}


def register_form(pages: Pages, **overrides: Any) -> dict[str, Any]:
    received = timezone.localtime() - dt.timedelta(hours=1)
    data: dict[str, Any] = {
        "organ": pages.mw.district_po.pk,
        "channel": "letter",
        "received_at": received.strftime("%Y-%m-%dT%H:%M"),
        "region_code": "500103001",
        "category": pages.mw.property_fees.pk,
        "summary": "物业多收电梯维修费",
        "content": HOUSING_TEXT,
        "petitioner_mode": "new",
        "name": "张三丰",
        "id_number": valid_id_number(3),
        "phone": "13912345678",
        "address": "重庆市渝中区民生路 88 号",
    }
    data.update(overrides)
    return data


def register(pages: Pages, **overrides: Any) -> Matter:
    response = pages.client("po_clerk").post("/matters/new/", register_form(pages, **overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Matter.objects.latest("id")


def step(pages: Pages, user: str, matter: Matter, action: str, **fields: Any) -> Any:
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return pages.client(user).post(f"/matters/{matter.pk}/{action}/", data)


def routed(pages: Pages, **overrides: Any) -> Matter:
    matter = register(pages, **overrides)
    response = step(
        pages, "po_clerk", matter, "route", kind="transfer", to_organ=pages.mw.district_housing.pk
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return matter


def text(response: Any) -> str:
    return response.content.decode()


def leader_account(pages: Pages) -> str:
    """Give the district housing department's principal (``district_leader``) an account."""
    user = UserFactory(username="housing_leader")
    pages.mw.district_leader.user = user
    pages.mw.district_leader.save(update_fields=["user"])
    pages.users["housing_leader"] = user
    return "housing_leader"


def decide(
    pages: Pages, user: str, matter: Matter, extension: Any, verb: str, **fields: Any
) -> Any:
    data = {f"extension-{verb}-{name}": value for name, value in fields.items()}
    url = f"/matters/{matter.pk}/extension-requests/{extension.pk}/{verb}/"
    return pages.client(user).post(url, data)


# ---------------------------------------------------------------------------------------------
# Registration


def test_a_registration_form_sent_twice_registers_one_matter(pages: Pages) -> None:
    """A double click, the back button or a resend: the same form finds the first matter."""
    client = pages.client("po_clerk")
    form = register_form(pages)
    first = client.post("/matters/new/", form)
    again = client.post("/matters/new/", form, follow=True)
    assert Matter.objects.count() == 1
    matter = Matter.objects.get()
    assert first["Location"] == f"/matters/{matter.pk}/?registered=1"
    assert again.redirect_chain[-1][0] == f"/matters/{matter.pk}/"
    assert "这张表单已经登记过，未重复登记。" in text(again)
    # A changed form is another matter.
    response = client.post("/matters/new/", {**form, "summary": "物业多收电梯维修费（补充）"})
    assert response.status_code == 302 and Matter.objects.count() == 2
    # A form the rules refused leaves nothing behind: corrected, it registers.
    refused = {**form, "received_at": "2016-01-01T09:00"}
    assert client.post("/matters/new/", refused).status_code == 200
    assert Matter.objects.count() == 2


def test_a_place_no_organ_serves_says_why_nothing_is_suggested(pages: Pages) -> None:
    """A matter registered before places were checked against the registry."""
    matter = register(pages)
    Matter.objects.filter(pk=matter.pk).update(region_code="999999")
    html = text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))
    assert 'id="no-suggestions"' in html and "问题发生地 999999 没有对应的机关" in html
    # The registration form names categories as clerks know them, without codes.
    form = text(pages.client("po_clerk").get("/matters/new/"))
    assert ">物业收费</option>" in form and "HOUSING-FEES" not in form


def test_place_code_not_in_registry_is_refused_on_the_form(pages: Pages) -> None:
    """Told at the field, with the other mistakes at once; nothing is registered."""
    response = pages.client("po_clerk").post(
        "/matters/new/", register_form(pages, region_code="999999", summary="")
    )
    assert response.status_code == 200
    html = text(response)
    assert "问题发生地 999999 不是机构名录中的行政区划，请核对行政区划代码。" in html
    assert re.search(r'id="field-summary">.*?field-error', html, re.S)
    assert not Matter.objects.exists()


def test_a_same_petitioner_repeat_says_its_content_differs(pages: Pages) -> None:
    first = register(pages)
    second = register(
        pages,
        petitioner_mode="existing",
        name="",
        summary="小区停车位被占用",
        content="渝中区某小区地下车库车位长期被外来车辆占用，物业不管理，请求处理。",
    )
    assert second.repeat_links.get().earlier_id == first.pk
    html = text(pages.client("po_clerk").get(f"/matters/{second.pk}/"))
    row = html.split('id="repeats-heading"')[1].split("</table>")[0]
    assert "同一信访人" in row and "内容不相似" in row


def test_home_links_the_queue_and_registration_for_a_petition_office(pages: Pages) -> None:
    html = text(pages.client("po_clerk").get("/"))
    assert f"/matters/?organ={pages.mw.district_po.pk}" in html
    assert f"/matters/new/?organ={pages.mw.district_po.pk}" in html
    html = text(pages.client("housing_staff").get("/"))
    assert f"/matters/?organ={pages.mw.district_housing.pk}" in html
    # A department records what it receives directly; it does not register to route on.
    assert f"/matters/new/?organ={pages.mw.district_housing.pk}" in html
    assert "登记直接收到的信访事项" in html


def test_a_department_records_a_matter_received_directly_to_decide_on_acceptance(
    pages: Pages,
) -> None:
    """信访工作条例(2022)第二十三条第一款: an organ other than the petition office that receives a
    matter directly registers it and decides on its acceptance itself: the page and the API
    take it in the same way (``matter_take_in``)."""
    client = pages.client("housing_staff")
    page = text(client.get("/matters/new/"))
    assert "登记直接收到的信访事项" in page
    housing = pages.mw.district_housing
    response = client.post("/matters/new/", register_form(pages, organ=housing.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    matter = Matter.objects.latest("id")
    assert (matter.state, matter.registering_organ_id, matter.handling_organ_id) == (
        "routed",
        housing.pk,
        housing.pk,
    )
    assert matter.events.get().action == "receive"
    # It decides on acceptance; there is no transfer to object to (第二十三条第三款).
    offered = set(re.findall(r'id="action-([a-z_]+)"', text(client.get(f"/matters/{matter.pk}/"))))
    assert {"accept", "decline"} <= offered and "object" not in offered


def test_the_register_form_starts_with_the_office_and_its_region(pages: Pages) -> None:
    response = pages.client("po_clerk").get("/matters/new/")
    assert response.status_code == 200
    html = text(response)
    assert 'value="500103"' in html
    assert "登记信访事项" in html


def test_registration_shows_the_query_code_repeats_and_suggestions(pages: Pages) -> None:
    first = register(pages)
    client = pages.client("po_clerk")
    response = client.post("/matters/new/", register_form(pages, petitioner_mode="anonymous"))
    second = Matter.objects.latest("id")
    assert response["Location"] == f"/matters/{second.pk}/?registered=1"
    html = text(client.get(response["Location"]))
    assert second.query_code in html
    assert "可能的重复信访" in html
    assert f'href="/matters/{first.pk}/"' in html
    assert re.search(r'class="number">[01]\.\d\d<', html)
    assert "转送建议" in html
    assert "解放碑街道办事处" in html  # territorial suggestion, with its reason and basis
    assert "细则第三条" in html


def test_suggestions_rank_the_district_department_first_and_say_why(pages: Pages) -> None:
    """A district property-fee complaint: the district housing department of the handling
    list first, with the region of occurrence and the list's entry as the reason; no municipal
    government (细则第三条). The same in English."""
    handling_list_entry_create(
        department=pages.mw.district_housing,
        category=pages.mw.property_fees,
        request_type="物业服务收费争议",
        legal_route="petition_handling",
        legal_basis="《物业管理条例》",
        actor="test:clerk",
    )
    matter = register(pages)
    client = pages.client("po_clerk")
    html = text(client.get(f"/matters/{matter.pk}/"))
    section = html[
        html.index('id="suggestions-heading"') : html.index('class="suggestions"') + 4000
    ]
    section = section[: section.index("</ol>")]
    names = re.findall(r"<li><strong>([^<]+)</strong>", section)
    assert names == [pages.mw.district_housing.name, pages.mw.township.name, pages.mw.district.name]
    assert (
        "问题发生地的区县级主管部门：依渝中区住房城乡建委依法分类处理清单“物业服务收费争议”一项，"
        "由其办理（谁主管、谁负责）。"
    ) in section
    client.cookies["django_language"] = "en"
    english = text(client.get(f"/matters/{matter.pk}/"))
    assert "Competent department where the matter arose (District or county level)" in english
    assert "entry &quot;物业服务收费争议&quot;, gives it to this department" in english


def _category_select(html: str) -> list[tuple[str, list[str]]]:
    """The category select as (group label, option labels); a plain option is its own group."""
    select = html[html.index('<select name="category"') :]
    select = select[: select.index("</select>")]
    out: list[tuple[str, list[str]]] = []
    for group, options, plain in re.findall(
        r'<optgroup label="([^"]*)">(.*?)</optgroup>|<option value="\d+"[^>]*>([^<]*)</option>',
        select,
        flags=re.S,
    ):
        if group:
            out.append((group, re.findall(r"<option [^>]*>([^<]*)</option>", options)))
        else:
            out.append((plain, []))
    return out


def test_the_category_choices_are_grouped_main_to_sub_with_other_last(pages: Pages) -> None:
    """Issue 13 item 23: an option group per main category, its subcategories inside, the
    group's 其他 last (the main category itself, or the group's own catch-all with the main
    category first as 未细分); the top-level 其他 is the last choice of all."""
    Category.objects.create(code="HOUSING-OTHER", name="其他", parent=pages.mw.housing)
    html = text(pages.client("po_clerk").get("/matters/new/"))
    groups = dict(_category_select(html))
    assert groups["城乡建设"] == [
        "房屋征收与补偿",
        "商品房买卖与交付",
        "物业管理",
        "工程质量",
        "住房保障",
        "其他（城乡建设）",
    ]
    assert groups["住房城乡建设"] == ["住房城乡建设（未细分）", "物业收费", "其他（住房城乡建设）"]
    assert _category_select(html)[-1] == ("其他", [])
    client = pages.client("po_clerk")
    client.cookies["django_language"] = "en"
    english = dict(_category_select(text(client.get("/matters/new/"))))
    # English pages name the seeded main category in English; one added without an English
    # name keeps its Chinese name.
    urban = Category.objects.get(name="城乡建设", parent=None).name_en
    assert urban and english[urban][-1] == f"Other ({urban})"
    housing = pages.mw.housing.name_en or "住房城乡建设"
    assert english[housing][0] == f"{housing} (not subdivided)"


def test_a_subcategory_chosen_from_its_group_is_registered(pages: Pages) -> None:
    matter = register(pages, category=pages.mw.property_fees.pk)
    assert matter.category == pages.mw.property_fees


def test_the_query_code_is_only_shown_to_the_registering_office(pages: Pages) -> None:
    matter = routed(pages)
    html = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/?registered=1"))
    assert matter.query_code not in html


def test_a_refused_registration_keeps_the_input_and_names_the_rule(pages: Pages) -> None:
    data = register_form(
        pages, channel="visit", is_collective="on", headcount="30", representatives="6"
    )
    response = pages.client("po_clerk").post("/matters/new/", data)
    assert response.status_code == 200
    html = text(response)
    assert "代表人数不超过5人" in html
    assert "信访条例" in html or "信访工作条例" in html
    assert "物业多收电梯维修费" in html  # the summary typed is still there
    assert HOUSING_TEXT[:20] in html
    assert not Matter.objects.exists()


def test_field_errors_of_the_service_land_on_their_fields(pages: Pages) -> None:
    response = pages.client("po_clerk").post(
        "/matters/new/", register_form(pages, id_number="110105194912310021")
    )
    assert response.status_code == 200
    html = text(response)
    assert 'id="field-id_number"' in html
    assert re.search(r'id="field-id_number">.*?field-error', html, re.S)
    assert not Matter.objects.exists() and not Petitioner.objects.exists()


def test_a_bad_region_code_is_named_with_the_other_mistakes_at_once(pages: Pages) -> None:
    """The form reports every mistake in one round: the region code and an empty summary."""
    response = pages.client("po_clerk").post(
        "/matters/new/", register_form(pages, region_code="12", summary="")
    )
    assert response.status_code == 200
    html = text(response)
    assert "问题发生地应为 6、9 或 12 位行政区划代码。" in html
    assert re.search(r'id="field-summary">.*?field-error', html, re.S)
    assert not Matter.objects.exists()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        (
            {"channel": "visit", "is_collective": "on", "headcount": "9" * 20},
            "headcount",
            "人数超出合理范围",
        ),
        ({"received_at": "0001-01-01T00:00"}, "received_at", "最早施行日期"),
        ({"received_at": "1900-01-01T10:00"}, "received_at", "最早施行日期"),
    ],
)
def test_absurd_numbers_and_dates_are_named_on_their_fields(
    pages: Pages, overrides: dict[str, str], field: str, message: str
) -> None:
    response = pages.client("po_clerk").post("/matters/new/", register_form(pages, **overrides))
    assert response.status_code == 200
    html = text(response)
    assert message in html
    assert re.search(rf'id="field-{field}">.*?field-error', html, re.S)
    assert "物业多收电梯维修费" in html
    assert not Matter.objects.exists()


def test_a_name_too_long_is_told_once(pages: Pages) -> None:
    response = pages.client("po_clerk").post("/matters/new/", register_form(pages, name="张" * 101))
    html = text(response)
    assert response.status_code == 200
    assert "登记新的信访人须填写姓名" not in html
    assert re.search(r'id="field-name">.*?field-error', html, re.S)


def test_an_existing_petitioner_is_found_by_id_number(pages: Pages) -> None:
    first = register(pages)
    second = register(pages, petitioner_mode="existing", name="", phone="", address="")
    assert second.petitioner_id == first.petitioner_id
    response = pages.client("po_clerk").post(
        "/matters/new/",
        register_form(pages, petitioner_mode="existing", id_number=valid_id_number(9)),
    )
    assert "未找到使用该公民身份号码的已登记信访人" in text(response)


# ---------------------------------------------------------------------------------------------
# The matter page


def test_the_matter_page_masks_the_petitioner_and_shows_clocks_and_timeline(pages: Pages) -> None:
    matter = register(pages)
    response = pages.client("po_clerk").get(f"/matters/{matter.pk}/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    html = text(response)
    assert "张**" in html and "张三丰" not in html and "13912345678" not in html
    assert "转送、交办期限" in html
    assert "办理过程" in html and 'data-action="register"' in html
    assert "依据：" in html


def test_reveal_requires_a_reason_and_is_audited(pages: Pages) -> None:
    matter = register(pages)
    client = pages.client("po_clerk")
    url = f"/matters/{matter.pk}/reveal/"
    html = text(client.post(url, {"reveal-reason": "核实"}))
    assert "至少 5 个字" in html and "张三丰" not in html
    html = text(
        client.post(
            url,
            {"reveal-reason": "电话联系信访人核实情况", "reveal-fields_wanted": ["name", "phone"]},
        )
    )
    assert "张三丰" in html and "13912345678" in html
    entry = AuditEntry.objects.filter(action="petitioner.revealed").latest("id")
    assert entry.details["reason"] == "电话联系信访人核实情况"


def test_a_user_of_another_district_gets_404(pages: Pages) -> None:
    matter = routed(pages)
    client = pages.client("other_staff")
    assert client.get(f"/matters/{matter.pk}/").status_code == 404
    assert client.post(f"/matters/{matter.pk}/accept/", {}).status_code == 404
    assert Matter.objects.get(pk=matter.pk).state == "routed"


def test_an_accused_unit_never_sees_the_matter(pages: Pages) -> None:
    accused = register(pages, accused_organs=[pages.mw.district_housing.pk])
    client = pages.client("team_staff")
    assert client.get(f"/matters/{accused.pk}/").status_code == 404
    html = text(pages.client("housing_staff").get("/matters/"))
    assert f'data-matter="{accused.pk}"' not in html
    # The office is not offered the accused unit as a target.
    html = text(pages.client("po_clerk").get(f"/matters/{accused.pk}/"))
    route_form = html.split('id="action-route"')[1].split("</section>")[0]
    assert f'value="{pages.mw.district_housing.pk}"' not in route_form


def test_a_petitioner_who_accused_the_unit_is_shown_on_their_next_matter_as_anyone_else(
    pages: Pages,
) -> None:
    """细则第十一条第八项: the unit handles the next matter as it would any other. Withholding
    the petitioner there would tell the unit that this petitioner accused it."""
    register(pages, accused_organs=[pages.mw.district_housing.pk])
    second = routed(pages, petitioner_mode="existing", name="", summary="另一件事")
    assert second.petitioner_id == Matter.objects.earliest("id").petitioner_id
    html = text(pages.client("housing_staff").get(f"/matters/{second.pk}/"))
    assert 'id="petitioner-name">张**<' in html and 'id="petitioner-withheld"' not in html
    assert "检举控告" not in html


# ---------------------------------------------------------------------------------------------
# Routing and the department's steps


def test_the_clerk_routes_and_the_department_accepts_extends_and_concludes(pages: Pages) -> None:
    matter = routed(pages)
    matter.refresh_from_db()
    assert matter.state == "routed" and matter.current_organ_id == pages.mw.district_housing.pk
    assert step(pages, "housing_staff", matter, "accept", notice="已受理").status_code == 302
    response = step(pages, "housing_staff", matter, "extend", days=20, reason="需要现场核查")
    assert response.status_code == 302, text(response)[:3000]
    # The request waits for the organ's responsible person, who approves it as themselves.
    assert Matter.objects.get(pk=matter.pk).state == "accepted"
    leader = leader_account(pages)
    extension = ExtensionRequest.objects.get(matter=matter)
    response = decide(pages, leader, matter, extension, "approve")
    assert response.status_code == 302, text(response)[:3000]
    assert Matter.objects.get(pk=matter.pk).state == "extended"
    response = step(pages, "housing_staff", matter, "conclude", **OPINION)
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.state == "concluded"
    html = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    assert "经查，物业公司多收电梯维修费属实。" in html
    assert "延长 20 日" in html
    # Who approved the extension is on the record, for the clerk too.
    approver = f"批准人：{pages.mw.district_leader.name}"
    assert approver in html
    assert approver in text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))


def test_each_organ_is_offered_only_the_steps_its_part_allows(pages: Pages) -> None:
    """The rules decide what the page offers: the clerk does not accept for the department,
    the department does not rate its own handling."""
    matter = routed(pages)

    def offered(user: str) -> set[str]:
        html = text(pages.client(user).get(f"/matters/{matter.pk}/"))
        return set(re.findall(r'id="action-([a-z_]+)"', html))

    assert {"accept", "decline", "route_out"} <= offered("housing_staff")
    assert not {"accept", "decline", "conclude"} & offered("po_clerk")
    step(pages, "housing_staff", matter, "accept", notice="已受理")
    assert "extend" in offered("housing_staff") and "extend" not in offered("po_clerk")
    step(pages, "housing_staff", matter, "conclude", **OPINION)
    assert "satisfaction" in offered("po_clerk")
    assert "satisfaction" not in offered("housing_staff")


def test_after_a_transfer_the_clerk_cannot_route_the_matter_out_of_the_department_queue(
    pages: Pages,
) -> None:
    """A step is the holder's: the transferred matter's route-out is the department's."""
    matter = routed(pages)
    html = text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))
    assert not {"route_out", "other_organ", "discipline"} & set(
        re.findall(r'id="action-([a-z_]+)"', html)
    )
    response = step(
        pages,
        "po_clerk",
        matter,
        "route_out",
        legal_route="litigation",
        reason="属民事纠纷",
        notice="请向人民法院起诉",
    )
    assert response.status_code == 200
    assert "信访部门无权导入法定途径，应由办理机关办理" in text(response)
    assert Matter.objects.get(pk=matter.pk).state == "routed"


def test_an_extension_over_the_limit_shows_the_rule_and_keeps_the_input(pages: Pages) -> None:
    matter = routed(pages)
    step(pages, "housing_staff", matter, "accept")
    # One limit, the profile's, with its article, however far beyond it.
    for days in (10**30, 400, 31):
        response = step(
            pages,
            "housing_staff",
            matter,
            "extend",
            days=days,
            reason="案情复杂需要鉴定",
        )
        assert response.status_code == 200
        html = text(response)
        assert "延长期限不得超过30日" in html
        assert "确保该值小于或等于" not in html  # no bound of the form's own
    assert "案情复杂需要鉴定" in html
    assert 'value="31"' in html
    assert Matter.objects.get(pk=matter.pk).state == "accepted"
    # The browser is left at the step's address: a reload or a language switch asks it with
    # GET, which leads back to the matter, not to a dead end.
    for address in (f"/matters/{matter.pk}/extend/", f"/matters/{matter.pk}/reveal/"):
        again = pages.client("housing_staff").get(address)
        assert again.status_code == 302 and again["Location"] == f"/matters/{matter.pk}/"


def test_the_extend_form_asks_no_approver_to_pick(pages: Pages) -> None:
    """The approver is not chosen from a list: the responsible person approves as themselves."""
    matter = routed(pages)
    step(pages, "housing_staff", matter, "accept")
    html = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    assert 'name="extend-days"' in html and 'name="extend-reason"' in html
    assert 'name="extend-approver"' not in html


def test_a_pending_extension_waits_on_the_leaders_home_page(pages: Pages) -> None:
    matter = routed(pages)
    step(pages, "housing_staff", matter, "accept")
    step(pages, "housing_staff", matter, "extend", days=15, reason="需要委托第三方鉴定")
    leader = leader_account(pages)
    home = text(pages.client(leader).get("/"))
    assert "待您批准的延期申请" in home and "需要委托第三方鉴定" in home
    assert f"/matters/{matter.pk}/#extensions" in home
    staff_home = text(pages.client("housing_staff").get("/"))
    assert "待您批准的延期申请" not in staff_home
    # On the matter page the request shows as waiting, with the clock still running.
    page = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    assert "待批准" in page and "办理期限在批准前照常计算" in page


def test_staff_cannot_approve_the_extension_they_asked_for(pages: Pages) -> None:
    matter = routed(pages)
    step(pages, "housing_staff", matter, "accept")
    step(pages, "housing_staff", matter, "extend", days=15, reason="需要委托第三方鉴定")
    extension = ExtensionRequest.objects.get(matter=matter)
    response = decide(pages, "housing_staff", matter, extension, "approve")
    assert response.status_code == 200
    assert "延期须经本机关负责人（主要负责人或分管负责人）批准" in text(response)
    assert Matter.objects.get(pk=matter.pk).state == "accepted"
    # With the reference of the responsible person's written approval, staff record it.
    response = decide(
        pages, "housing_staff", matter, extension, "approve", document_ref="渝中住建〔2025〕7号"
    )
    assert response.status_code == 302
    assert Matter.objects.get(pk=matter.pk).state == "extended"
    assert "渝中住建〔2025〕7号" in text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))


def test_the_leader_refuses_an_extension_with_the_reason(pages: Pages) -> None:
    matter = routed(pages)
    step(pages, "housing_staff", matter, "accept")
    step(pages, "housing_staff", matter, "extend", days=15, reason="需要委托第三方鉴定")
    extension = ExtensionRequest.objects.get(matter=matter)
    leader = leader_account(pages)
    response = decide(pages, leader, matter, extension, "refuse", reason="")
    assert response.status_code == 200  # the reason is required; nothing decided
    extension.refresh_from_db()
    assert extension.status == "pending"
    response = decide(pages, leader, matter, extension, "refuse", reason="事实已清楚，应按期办结")
    assert response.status_code == 302
    extension.refresh_from_db()
    assert (extension.status, Matter.objects.get(pk=matter.pk).state) == ("refused", "accepted")
    html = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    assert "事实已清楚，应按期办结" in html and "不予批准延期" in html


def test_the_department_cannot_rate_its_own_handling_and_is_told_why(pages: Pages) -> None:
    matter = routed(pages)
    step(pages, "housing_staff", matter, "accept")
    step(pages, "housing_staff", matter, "conclude", **OPINION)
    response = step(pages, "housing_staff", matter, "satisfaction", rating="satisfied")
    assert response.status_code == 200
    assert "办理机关不能为自己记录" in text(response)
    assert Matter.objects.get(pk=matter.pk).satisfaction == ""
    response = step(pages, "po_clerk", matter, "satisfaction", rating="satisfied")
    assert response.status_code == 302
    assert Matter.objects.get(pk=matter.pk).satisfaction == "satisfied"


def test_the_rating_is_recorded_once_shown_on_the_timeline_and_not_through_a_follow_up(
    pages: Pages,
) -> None:
    """The department's follow-up form has no rating to record; the clerk's rating is on the
    timeline with its value and cannot be overwritten."""
    matter = routed(pages)
    step(pages, "housing_staff", matter, "accept")
    step(pages, "housing_staff", matter, "conclude", **OPINION)
    html = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    assert 'id="action-follow_up"' in html and "follow_up-satisfaction" not in html
    response = step(
        pages,
        "housing_staff",
        matter,
        "follow_up",
        method="phone",
        notes="信访人表示满意",
        satisfaction="satisfied",
    )
    assert response.status_code == 302
    assert matter.follow_ups.get().satisfaction == ""  # the form takes no rating from it
    response = step(pages, "po_clerk", matter, "satisfaction", rating="basically_satisfied")
    assert response.status_code == 302
    html = text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))
    assert re.search(r'data-action="rated">.*?评价：基本满意', html, re.S)
    assert 'id="action-satisfaction"' not in html
    response = step(pages, "po_clerk", matter, "satisfaction", rating="dissatisfied")
    assert response.status_code == 200
    assert "信访人的满意度评价已于" in text(response) and "记录为“基本满意”" in text(response)
    assert Matter.objects.get(pk=matter.pk).satisfaction == "basically_satisfied"


def test_decline_and_route_out_need_their_notice(pages: Pages) -> None:
    matter = routed(pages)
    response = step(pages, "housing_staff", matter, "decline", reason="不属于本机关职权", notice="")
    assert response.status_code == 200
    assert "field-error" in text(response)
    response = step(
        pages, "housing_staff", matter, "decline", reason="不属于本机关职权", notice="告知书"
    )
    assert response.status_code == 302
    assert Matter.objects.get(pk=matter.pk).state == "declined"
    other = register(pages, summary="劳动合同纠纷")
    response = step(
        pages,
        "po_clerk",
        other,
        "route_out",
        legal_route="arbitration",
        reason="劳动争议",
        notice="请向劳动人事争议仲裁委员会申请仲裁",
    )
    assert response.status_code == 302
    assert Matter.objects.get(pk=other.pk).state == "routed_out"


def test_an_accusation_can_be_sent_to_the_discipline_body_of_its_region(pages: Pages) -> None:
    """细则第十六条: the district office offers the district and city discipline bodies, which
    are outside its own scope, and the step sends the matter there."""
    matter = register(pages, is_accusation="on")
    html = text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))
    form = html.split('id="action-discipline"')[1].split("</section>")[0]
    district = pages.mw.district_discipline.pk
    assert f'value="{district}"' in form
    assert f'value="{pages.mw.city_discipline.pk}"' in form
    assert f'value="{pages.mw.district_housing.pk}"' not in form
    response = step(
        pages, "po_clerk", matter, "discipline", to_organ=district, note="反映党员干部问题"
    )
    assert response.status_code == 302, text(response)[:3000]
    matter.refresh_from_db()
    assert matter.current_organ_id == district


def test_one_click_transfer_to_a_suggested_organ(pages: Pages) -> None:
    matter = register(pages)
    response = pages.client("po_clerk").post(
        f"/matters/{matter.pk}/route/",
        {"route-kind": "transfer", "route-to_organ": pages.mw.township.pk},
    )
    assert response.status_code == 302
    assert Matter.objects.get(pk=matter.pk).current_organ_id == pages.mw.township.pk


def test_the_queue_puts_overdue_first_and_marks_it(pages: Pages) -> None:
    fresh = register(pages, summary="新事项")
    late_time = (timezone.localtime() - dt.timedelta(days=40)).strftime("%Y-%m-%dT%H:%M")
    late = register(pages, summary="逾期事项", received_at=late_time, petitioner_mode="anonymous")
    response = pages.client("po_clerk").get(f"/matters/?organ={pages.mw.district_po.pk}")
    assert response.status_code == 200
    html = text(response)
    order = re.findall(r'data-matter="(\d+)"', html)
    assert order == [str(late.pk), str(fresh.pk)]
    assert re.search(rf'class="overdue" data-matter="{late.pk}"', html)
    assert 'id="count-overdue">1<' in html and 'id="count-open">2<' in html
    assert "已登记" in html  # counts by state


def test_the_queue_escapes_what_clerks_typed(pages: Pages) -> None:
    register(pages, summary='<script>alert("x")</script>&amp;', petitioner_mode="anonymous")
    html = text(pages.client("po_clerk").get(f"/matters/?organ={pages.mw.district_po.pk}"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;" in html


def test_the_queue_page_query_budget(pages: Pages, django_assert_max_num_queries) -> None:
    """Session, user, scope, organ, queue, counts by state (the organ's counters less what the
    user may not see), open counts, the objections the organ verifies: eight statements,
    whatever the size."""
    for n in range(3):
        register(pages, summary=f"事项{n}", petitioner_mode="anonymous")
    client = pages.client("po_clerk")
    url = f"/matters/?organ={pages.mw.district_po.pk}"
    client.get(url)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_the_queue_of_an_organ_out_of_scope_is_404(pages: Pages) -> None:
    url = f"/matters/?organ={pages.mw.district_housing.pk}"
    assert pages.client("other_staff").get(url).status_code == 404


def test_pages_carry_no_inline_script_or_style(pages: Pages) -> None:
    matter = register(pages)
    client = pages.client("po_clerk")
    for url in ("/matters/new/", f"/matters/{matter.pk}/", "/matters/", "/query/"):
        response = client.get(url)
        html = text(response)
        assert "Content-Security-Policy" in response
        assert "<script" not in html and "style=" not in html and "<style" not in html, url


# ---------------------------------------------------------------------------------------------
# The petitioner's lookup


def test_the_petitioner_follows_the_matter_without_signing_in(pages: Pages) -> None:
    cache.clear()
    matter = routed(pages)
    step(pages, "housing_staff", matter, "accept", notice="您的信访事项已受理")
    step(pages, "housing_staff", matter, "conclude", **OPINION)
    client = Client()
    assert client.get("/query/").status_code == 200
    response = client.post("/query/", {"code": matter.query_code.lower()})
    assert response.status_code == 200
    html = text(response)
    assert "已办结" in html
    assert "支持" in html and OPINION["facts"] in html
    assert "您的信访事项已受理" in html
    for secret in ("张", "13912345678", "物业多收电梯维修费", HOUSING_TEXT[:12]):
        assert secret not in html


def test_an_unknown_code_says_so_and_lookups_are_rate_limited(pages: Pages, settings: Any) -> None:
    cache.clear()
    settings.XINFANG_PUBLIC_LOOKUP_LIMIT = 2
    client = Client(REMOTE_ADDR="10.9.9.9")
    first = client.post("/query/", {"code": "NOPE"})
    assert "未找到该查询码对应的信访事项" in text(first)
    client.post("/query/", {"code": "NOPE"})
    limited = client.post("/query/", {"code": "NOPE"})
    assert limited.status_code == 429
    assert "查询过于频繁" in text(limited)
    cache.clear()


def test_review_is_requested_decided_and_the_matter_closed_on_the_pages(pages: Pages) -> None:
    matter = routed(pages)
    step(pages, "housing_staff", matter, "accept")
    step(pages, "housing_staff", matter, "conclude", **OPINION)
    response = step(
        pages, "po_clerk", matter, "review_request", to_organ=pages.mw.district.pk, reason="不服"
    )
    assert response.status_code == 302, text(response)[:3000]
    assert Matter.objects.get(pk=matter.pk).state == "review_requested"
    response = step(pages, "district_gov", matter, "review", **{**OPINION, "kind": "explain"})
    assert response.status_code == 302, text(response)[:3000]
    response = step(pages, "district_gov", matter, "close", reason="信访人未在期限内请求复核")
    assert response.status_code == 302, text(response)[:3000]
    assert Matter.objects.get(pk=matter.pk).state == "closed"
    html = text(pages.client("district_gov").get(f"/matters/{matter.pk}/"))
    assert "复查意见" in html and "已结案" in html


def test_the_pages_render_in_english_too(pages: Pages) -> None:
    matter = routed(pages)
    client = pages.client("housing_staff")
    client.cookies["django_language"] = "en"
    for url in (f"/matters/{matter.pk}/", f"/matters/?organ={pages.mw.district_housing.pk}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en">' in text(response)
    # The periods and the timeline cite the law in English.
    html = text(client.get(f"/matters/{matter.pk}/"))
    assert "Regulations on Petition Work (2022), Art. 22 ¶1" in html
    assert "信访工作条例" not in html and "细则第" not in html
    # English punctuation around English words: "Registered → Awaiting acceptance)", not （）.
    assert not re.search(r"[A-Za-z][（）：；]|[（）：；][A-Za-z]", re.sub(r"<[^>]+>", "", html))
    client = pages.client("po_clerk")
    client.cookies["django_language"] = "en"
    assert client.get("/matters/new/").status_code == 200


def test_the_office_supervises_and_the_department_replies(pages: Pages) -> None:
    matter = routed(pages)
    step(pages, "housing_staff", matter, "accept")
    html = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    assert 'id="action-supervise"' not in html and 'id="action-supervision_reply"' not in html
    response = step(
        pages,
        "po_clerk",
        matter,
        "supervise",
        to_organ=pages.mw.district_housing.pk,
        instructions="请于十日内报告办理进展",
    )
    assert response.status_code == 302, text(response)[:3000]
    order = matter.supervision_orders.get()
    html = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    assert 'id="action-supervision_reply"' in html
    response = step(
        pages, "housing_staff", matter, "supervision_reply", order=order.pk, reply="已现场核查"
    )
    assert response.status_code == 302, text(response)[:3000]
    order.refresh_from_db()
    assert order.reply == "已现场核查"
    html = text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))
    assert "已反馈" in html and "督办反馈" in html


def test_the_department_records_that_it_carried_out_a_supporting_opinion(pages: Pages) -> None:
    """细则第十一条第一款第二项 (不执行信访事项处理意见): the page shows the execution due date
    and records, once, that the opinion was carried out; a second attempt names the reason."""
    from xinfang.petitions.matters.models import Opinion

    matter = routed(pages)
    step(pages, "housing_staff", matter, "accept")
    response = step(pages, "housing_staff", matter, "conclude", **{**OPINION, "kind": "support"})
    assert response.status_code == 302
    opinion = Opinion.objects.get(matter=matter)
    assert opinion.execution_due is not None
    html = text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    assert 'id="action-execute"' in html
    response = step(pages, "housing_staff", matter, "execute", note="已责令物业公司退还多收费用")
    assert response.status_code == 302, text(response)[:2000]
    assert Opinion.objects.get(pk=opinion.pk).executed_at is not None
    assert "执行处理意见" in text(pages.client("housing_staff").get(f"/matters/{matter.pk}/"))
    response = step(pages, "housing_staff", matter, "execute", note="再次登记")
    assert response.status_code == 200
    assert "没有待执行的支持信访请求的处理意见（细则第十一条第一款第二项）" in text(response)


def test_a_repeat_link_never_shows_a_clerk_an_earlier_matter_that_accuses_them(
    pages: Pages,
) -> None:
    """The repeats on the matter page and in the API are the earlier matters the clerk may
    read: not one that accuses the clerk (细则第十一条第八项), though the link exists."""
    clerk = Person.objects.get(user=pages.users["po_clerk"])
    accusing = pages.mw.register(
        summary="反映信访办工作人员推诿", accused_persons=[clerk], identity={"name": "李四"}
    )
    plain = pages.mw.register(summary="物业多收电梯费（另一封）", identity={"name": "王五"})
    new = pages.mw.register(identity={"name": "赵六"}, at=at("2025-09-21", 10))
    linked = set(RepeatLink.objects.filter(matter=new).values_list("earlier_id", flat=True))
    assert {accusing.pk, plain.pk} <= linked
    client = pages.client("po_clerk")
    html = text(client.get(f"/matters/{new.pk}/"))
    assert "物业多收电梯费（另一封）" in html
    assert "反映信访办工作人员推诿" not in html
    body = client.get(f"/api/matters/{new.pk}").json()
    assert {r["earlier_id"] for r in body["repeats"]} == linked - {accusing.pk}
    # The registration event names the repeats it found: the API shows only the readable ones.
    [registered] = [e for e in body["timeline"] if e["action"] == "register"]
    assert set(registered["details"]["repeats"]) == linked - {accusing.pk}
    assert accusing.pk in new.events.get(action="register").details["repeats"]  # stored whole
    # Someone the earlier matter does not accuse sees the link.
    staff_html = text(pages.client("district_gov").get(f"/matters/{new.pk}/"))
    assert "反映信访办工作人员推诿" in staff_html


def test_the_organ_objects_on_the_page_and_the_routing_office_agrees(pages: Pages) -> None:
    """信访工作条例(2022)第二十三条第三款: the department objects with its reasons; the office
    that transferred the matter is offered agree and refuse; agreeing brings it back."""
    matter = routed(pages)

    def offered(user: str) -> set[str]:
        html = text(pages.client(user).get(f"/matters/{matter.pk}/"))
        return set(re.findall(r'id="action-([a-z_]+)"', html))

    assert "object" in offered("housing_staff")
    assert "object" not in offered("po_clerk")
    response = step(pages, "housing_staff", matter, "object", reason="")
    assert response.status_code == 200
    assert "field-error" in text(response)
    response = step(pages, "housing_staff", matter, "object", reason="属区人社局职权范围")
    assert response.status_code == 302
    assert Matter.objects.get(pk=matter.pk).state == "objected"
    html = text(pages.client("po_clerk").get(f"/matters/{matter.pk}/"))
    assert "属区人社局职权范围" in html and "提出异议" in html
    assert {"objection_agree", "objection_refuse"} <= offered("po_clerk")
    assert not {"objection_agree", "objection_refuse", "accept"} & offered("housing_staff")
    response = step(pages, "po_clerk", matter, "objection_agree", note="异议成立，另行转送")
    assert response.status_code == 302
    matter.refresh_from_db()
    assert (matter.state, matter.current_organ_id) == ("registered", pages.mw.district_po.pk)
    assert "route" in offered("po_clerk")


def test_the_routing_office_finds_the_objections_it_verifies_on_its_queue(pages: Pages) -> None:
    """An objected matter stays at the organ that objected; the office that routed it verifies
    the objection (信访工作条例(2022)第二十三条第三款), so its queue lists it — and no other
    organ's does, and it leaves the list once decided."""
    matter = routed(pages)
    office_queue = f"/matters/?organ={pages.mw.district_po.pk}"
    assert 'id="objections-heading"' not in text(pages.client("po_clerk").get(office_queue))
    step(pages, "housing_staff", matter, "object", reason="属区人社局职权范围")
    html = text(pages.client("po_clerk").get(office_queue))
    section = html.split('id="objections-heading"')[1].split("</section>")[0]
    assert f'data-matter="{matter.pk}"' in section
    assert pages.mw.district_housing.name in section
    housing_queue = f"/matters/?organ={pages.mw.district_housing.pk}"
    assert 'id="objections-heading"' not in text(pages.client("housing_staff").get(housing_queue))
    step(pages, "po_clerk", matter, "objection_refuse", reason="属本部门职权范围，应当受理")
    assert 'id="objections-heading"' not in text(pages.client("po_clerk").get(office_queue))
