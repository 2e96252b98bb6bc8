"""Every input a page shows has a label (issue 18 §7): a screen reader names each field, and a
click on the label finds it.

The whole demo is loaded; a few accounts of different parts walk the pages they can reach —
home, the navigation, then the links on those pages, two levels deep, at most two addresses
of each view — and every visible ``<input>``, ``<select>`` and ``<textarea>`` must have a
``<label for>``, a wrapping ``<label>``, ``aria-label`` or ``aria-labelledby``.
"""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

from tests.oversight.test_whole_demo import demo  # noqa: F401  (the module fixture)
from xinfang.petitions.matters.selectors import matter_list

pytestmark = pytest.mark.django_db

#: Accounts of different parts: registration, handling, leadership, oversight, personnel.
ACCOUNTS = ("district_petition_clerk", "dept_staff", "dept_head", "inspector", "org_dept")
#: Inputs that need no label: not shown, or a button that carries its own name.
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}
#: Not pages: the API, the admin, file downloads, the language switch and sign-out.
SKIP_PREFIXES = ("/api/", "/admin/", "/i18n/", "/static/", "/logout/")
DEPTH = 2
PER_VIEW = 2
#: Pages of other parts whose fields still lack a label, by view name, with what is missing:
#: each entry is a defect reported to the part that owns the template (docs/pages.md).
KNOWN: dict[str, str] = {}


class _Fields(HTMLParser):
    """The links of a page and its form fields with how each is labelled."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.fields: list[dict[str, Any]] = []
        self.label_for: set[str] = set()
        self._labels_open = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in a and "download" not in a:
            self.links.append(a["href"])
        elif tag == "label":
            self._labels_open += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and a.get("type", "text").lower() in UNLABELLED_TYPES:
                return
            if "hidden" in a or a.get("aria-hidden") == "true":
                return
            self.fields.append(
                {
                    "tag": tag,
                    "name": a.get("name", ""),
                    "id": a.get("id", ""),
                    "wrapped": self._labels_open > 0,
                    "aria": bool(a.get("aria-label") or a.get("aria-labelledby")),
                }
            )

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._labels_open:
            self._labels_open -= 1

    def unlabelled(self) -> list[str]:
        return [
            f"<{f['tag']} name={f['name']!r} id={f['id']!r}>"
            for f in self.fields
            if not (f["wrapped"] or f["aria"] or (f["id"] and f["id"] in self.label_for))
        ]


def unlabelled_fields(html: str) -> list[str]:
    """The visible fields of ``html`` that nothing names."""
    parser = _Fields()
    parser.feed(html)
    return parser.unlabelled()


def _page_links(html: str) -> list[str]:
    parser = _Fields()
    parser.feed(html)
    return parser.links


def _walk(client: Client, seeds: list[str]) -> tuple[set[str], dict[str, list[str]]]:
    """The views reached from home, and each page's unlabelled fields by view name and URL.
    ``seeds`` are read whatever the limit per view (a matter in each state, its steps' forms)."""
    found: dict[str, list[str]] = {}
    per_view: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    frontier = ["/", *seeds]
    for _depth in range(DEPTH + 1):
        following: list[str] = []
        for url in frontier:
            url = urldefrag(url)[0]
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or url in seen:
                continue
            seen.add(url)
            if parts.path.startswith(SKIP_PREFIXES) or "format=" in parts.query:
                continue
            try:
                view = resolve(parts.path).view_name
            except Resolver404:
                continue
            if per_view[view] >= PER_VIEW and url not in seeds:
                continue
            per_view[view] += 1
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            html = response.content.decode()
            missing = unlabelled_fields(html)
            if missing:
                found[f"{view} {url}"] = missing
            following += _page_links(html)
        frontier = following
    return set(per_view), found


def test_the_parser_tells_a_labelled_field_from_a_bare_one() -> None:
    html = (
        '<label for="a">A</label><input id="a" name="a">'
        '<label>B <input name="b"></label>'
        '<input name="c" aria-label="C"><input type="hidden" name="h">'
        '<button type="submit">Go</button>'
        '<select name="d"></select><textarea id="e" name="e"></textarea>'
    )
    assert unlabelled_fields(html) == ["<select name='d' id=''>", "<textarea name='e' id='e'>"]


def test_the_sign_in_page_labels_its_fields() -> None:
    assert unlabelled_fields(Client().get("/login/").content.decode()) == []


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_field_of_every_page_an_account_reaches_has_a_label(username: str) -> None:
    client = Client()
    client.force_login(
        get_user_model().objects.get(username=username),
        backend="xinfang.access.backends.ModelBackend",
    )
    user = get_user_model().objects.get(username=username)
    # A matter in each state the account can read: the steps it may take have their forms.
    one_per_state = {m.state: m.pk for m in matter_list(user=user).order_by("-pk")}
    views, found = _walk(client, [f"/matters/{pk}/" for pk in one_per_state.values()])
    # The walk reached the pages of every part, not only home.
    assert {"web:home", "web:matter_queue", "duties:index", "oversight:index"} <= views
    assert len(views) >= 30, sorted(views)
    defects = {key: fields for key, fields in found.items() if key.split(" ")[0] not in KNOWN}
    assert defects == {}, username
