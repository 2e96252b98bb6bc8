"""Input and output schemas of the endpoints of 细则第十条第二款、第十八条, one per endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from xinfang.api.paging import PageIn
from xinfang.api.schemas import OrganRefOut
from xinfang.inputs import Id, InputSchema

Purpose = Literal["promotion", "annual", "other"]
State = Literal["requested", "drafted", "answered", "refused"]
Measure = Literal[
    "circulated_notice", "admonishment", "organizational_measure", "disciplinary_sanction"
]


class CadrePersonRef(Schema):
    id: int
    name: str


class SectionOut(Schema):
    """One section of the figures as words: its title, its articles, its lines."""

    key: str
    title: str
    basis: list[str]
    lines: list[tuple[str, str]]
    empty: str = Field(description="what is shown when there are no lines")


class CadreRequestOut(Schema):
    id: int
    requester: OrganRefOut
    office: OrganRefOut
    person: CadrePersonRef
    purpose: Purpose
    purpose_label: str
    purpose_note: str
    period_start: dt.date
    period_end: dt.date
    requested_on: dt.date
    due: dt.date
    overdue: bool = Field(description="the office still owes the answer past the due date")
    state: State
    state_label: str
    basis: list[str] = Field(description="细则第十条第二款")
    figures: dict[str, Any] = Field(description="the snapshot of the leader's duty record")
    sections: list[SectionOut]
    generated_at: dt.datetime | None
    opinion: str
    signed_by: CadrePersonRef | None
    signed_at: dt.datetime | None
    refusal_reason: str
    refused_on: dt.date | None
    read_at: dt.datetime | None
    steps: list[str] = Field(description="the steps the user may take now")


class CadreRequestFilter(PageIn):
    state: State | None = None
    side: Literal["incoming", "outgoing"] | None = Field(
        default=None,
        description="incoming: to the user's petition office; outgoing: from the user's "
        "organization department",
    )


class CadreRequestIn(InputSchema):
    department_id: Id = Field(description="the organization department that asks")
    person_id: Id = Field(description="a leader its level manages")
    purpose: Purpose
    purpose_note: str = Field(default="", max_length=200)
    due: dt.date
    period_start: dt.date | None = None
    period_end: dt.date | None = None


class CadreOpinionIn(InputSchema):
    opinion: str = Field(min_length=1, max_length=20000)


class RefuseIn(InputSchema):
    reason: str = Field(min_length=1, max_length=5000)


class LeaderFilter(PageIn):
    department_id: Id
    q: str = Field(default="", max_length=100)


class LeaderOut(Schema):
    person: CadrePersonRef
    organ: OrganRefOut
    kind: str
    title: str


class CadreRectificationOut(Schema):
    due: dt.date | None
    done_on: dt.date | None
    outcome: Literal["on_time", "late", "not_done", "pending", "none"]
    outcome_label: str


class CadreDecisionOut(Schema):
    decision_id: int
    decided_on: dt.date | None
    authority: OrganRefOut
    measures: list[str]
    options: list[str]
    measure_labels: list[str]
    basis: list[str]
    rectification: CadreRectificationOut


class CadreNoticeOut(Schema):
    to_organ: OrganRefOut
    role: str
    created_at: dt.datetime


class PersonRecordOut(Schema):
    person: CadrePersonRef
    decisions: list[CadreDecisionOut]
    notices: list[CadreNoticeOut]


class RecordFilter(PageIn):
    year: int | None = Field(default=None, ge=2017, le=2100)
    measure: Measure | None = None
