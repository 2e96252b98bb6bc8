"""A real Chromium: the petitioner submits online and gets the receipt; the district
petition office's clerk finds it in the queue; it is routed and handled; the petitioner
follows the steps and rates it; the clerk's matter page shows the petitioner's rating."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.petitions.matters.attachment_files import PDF
from tests.petitions.matters.factories import OPINION_TEXT
from tests.web.test_browser import CHROMIUM_ARGS
from xinfang.demo.orgs import load_demo
from xinfang.demo.orgs_data import DEMO_PASSWORD
from xinfang.orgs.models import Organ
from xinfang.petitions.matters import services as s
from xinfang.petitions.matters.models import Matter

from .conftest import identity

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = "test:portal-browser"


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def watched(context: Any, problems: list[str]) -> Any:
    page = context.new_page()
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page


def test_submit_follow_and_rate_online(live_server, browser, tmp_path) -> None:
    load_demo()
    problems: list[str] = []
    url = live_server.url
    petitioner = watched(browser.new_context(locale="zh-CN"), problems)

    petitioner.goto(f"{url}/login/")
    petitioner.locator("#portal-link").click()
    petitioner.locator("#link-submit").click()
    who = identity()
    petitioner.get_by_label("姓名").fill(who["name"])
    petitioner.get_by_label("公民身份号码").fill(who["id_number"])
    petitioner.get_by_label("联系电话").fill(who["phone"])
    petitioner.get_by_label("住址").fill(who["address"])
    petitioner.get_by_label("问题发生地：区县").select_option(label="渝中区")
    petitioner.get_by_label("信访内容").fill("小区物业多收电梯维修费，请求责令退还。")
    upload = tmp_path / "材料.pdf"
    upload.write_bytes(PDF)
    petitioner.get_by_label("附件").set_input_files(str(upload))
    petitioner.get_by_role("button", name="提交").click()

    petitioner.wait_for_url(f"{url}/portal/receipt/")
    code = petitioner.locator("#query-code").inner_text().strip()
    assert "渝中区信访办" in petitioner.locator("#receipt-organ").inner_text()

    clerk = watched(browser.new_context(locale="zh-CN"), problems)
    clerk.goto(f"{url}/login/")
    clerk.get_by_label("用户名").fill("district_petition_clerk")
    clerk.get_by_label("密码").fill(DEMO_PASSWORD)
    clerk.get_by_role("button", name="登录").click()
    clerk.wait_for_url(f"{url}/")
    clerk.goto(f"{url}/matters/")
    assert "小区物业多收电梯维修费" in clerk.locator("main").inner_text()

    matter = Matter.objects.get(query_code=code)
    assert matter.channel == "online"
    office, housing = (Organ.objects.get(code=c) for c in ("500103-petition", "500103-housing"))
    matter = s.matter_route(
        matter=matter, organ=office, to_organ=housing, kind="transfer", actor=STAFF
    )
    matter = s.matter_accept(matter=matter, organ=housing, actor=STAFF)
    s.matter_conclude(matter=matter, organ=housing, kind="support", actor=STAFF, **OPINION_TEXT)

    follower = watched(browser.new_context(locale="zh-CN"), problems)
    follower.goto(f"{url}/portal/progress/")
    follower.get_by_label("查询码").fill(code.lower())
    follower.get_by_role("button", name="查询").click()
    follower.wait_for_url(f"{url}/portal/progress/")
    steps = follower.locator("#portal-steps tbody tr")
    assert [steps.nth(i).get_attribute("data-action") for i in range(steps.count())] == [
        "register",
        "transfer",
        "accept",
        "conclude",
    ]
    assert "办结期限" in follower.locator("#portal-steps").inner_text()
    assert "渝中区住房" in follower.locator("#handling-organ").inner_text()
    assert who["name"] not in follower.locator("main").inner_text()
    follower.locator("#link-rate").click()
    follower.get_by_label("满意", exact=True).check()
    follower.get_by_role("button", name="提交评价").click()
    follower.wait_for_url(f"{url}/portal/progress/")
    assert "已评价：满意" in follower.locator("#portal-rating").inner_text()

    clerk.goto(f"{url}/matters/{matter.pk}/")
    assert clerk.locator("#satisfaction").inner_text().startswith("满意")
    assert "信访人网上评价" in clerk.locator("#satisfaction-source").inner_text()
    # ... and in the statistics, as the petitioner's own rating, apart from the office's; the
    # number leads to the matter.
    clerk.goto(f"{url}/statistics/")
    satisfied = clerk.locator('[data-table="satisfaction_portal"] tr[data-key="satisfied"] a').first
    assert satisfied.get_attribute("data-count") == "1"
    office = clerk.locator('[data-table="satisfaction_office"] tr[data-key="satisfied"] a').first
    assert office.get_attribute("data-count") == "0"
    satisfied.click()
    assert clerk.locator("[data-total]").first.get_attribute("data-total") == "1"
    assert clerk.locator(f'[data-matter="{matter.pk}"]').count() == 1
    assert problems == []
