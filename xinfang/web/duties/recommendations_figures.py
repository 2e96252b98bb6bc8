"""A situation report's figures as the pages show them: tables in the reader's language.

The snapshot (``SituationReport.figures``) keeps codes and the Chinese and English names of
categories as they were when it was taken; only their rendering lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from xinfang.duties.models.recommendations import Adoption, RecommendationKind
from xinfang.petitions.matters.choices import Channel, Period
from xinfang.punctuation import english


@dataclass(frozen=True)
class Table:
    """One table of figures: a title, its column heads and its rows."""

    title: str
    heads: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _category(item: dict[str, Any]) -> str:
    if not item.get("category_id"):
        return _("未分类")
    if english() and item.get("category_en"):
        return str(item["category_en"])
    return str(item.get("category", ""))


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def figure_tables(figures: dict[str, Any]) -> list[Table]:
    """The tables of a report's figures (an empty list for a snapshot without any)."""
    if not figures:
        return []
    channels = dict(Channel.choices)
    periods = dict(Period.choices)
    tables = [
        Table(
            _("收到信访事项"),
            [_("项目"), _("件数")],
            [
                [_("合计"), figures.get("received", 0)],
                [_("其中集体访"), figures.get("collective", 0)],
                [_("重复信访人（期间内两件以上）"), figures.get("repeat_petitioners", 0)],
            ]
            + [
                [channels.get(row["channel"], row["channel"]), row["count"]]
                for row in figures.get("by_channel", [])
            ],
        ),
        Table(
            _("按内容分类"),
            [_("分类"), _("件数")],
            [[_category(row), row["count"]] for row in figures.get("by_category", [])],
        ),
        Table(
            _("按问题发生地"),
            [_("地点"), _("件数")],
            [[row["place"], row["count"]] for row in figures.get("by_place", [])],
        ),
        Table(
            _("热点（发生地 × 分类，两件以上）"),
            [_("地点"), _("分类"), _("件数")],
            [[row["place"], _category(row), row["count"]] for row in figures.get("hot_spots", [])],
        ),
        Table(
            _("按期受理、办结（期限在本期内到期）"),
            [_("期间"), _("按期"), _("逾期"), _("尚未到期"), _("按期率")],
            [
                [
                    periods.get(period, period),
                    row["kept"],
                    row["missed"],
                    row["pending"],
                    _rate(row["rate"]),
                ]
                for period, row in figures.get("on_time", {}).items()
            ],
        ),
    ]
    recs = figures.get("recommendations", {})
    kinds = dict(RecommendationKind.choices)
    adoption = {**dict(Adoption.choices), "awaiting": _("待反馈")}
    tables.append(
        Table(
            _("本信访部门提出的建议及采纳情况"),
            [_("项目"), _("件数")],
            [[kinds.get(k, k), n] for k, n in recs.get("by_kind", {}).items()]
            + [[adoption.get(k, k), n] for k, n in recs.get("by_adoption", {}).items()],
        )
    )
    return tables
