"""A real Chromium shows the statistics page with its charts styled and no CSP violation."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.factories import TEST_PASSWORD
from tests.statistics.world import build_stats_world
from tests.web.test_browser import page  # noqa: F401  # the fixture

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_statistics_page_in_a_browser(live_server: Any, page: Any) -> None:  # noqa: F811
    build_stats_world()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.type in ("error", "warning") else None
        ),
    )
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("city_clerk")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/statistics/?date_from=2025-01-01&date_to=2025-12-31")
    assert page.get_by_role("heading", level=1).inner_text() == "信访统计"
    # The charts' stylesheet applies: pygal's background rule from /statistics/charts.css.
    fill = page.locator("svg.xf-chart .graph > .background").first.evaluate(
        "element => getComputedStyle(element).fill"
    )
    assert fill == "rgb(255, 255, 255)"
    assert page.locator("svg.xf-tiles g.tile").count() == 38
    if os.environ.get("XINFANG_SCREENSHOT"):
        page.screenshot(path=os.environ["XINFANG_SCREENSHOT"], full_page=True)
    page.locator('svg.xf-tiles a g[data-region="500110"]').click()
    page.wait_for_url("**/matters/list/?*region=500110*")
    assert problems == []
