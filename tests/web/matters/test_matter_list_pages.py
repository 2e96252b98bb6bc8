"""The list of all matters (``/matters/list/``) and the queue's filters: every filter labelled,
refused values shown next to their field (never a 500), the sort, the total, the downloads of
the same rows, no petitioner, and nothing of a matter that accuses the reader."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.db import transaction

from tests.petitions.matters.factories import ACTOR, walk_to
from xinfang.access.services import accusation_add
from xinfang.petitions.matters.filters import FILTER_PARAMETERS
from xinfang.petitions.matters.models import Matter

from .conftest import Pages

pytestmark = pytest.mark.django_db

LIST = "/matters/list/"


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-matter="(\d+)"', html)]


def total(html: str) -> int:
    found = re.search(r'class="list-total" data-total="(\d+)"', html)
    assert found, "no total"
    return int(found.group(1))


def download(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_every_filter_has_a_labelled_field(pages: Pages) -> None:
    html = text(pages.client("po_clerk").get(LIST))
    for name in FILTER_PARAMETERS:
        assert f'<label for="id_{name}"' in html, name
        assert f'name="{name}"' in html, name
    assert 'name="sort"' in html and '<label for="id_sort"' in html
    assert 'data-total="0"' in html


def test_the_list_filters_sorts_and_counts(pages: Pages) -> None:
    mw = pages.mw
    registered = mw.register(summary="登记的事项")
    accepted = walk_to(mw, "accepted", summary="办理中的事项")
    client = pages.client("po_clerk")
    html = text(client.get(LIST))
    assert listed(html) == [registered.pk, accepted.pk]  # newest received first
    assert total(html) == 2
    html = text(client.get(LIST, {"state": "accepted"}))
    assert listed(html) == [accepted.pk] and total(html) == 1
    assert "办理中" in html and "物业收费" in html and "HOUSING-FEES" not in html
    html = text(client.get(LIST, {"sort": "received"}))
    assert listed(html) == [accepted.pk, registered.pk]
    assert 'aria-sort="ascending"' in html
    html = text(client.get(LIST, {"sort": "-number"}))
    assert listed(html) == [accepted.pk, registered.pk]


def test_a_page_keeps_the_filters_and_shows_the_total(pages: Pages) -> None:
    for n in range(3):
        pages.mw.register(summary=f"事项{n}")
    html = text(pages.client("po_clerk").get(LIST, {"channel": "letter", "page_size": 2}))
    assert total(html) == 3 and len(listed(html)) == 2
    nxt = re.search(r'<a rel="next" href="([^"]+)"', html)
    assert nxt and "channel=letter" in nxt.group(1) and "page=2" in nxt.group(1)


def test_bad_values_are_shown_next_to_their_field_and_filter_nothing(pages: Pages) -> None:
    registered = pages.mw.register()
    client = pages.client("po_clerk")
    response = client.get(
        LIST,
        {
            "state": "nonsense",
            "organ": "abc",
            "received_from": "2025-02-30",
            "region": "x",
            "overdue": "maybe",
            "channel": "letter",
            "sort": "sideways",
            "page": "last",
            "page_size": "huge",
        },
    )
    html = text(response)
    assert listed(html) == [registered.pk]
    for name in ("state", "organ", "received_from", "region", "overdue"):
        field = html.split(f'id="field-{name}"')[1].split('<div class="field')[0]
        assert 'class="field-error"' in field, name
    assert 'role="alert"' in html
    assert 'value="x"' in html  # the value typed is kept
    assert "排序方式无法识别" in html


def test_the_download_has_every_row_in_the_lists_order(pages: Pages) -> None:
    mw = pages.mw
    for n in range(3):
        mw.register(summary=f"事项{n}")
    walk_to(mw, "accepted", summary="别的状态")
    client = pages.client("po_clerk")
    rows = download(
        client.get(LIST, {"format": "csv", "state": "registered", "sort": "number", "page_size": 1})
    )
    expected = list(Matter.objects.filter(state="registered").order_by("id").values_list("pk"))
    assert [int(row[0]) for row in rows[1:]] == [pk for (pk,) in expected]
    assert rows[0][:3] == ["编号", "摘要", "状态"]
    assert rows[1][2] == "已登记" and rows[1][4] == "物业收费"
    xlsx = client.get(LIST, {"format": "xlsx"})
    assert xlsx.status_code == 200


def test_the_list_shows_no_petitioner(pages: Pages) -> None:
    matter = pages.mw.register(identity={"name": "张三丰", "id_number": "11010519491231002X"})
    client = pages.client("po_clerk")
    html = text(client.get(LIST))
    assert listed(html) == [matter.pk]
    assert "张三丰" not in html and "11010519491231002X" not in html
    body = str(download(client.get(LIST, {"format": "csv"})))
    assert "张三丰" not in body and "11010519491231002X" not in body


def test_an_accused_unit_lists_counts_and_downloads_as_if_the_matter_did_not_exist(
    pages: Pages,
) -> None:
    mw = pages.mw
    walk_to(mw, "accepted")
    client = pages.client("housing_staff")
    queries = ("", "state=accepted", "open=1", "q=物业", f"organ={mw.district_housing.pk}")

    def seen() -> list[Any]:
        out: list[Any] = []
        for query in queries:
            html = text(client.get(f"{LIST}?{query}"))
            out.append((listed(html), total(html)))
            out.append(download(client.get(f"{LIST}?{query}&format=csv")))
        queue = text(client.get(f"/matters/?organ={mw.district_housing.pk}&q=物业"))
        out.append((re.findall(r'data-matter="(\d+)"', queue), total(queue)))
        return out

    without = seen()
    with transaction.atomic():
        accusing = walk_to(mw, "accepted", summary="物业公司与住建委串通收费")
        accusation_add(record=accusing, accused_organ=mw.district_housing, actor=ACTOR)
        assert seen() == without
        transaction.set_rollback(True)


# ---------------------------------------------------------------------------------------------
# The queue


def test_the_queue_takes_the_same_filters_and_shows_its_total(pages: Pages) -> None:
    mw = pages.mw
    letter = mw.register(summary="来信事项")
    visit = mw.register(channel="visit", summary="来访事项")
    client = pages.client("po_clerk")
    queue = f"/matters/?organ={mw.district_po.pk}"
    html = text(client.get(queue))
    assert total(html) == 2
    html = text(client.get(f"{queue}&channel=visit"))
    assert re.findall(r'<tr class="[^"]*" data-matter="(\d+)"', html) == [str(visit.pk)]
    assert total(html) == 1
    html = text(client.get(f"{queue}&channel=pigeon&received_to=never"))
    assert total(html) == 2 and html.count('class="field-error"') == 2
    html = text(client.get(f"{queue}&page_size=1&page=2"))
    assert total(html) == 2 and 'rel="prev"' in html
    rows = download(client.get(f"{queue}&format=csv"))
    assert sorted(int(row[0]) for row in rows[1:]) == sorted([letter.pk, visit.pk])


def test_the_queues_counts_by_state_link_to_the_list_with_as_many_rows(pages: Pages) -> None:
    mw = pages.mw
    for n in range(2):
        mw.register(summary=f"事项{n}")
    client = pages.client("po_clerk")
    html = text(client.get(f"/matters/?organ={mw.district_po.pk}"))
    links = re.findall(r'<a class="count-link" href="([^"]+)">(?:<span[^>]*>)?(\d+)<', html)
    assert links
    for href, shown in links:
        assert href.startswith(LIST)
        assert total(text(client.get(href.replace("&amp;", "&")))) == int(shown), href
