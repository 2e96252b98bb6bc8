"""The API: OpenAPI and offline docs, session auth with CSRF, JSON errors that leak nothing."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from tests.access.world import register_petitioners, valid_id_number
from xinfang.audit.models import AuditEntry
from xinfang.petitions.models import Petitioner

pytestmark = pytest.mark.django_db


def post_json(client, url: str, body: dict) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_openapi_schema_lists_the_endpoints(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/organs/{organ_id}" in paths
    assert "/api/petitioners/{petitioner_id}/reveal" in paths


def test_docs_page_loads_swagger_from_local_static_files_under_a_csp(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe" not in policy


def test_api_responses_carry_the_csp_header(world, client_for):
    response = client_for(world.user("a_po_staff")).get("/api/petitioners")
    assert "Content-Security-Policy" in response


def test_anonymous_requests_get_401_json(client):
    response = client.get("/api/petitioners/1")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_posts_without_csrf_token_are_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("a_po_staff"))
    response = post_json(
        client, "/api/petitioners", {"organ_id": world.organ("a_po").pk, "name": "刘一"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Petitioner.objects.exists()


def test_posts_with_the_csrf_token_succeed(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("a_po_staff"))
    client.get("/api/docs")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/petitioners",
        data=json.dumps({"organ_id": world.organ("a_po").pk, "name": "刘一"}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201, response.content


def test_created_petitioner_is_returned_masked(world, client_for):
    client = client_for(world.user("a_po_staff"))
    number = valid_id_number(7)
    response = post_json(
        client,
        "/api/petitioners",
        {
            "organ_id": world.organ("a_po").pk,
            "name": "张三丰",
            "id_number": number,
            "phone": "138 5678 5678",
            "address": "重庆市渝中区解放碑街道民族路 1 号",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "张**"
    assert body["id_number"] == number[:4] + "*" * 10 + number[-4:]
    assert body["phone"] == "138****5678"
    assert body["address"] == "重庆市渝中区****"


def test_an_invalid_id_number_answers_422_by_field_without_echoing_it(world, client_for):
    client = client_for(world.user("a_po_staff"))
    response = post_json(
        client,
        "/api/petitioners",
        {"organ_id": world.organ("a_po").pk, "name": "张三", "id_number": "110105194912310021"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert "校验码" in body["fields"]["id_number"][0]
    assert "110105194912310021" not in response.content.decode()


def test_schema_errors_answer_422_without_echoing_input(world, client_for):
    client = client_for(world.user("a_po_staff"))
    response = post_json(
        client, "/api/petitioners", {"organ_id": "x", "name": "", "phone": "13800138000" * 5}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) >= {"organ_id", "name", "phone"}
    assert "13800138000" not in response.content.decode()


def test_malformed_json_answers_4xx_json(world, client_for):
    client = client_for(world.user("a_po_staff"))
    response = client.post("/api/petitioners", data="{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert "code" in response.json()


def test_reveal_needs_a_reason_and_is_audited(world, client_for):
    petitioners = register_petitioners(world)
    record = petitioners["a_po"]
    client = client_for(world.user("a_po_staff"))
    url = f"/api/petitioners/{record.pk}/reveal"
    assert post_json(client, url, {"fields": ["phone"]}).status_code == 422
    short = post_json(client, url, {"fields": ["phone"], "reason": "看看"})
    assert short.status_code == 422
    assert short.json()["fields"]["reason"]
    assert not AuditEntry.objects.filter(action="petitioner.revealed").exists()
    response = post_json(client, url, {"fields": ["phone", "name"], "reason": "回访核实联系方式"})
    assert response.status_code == 200
    assert response.json()["fields"] == {"phone": "13800130004", "name": "王a_po"}
    entry = AuditEntry.objects.get(action="petitioner.revealed")
    assert entry.details == {"fields": ["phone", "name"], "reason": "回访核实联系方式"}
    assert entry.actor.endswith(":a_po_staff")
    assert entry.object_id == str(record.pk)


def test_a_read_of_a_petitioner_is_logged(world, client_for):
    record = register_petitioners(world)["a_po"]
    client_for(world.user("a_po_staff")).get(f"/api/petitioners/{record.pk}")
    assert AuditEntry.objects.filter(action="petitioner.viewed", object_id=str(record.pk)).exists()


def test_lookup_by_id_number_and_phone_uses_the_blind_index(world, client_for):
    register_petitioners(world)
    client = client_for(world.user("a_po_staff"))

    def search(**body):
        response = post_json(client, "/api/petitioners/search", body)
        assert response.status_code == 200, response.content
        return response.json()

    by_number = search(id_number=valid_id_number(4).lower())
    assert [row["organ_id"] for row in by_number["items"]] == [world.organ("a_po").pk]
    assert by_number["count"] == 1
    by_phone = search(phone="+86 138-0013-0004")
    assert [row["organ_id"] for row in by_phone["items"]] == [world.organ("a_po").pk]
    # Out of scope: B's petitioner is not found by its number either.
    assert search(id_number=valid_id_number(10)) == {
        "count": 0,
        "page": 1,
        "page_size": 50,
        "items": [],
    }


def test_a_lookup_needs_one_of_id_number_or_phone(world, client_for):
    client = client_for(world.user("a_po_staff"))
    for body in ({}, {"id_number": valid_id_number(4), "phone": "13800130004"}):
        response = post_json(client, "/api/petitioners/search", body)
        assert response.status_code == 422
        assert response.json()["fields"] == {
            "__all__": ["请填写公民身份号码或联系电话，二者选一。"]
        }


def test_personal_data_in_the_address_is_refused_and_names_the_post(world, client_for):
    """An ID number in a query string lands in every access log on the way: refused, and the
    answer says where to send it instead."""
    register_petitioners(world)
    client = client_for(world.user("a_po_staff"))
    response = client.get("/api/petitioners", {"id_number": valid_id_number(4)})
    assert response.status_code in (400, 422)
    assert "POST /api/petitioners/search" in response.json()["fields"]["id_number"][0]
    assert valid_id_number(4) not in response.content.decode()


def test_unexpected_errors_answer_a_generic_500_and_are_logged(
    world, client_for, monkeypatch, caplog
):
    from xinfang.api import api as api_module

    def explode(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM settings WHERE SECRET_KEY='x'")

    monkeypatch.setattr(api_module, "access_organ_by_id", explode)
    client = client_for(world.user("a_po_staff"))
    with caplog.at_level(logging.ERROR, logger="xinfang.api"):
        response = client.get(f"/api/organs/{world.organ('a_po').pk}")
    assert response.status_code == 500
    assert response.json() == {"code": "server_error", "message": "服务器内部错误。"}
    assert "SELECT" not in response.content.decode()
    assert "RuntimeError" in caplog.text


def test_unknown_api_paths_answer_json_404(client):
    response = client.get("/api/nothing/here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_html_error_pages_are_plain(client):
    response = client.get("/no/such/page/<script>")
    assert response.status_code == 404
    html = response.content.decode()
    assert "未找到" in html
    assert "<script>" not in html
    assert "Traceback" not in html and "settings" not in html.lower()
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "服务器内部错误" in page
    assert "{{" not in page
