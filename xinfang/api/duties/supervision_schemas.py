"""Schemas of the supervision endpoints (细则第六条、第五条第二款), separate per endpoint."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from xinfang.api.matters.schemas import SupervisionOrderOut
from xinfang.api.paging import PageIn
from xinfang.api.schemas import OrganRefOut
from xinfang.inputs import Id, InputSchema
from xinfang.petitions.matters.choices import SupervisionLevel, SupervisionSubject

TEXT = 5000


class SupervisionOrderFilter(PageIn):
    organ_id: Id | None = Field(
        default=None, description="被督办机关 / the organ supervised (in the user's scope)"
    )
    open: bool | None = Field(default=None, description="只列未反馈的 / only those unanswered")
    level: SupervisionLevel | None = Field(default=None, description="层级 / the rung")
    subject: SupervisionSubject | None = Field(default=None, description="督办事项 / the subject")


class SupervisionOrderRowOut(SupervisionOrderOut):
    """An order as the matter's endpoints give it, with the matter's summary and whether its
    reply is overdue."""

    matter_summary: str
    overdue: bool


class AssignmentIn(InputSchema):
    organ_id: Id
    task: str = Field(min_length=1, max_length=TEXT)
    due: dt.date


class CoordinationIn(InputSchema):
    organ_id: Id = Field(description="召集的信访部门 / the convening petition office")
    held_on: dt.date
    meeting: str = Field(min_length=1, max_length=200)
    issue: str = Field(min_length=1, max_length=TEXT)
    outcome: str = Field(min_length=1, max_length=TEXT)
    organ_ids: list[Id] = Field(min_length=1, max_length=50, description="参加机关 / taking part")
    matter_ids: list[Id] = Field(default_factory=list, max_length=50)
    assignments: list[AssignmentIn] = Field(default_factory=list, max_length=50)


class AssignmentOut(Schema):
    id: int
    organ: OrganRefOut
    task: str
    due: dt.date
    done_at: dt.datetime | None
    done_note: str
    overdue: bool
    steps: list[str]


class CoordinationOut(Schema):
    id: int
    convening_organ: OrganRefOut
    held_on: dt.date
    meeting: str
    issue: str
    outcome: str
    organs: list[OrganRefOut]
    matter_ids: list[int]
    assignments: list[AssignmentOut]
    basis: list[str]


class DoneIn(InputSchema):
    note: str = Field(min_length=1, max_length=TEXT)
