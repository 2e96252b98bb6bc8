"""The base of every API input schema: what no field of any request may hold."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, field_validator

#: The largest key a table holds (a signed 64-bit integer).
ID_MAX = 2**63 - 1
#: An id a client sends: beyond the range of every key is a 422 naming the field, never an
#: overflow in the database driver.
Id = Annotated[int, Field(ge=1, le=ID_MAX)]


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
