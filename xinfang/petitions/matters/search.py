"""Search over matters: by number, query code, the petitioner's identity (exact, through the
blind index) and full text over summaries and contents.

``search_q(text)`` is the one entry point (the lists' ``?q=``): a condition on ``Matter`` that
the caller applies to a queryset the access policy made (``matter_list(user=...)``), so search
never widens what a user may read, and a matter hidden from a user (an accused unit, 细则第十一条
第八项) is neither found nor counted.

What the text is taken for (``parse``), in this order:

- an ID number (GB 11643, valid check digit) → the petitioner's matters, by ``id_number_index``;
- a phone number (7–15 digits, ``+86`` allowed) → by ``phone_index``; a bare number of 7 to
  10 digits not starting with 0 (a local number without its area code) is also taken for a
  matter number, the only case where digits a person may have typed as a phone reach the
  database as they are (a mobile number, or one with its area code or written with ``+``,
  spaces or hyphens, never does);
- a query code (16 letters of its alphabet, spaces and hyphens ignored) → that matter;
- other digits → the matter with that number, and the digits as text;
- a name (letters only, at most 20: 张三丰, 阿依古丽·买买提) → the petitioner's matters by
  ``name_index``, and the same words as text (a name is also a word of the texts);
- anything else → text.

Identity values never reach the database in plaintext: an ID number or a phone is searched
only through its HMAC (not as text). Text is every word of the query (split at spaces) found
in the summary or the content, as a substring:

- SQLite: the FTS5 ``trigram`` table ``petitions_matter_search`` (migration ``0019_search``).
  A word of three characters or more is a phrase of its trigrams; a word of two characters is
  any trigram that begins with it (read from the table's vocabulary first: each text is
  indexed followed by two ETX characters, so every character begins one). A word of one
  character is not searched as text (too common to find anything by; slow at scale).
- PostgreSQL: ``UPPER(column) LIKE UPPER('%word%')`` (``icontains``) on each column, served
  by ``pg_trgm`` GIN indexes on ``UPPER(summary)`` and ``UPPER(content)`` for words of three
  characters or more (shorter ones read the table).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from xinfang.access import crypto
from xinfang.access.identity import normalise_phone, validate_id_number, validate_phone
from xinfang.petitions.models import ID_INDEX_PURPOSE, PHONE_INDEX_PURPOSE, Petitioner
from xinfang.petitions.selectors import name_index_of, petitioner_list

from .selectors import matter_list, normalise_query_code
from .services.intake import QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH

#: The longest query taken for a name (minority names with ``·`` run long).
NAME_MAX_CHARS = 20
#: The shortest word searched as text.
MIN_WORD_CHARS = 2
#: The most digits a matter number is read from (10: ten billion matters).
PK_DIGITS = 10

_NAME_RE = re.compile(r"^[^\W\d_]+(?:[·•・.\s][^\W\d_]+)*$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Query:
    """What a search text was taken for: each part found is one way to a matter (OR)."""

    pk: int | None = None
    query_code: str = ""
    id_number_index: str = ""
    phone_index: str = ""
    name_index: str = ""
    words: tuple[str, ...] = field(default=())

    @property
    def kinds(self) -> list[str]:
        """The kinds of the parts found, for pages and the benchmark."""
        names = ("pk", "query_code", "id_number_index", "phone_index", "name_index", "words")
        return [name for name in names if getattr(self, name)]


def _id_number(text: str) -> str:
    try:
        return validate_id_number(text)
    except ValidationError:
        return ""


def _phone(text: str) -> str:
    try:
        return validate_phone(text)
    except ValidationError:
        return ""


def parse(text: str) -> Query:
    """What ``text`` is searched as (see the module's docstring)."""
    text = _CONTROL_RE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()
    if not text:
        return Query()
    number = _id_number(text)
    if number:
        return Query(id_number_index=crypto.blind_index(number, purpose=ID_INDEX_PURPOSE))
    # A matter number is at most 10 digits, the first not 0: a mobile number (11 digits) or
    # one with its area code (0…) is never one, so it never reaches the database as a number.
    digits = text.isdigit() and text.isascii()
    pk = int(text) if digits and len(text) <= PK_DIGITS and text[0] != "0" else None
    phone = _phone(text)
    if phone:
        digest = crypto.blind_index(normalise_phone(phone), purpose=PHONE_INDEX_PURPOSE)
        return Query(pk=pk, phone_index=digest)
    code = normalise_query_code(text)
    if len(code) == QUERY_CODE_LENGTH and all(ch in QUERY_CODE_ALPHABET for ch in code):
        return Query(query_code=code)
    # A word of one character is not searched as text: it is in a large share of all texts
    # (费: 30 % of the generated archive) and costs seconds at archive scale (docs/search.md).
    words = tuple(word for word in text.split() if len(word) >= MIN_WORD_CHARS)
    if len(text) <= NAME_MAX_CHARS and _NAME_RE.match(text):
        return Query(name_index=name_index_of(text), words=words)
    return Query(pk=pk, words=words)


def address_refusal(text: str) -> str:
    """Why ``text`` may not be searched from an address (a list's ``?q=``), or "".

    An ID number or a phone number would land in the address, the browser's history and the
    server's access log: they are looked up by the search box, which posts (``POST
    /matters/search/``), or ``POST /api/petitioners/search``. A text too short to search finds
    nothing rather than everything."""
    query = parse(text)
    if query.id_number_index or (query.phone_index and query.pk is None):
        return str(_("公民身份号码、电话号码等个人信息不得放在网址中，请使用页首的搜索框查找。"))
    searched = replace(query, id_number_index="", phone_index="", name_index="")
    if text.strip() and not searched.kinds:
        return str(_("请至少输入两个字。"))
    return ""


def search_q(text: str, *, identities: bool = True) -> Q:
    """The matters ``text`` finds, as a condition on ``Matter`` (the caller applies the access
    policy: search never widens what a user may read). Without ``identities`` a name is
    searched as text only, not through the petitioners' name index (an address's ``?q=``)."""
    query = parse(text)
    if not identities:
        query = replace(query, id_number_index="", phone_index="", name_index="")
    if not query.kinds:
        return Q()
    found = Q(pk__in=[])
    if query.pk is not None:
        found |= Q(pk=query.pk)
    if query.query_code:
        found |= Q(query_code=query.query_code)
    for column in ("id_number_index", "phone_index", "name_index"):
        digest = getattr(query, column)
        if digest:
            people = Petitioner.objects.filter(**{column: digest}).values("pk")
            found |= Q(petitioner_id__in=people)
    if query.words:
        found |= text_q(query.words)
    return found


def text_q(words: tuple[str, ...]) -> Q:
    """Matters whose summary or content holds every word (a substring each)."""
    if connection.vendor == "sqlite":
        expression = fts_expression(words)
        if not expression:
            return Q(pk__in=[])
        return Q(
            pk__in=RawSQL(
                "SELECT rowid FROM petitions_matter_search WHERE petitions_matter_search MATCH %s",
                [expression],
            )
        )
    condition = Q()
    for word in words:
        condition &= Q(summary__icontains=word) | Q(content__icontains=word)
    return condition


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_expression(words: tuple[str, ...]) -> str:
    """The FTS5 query of ``words`` (all of them), '' when a short word is in no text.

    A word of three characters or more is a phrase (its trigrams, in order: a substring). One
    of two characters (or one) has no trigram of its own: it becomes the OR of the indexed
    trigrams that begin with it (one look-up in the vocabulary, a range of its terms).
    """
    parts = []
    for word in words:
        term = word.lower()  # the trigram tokenizer folds case
        if len(term) >= 3:
            parts.append(_phrase(term))
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM petitions_matter_search_terms WHERE term >= %s AND term < %s",
                [term, term + "\U0010ffff"],
            )
            terms = [row[0] for row in cursor.fetchall()]
        if not terms:
            return ""
        parts.append("(" + " OR ".join(_phrase(t) for t in terms) + ")")
    return " AND ".join(parts)


