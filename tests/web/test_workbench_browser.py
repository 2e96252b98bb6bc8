"""Acceptance of the workbench over the whole demo, in Chromium: every demo login signs in, finds
at least one pending count on its home page, and each count it finds is exactly the number of
rows of the list it links to.

The demo is loaded once for the module (as ``xinfang demo`` loads it) and served by one live
server; the tests only drive the browser. A list's size is read from its pager's total
(``<span class="list-total" data-total="N">``, ``web/includes/pager.html``) when it has one,
else from its rows; a count linking within the home page (``#extension-requests``,
``#duty-todo``...) is the number of rows of that section.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.migration_data import ensure_migration_data
from tests.web.test_browser import CHROMIUM_ARGS
from xinfang.demo.orgs import load_demo
from xinfang.demo.orgs_data import DEMO_LOGINS, DEMO_PASSWORD

#: The browser tests hold no database transaction of their own: the live server writes (the
#: sessions, the audit of each sign-in) while they wait, and SQLite's IMMEDIATE transactions
#: would make it wait for them. The module's fixture loads and, at its end, empties the
#: database.
pytestmark = [pytest.mark.browser]

USERNAMES = [login.username for login in DEMO_LOGINS]

#: Rows ``flush`` writes again itself (its ``post_migrate``), not put back from the dump.
KEEP_OUT = ("--exclude", "contenttypes", "--exclude", "auth.permission")

MATTER_LIST = "/matters/list/"

#: Lists without a pager yet: the selector of their rows, by path prefix.
ROWS = (
    ("/accountability/", "main table tbody tr"),
    ("/duties/supervision/orders/", "#supervision-orders tbody tr"),
    ("/matters/?", "table.objections tbody tr"),
)

#: Counts whose page is not a list of rows: the region's risk warnings count spikes, repeat
#: petitioners and collective visits in three blocks (``duties/agenda/warnings.html``).
NOT_ROWS = ("/duties/agenda/warnings/",)


@contextmanager
def unblocked_test_database(django_db_blocker: Any) -> Iterator[None]:
    """The test database, unblocked. pytest-django creates it for a session that collected a
    test marked ``django_db``; these tests hold no transaction of their own (see
    ``pytestmark``), so when they run alone it is created here, and never the real one used."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        created = None
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            yield
        finally:
            if created is not None:
                teardown_databases(created, verbosity=0)


@pytest.fixture(scope="module")
def demo_url(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The whole demo behind a live server, for this module; the database emptied after."""
    from pytest_django.live_server_helper import LiveServer

    with unblocked_test_database(django_db_blocker), tempfile.TemporaryDirectory() as folder:
        # What the migrations wrote (categories, the calendar), to put back after the flush:
        # the tests that run after these on the same worker read it.
        before = f"{folder}/before.json"
        ensure_migration_data()  # an earlier transactional test may have flushed it
        call_command("dumpdata", *KEEP_OUT, output=before, verbosity=0)
        load_demo()
        for step in settings.XINFANG_DEMO_STEPS:
            call_command(step, stdout=None)
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", before, verbosity=0)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def sign_in(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{url}/")


def pending_counts(page: Any) -> list[tuple[str, int]]:
    """The home page's count links with something pending: (address, number)."""
    found = page.eval_on_selector_all(
        "a.workbench-count",
        "links => links.map(a => [a.getAttribute('href'), Number(a.dataset.count)])",
    )
    return [(href, count) for href, count in found if count > 0]


def rows_of(page: Any, url: str, href: str) -> int:
    """How many rows the list at ``href`` shows (the home page is at ``url``/)."""
    if href.startswith("#"):
        return int(page.locator(f"{href} [data-item]").count())
    page.goto(f"{url}{href}")
    total = page.locator(".list-total[data-total]")
    if total.count():
        return int(total.first.get_attribute("data-total"))
    if href.startswith(MATTER_LIST):
        return -1  # the list of all matters shows its total: nothing else counts
    selector = next(rows for prefix, rows in ROWS if href.startswith(prefix))
    return int(page.locator(selector).count())


def check(page: Any, url: str, username: str, *, matters: bool) -> int:
    """Follow each pending count of the signed-in home page (to the list of all matters, or to
    the other lists); returns how many were followed."""
    counts = [
        (href, n)
        for href, n in pending_counts(page)
        if href.startswith(MATTER_LIST) == matters and not href.startswith(NOT_ROWS)
    ]
    wrong = []
    for href, n in counts:
        page.goto(f"{url}/")
        shown = rows_of(page, url, href)
        if shown != n:
            wrong.append((href, n, shown))
    assert wrong == [], (username, wrong)
    return len(counts)


@pytest.mark.django_db
def test_every_demo_login_has_its_account(demo_url: str) -> None:
    from django.contrib.auth import get_user_model

    accounts = get_user_model().objects.filter(username__in=USERNAMES, is_active=True)
    assert accounts.count() == len(USERNAMES) == 13


@pytest.mark.parametrize("username", USERNAMES)
def test_each_demo_login_finds_pending_work_whose_counts_are_their_lists(
    demo_url: str, page: Any, username: str
) -> None:
    """Counts linking to the lists other than the list of all matters (accountability, the
    supervision orders, the queue's objections, the sections of the home page itself)."""
    sign_in(page, demo_url, username)
    assert pending_counts(page), username
    check(page, demo_url, username, matters=False)


@pytest.mark.parametrize("username", USERNAMES)
def test_each_matter_count_is_the_total_of_the_list_of_all_matters(
    demo_url: str, page: Any, username: str
) -> None:
    """Counts linking to the list of all matters (``/matters/list/``): its pager's total."""
    sign_in(page, demo_url, username)
    check(page, demo_url, username, matters=True)


def test_the_home_page_fits_a_phone(demo_url: str, page: Any) -> None:
    """At 390 px wide nothing of the page is wider than the screen but the tables' own
    scrolling boxes."""
    sign_in(page, demo_url, "city_petition_clerk")
    wide = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert wide
