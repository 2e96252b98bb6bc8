"""Input and output schemas of the incident and staff report endpoints."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from xinfang.api.paging import PageIn
from xinfang.inputs import Id, InputSchema

IncidentKindIn = Literal["collective_visit", "negative_opinion", "extreme_incident"]
ChannelIn = Literal["phone", "written", "online"]
GrowthIn = Literal["more_people", "media", "second_incident", "other"]
StaffReportKindIn = Literal["important_matter", "prominent_problem", "suggestion"]


class IncidentFilter(PageIn):
    organ_id: Id | None = None
    state: Literal["reported", "handling", "closed"] | None = None
    kind: IncidentKindIn | None = None


class ReportClockOut(Schema):
    report: str = Field(description="first (首报) or written (书面报告)")
    due: dt.datetime
    reported_at: dt.datetime | None
    late: bool = Field(description="made after the deadline")
    overdue: bool = Field(description="not made, deadline passed")
    setting: str = Field(description="the duty setting that sets the deadline")
    hours: int
    policy: bool = Field(description="a policy value (政策设定值, 细则第十九条)")
    basis: list[str]


class IncidentReportOut(Schema):
    id: int
    made_at: dt.datetime
    channel: str
    to_organ_id: int
    to_organ_name: str
    to_person_id: int | None
    to_person_name: str
    content: str


class IncidentActionOut(Schema):
    id: int
    at: dt.datetime
    what: str
    by_person_id: int | None


class IncidentEscalationOut(Schema):
    id: int
    at: dt.datetime
    growth: str
    what: str
    people_before: int
    people_after: int | None
    slow_handling: str = Field(description="the reading of 处置不力 that applies, or ''")


class IncidentOut(Schema):
    id: int
    kind: str
    kind_label: str
    state: str
    title: str
    description: str
    organ_id: int
    organ_name: str
    recording_organ_id: int
    occurred_at: dt.datetime
    place: str
    place_organ_id: int
    people_count: int
    known_at: dt.datetime
    known_by_id: int
    matter_ids: list[int]
    report_clocks: list[ReportClockOut]
    reports: list[IncidentReportOut]
    actions: list[IncidentActionOut]
    escalations: list[IncidentEscalationOut]
    allowed_steps: list[str]
    closed_at: dt.datetime | None
    closing_note: str


class IncidentIn(InputSchema):
    organ_id: Id
    recording_organ_id: Id
    kind: IncidentKindIn
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=5000)
    occurred_at: dt.datetime
    place: str = Field(min_length=1, max_length=200)
    place_organ_id: Id
    people_count: int = Field(ge=1, le=1_000_000)
    known_at: dt.datetime
    known_by_id: Id
    matter_ids: list[Id] = Field(default_factory=list, max_length=50)


class IncidentReportIn(InputSchema):
    made_at: dt.datetime
    channel: ChannelIn
    content: str = Field(min_length=1, max_length=5000)
    to_organ_id: Id | None = None
    to_person_id: Id | None = None


class IncidentActionIn(InputSchema):
    at: dt.datetime
    what: str = Field(min_length=1, max_length=5000)


class IncidentEscalateIn(InputSchema):
    at: dt.datetime
    growth: GrowthIn
    what: str = Field(min_length=1, max_length=5000)
    people_after: int | None = Field(default=None, ge=1, le=1_000_000)


class IncidentCloseIn(InputSchema):
    note: str = Field(min_length=1, max_length=5000)


class StaffReportFilter(PageIn):
    state: Literal["submitted", "acknowledged"] | None = None


class StaffReportOut(Schema):
    id: int
    organ_id: int
    from_person_id: int
    from_person_name: str
    to_person_id: int
    to_person_name: str
    to_organ_id: int
    kind: str
    content: str
    matter_ids: list[int]
    submitted_at: dt.datetime
    state: str
    acknowledged_at: dt.datetime | None
    acknowledgement: str


class StaffReportIn(InputSchema):
    organ_id: Id
    to_person_id: Id
    kind: StaffReportKindIn
    content: str = Field(min_length=1, max_length=5000)
    matter_ids: list[Id] = Field(default_factory=list, max_length=50)


class AcknowledgeIn(InputSchema):
    note: str = Field(min_length=1, max_length=5000)
