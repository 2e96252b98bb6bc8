"""The published API does not change by accident: the OpenAPI document is compared with the
snapshot in ``openapi_snapshot.json`` — every path, method, operation id, status code and
schema. A change that is meant (a new endpoint, a new field) updates the snapshot in the same
commit: ``XINFANG_UPDATE_OPENAPI_SNAPSHOT=1 pytest tests/api/test_openapi_snapshot.py``, and
the diff shows reviewers what clients will see."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest

SNAPSHOT = Path(__file__).with_name("openapi_snapshot.json")


def _canonical(schema: dict[str, Any]) -> str:
    # Descriptions are prose and may be reworded freely; the contract is the shape.
    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in {"description", "summary"}}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    shape = {"paths": strip(schema["paths"]), "components": strip(schema.get("components", {}))}
    return json.dumps(shape, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@pytest.mark.django_db
def test_the_openapi_document_matches_its_snapshot(client: Any) -> None:
    current = _canonical(client.get("/api/openapi.json").json())
    if os.environ.get("XINFANG_UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    if current != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                current.splitlines(keepends=True),
                "snapshot",
                "current",
                n=2,
            )
        )
        pytest.fail("the OpenAPI document differs from its snapshot:\n" + diff[:20000])
