"""The queue's rows, written in Python for speed, give their dates in the reader's language like
every template (``DATE_FORMAT``, ``DATETIME_FORMAT``), in local time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from xinfang.web.matters.queue import _queue_rows_html

DUE = dt.date(2026, 12, 7)
RECEIVED = dt.datetime(2026, 11, 30, 1, 30, tzinfo=dt.UTC)  # 09:30 in Beijing


def rows_in(language: str) -> str:
    rows = [
        (1, "物业费", "accepted", "handle", DUE, RECEIVED, False),
        (2, "噪声", "accepted", "handle", DUE, RECEIVED, False),
    ]
    with translation.override(language), timezone.override("Asia/Shanghai"):
        return str(_queue_rows_html(rows, today=dt.date(2026, 12, 1)))


def test_the_queue_rows_write_dates_in_chinese() -> None:
    html = rows_in("zh-hans")
    assert html.count("<td>2026年12月7日") == 2 and html.count("<td>2026年11月30日 09:30</td>") == 2
    assert "2026-12-07" not in html


def test_the_queue_rows_write_dates_in_english() -> None:
    html = rows_in("en")
    assert html.count("<td>7 Dec 2026") == 2 and html.count("<td>30 Nov 2026 09:30</td>") == 2
