"""A real Chromium signs in and sees its organ in the hierarchy, with no CSP violation."""

import pytest

from tests.factories import TEST_PASSWORD

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
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="zh-CN")
        yield context.new_page()
        context.close()
        browser.close()


def test_sign_in_and_see_the_organ_hierarchy(live_server, clerk, registry, page):
    """Data first, browser last: Playwright's event loop must not own a database connection."""
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.get_by_label("用户名").fill("district_clerk")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "您好，陈晓东"
    breadcrumb = page.locator("nav.breadcrumb")
    assert "重庆市人民政府" in breadcrumb.inner_text()
    assert page.get_by_role("link", name="重庆市渝中区信访办公室").is_visible()
    # The stylesheet loaded: the header is coloured by it, not by an inline style.
    background = page.locator("header.site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert background == "rgb(164, 22, 26)"

    page.get_by_role("link", name="重庆市渝中区信访办公室").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("重庆市渝中区信访办公室")

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Sign out").is_visible()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/login/")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert problems == []
