"""A real Chromium runs a matter by hand: a clerk registers and routes it, the department
finds it in its queue, accepts, extends and concludes it — with no console error or CSP
violation on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.factories import TEST_PASSWORD, UserFactory
from xinfang.petitions.matters.models import Matter

from .conftest import Pages, accepted_by_housing, build_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def world(transactional_db: None) -> Pages:
    pages = build_pages()
    # The department's principal (``district_leader``) signs in to approve the extension.
    pages.mw.district_leader.user = UserFactory(username="housing_leader")
    pages.mw.district_leader.save(update_fields=["user"])
    return pages


@pytest.fixture
def page() -> Any:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="zh-CN")
        yield context.new_page()
        context.close()
        browser.close()


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def sign_out(page: Any, base: str) -> None:
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(f"{base}/login/")


def test_register_route_accept_extend_conclude_in_the_browser(
    live_server: Any, world: Pages, page: Any
) -> None:
    """Data first, browser last: Playwright's event loop must not own a database connection."""
    base = live_server.url
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    # The petition office clerk registers the matter.
    sign_in(page, base, "po_clerk")
    page.get_by_role("link", name="登记信访事项").first.click()
    page.get_by_label("分类").select_option(label="物业收费")
    page.get_by_label("摘要").fill("小区物业多收电梯维修费")
    page.get_by_label("信访内容").fill(
        "渝中区解放碑街道民生路88号恒达花园小区物业公司每月多收电梯维修费120元，请求责令退还。"
    )
    page.get_by_label("姓名").fill("李四")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(re.compile(r".*/matters/\d+/\?registered=1$"))
    query_code = page.locator("#query-code").inner_text()
    assert len(query_code) == 16
    assert page.get_by_role("heading", name="转送建议").is_visible()
    assert page.locator("#petitioner-name").inner_text() == "李*"

    # ... and routes it to the district housing department.
    route = page.locator("#action-route")
    route.locator("select[name=route-to_organ]").select_option(label="渝中区住房城乡建委")
    route.get_by_role("button", name="转送、交办").click()
    page.wait_for_url(re.compile(r".*/matters/\d+/$"))
    assert page.locator("#current-organ").inner_text() == "渝中区住房城乡建委"
    sign_out(page, base)

    # The department finds it in its queue.
    sign_in(page, base, "housing_staff")
    page.get_by_role("link", name="待办", exact=True).first.click()
    assert page.locator("#count-open").inner_text() == "1"
    page.get_by_role("link", name="小区物业多收电梯维修费").click()

    # Accepts it.
    accept = page.locator("#action-accept")
    accept.get_by_label("受理告知").fill("您的信访事项已受理。")
    accept.get_by_role("button", name="受理", exact=True).click()
    page.wait_for_url(re.compile(r".*/matters/\d+/$"))
    assert page.locator(".badge-state").inner_text() == "办理中"

    # An extension over the limit is refused with the rule; the input stays.
    extend = page.locator("#action-extend")
    extend.get_by_label("延长天数").fill("31")
    extend.get_by_label("延期理由").fill("需要委托鉴定")
    extend.get_by_role("button", name="提交延期申请", exact=True).click()
    extend = page.locator("#action-extend")
    assert "延长期限不得超过30日" in extend.locator(".refusal").inner_text()
    assert extend.get_by_label("延期理由").input_value() == "需要委托鉴定"
    extend.get_by_label("延长天数").fill("20")
    extend.get_by_role("button", name="提交延期申请", exact=True).click()
    page.wait_for_url(re.compile(r".*/matters/\d+/$"))
    # The request waits for the responsible person; the handling period keeps running.
    assert page.locator(".badge-state").inner_text() == "办理中"
    assert "待批准" in page.locator("#extensions").inner_text()
    sign_out(page, base)

    # The department's principal finds it on the home page and approves it as themselves.
    sign_in(page, base, "housing_leader")
    page.locator("#extension-requests").get_by_role("link", name="小区物业多收电梯维修费").click()
    page.locator("#extensions").get_by_role("button", name="批准", exact=True).click()
    page.wait_for_url(re.compile(r".*/matters/\d+/$"))
    assert page.locator(".badge-state").inner_text() == "延期办理中"
    sign_out(page, base)
    sign_in(page, base, "housing_staff")
    page.get_by_role("link", name="待办", exact=True).first.click()
    page.get_by_role("link", name="小区物业多收电梯维修费").click()

    # Concludes it with the handling opinion.
    conclude = page.locator("#action-conclude")
    conclude.get_by_label("支持", exact=True).check()
    conclude.get_by_label("查明事实").fill("经查，多收费用属实。")
    conclude.get_by_label("理由").fill("收费无合同依据。")
    conclude.get_by_label("法律依据").fill("《物业管理条例》第四十一条")
    conclude.get_by_role("button", name="办结", exact=True).click()
    page.wait_for_url(re.compile(r".*/matters/\d+/$"))
    assert page.locator(".badge-state").inner_text() == "已办结"
    timeline = page.locator("ol.timeline").inner_text()
    for step in ("登记", "转送", "受理", "延期", "办结"):
        assert step in timeline
    sign_out(page, base)

    # The petitioner looks it up with the query code, without signing in.
    page.goto(f"{base}/query/")
    page.get_by_label("查询码").fill(query_code)
    page.get_by_role("button", name="查询").click()
    assert page.locator("#public-state").inner_text() == "已办结"
    assert "经查，多收费用属实。" in page.locator("main").inner_text()

    assert Matter.objects.get().state == "concluded"
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert problems == []


