"""The accountability lists filter, sort, page with their total and download, on the pages and
in the API through the same FilterSet (issue 18 §2, §5); a bad value is an error of the form,
never a 500. (The accused unit's differential is ``test_list_accused.py``: it needs a world of
its own.)

The totals are checked against the access selectors filtered directly: the page's
``data-total``, the API's ``count`` and the download's rows must all be that number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.test import Client
from django.utils import timezone

from xinfang.accountability import selectors
from xinfang.orgs.models import Organ

from .whole_demo import client_of, demo_fixture  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

TOTAL = re.compile(r'data-total="(\d+)"')
ADMIN = "admin"


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def total(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    found = TOTAL.findall(response.content.decode())
    assert len(found) == 1, url
    return int(found[0])


def api_count(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    return int(response.json()["count"])


def csv_rows(client: Client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _some_organ(rows: QuerySet[Any], lookup: str) -> Organ:
    pk = rows.order_by().values_list(f"{lookup}_id", flat=True).first()
    assert pk is not None, "the demo has rows to filter"
    return Organ.objects.get(pk=pk)


# --- each filter, against the selector filtered directly --------------------------------------

Expect = Callable[[QuerySet[Any]], QuerySet[Any]]


def _lead_cases() -> list[tuple[str, Expect]]:
    today = timezone.localdate()
    return [
        ("state=open", lambda q: q.filter(state="open")),
        ("state=open&state=no_case", lambda q: q.filter(state__in=["open", "no_case"])),
        ("tier=signal", lambda q: q.filter(tier="signal")),
        ("tier=lead", lambda q: q.filter(tier="lead")),
        ("kind=handle_overdue", lambda q: q.filter(kind="handle_overdue")),
        ("ground=2", lambda q: q.filter(ground=2)),
        ("source=detected", lambda q: q.filter(source="detected")),
        ("has_case=1", lambda q: q.filter(case__isnull=False)),
        ("has_case=0", lambda q: q.filter(case__isnull=True)),
        ("region=500103", lambda q: q.filter(organ__region_code__startswith="500103")),
        ("region=500000", lambda q: q.filter(organ__region_code__startswith="50")),
        (
            f"failure_from={today.year - 1}-01-01&failure_to={today.isoformat()}",
            lambda q: q.filter(
                failure_date__gte=dt.date(today.year - 1, 1, 1), failure_date__lte=today
            ),
        ),
        (
            f"found_from={today.isoformat()}",
            lambda q: q.filter(
                created_at__gte=timezone.make_aware(dt.datetime.combine(today, dt.time.min))
            ),
        ),
    ]


@pytest.mark.parametrize("username", [ADMIN, "city_petition_clerk", "district_petition_clerk"])
def test_each_lead_filter_gives_the_rows_the_selector_gives(demo: Any, username: str) -> None:
    client = client_of(username)
    base = selectors.leads_visible_to(user(username))
    assert total(client, "/accountability/leads/") == base.count()
    for query, expect in _lead_cases():
        wanted = expect(base).count()
        assert total(client, f"/accountability/leads/?{query}") == wanted, query
        assert api_count(client, f"/api/accountability/leads?{query}") == wanted, query


def test_leads_by_organ_and_its_subtree(demo: Any) -> None:
    client = client_of(ADMIN)
    base = selectors.leads_visible_to(user(ADMIN))
    organ = _some_organ(base, "organ")
    parent = organ.parent
    assert parent is not None
    own = base.filter(organ=organ).count()
    under = base.filter(organ__path__startswith=parent.path).count()
    assert total(client, f"/accountability/leads/?organ={organ.pk}") == own
    assert total(client, f"/accountability/leads/?organ={parent.pk}&subtree=1") == under
    assert api_count(client, f"/api/accountability/leads?organ_id={parent.pk}&subtree=1") == under
    assert under >= own > 0


def test_leads_by_the_category_of_their_matter_and_the_categories_under_it(demo: Any) -> None:
    client = client_of(ADMIN)
    base = selectors.leads_visible_to(user(ADMIN)).filter(matter__category__isnull=False)
    lead = base.select_related("matter__category__parent").first()
    assert lead is not None and lead.matter is not None and lead.matter.category is not None
    top = lead.matter.category
    while top.parent is not None:
        top = top.parent
    wanted = selectors.leads_visible_to(user(ADMIN)).filter(
        Q(matter__category=top)
        | Q(matter__category__parent=top)
        | Q(matter__category__parent__parent=top)
    )
    assert total(client, f"/accountability/leads/?category={top.pk}") == wanted.count() > 0


def test_each_case_filter(demo: Any) -> None:
    client = client_of(ADMIN)
    base = selectors.cases_visible_to(user(ADMIN))
    organ = _some_organ(base, "investigating_organ")
    cases: list[tuple[str, Expect]] = [
        ("", lambda q: q),
        ("state=decided", lambda q: q.filter(state="decided")),
        ("state=sent&state=decided", lambda q: q.filter(state__in=["sent", "decided"])),
        (f"investigating_organ={organ.pk}", lambda q: q.filter(investigating_organ=organ)),
        ("responsibility_kind=individual", lambda q: q.filter(responsibility_kind="individual")),
        ("ground=2", lambda q: q.filter(lead__ground=2)),
    ]
    assert base.count() > 0
    for query, expect in cases:
        assert total(client, f"/accountability/cases/?{query}") == expect(base).count(), query


@pytest.mark.parametrize("username", [ADMIN, "district_secretary"])
def test_each_recommendation_filter(demo: Any, username: str) -> None:
    client = client_of(username)
    page_base = selectors.recommendation_list_for(user(username))
    api_base = selectors.recommendations_for_authority(user(username))
    assert page_base.count() > 0
    pending = Q(decisions__state="pending")
    cases: list[tuple[str, Expect]] = [
        ("pending=1", lambda q: q.filter(pk__in=q.model.objects.filter(pending).values("pk"))),
        ("pending=0", lambda q: q.exclude(pk__in=q.model.objects.filter(pending).values("pk"))),
        (
            "measure=admonishment",
            lambda q: q.filter(
                decisions__recommended_measures__icontains='"admonishment"'
            ).distinct(),
        ),
        ("number=2", lambda q: q.filter(number__icontains="2")),
    ]
    for query, expect in cases:
        assert total(client, f"/accountability/recommendations/?{query}") == (
            expect(page_base).count()
        ), query
        assert api_count(client, f"/api/accountability/recommendations?{query}") == (
            expect(api_base).count()
        ), query


def test_rectifications_overdue_due_soon_done_and_late(demo: Any) -> None:
    client = client_of(ADMIN)
    base = selectors.rectifications_visible_to(user(ADMIN))
    today = timezone.localdate()
    open_ = Q(rectified_at__isnull=True)
    cases: list[tuple[str, Expect]] = [
        ("done=1", lambda q: q.exclude(open_)),
        ("done=0", lambda q: q.filter(open_)),
        ("overdue=1", lambda q: q.filter(open_, due__lt=today)),
        (
            "due_soon=1",
            lambda q: q.filter(open_, due__gte=today, due__lte=today + dt.timedelta(days=3)),
        ),
        ("subject=person", lambda q: q.filter(person__isnull=False)),
        ("subject=organ", lambda q: q.filter(organ__isnull=False)),
        ("measure=circulated_notice", lambda q: q.filter(measure="circulated_notice")),
        (f"due_to={today.isoformat()}", lambda q: q.filter(due__lte=today)),
    ]
    assert base.count() > 0
    for query, expect in cases:
        wanted = expect(base).count()
        assert total(client, f"/accountability/rectifications/?{query}") == wanted, query
        assert api_count(client, f"/api/accountability/rectifications?{query}") == wanted, query


@pytest.mark.parametrize("username", [ADMIN, "org_dept", "personnel"])
def test_each_notice_filter(demo: Any, username: str) -> None:
    client = client_of(username)
    base = selectors.notices_for(user(username))
    assert base.count() > 0
    cases: list[tuple[str, Expect]] = [
        ("role=organization", lambda q: q.filter(role="organization")),
        ("role=personnel", lambda q: q.filter(role="personnel")),
        ("subject=person", lambda q: q.filter(decision__person__isnull=False)),
        (
            "measure=admonishment",
            lambda q: q.filter(decision__decided_measures__icontains='"admonishment"'),
        ),
        ("decided_from=2000-01-01", lambda q: q.filter(decision__decided_on__gte="2000-01-01")),
    ]
    for query, expect in cases:
        wanted = expect(base).count()
        assert total(client, f"/accountability/notices/?{query}") == wanted, query
        assert api_count(client, f"/api/accountability/notices?{query}") == wanted, query


def test_honour_disqualifications_by_year(demo: Any) -> None:
    client = client_of(ADMIN)
    from xinfang.accountability.models import HonourDisqualification

    rows = HonourDisqualification.objects.all()
    assert total(client, "/accountability/honours/list/") == rows.count()
    year = timezone.localdate().year
    assert total(client, f"/accountability/honours/list/?year={year}") == (
        rows.filter(year=year).count()
    )


# --- sort, paging, errors ------------------------------------------------------------------


def _failure_dates(client: Client, url: str) -> list[tuple[int, int, int]]:
    """The failure dates of the listed leads, as the page writes them (``2026年12月7日``)."""
    page = client.get(url).content.decode()
    found = re.findall(r"<td>(\d{4})年(\d{1,2})月(\d{1,2})日</td><td>", page)
    return [(int(y), int(m), int(d)) for y, m, d in found]


def test_leads_sort_both_ways(demo: Any) -> None:
    client = client_of(ADMIN)
    up = _failure_dates(client, "/accountability/leads/?sort=failure_date&page_size=200")
    down = _failure_dates(client, "/accountability/leads/?sort=-failure_date&page_size=200")
    assert len(up) > 2
    assert up == sorted(up)
    assert down == sorted(down, reverse=True)
    response = client_of(ADMIN).get("/api/accountability/leads?sort=-failure_date&page_size=200")
    dates = [item["failure_date"] for item in response.json()["items"]]
    assert dates == sorted(dates, reverse=True)


def test_paging_keeps_the_total_and_the_filters(demo: Any) -> None:
    client = client_of(ADMIN)
    everything = total(client, "/accountability/leads/")
    assert everything > 2
    page = client.get("/accountability/leads/?tier=lead&page_size=2").content.decode()
    assert (
        f'data-total="{selectors.leads_visible_to(user(ADMIN)).filter(tier="lead").count()}"'
        in (page)
    )
    assert len(re.findall(r'href="/accountability/leads/\d+/"', page)) == 2
    # The next page's link keeps the filter and the size.
    assert re.search(r'rel="next" href="\?[^"]*tier=lead', page)
    api = client.get("/api/accountability/leads?page=2&page_size=2").json()
    assert (api["count"], api["page"], len(api["items"])) == (everything, 2, 2)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/accountability/leads/?state=nonsense", "state"),
        ("/accountability/leads/?failure_from=2025-13-45", "failure_from"),
        ("/accountability/leads/?organ=999999999", "organ"),
        ("/accountability/leads/?sort=password", "sort"),
        ("/accountability/cases/?ground=12", "ground"),
        ("/accountability/rectifications/?overdue=maybe", "overdue"),
        ("/accountability/notices/?role=chief", "role"),
        ("/accountability/recommendations/?sent_from=yesterday", "sent_from"),
        ("/accountability/honours/list/?year=abc", "year"),
    ],
)
def test_a_bad_value_is_an_error_of_the_form(demo: Any, url: str, field: str) -> None:
    response = client_of(ADMIN).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="errors"' in page
    assert 'data-total="0"' in page
    # The download of a list the filter cannot read is the page with its error, not a file.
    download = client_of(ADMIN).get(f"{url}&format=csv")
    assert download["Content-Type"].startswith("text/html")


def test_the_api_refuses_a_bad_value_by_name(demo: Any) -> None:
    client = client_of(ADMIN)
    response = client.get("/api/accountability/leads?organ_id=999999999")
    assert response.status_code == 422
    assert "organ_id" in response.json()["fields"]
    response = client.get("/api/accountability/rectifications?sort=password")
    assert response.status_code == 422
    assert "sort" in response.json()["fields"]


def test_every_input_of_the_filters_is_labelled(demo: Any) -> None:
    for url in (
        "/accountability/leads/",
        "/accountability/cases/",
        "/accountability/recommendations/",
        "/accountability/rectifications/",
        "/accountability/notices/",
        "/accountability/honours/list/",
    ):
        page = client_of(ADMIN).get(url).content.decode()
        form = page.split('role="search"', 1)[1].split("</form>", 1)[0]
        ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', form)
        assert ids, url
        for input_id in ids:
            assert f'<label for="{input_id}"' in form or f'aria-labelledby="{input_id}' in form, (
                url,
                input_id,
            )


# --- downloads --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/accountability/leads/?tier=lead",
        "/accountability/cases/",
        "/accountability/recommendations/?pending=0",
        "/accountability/rectifications/?done=0",
        "/accountability/notices/",
        "/accountability/honours/list/",
    ],
)
def test_the_download_has_the_rows_of_the_list(demo: Any, url: str) -> None:
    client = client_of(ADMIN)
    count = total(client, url)
    rows = csv_rows(client, f"{url}{'&' if '?' in url else '?'}format=csv")
    assert len(rows) == count + 1  # the header
    # Labels, never codes.
    text = "\n".join(",".join(row) for row in rows)
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text)
