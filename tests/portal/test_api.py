"""The portal's API, public: submit, progress, rate and request a review by query code."""

from __future__ import annotations

import base64
import json

import pytest

from tests.petitions.matters.attachment_files import HTML, PDF
from xinfang.petitions.matters.models import Attachment, Matter

from .conftest import handle_to_conclusion, identity

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(f"/api/portal{path}", data=json.dumps(body), content_type="application/json")


def body(mw, **overrides):
    values = {
        **identity(),
        "region_code": "500103001",
        "category_id": mw.property_fees.pk,
        "content": "小区物业多收电梯维修费，请求责令退还。",
        "attachments": [{"name": "a.pdf", "content_base64": base64.b64encode(PDF).decode()}],
    }
    values.update(overrides)
    return values


def test_submit_answers_the_receipt(client, mw) -> None:
    response = post(client, "/matters", body(mw))
    assert response.status_code == 201, response.content
    receipt = response.json()
    matter = Matter.objects.get()
    assert receipt["query_code"] == matter.query_code
    assert receipt["registering_organ"] == "渝中区信访办"
    assert receipt["route_due"]
    assert Attachment.objects.filter(matter=matter).count() == 1


def test_submit_refuses_a_wrong_check_digit_and_a_bad_file_by_field(client, mw) -> None:
    number = identity()["id_number"]
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    bad = [{"name": "x.pdf", "content_base64": base64.b64encode(HTML).decode()}]
    response = post(client, "/matters", body(mw, id_number=wrong, attachments=bad))
    assert response.status_code == 422
    assert {"id_number", "attachments"} <= set(response.json()["fields"])
    assert not Matter.objects.exists()


def test_progress_rate_and_review(client, mw) -> None:
    code = post(client, "/matters", body(mw)).json()["query_code"]
    progress = post(client, "/progress", {"query_code": code.lower()}).json()
    assert [step["action"] for step in progress["steps"]] == ["register"]
    assert progress["steps"][0]["dues"][0]["label"] == "转送、交办期限"
    assert "张三" not in json.dumps(progress, ensure_ascii=False)
    early = post(client, "/rate", {"query_code": code, "rating": "satisfied"})
    assert early.status_code == 409 and early.json()["code"] == "no_opinion_yet"
    handle_to_conclusion(mw, Matter.objects.get())
    rated = post(client, "/rate", {"query_code": code, "rating": "satisfied"})
    assert rated.status_code == 200
    assert rated.json()["rating"]["source"] == "portal"
    again = post(client, "/rate", {"query_code": code, "rating": "dissatisfied"})
    assert again.status_code == 409 and again.json()["code"] == "already_rated"
    review = post(client, "/review", {"query_code": code, "reason": "不服处理意见。"})
    assert review.status_code == 200
    assert review.json()["matter"]["state"] == "review_requested"
    assert review.json()["current_organ"] == "渝中区人民政府"


def test_an_unknown_code_is_404_then_429(client, mw, settings) -> None:
    settings.XINFANG_PUBLIC_LOOKUP_LIMIT = 1
    assert post(client, "/progress", {"query_code": "NOPE"}).status_code == 404
    limited = post(client, "/rate", {"query_code": "NOPE", "rating": "satisfied"})
    assert limited.status_code == 429 and "Retry-After" in limited
    assert limited.json()["code"] == "rate_limited"


def test_no_sign_in_and_no_csrf_token_needed(mw) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert post(client, "/matters", body(mw)).status_code == 201
