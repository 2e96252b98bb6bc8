"""A form sent back with a mistake puts the focus on it, so the browser scrolls to it: the
first field in error of the long registration form, far below the top of the page."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from tests.petitions.matters.factories import HOUSING_TEXT

from .conftest import Pages


def test_a_registration_missing_its_summary_focuses_the_summary(pages: Pages) -> None:
    response = pages.client("po_clerk").post(
        "/matters/new/",
        {
            "organ": pages.mw.district_po.pk,
            "channel": "letter",
            "received_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "region_code": "500103001",
            "category": pages.mw.property_fees.pk,
            "content": HOUSING_TEXT,
            "petitioner_mode": "anonymous",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    focused = re.findall(r"<(?:input|select|textarea)[^>]*\bautofocus\b[^>]*>", html)
    assert len(focused) == 1 and 'name="summary"' in focused[0], focused


def test_a_page_asked_afresh_focuses_nothing(pages: Pages) -> None:
    html = pages.client("po_clerk").get("/matters/new/").content.decode()
    assert "autofocus" not in html
