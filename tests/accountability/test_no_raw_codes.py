"""No person reads a data code: every accountability page of the whole demo, in Chinese and in
English, for every demo account, shows labels and human references — never a registry key
(``500103-housing:principal``), a record reference (``type=matter，id=81``) or a bare enum
value (``circulated_notice``) (issue 18 §7).

The pages are found by walking: the lists of the accountability menu, then every link under
``/accountability/`` they lead to (details, records, the honours lookup), each page once per
account and language. PDFs are read too (their drawn text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from xinfang.accountability import choices
from xinfang.demo.orgs_data import DEMO_LOGINS

from .pdftext import read_pdf
from .whole_demo import client_of, demo_fixture  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

START = (
    "/accountability/leads/?page_size=200",
    "/accountability/cases/?page_size=200",
    "/accountability/recommendations/?page_size=200",
    "/accountability/rectifications/?page_size=200",
    "/accountability/notices/?page_size=200",
    "/accountability/honours/",
    "/accountability/honours/list/?page_size=200",
)
#: The administrator reads every record: his walk reaches every page of the demo; the
#: others' walks, shorter, check what each of them is shown.
PAGES = {"admin": 1000}
PAGES_PER_ACCOUNT = 40

#: Codes of this app's choices that no text would carry as a word.
_ENUMS = {
    value
    for enum in (
        choices.LeadKind,
        choices.LeadSource,
        choices.LeadState,
        choices.CaseState,
        choices.DutyRole,
        choices.Responsibility,
        choices.ResponsibilityKind,
        choices.PersonMeasure,
        choices.OrganMeasure,
        choices.OrganizationalOption,
        choices.DecisionState,
        choices.ReferralTarget,
        choices.NoticeRole,
    )
    for value in enum.values
}
RAW = (
    re.compile(r"\b[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*-[a-z]+:[a-z_]+\b"),  # 500103-housing:principal
    re.compile(r"\btype\s*=\s*\w+"),  # type=matter
    re.compile(r"\bid\s*=\s*\d+"),  # id=81
    re.compile(r"\b[a-z]+(?:_[a-z]+)+\b"),  # circulated_notice, principal_leadership
)


class _Text(HTMLParser):
    """The text a person reads (not scripts, styles or attribute values) and the links."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def raw_codes(text: str, *, zh: bool) -> list[str]:
    found = [m.group(0) for pattern in RAW for m in pattern.finditer(text)]
    if zh:
        # In Chinese, an English word of an enum (``open``, ``minor``) is a code shown raw.
        found += [w for w in re.findall(r"\b[a-z]{4,}\b", text) if w in _ENUMS]
    return found


def _walk(client: Client, limit: int) -> Iterator[tuple[str, str]]:
    """Each accountability page the account reaches (its URL and its visible text)."""
    seen: set[str] = set()
    queue = list(START)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        if response.status_code != 200:
            continue
        if response["Content-Type"].startswith("application/pdf"):
            yield url, read_pdf(response.content).text
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        yield url, " ".join(parser.parts)
        for link in parser.links:
            path = link.split("#")[0]
            # Lists' other pages and sorts add nothing new; downloads are tested apart.
            if path.startswith("/accountability/") and "?" not in path and path not in seen:
                queue.append(path)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", sorted(login.username for login in DEMO_LOGINS))
def test_no_page_shows_a_raw_code(demo: Any, username: str, language: str) -> None:
    client = client_of(username, language)
    found: dict[str, str] = {}
    for url, text in _walk(client, PAGES.get(username, PAGES_PER_ACCOUNT)):
        # The account's own login name is shown as it is.
        for code in raw_codes(text.replace(username, ""), zh=language == "zh-hans"):
            found.setdefault(code, url)
    assert found == {}


def test_the_patterns_catch_the_codes_once_shown() -> None:
    """The patterns find what the issue names, and not dates, times or article numbers."""
    assert raw_codes("500103-housing:principal", zh=True)
    assert raw_codes("type=matter，id=81", zh=True)
    assert raw_codes("措施：circulated_notice", zh=False)
    assert raw_codes("状态：open", zh=True)
    assert not raw_codes("2026-09-29 11:54 第十一条第一款第二项 Art. 11 ¶1 item 2", zh=True)
