"""The accountability documents (PDF), from the pages and the API, are never cached: they name
the cadres concerned and the findings against them."""

from __future__ import annotations

from typing import Any

from .factories import World
from .test_documents import sent_letter


def assert_not_stored(response: Any) -> None:
    assert "no-store" in response["Cache-Control"], response.headers
    assert response["Pragma"] == "no-cache"


def test_pdf_downloads_are_never_cached(world: World, client_for: Any) -> None:
    letter = sent_letter(world)
    secretary = client_for(world.user("d_secretary"))
    for url in (
        f"/accountability/recommendations/{letter.pk}/letter.pdf",
        f"/api/accountability/recommendations/{letter.pk}/letter.pdf",
    ):
        response = secretary.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert_not_stored(response)
