"""The base of every API input schema: what no field of any request may hold."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import field_validator


class InputSchema(Schema):
    """An API request body or query. A NUL character is refused in every text field: no
    document holds one, and PostgreSQL cannot store it (the request would fail at the
    database instead of naming the field)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("不能包含空字符（NUL） / must not contain a NUL character")
        if isinstance(value, list | tuple) and any(
            isinstance(item, str) and "\x00" in item for item in value
        ):
            raise ValueError("不能包含空字符（NUL） / must not contain a NUL character")
        return value
