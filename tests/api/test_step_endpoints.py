"""The step endpoints declared in ``xinfang.api.matters.steps.STEPS`` are operations of the
published API, each at its own path, under its own operation id, with its body schema and its
description; the endpoints themselves are tested by what they do in ``test_matters_api``."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from xinfang.api.matters.steps import STEPS

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client: Any) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def test_each_declared_step_is_a_post_operation_with_its_own_id(document) -> None:
    for step in STEPS:
        operation = document["paths"][f"/api/matters/{{matter_id}}/{step.path}"]["post"]
        assert operation["operationId"] == step.operation_id


def test_a_step_operation_takes_its_declared_body(document) -> None:
    for step in STEPS:
        operation = document["paths"][f"/api/matters/{{matter_id}}/{step.path}"]["post"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body["$ref"] == f"#/components/schemas/{step.payload.__name__}", step.path


def test_a_step_operation_is_described_by_its_declared_doc(document) -> None:
    for step in STEPS:
        operation = document["paths"][f"/api/matters/{{matter_id}}/{step.path}"]["post"]
        assert operation["description"] == inspect.cleandoc(step.doc), step.path


def test_a_step_operation_answers_the_matter(document) -> None:
    for step in STEPS:
        operation = document["paths"][f"/api/matters/{{matter_id}}/{step.path}"]["post"]
        answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert answer["$ref"] == "#/components/schemas/MatterOut", step.path


def test_no_two_steps_share_a_path_or_an_operation_id() -> None:
    assert len({step.path for step in STEPS}) == len(STEPS)
    assert len({step.operation_id for step in STEPS}) == len(STEPS)
