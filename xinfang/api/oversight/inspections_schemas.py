"""Input and output schemas of the inspection endpoints (细则第九条), separate per endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from xinfang.api.paging import PageIn
from xinfang.inputs import Id, InputSchema

Kind = Literal["special", "important_matter", "outstanding_problem"]
State = Literal["planned", "under_way", "findings_recorded", "finished"]
DemandState = Literal["open", "answered", "accepted"]


class InspectionOrganRef(Schema):
    id: int
    name: str


class InspectionScopeRowOut(Schema):
    organ: InspectionOrganRef
    covered: bool = Field(
        description="at least one special inspection of the plan under way or done"
    )
    inspection_ids: list[int]
    inspects_own: bool | None = Field(
        description="for a party committee or government: whether it ran a special inspection "
        "of its own in the year (null for other organs)"
    )


class InspectionPlanOut(Schema):
    id: int
    authority: InspectionOrganRef
    inspecting_organ: InspectionOrganRef
    year: int
    note: str
    covered: int
    in_scope: int


class InspectionPlanDetailOut(InspectionPlanOut):
    scope: list[InspectionScopeRowOut]
    inspection_ids: list[int]


class InspectionPlanFilter(PageIn):
    year: int | None = None


class InspectionPlanIn(InputSchema):
    authority_id: Id
    inspecting_organ_id: Id
    year: int = Field(ge=2000, le=2100)
    note: str = Field(default="", max_length=20000)


class InspectionScopeAddIn(InputSchema):
    organ_id: Id


class InspectionScopeRemoveIn(InputSchema):
    organ_id: Id
    reason: str = Field(min_length=1, max_length=5000)


class InspectionChecklistItemOut(Schema):
    id: int
    organ: InspectionOrganRef
    key: str
    title: str
    article: str
    figures: dict[str, Any] = Field(description="the snapshot taken when the inspection started")
    finding: str
    ground: int | None = Field(description="细则第十一条第一款 item the finding shows")
    lead_id: int | None


class RectificationDemandOut(Schema):
    id: int
    inspection_id: int
    organ: InspectionOrganRef
    item_id: int | None
    content: str
    issued_on: dt.date
    due: dt.date
    overdue: bool
    state: DemandState
    state_label: str
    answer: str
    answered_on: dt.date | None
    review_note: str
    steps: list[str] = Field(description="the steps the user may take now")


class InspectionOut(Schema):
    id: int
    plan_id: int
    authority: InspectionOrganRef
    inspecting_organ: InspectionOrganRef
    kind: Kind
    kind_label: str
    title: str
    inspected: list[InspectionOrganRef]
    matter_id: int | None = Field(description="shown only to a user who may read the matter")
    problem: str
    team_leader: str
    team: str
    planned_start: dt.date
    planned_end: dt.date
    started_on: dt.date | None
    findings_on: dt.date | None
    finished_on: dt.date | None
    state: State
    state_label: str
    report: str
    steps: list[str] = Field(description="the steps the user may take now")


class InspectionDetailOut(InspectionOut):
    checklist: list[InspectionChecklistItemOut] = Field(
        description="those of the user's organs, or all"
    )
    demands: list[RectificationDemandOut]


class InspectionFilter(PageIn):
    state: State | None = None
    plan_id: Id | None = None


class InspectionIn(InputSchema):
    plan_id: Id
    kind: Kind
    title: str = Field(min_length=1, max_length=200)
    organ_ids: list[Id] = Field(min_length=1, max_length=200)
    team_leader: str = Field(min_length=1, max_length=100)
    team: str = Field(default="", max_length=20000)
    planned_start: dt.date
    planned_end: dt.date
    matter_id: Id | None = None
    problem: str = Field(default="", max_length=20000)


class InspectionReportIn(InputSchema):
    report: str = Field(min_length=1, max_length=100000)


class InspectionFindingIn(InputSchema):
    finding: str = Field(min_length=1, max_length=20000)
    ground: int | None = Field(default=None, ge=1, le=9)


class RectificationDemandIn(InputSchema):
    organ_id: Id
    content: str = Field(min_length=1, max_length=20000)
    due: dt.date
    item_id: Id | None = None


class RectificationDemandFilter(PageIn):
    state: DemandState | None = None


class RectificationAnswerIn(InputSchema):
    answer: str = Field(min_length=1, max_length=20000)


class RectificationAcceptIn(InputSchema):
    note: str = Field(default="", max_length=20000)


class RectificationReturnIn(InputSchema):
    reason: str = Field(min_length=1, max_length=5000)


class InspectionNoticeDeliveryOut(Schema):
    organ: InspectionOrganRef
    delivered_at: dt.datetime
    read_at: dt.datetime | None


class InspectionNoticeOut(Schema):
    id: int
    inspection_id: int
    title: str
    text: str
    issued_on: dt.date
    deliveries: list[InspectionNoticeDeliveryOut] = Field(
        description="to the user's organs, or all"
    )


class InspectionNoticeIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=20000)
    organ_ids: list[Id] = Field(min_length=1, max_length=500)


class InspectionNoticeFilter(PageIn):
    """The notices' list takes only the page."""
