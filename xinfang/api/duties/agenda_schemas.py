"""Input and output schemas of the endpoints of 细则第四条 (``/api/duties/agenda``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from xinfang.api.paging import PageIn
from xinfang.inputs import Id, InputSchema

Kind = Literal["report", "analysis", "problem"]
Level = Literal["low", "medium", "high"]
Norm = int | None


class AgendaPersonRef(Schema):
    person_id: int
    name: str


class MatterRef(Schema):
    matter_id: int
    summary: str
    received_at: dt.datetime


class AgendaSettingOut(Schema):
    """A duty setting as it applies: the value and where it comes from."""

    name: str
    value: int
    unit: str
    label: str = Field(description="政策设定值 (the profile's) or 本机关设定 (the organ's own)")
    policy: bool
    basis: list[str]
    decided_by: str


# --- agenda items ---------------------------------------------------------------------------


class AgendaItemIn(InputSchema):
    organ_id: Id
    kind: Kind
    held_on: dt.date
    meeting: str = Field(min_length=1, max_length=200)
    decisions: str = Field(min_length=1, max_length=5000)
    minutes_ref: str = Field(default="", max_length=200)
    attendee_ids: list[Id] = Field(default_factory=list, max_length=100)
    follow_up_owner_id: Id | None = None
    follow_up_due: dt.date | None = None


class AgendaItemFilter(PageIn):
    organ_id: Id | None = None
    year: int | None = Field(default=None, ge=2017, le=2100)


class AgendaItemOut(Schema):
    id: int
    organ_id: int
    organ_name: str
    kind: str
    kind_label: str
    held_on: dt.date
    meeting: str
    attendees: list[AgendaPersonRef]
    minutes_ref: str
    decisions: str
    follow_up_owner: AgendaPersonRef | None
    follow_up_due: dt.date | None
    state: str
    overdue: bool
    done_at: dt.datetime | None
    done_note: str
    allowed_steps: list[str]


class AgendaFollowUpIn(InputSchema):
    note: str = Field(min_length=1, max_length=5000)


class AgendaNormFilter(InputSchema):
    organ_id: Id
    year: int | None = Field(default=None, ge=2017, le=2100)


class AgendaNormOut(Schema):
    """How often a duty was done in a year against its norm (pro rata for the current year
    by the quarters ended)."""

    organ_id: int
    year: int
    held: int
    expected: int
    behind: bool
    setting: AgendaSettingOut


# --- major decisions ------------------------------------------------------------------------


class MajorDecisionIn(InputSchema):
    organ_id: Id
    title: str = Field(min_length=1, max_length=200)
    decided_on: dt.date
    decision_maker_id: Id
    in_scope: bool
    description: str = Field(default="", max_length=5000)


class DecisionFilter(PageIn):
    organ_id: Id | None = None


class AssessmentIn(InputSchema):
    assessed_on: dt.date
    conclusion: str = Field(min_length=1, max_length=5000)
    risk_level: Level
    measures: str = Field(default="", max_length=5000)


class AssessmentOut(Schema):
    id: int
    assessed_on: dt.date
    conclusion: str
    risk_level: str
    measures: str
    before_decision: bool


class MajorDecisionOut(Schema):
    id: int
    organ_id: int
    organ_name: str
    title: str
    decided_on: dt.date
    decision_maker: AgendaPersonRef
    in_scope: bool
    description: str
    assessment: AssessmentOut | None
    assessment_missing: bool = Field(
        description="in scope, with no assessment dated on or before the decision"
    )
    linked_count: int
    linked_matters: list[MatterRef] = Field(description="the linked matters the user may open")


class DecisionDetailOut(MajorDecisionOut):
    suggested_matters: list[MatterRef] = Field(
        description="matters of the place received after the decision, not linked, visible"
    )


class LinkIn(InputSchema):
    matter_id: Id


# --- screening, warnings, settings ----------------------------------------------------------


class ScreeningIn(InputSchema):
    organ_id: Id
    held_on: dt.date
    period: str = Field(min_length=1, max_length=100)
    disputes_found: int = Field(ge=0, le=1_000_000)
    disputes_resolved: int = Field(ge=0, le=1_000_000)
    notes: str = Field(default="", max_length=5000)


class ScreeningFilter(PageIn):
    organ_id: Id | None = None


class ScreeningOut(Schema):
    id: int
    organ_id: int
    organ_name: str
    held_on: dt.date
    period: str
    disputes_found: int
    disputes_resolved: int
    notes: str


class WarningFilter(InputSchema):
    organ_id: Id


class SpikeOut(Schema):
    place: str
    place_name: str
    category: str
    start: dt.date
    end: dt.date
    count: int
    matter_ids: list[int]


class AgendaRepeatOut(Schema):
    number: int = Field(description="a number for the petitioner, never the identity")
    count: int
    matter_ids: list[int]


class WarningsOut(Schema):
    organ_id: int
    region: str
    since: dt.date
    today: dt.date
    spike_setting: AgendaSettingOut
    repeat_setting: AgendaSettingOut
    spikes: list[SpikeOut]
    repeats: list[AgendaRepeatOut]
    collective_count: int
    collective_headcount: int
    collective_matter_ids: list[int]
    total: int


class SettingsIn(InputSchema):
    agenda_per_year: Norm = Field(default=None, ge=1, le=366)
    receptions_per_year: Norm = Field(default=None, ge=1, le=366)
    field_visits_per_year: Norm = Field(default=None, ge=1, le=366)
    decided_by: str = Field(default="", max_length=200)


class SettingsOut(Schema):
    organ_id: int
    decided_by: str
    own: dict[str, int | None] = Field(description="the organ's own norms (null: none set)")
    applied: list[AgendaSettingOut]
