"""English is complete beside Chinese: every string of the registry and the pages is translated."""

import re
from pathlib import Path

from django.conf import settings

CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r'((?:#.*\n)*)msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)')


def entries():
    for match in ENTRY.finditer(CATALOG.read_text(encoding="utf-8")):
        comments, msgid, msgstr = match.groups()
        join = lambda block: "".join(re.findall(r'"(.*)"', block))  # noqa: E731
        yield comments, join(msgid), join(msgstr)


def test_every_string_of_orgs_and_web_has_its_english():
    untranslated = [
        msgid
        for comments, msgid, msgstr in entries()
        if msgid
        and re.search(r"xinfang/(orgs|web)/", comments)
        and (not msgstr or "#, fuzzy" in comments)
    ]
    assert untranslated == []


def test_the_compiled_catalog_is_shipped_beside_the_source():
    compiled = CATALOG.with_suffix(".mo")
    assert compiled.exists()
    assert compiled.stat().st_size > 0