def test_the_back_button_and_a_second_submit_register_one_matter(
    live_server: Any, world: Pages, page: Any
) -> None:
    base = live_server.url
    sign_in(page, base, "po_clerk")
    page.goto(f"{base}/matters/new/")
    page.get_by_label("摘要").fill("噪音扰民")
    page.get_by_label("信访内容").fill(
        "渝中区解放碑街道某酒吧每晚十二点后仍播放音乐，影响居民休息。"
    )
    page.get_by_label("匿名").check()
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(re.compile(r".*/matters/(\d+)/\?registered=1$"))
    first = page.url.split("?")[0]
    page.go_back()
    page.wait_for_url(f"{base}/matters/new/")
    assert page.get_by_label("摘要").input_value() == "噪音扰民"  # the browser kept it
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(re.compile(r".*/matters/\d+/$"))
    assert page.url == first
    assert "这张表单已经登记过，未重复登记。" in page.content()
    page.close()
    assert Matter.objects.count() == 1


def _in_view_and_focused(page: Any, selector: str, *, settle: bool = True) -> dict[str, Any]:
    # A click's navigation may not have begun when ``wait_for_load_state`` returns: wait (up to
    # ten seconds) for the new page to put the focus where it should, then measure.
    if settle:
        page.wait_for_function(
            """selector => {
                const element = document.querySelector(selector);
                return element !== null && element.contains(document.activeElement);
            }""",
            arg=selector,
            timeout=10_000,
        )
    return page.evaluate(
        """selector => {
            const element = document.querySelector(selector);
            const box = element.getBoundingClientRect();
            return {
                inView: box.top >= 0 && box.bottom <= window.innerHeight,
                focused: element.contains(document.activeElement),
                scrolled: window.scrollY,
            };
        }""",
        selector,
    )


def test_a_refused_extension_shows_its_error_at_the_step_and_focuses_it(
    live_server: Any, world: Pages, page: Any
) -> None:
    """A 45-day extension is refused: the page comes back scrolled to the extension's form,
    the refusal in view and focused, not at the top with the reason out of sight."""
    matter = accepted_by_housing(world)

    base = live_server.url
    page.set_viewport_size({"width": 1000, "height": 600})
    sign_in(page, base, "housing_staff")
    page.goto(f"{base}/matters/{matter.pk}/")
    # The form is below the fold: the test means something.
    assert not _in_view_and_focused(page, "#action-extend", settle=False)["inView"]
    extend = page.locator("#action-extend")
    extend.get_by_label("延长天数").fill("45")
    extend.get_by_label("延期理由").fill("需要委托鉴定")
    extend.get_by_role("button", name="提交延期申请", exact=True).click()
    page.wait_for_load_state()
    refusal = page.locator("#action-extend .refusal")
    assert "延长期限不得超过30日" in refusal.inner_text()
    state = _in_view_and_focused(page, "#action-extend .refusal")
    assert state["scrolled"] > 0 and state["inView"] and state["focused"], state

    # A mistake in a field (no days) focuses that field, in view beside its step.
    extend = page.locator("#action-extend")
    extend.get_by_label("延长天数").fill("")
    extend.get_by_role("button", name="提交延期申请", exact=True).click()
    page.wait_for_load_state()
    state = _in_view_and_focused(page, "#action-extend input[name=extend-days]")
    assert state["inView"] and state["focused"], state
