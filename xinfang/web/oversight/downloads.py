"""The columns of the oversight's downloads (``?format=xlsx|csv`` on each list; see
``xinfang.web.exports``): what each list page shows, one value a cell."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from xinfang.rules.assessment import parse_fraction
from xinfang.web.exports import Column


def _name(value: Any) -> str:
    return getattr(value, "name", "") if value is not None else ""


def _number(text: str | None, scale: int = 1) -> Decimal | None:
    """A stored fraction as a number rounded as the page shows it."""
    value = parse_fraction(text)
    return None if value is None else round(Decimal(value.numerator) / value.denominator * scale, 4)


ID = Column(_("编号"), lambda r: r.pk)
STATE = Column(_("状态"), lambda r: r.get_state_display())

INSPECTIONS = [
    ID,
    Column(_("标题"), lambda r: r.title),
    Column(_("督查类别"), lambda r: r.get_kind_display()),
    Column(_("督查主体"), lambda r: _name(r.plan.authority)),
    Column(_("督查组组长"), lambda r: r.team_leader),
    Column(_("计划开始日期"), lambda r: r.planned_start),
    Column(_("计划结束日期"), lambda r: r.planned_end),
    Column(_("出具报告日期"), lambda r: r.finished_on),
    STATE,
]

#: Rows of (plan, organs inspected, organs in scope).
PLANS = [
    Column(_("年度"), lambda r: r[0].year),
    Column(_("督查主体"), lambda r: _name(r[0].authority)),
    Column(_("督查实施单位"), lambda r: _name(r[0].inspecting_organ)),
    Column(_("已督查"), lambda r: r[1]),
    Column(_("督查范围"), lambda r: r[2]),
]

DEMANDS = [
    ID,
    Column(_("督查"), lambda r: r.inspection.title),
    Column(_("整改单位"), lambda r: _name(r.organ)),
    Column(_("整改要求"), lambda r: r.content),
    Column(_("提出日期"), lambda r: r.issued_on),
    Column(_("整改期限"), lambda r: r.due),
    STATE,
    Column(_("反馈日期"), lambda r: r.answered_on),
]

NOTICES = [
    ID,
    Column(_("标题"), lambda r: r.title),
    Column(_("督查主体"), lambda r: _name(r.inspection.plan.authority)),
    Column(_("通报日期"), lambda r: r.issued_on),
]

RUNS = [
    ID,
    Column(_("考核方案"), lambda r: r.scheme.title),
    Column(_("考核期间开始"), lambda r: r.scheme.period_start),
    Column(_("考核期间结束"), lambda r: r.scheme.period_end),
    Column(_("数据截止日"), lambda r: r.as_of),
    STATE,
]

#: Rows of a run's result: one an organ and indicator (``ranking_rows``).
RANKING = [
    Column(_("名次"), lambda r: r["rank"]),
    Column(_("单位"), lambda r: r["name"]),
    Column(_("得分"), lambda r: _number(r["score"])),
    Column(_("同类单位数"), lambda r: r["of"]),
    Column(_("指标"), lambda r: r["title"]),
    Column(_("分子"), lambda r: r["numerator"]),
    Column(_("分母"), lambda r: r["denominator"]),
    Column(_("指标值"), lambda r: _number(r["value"])),
    Column(_("标准化值"), lambda r: _number(r["normalised"])),
    Column(_("权重（%）"), lambda r: _number(r["weight"], 100)),
    Column(_("得分贡献"), lambda r: _number(r["contribution"])),
]


def ranking_rows(lines: list[dict[str, Any]], titles: dict[str, str]) -> list[dict[str, Any]]:
    """A run's lines flattened: each organ's indicators, each with the organ's rank and score."""
    return [
        {**line, **part, "title": titles.get(part["code"], part["code"])}
        for line in lines
        for part in line["indicators"]
    ]


MATTERS = [
    Column(_("编号"), lambda r: r.pk),
    Column(_("摘要"), lambda r: r.summary),
    Column(_("收到时间"), lambda r: r.received_at),
    STATE,
]

CADRE_REQUESTS = [
    ID,
    Column(_("考察对象"), lambda r: _name(r.person)),
    Column(_("考察事由"), lambda r: r.get_purpose_display()),
    Column(_("征求意见的组织部门"), lambda r: _name(r.requester)),
    Column(_("出具意见的信访部门"), lambda r: _name(r.office)),
    Column(_("征求日期"), lambda r: r.requested_on),
    Column(_("答复期限"), lambda r: r.due),
    STATE,
]

#: Rows of (person, [(label, value), ...]).
CADRE_RECORDS = [
    Column(_("姓名"), lambda r: _name(r[0])),
    Column(_("决定"), lambda r: "\n".join(f"{label}：{value}" for label, value in r[1])),
]
