"""Nothing the API answers is kept by a browser or a proxy: every response, personal data or
error, carries ``Cache-Control: no-store`` and ``Pragma: no-cache``, like the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from .test_matters_api import Api, api  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def assert_not_stored(response: Any) -> None:
    assert "no-store" in response["Cache-Control"], response.headers
    assert "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def test_api_json_with_personal_data_is_never_cached(api: Api) -> None:  # noqa: F811
    matter = api.register()
    response = api.get("po_clerk", f"/api/matters/{matter['id']}")
    assert response.status_code == 200
    assert_not_stored(response)
    assert_not_stored(api.get("po_clerk", "/api/matters"))


def test_api_errors_and_the_public_lookup_are_never_cached(api: Api) -> None:  # noqa: F811
    cache.clear()
    assert_not_stored(Client().get("/api/matters"))  # 401
    assert_not_stored(Client().get("/api/public/matters/NOPE"))  # 404
    assert_not_stored(api.get("po_clerk", "/api/no-such-address"))
    cache.clear()


def test_a_view_that_sets_its_own_cache_control_keeps_it(rf: Any) -> None:
    from django.http import HttpResponse

    from xinfang.web.middleware import NoStoreMiddleware

    def cacheable(request: Any) -> HttpResponse:
        response = HttpResponse("public")
        response["Cache-Control"] = "max-age=60"
        return response

    response = NoStoreMiddleware(cacheable)(rf.get("/"))
    assert response["Cache-Control"] == "max-age=60"
    assert not response.has_header("Pragma")
