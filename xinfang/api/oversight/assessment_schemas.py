"""Input and output schemas of the assessment endpoints (细则第十条第一款), one per endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from xinfang.api.paging import PageIn
from xinfang.api.schemas import OrganRefOut
from xinfang.inputs import Id, InputSchema

PeriodKind = Literal["year", "half_year", "quarter"]
Source = Literal["computed", "manual"]
DirectionIn = Literal["", "higher_is_better", "lower_is_better"]


class IndicatorIn(InputSchema):
    code: str = Field(min_length=1, max_length=40)
    weight: int = Field(ge=1, le=1000)
    title: str = Field(default="", max_length=200)
    source: Source = "computed"
    direction: DirectionIn = ""
    target: str = Field(default="", max_length=40)
    per_volume: int = Field(default=0, ge=0, le=1_000_000)


class IndicatorOut(Schema):
    code: str
    title: str
    source: Source
    weight: int
    direction: str
    target: str
    per_volume: int


class SchemeIn(InputSchema):
    assessing_organ_id: Id
    office_id: Id | None = None
    title: str = Field(min_length=1, max_length=200)
    period_kind: PeriodKind
    period_start: dt.date
    period_end: dt.date
    organ_ids: list[Id] | None = Field(
        default=None, description="the organs assessed; none: the organ group's default"
    )
    organ_group: Literal["party_committees", "governments", "departments"] = "party_committees"
    indicators: list[IndicatorIn] | None = Field(
        default=None, description="none: every computed indicator of the catalogue, weight 10"
    )


class SchemeUpdateIn(InputSchema):
    title: str | None = Field(default=None, max_length=200)
    organ_ids: list[Id] | None = None
    indicators: list[IndicatorIn] | None = None


class SchemeOut(Schema):
    id: int
    assessing_organ: OrganRefOut
    office: OrganRefOut | None
    title: str
    period_kind: PeriodKind
    period_start: dt.date
    period_end: dt.date
    state: Literal["draft", "active"]
    organs: list[OrganRefOut]
    indicators: list[IndicatorOut]
    basis: list[str]


class SchemeFilter(PageIn):
    state: Literal["", "draft", "active"] = ""


class HandScoreIn(InputSchema):
    indicator_code: str = Field(min_length=1, max_length=40)
    organ_id: Id
    value: int = Field(ge=0, le=100)
    evidence: str = Field(min_length=1, max_length=20000)


class HandScoreOut(Schema):
    indicator_code: str
    organ: OrganRefOut
    value: int
    evidence: str


class PartOut(Schema):
    """One indicator of an organ's score; fractions are exact, as ``"n/d"`` text."""

    code: str
    numerator: int | None
    denominator: int | None
    value: str | None = Field(description="None: no data (never 0)")
    normalised: str | None
    weight: str | None = Field(description="renormalised over the indicators with a value")
    contribution: str | None


class LineOut(Schema):
    organ: int
    name: str
    group: str = Field(description="kind/level: the peers it is normalised and ranked among")
    of: int
    score: str | None
    rank: int | None = Field(description="competition rank among its group: ties share it")
    indicators: list[PartOut]


class RunOut(Schema):
    id: int
    scheme_id: int
    scheme: str
    state: Literal["computed", "published", "discarded"]
    as_of: dt.date
    inputs_sha256: str
    result_sha256: str
    computed_at: dt.datetime
    published_at: dt.datetime | None
    delivered_to: list[OrganRefOut]
    lines: list[LineOut] = Field(description="all lines, or only the reader's own organ's")
    steps: list[str]


class RunSummaryOut(Schema):
    id: int
    scheme_id: int
    scheme: str
    state: Literal["computed", "published", "discarded"]
    as_of: dt.date
    computed_at: dt.datetime
    published_at: dt.datetime | None


class RunFilter(PageIn):
    state: Literal["", "computed", "published", "discarded"] = ""


class DiscardIn(InputSchema):
    reason: str = Field(min_length=1, max_length=20000)
