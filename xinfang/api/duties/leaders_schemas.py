"""Input and output schemas of the leaders' endpoints (细则第七条、第八条第二项)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from xinfang.api.paging import PageIn
from xinfang.inputs import Id, InputSchema

InstructionStateIn = Literal["put_before", "instructed", "reported", "closed"]
ReceptionKindIn = Literal["reception", "field_visit"]


class LeaderSettingOut(Schema):
    """A duty setting as it applies: its value, whether it is a policy value (政策设定值) or
    the organ's own (本机关设定), and the articles it rests on."""

    name: str
    value: int
    origin: str
    label: str
    basis: list[str]


# --- instructions ---------------------------------------------------------------------------


class InstructionFilter(PageIn):
    state: InstructionStateIn | None = None
    organ_id: Id | None = Field(
        default=None, description="the leader's organ or the instructed organ"
    )


class InstructionIn(InputSchema):
    organ_id: Id = Field(description="the organ the leader acts for")
    leader_id: Id
    by_organ_id: Id | None = Field(
        default=None, description="who puts it before the leader: organ_id, or its petition office"
    )
    title: str = Field(min_length=1, max_length=200)
    matter_id: Id | None = None
    put_before_on: dt.date | None = None


class InstructIn(InputSchema):
    text: str = Field(min_length=1, max_length=20000)
    to_organ_id: Id | None = None
    to_person_id: Id | None = Field(default=None, description="a staff member (第八条第二项)")
    instructed_on: dt.date | None = None
    report_due: dt.date | None = Field(
        default=None, description="empty: instruction_report_days from the instruction date"
    )


class InstructionReportIn(InputSchema):
    report: str = Field(min_length=1, max_length=20000)
    reported_on: dt.date | None = None


class InstructionCloseIn(InputSchema):
    note: str = Field(default="", max_length=20000)


class ReturnIn(InputSchema):
    reason: str = Field(min_length=1, max_length=20000)
    report_due: dt.date | None = None


class InstructionOut(Schema):
    id: int
    organ_id: int
    organ_name: str
    by_organ_id: int
    leader_id: int
    leader_name: str
    matter_id: int | None
    title: str
    put_before_on: dt.date
    state: str
    state_label: str
    text: str
    instructed_on: dt.date | None
    to_organ_id: int | None
    to_person_id: int | None
    report_due: dt.date | None
    due_from_setting: bool
    report_overdue: bool
    report: str
    reported_on: dt.date | None
    closing_note: str
    closed_on: dt.date | None
    allowed: list[str] = Field(description="the steps the record's state allows now")


# --- receptions -----------------------------------------------------------------------------


class ReceptionFilter(PageIn):
    organ_id: Id | None = None
    year: int | None = Field(default=None, ge=2000, le=2999)


class ReceptionIn(InputSchema):
    organ_id: Id
    leader_id: Id
    kind: ReceptionKindIn
    scheduled_on: dt.date
    place: str = Field(min_length=1, max_length=200)
    topic: str = Field(default="", max_length=200)


class HeldIn(InputSchema):
    visitors: int = Field(ge=0, le=100000)
    note: str = Field(default="", max_length=20000)
    matter_ids: list[Id] = Field(default_factory=list, max_length=200)


class NotHeldIn(InputSchema):
    reason: str = Field(min_length=1, max_length=20000)


class ReceptionOut(Schema):
    id: int
    organ_id: int
    leader_id: int
    leader_name: str
    kind: str
    scheduled_on: dt.date
    place: str
    topic: str
    state: str
    visitors: int | None
    note: str
    matter_ids: list[int]
    allowed: list[str]


class LeaderNormFilter(PageIn):
    organ_id: Id
    year: int | None = Field(default=None, ge=2000, le=2999)


class LeaderNormOut(Schema):
    person_id: int
    name: str
    kind: str
    held: int
    expected: int = Field(description="the norm pro rata to today in the current year")
    below: bool
    setting: LeaderSettingOut


# --- case ownership -------------------------------------------------------------------------


class OwnershipFilter(PageIn):
    organ_id: Id | None = None
    stalled: bool | None = None


class OwnershipIn(InputSchema):
    organ_id: Id
    leader_id: Id
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=20000)
    plan: str = Field(default="", max_length=20000)
    matter_ids: list[Id] = Field(default_factory=list, max_length=200)
    assigned_by_id: Id | None = None
    assigned_on: dt.date | None = None


class NoteIn(InputSchema):
    text: str = Field(min_length=1, max_length=20000)
    on: dt.date | None = None


class MilestoneIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    due: dt.date


class MilestoneDoneIn(InputSchema):
    done_on: dt.date | None = None


class ResolveIn(InputSchema):
    resolution: str = Field(min_length=1, max_length=20000)


class MilestoneOut(Schema):
    id: int
    title: str
    due: dt.date
    done_on: dt.date | None


class NoteOut(Schema):
    id: int
    on: dt.date
    text: str


class OwnershipOut(Schema):
    id: int
    organ_id: int
    leader_id: int
    leader_name: str
    title: str
    description: str
    plan: str
    matter_ids: list[int]
    assigned_by_id: int | None
    assigned_on: dt.date
    state: str
    last_progress_on: dt.date
    stalled: bool = Field(description="no progress for ownership_stall_days: with the principal")
    resolution: str
    resolved_on: dt.date | None
    milestones: list[MilestoneOut]
    notes: list[NoteOut]
    allowed: list[str]
