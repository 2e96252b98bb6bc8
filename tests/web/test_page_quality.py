"""The pages on a phone, on paper and in each language's dates (issue 18 §7), in a real Chromium.

At 390 px wide the home page, the queue and the matter page do not scroll sideways and no
table cell is squeezed below two characters (a wide table scrolls inside its card); printed,
they show no menu, form or button; dates read ``2026年12月7日`` in Chinese and ``7 Dec 2026``
in English.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.matters.conftest import Pages, accepted_by_housing, build_pages
from tests.web.matters.test_matter_browser import sign_in
from tests.web.test_browser import CHROMIUM_ARGS
from xinfang.petitions.matters.models import Matter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

#: How far the page scrolls sideways, and the table cells narrower than two characters.
MEASURE = """() => {
    const root = document.documentElement;
    const narrow = [];
    for (const cell of document.querySelectorAll("main td, main th")) {
        const text = cell.textContent.trim();
        if (!text || !cell.checkVisibility()) continue;
        const style = getComputedStyle(cell);
        const inner = cell.getBoundingClientRect().width
            - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (inner < 2 * parseFloat(style.fontSize)) narrow.push(`${text.slice(0, 20)}: ${inner}`);
    }
    return {overflow: root.scrollWidth - root.clientWidth, narrow};
}"""

#: The visible elements of the page that print must not show.
SHOWN_IN_PRINT = """() => Array.from(
    document.querySelectorAll("nav, form, button, input, select, textarea, .pager")
).filter(e => e.checkVisibility()).map(e => e.outerHTML.slice(0, 80))"""


@pytest.fixture
def page() -> Any:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="zh-CN", viewport=PHONE)
        yield context.new_page()
        context.close()
        browser.close()


@pytest.fixture
def accepted(transactional_db: None) -> tuple[Pages, Matter]:
    """A letter registered, transferred to the housing committee and accepted there: the page
    has facts, clocks, a timeline and the committee's steps."""
    world = build_pages()
    matter = accepted_by_housing(world)
    assert matter.action_due is not None
    return world, matter


def test_on_a_phone_the_pages_fit_the_screen_and_no_column_is_squeezed(
    live_server: Any, accepted: tuple[Pages, Matter], page: Any
) -> None:
    _world, matter = accepted
    base = live_server.url
    sign_in(page, base, "housing_staff")
    for path in ("/", "/matters/", f"/matters/{matter.pk}/"):
        page.goto(f"{base}{path}")
        # The queue and the matter page have tables to squeeze (home may have none).
        assert path == "/" or page.locator("main table").count() > 0, path
        measured = page.evaluate(MEASURE)
        assert measured == {"overflow": 0, "narrow": []}, path
    # The sign-in page and the register form too.
    page.goto(f"{base}/matters/new/")
    assert page.evaluate(MEASURE)["overflow"] == 0


def test_printed_the_pages_show_no_menu_form_or_button(
    live_server: Any, accepted: tuple[Pages, Matter], page: Any
) -> None:
    _world, matter = accepted
    base = live_server.url
    sign_in(page, base, "housing_staff")
    for path in (f"/matters/{matter.pk}/", "/matters/", "/matters/list/", "/"):
        page.goto(f"{base}{path}")
        page.emulate_media(media="print")
        assert page.evaluate(SHOWN_IN_PRINT) == [], path
        assert page.locator("h1").is_visible(), path
        borders = page.locator("main table td").evaluate_all(
            "cells => cells.map(cell => getComputedStyle(cell).borderTopStyle)"
        )
        assert set(borders) <= {"solid"}, path
        page.emulate_media(media="screen")
        assert page.locator("nav.site-nav").is_visible()


def test_dates_read_as_each_language_writes_them(
    live_server: Any, accepted: tuple[Pages, Matter], page: Any
) -> None:
    _world, matter = accepted
    due = matter.action_due
    assert due is not None
    base = live_server.url
    sign_in(page, base, "housing_staff")
    page.goto(f"{base}/matters/{matter.pk}/")
    assert (
        page.locator("#action-due").inner_text().startswith(f"{due.year}年{due.month}月{due.day}日")
    )
    timeline = page.locator("ol.timeline .when").first.inner_text()
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", timeline), timeline

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#action-due").inner_text().startswith(due.strftime("%-d %b %Y"))
    timeline = page.locator("ol.timeline .when").first.inner_text()
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}", timeline), timeline
