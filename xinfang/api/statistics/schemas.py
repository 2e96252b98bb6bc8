"""Schemas of the statistics endpoints (names prefixed ``Statistics``: unique in the API)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from xinfang.inputs import Id, InputSchema


class StatisticsFilter(InputSchema):
    """Which matters are counted: those the user may read, of the organ (and its subtree), of
    the place, received in the period (default: this year to date)."""

    organ_id: Id | None = Field(default=None, description="机关（空：本人可查看的全部）/ organ")
    subtree: bool = Field(default=False, description="含下级机关 / with the organs under it")
    region: str = Field(
        default="",
        pattern=r"^(\d{6}(\d{3}){0,2})?$",
        description="问题发生地行政区划代码 / region code of the place",
    )
    date_from: dt.date | None = Field(default=None, description="收到日期起 / received from")
    date_to: dt.date | None = Field(default=None, description="收到日期止 / received to")


class StatisticsQueryOut(Schema):
    organ_id: int | None
    subtree: bool
    region: str
    date_from: dt.date
    date_to: dt.date
    filters: dict[str, str | list[str]]


class StatisticsFigureOut(Schema):
    """A count and the matter filter's parameters of its matters (``/api/matters`` and the
    list of all matters take them); ``exact``: that list has exactly ``count`` rows."""

    key: str
    label: str
    count: int
    exact: bool
    filters: dict[str, str | list[str]]
    url: str


class StatisticsCellOut(Schema):
    """A cell: a figure, or a text (a share, a rate, a year-on-year change)."""

    figure: StatisticsFigureOut | None = None
    text: str | None = None


class StatisticsLineOut(Schema):
    key: str
    label: str
    cells: list[StatisticsCellOut]


class StatisticsTableOut(Schema):
    key: str
    title: str
    columns: list[str]
    lines: list[StatisticsLineOut]


class StatisticsOut(Schema):
    query: StatisticsQueryOut
    total: StatisticsFigureOut
    tables: list[StatisticsTableOut]
