"""The conventions every endpoint keeps (docs/api.md): one body limit, one way to page, one
status per kind of failure, operation ids chosen by hand. The checks that walk the OpenAPI
document are generic, so an endpoint added later is held to the same rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings

from xinfang.accountability.models import Lead
from xinfang.petitions.matters.models import Matter

pytestmark = pytest.mark.django_db

#: 1.1 MB: over the documented limit of 1 MiB, under Django's default of 2.5 MB.
OVERSIZED = 1_100_000


def test_the_documented_body_limit_is_one_mebibyte() -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024


def test_a_json_body_over_the_limit_is_413_on_a_matters_endpoint(world, client_for) -> None:
    client = client_for(world.user("a_po_staff"))
    body = json.dumps({"channel": "letter", "summary": "事项", "content": "x" * OVERSIZED})
    response = client.post("/api/matters", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "1048576" in response.json()["message"]
    assert not Matter.objects.exists()


def test_a_json_body_over_the_limit_is_413_on_an_accountability_endpoint(world, client_for) -> None:
    client = client_for(world.user("a_po_staff"))
    body = json.dumps({"kind": "complaint", "summary": "x" * OVERSIZED})
    response = client.post("/api/accountability/leads", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not Lead.objects.exists()


def test_a_form_body_over_the_limit_is_413_not_400(world, client_for) -> None:
    client = client_for(world.user("a_po_staff"))
    response = client.post(
        "/api/petitioners",
        data="name=" + "x" * OVERSIZED,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_a_body_under_the_limit_with_a_field_too_long_is_422_by_field(world, client_for) -> None:
    client = client_for(world.user("a_po_staff"))
    body = {"organ_id": world.organ("a_po").pk, "name": "x" * 500_000}
    response = client.post(
        "/api/petitioners", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["name"]


def openapi(client: Any) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema
