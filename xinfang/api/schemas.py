"""Input and output schemas of the API, separate per endpoint."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from xinfang.inputs import InputSchema

from . import responses
from .paging import PageIn

IdentityField = Literal["name", "id_number", "phone", "address"]


# The error shape every operation shares lives in ``responses``.
ErrorOut = responses.ErrorOut


class OrganRefOut(Schema):
    """An organ named in another record: its id and name (one component for every such ref)."""

    id: int
    name: str


class OrganOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    level: str
    region_code: str
    parent_id: int | None
    roles: list[str]


class PetitionerOut(Schema):
    """A petitioner as everyone sees it by default: identity masked."""

    id: int
    organ_id: int
    name: str
    id_number: str
    phone: str
    address: str
    created_at: datetime


class PetitionerIn(InputSchema):
    organ_id: int
    name: str = Field(min_length=1, max_length=100)
    id_number: str = Field(default="", max_length=40)
    phone: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=300)


class PetitionerSearchIn(PageIn):
    """An exact look-up by ID number or by phone: one of the two."""

    id_number: str = Field(default="", max_length=40)
    phone: str = Field(default="", max_length=40)

    @model_validator(mode="after")
    def _one_of_the_two(self) -> PetitionerSearchIn:
        if bool(self.id_number.strip()) == bool(self.phone.strip()):
            raise PydanticCustomError(
                "one_of_id_number_or_phone", "请填写公民身份号码或联系电话，二者选一。"
            )
        return self


class RevealIn(InputSchema):
    fields: list[IdentityField] = Field(default_factory=list, max_length=4)
    reason: str = Field(min_length=1, max_length=500)


class RevealOut(Schema):
    id: int
    fields: dict[str, str]