#: The most petitioners one identity look-up answers (a common name in a large archive).
PETITIONERS_MAX = 50


def identity_petitioner_ids(user: Any, text: str) -> list[int] | None:
    """The petitioners ``text`` names as an ID number, a phone number or a name (through the
    blind indexes), among those ``user`` may read or whose matters ``user`` may read; None when
    ``text`` names no identity. What the search box answers with ``?petitioner=``: a number
    the user could not reach is never put in an address, so a look-up tells nothing of people
    outside the user's reach."""
    query = parse(text)
    digests = {
        column: getattr(query, column)
        for column in ("id_number_index", "phone_index", "name_index")
        if getattr(query, column)
    }
    if not digests:
        return None
    # The few petitioners the digests name first (indexed), then which of them the user reaches:
    # a condition over every matter the user may read would read the whole archive.
    named: list[int] = []
    for column, digest in digests.items():
        rows = Petitioner.objects.filter(**{column: digest}).order_by("-id")
        named.extend(rows.values_list("pk", flat=True)[: PETITIONERS_MAX * 4])
    if not named:
        return []
    reached = set(petitioner_list(user=user).filter(pk__in=named).values_list("pk", flat=True))
    reached |= set(
        matter_list(user=user)
        .filter(petitioner_id__in=named)
        .order_by()
        .values_list("petitioner_id", flat=True)
        .distinct()
    )
    return [pk for pk in dict.fromkeys(named) if pk in reached][:PETITIONERS_MAX]
