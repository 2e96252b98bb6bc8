"""Input and output schemas of the endpoints of 细则第六条, separate per endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from xinfang.api.paging import PageIn
from xinfang.api.schemas import OrganRefOut
from xinfang.inputs import Id, InputSchema

Kind = Literal["improve_work", "improve_policy", "discipline"]
State = Literal["sent", "replied", "followed_up", "closed", "withdrawn"]
AdoptionIn = Literal["adopted", "partly", "not_adopted"]
ReportState = Literal["draft", "approved", "circulated"]


class ReplyPeriodOut(Schema):
    """The reply period as it applied on the day the recommendation was sent."""

    days: int
    label: str = Field(description="政策设定值 (a policy value, 细则第十九条) or 本机关设定")
    basis: list[str]


class OfficeRecommendationOut(Schema):
    id: int
    office: OrganRefOut
    recipient: OrganRefOut
    kind: Kind
    kind_label: str
    title: str
    content: str
    reasons: str
    matter_ids: list[int]
    basis: list[str] = Field(description="细则第六条, and 信访工作条例(2022)第四十条 under it")
    sent_on: dt.date
    reply_due: dt.date
    reply_due_set: bool = Field(description="the office set a later reply due date")
    reply_period: ReplyPeriodOut
    state: State
    state_label: str
    overdue: bool = Field(description="awaiting the reply, or adopted measures, past due")
    reply: str
    replied_on: dt.date | None
    adoption: Literal["", "adopted", "partly", "not_adopted"]
    adoption_reasons: str
    follow_up_notes: str
    followed_up_on: dt.date | None
    measures_due: dt.date | None
    measures: str
    measures_done_on: dt.date | None
    closed_on: dt.date | None
    closing_note: str
    withdrawn_reason: str
    steps: list[str] = Field(description="the steps the user's organs may take now")
    created_at: dt.datetime


class RecommendationFilter(PageIn):
    state: State | None = None
    organ_id: Id | None = Field(
        default=None, description="the office that made it or the organ it is addressed to"
    )


class RecommendationIn(InputSchema):
    office_id: Id
    recipient_id: Id
    kind: Kind
    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=20000)
    reasons: str = Field(min_length=1, max_length=20000)
    matter_ids: list[Id] = Field(default_factory=list, max_length=50)
    sent_on: dt.date | None = None
    reply_due: dt.date | None = None


class RecommendationReplyIn(InputSchema):
    reply: str = Field(min_length=1, max_length=20000)
    adoption: AdoptionIn
    adoption_reasons: str = Field(default="", max_length=20000)


class RecommendationFollowUpIn(InputSchema):
    notes: str = Field(min_length=1, max_length=20000)
    measures_due: dt.date | None = None
    measures: str = Field(default="", max_length=20000)
    measures_done_on: dt.date | None = None


class RecommendationCloseIn(InputSchema):
    note: str = Field(default="", max_length=20000)


class WithdrawIn(InputSchema):
    reason: str = Field(min_length=1, max_length=5000)


class ReportOut(Schema):
    id: int
    office: OrganRefOut
    period_start: dt.date
    period_end: dt.date
    title: str
    basis: list[str] = Field(description="细则第六条, and 信访工作条例(2022)第四十一条 under it")
    figures: dict[str, Any] = Field(description="the snapshot of the data taken at generation")
    generated_at: dt.datetime
    analysis: str
    recommendations: str
    state: ReportState
    state_label: str
    approved_by: str
    approved_on: dt.date | None
    circulated_to: list[OrganRefOut]
    circulated_on: dt.date | None
    steps: list[str] = Field(description="the steps the user may take now")


class ReportFilter(PageIn):
    state: ReportState | None = None
    organ_id: Id | None = Field(default=None, description="the petition office")


class SituationReportIn(InputSchema):
    office_id: Id
    period_start: dt.date
    period_end: dt.date


class ReportTextIn(InputSchema):
    analysis: str = Field(default="", max_length=20000)
    recommendations: str = Field(default="", max_length=20000)


class CirculateIn(InputSchema):
    organ_ids: list[Id] = Field(min_length=1, max_length=200)
