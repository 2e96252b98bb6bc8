"""The base of every API input schema: what no field of any request may hold."""

from __future__ import annotations

import functools
import types
from typing import Annotated, Any, Union, get_args, get_origin

from ninja import Schema
from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

#: The largest key a table holds (a signed 64-bit integer).
ID_MAX = 2**63 - 1
#: An id a client sends: beyond the range of every key is a 422 naming the field, never an
#: overflow in the database driver.
Id = Annotated[int, Field(ge=1, le=ID_MAX)]


def _admits_bool(annotation: Any) -> bool:
    """Whether a field's type takes ``true``/``false`` (``bool`` anywhere in it)."""
    if annotation is bool or annotation is Any:
        return True
    origin = get_origin(annotation)
    if origin is Annotated:
        return _admits_bool(get_args(annotation)[0])
    if origin in (Union, types.UnionType, list, tuple, set, frozenset):
        return any(_admits_bool(arg) for arg in get_args(annotation) if arg is not Ellipsis)
    return False


@functools.cache
def _takes_bool(schema: type[Schema], name: str) -> bool:
    field = schema.model_fields.get(name)
    return field is None or _admits_bool(field.annotation)


class InputSchema(Schema):
    """An API request body or query.

    A field the schema does not know is refused, by name: a misspelt optional field would
    otherwise be dropped without a word, and ``"accused_organ_id"`` for ``accused_organ_ids``
    would register an accusation with no accused unit, whose staff would then see the
    petitioner (细则第十一条第八项). (A query's unknown parameters never reach the schema.)
    A NUL character is refused in every text field: no document holds one, and PostgreSQL
    cannot store it (the request would fail at the database instead of naming the field).
    ``true``/``false`` is refused where a number is expected: pydantic would read ``true`` as
    1, and ``"petitioner_id": true`` would file the matter under petitioner 1."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None or _takes_bool(cls, info.field_name):
            return value
        if isinstance(value, bool) or (
            isinstance(value, list | tuple) and any(isinstance(item, bool) for item in value)
        ):
            # Worded by the API's error handler in the user's language (``number_not_bool``).
            raise PydanticCustomError("number_not_bool", "must be a number, not true or false")
        return value

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
