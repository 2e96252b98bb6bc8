"""The figures of a cadre opinion in words: the sections a page and the API show (each line a
label and a value, each section with its articles), and the draft text the office edits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.duties.models.incidents import IncidentKind
from xinfang.duties.models.leaders import ReceptionKind
from xinfang.punctuation import english, join_list

from .cadres_figures import measure_labels

SECTION_TITLES = {
    "instructions": gettext_lazy("阅批群众来信和网上信访"),
    "receptions": gettext_lazy("接访下访"),
    "ownership": gettext_lazy("包案化解"),
    "incidents": gettext_lazy("集体访、信访负面舆情和个人极端事件处置"),
    "assessment": gettext_lazy("信访工作考核结果"),
    "accountability": gettext_lazy("信访工作责任追究及整改情况"),
}
INSTRUCTION_LINES = (
    ("received", gettext_lazy("呈批件数")),
    ("instructed", gettext_lazy("已阅批")),
    ("awaiting", gettext_lazy("待阅批")),
    ("closed", gettext_lazy("已办结")),
    ("reported_on_time", gettext_lazy("办理情况按期报告")),
    ("reported_late", gettext_lazy("办理情况逾期报告")),
    ("report_overdue", gettext_lazy("办理情况逾期未报告")),
)
OWNERSHIP_LINES = (
    ("owned", gettext_lazy("包案件数")),
    ("resolved", gettext_lazy("已化解")),
    ("open", gettext_lazy("包案中")),
    ("stalled", gettext_lazy("长期无进展")),
)
OUTCOMES = {
    "on_time": gettext_lazy("按期完成整改"),
    "late": gettext_lazy("逾期完成整改"),
    "not_done": gettext_lazy("逾期未完成整改"),
    "pending": gettext_lazy("整改期限未到"),
    "none": gettext_lazy("未要求限期整改"),
}


def outcome_label(code: str) -> str:
    return str(OUTCOMES.get(code, code))


@dataclass
class Section:
    """One section of the figures as shown: title, articles, lines (label, value), and a note
    when there is nothing to show."""

    key: str
    title: str
    basis: list[str]
    lines: list[tuple[str, Any]] = field(default_factory=list)
    empty: str = ""


def _receptions_lines(section: dict[str, Any]) -> list[tuple[str, Any]]:
    lines: list[tuple[str, Any]] = []
    for row in section["rows"]:
        label = _("%(year)s年 %(organ)s %(kind)s") % {
            "year": row["year"],
            "organ": row["organ"],
            "kind": ReceptionKind(row["kind"]).label,
        }
        value = _("%(held)s 次（应达 %(expected)s 次，年度规定 %(norm)s 次）") % row
        if row["below"]:
            value += " " + _("未达规定")
        lines.append((label, value))
    lines.append((_("已公布未举行"), section["not_held"]))
    return lines


def _incident_lines(section: dict[str, Any]) -> list[tuple[str, Any]]:
    lines: list[tuple[str, Any]] = [(_("事件总数"), section["total"])]
    for kind, count in section["by_kind"].items():
        lines.append((str(IncidentKind(kind).label), count))
    lines.append((_("报告逾时"), section["late_report"]))
    lines.append((_("事态扩大"), section["escalated"]))
    return lines


def _assessment_lines(section: dict[str, Any]) -> list[tuple[str, Any]]:
    lines: list[tuple[str, Any]] = []
    for row in section["rows"]:
        label = f"{row['scheme']} {row['period']} {row['organ']} {row['share']}".strip()
        value = _("得分 %(score)s，排名 %(rank)s / %(of)s") % {
            "score": row["score"] if row["score"] is not None else "—",
            "rank": row["rank"] if row["rank"] is not None else "—",
            "of": row["of"],
        }
        lines.append((label, value))
    return lines


def decision_line(row: dict[str, Any]) -> tuple[str, str]:
    """A decided measure: (date and deciding organ, measures and rectification outcome)."""
    label = f"{row['decided_on'] or '—'} {row['authority']['name']}"
    parts = [join_list(measure_labels(row)) or "—", outcome_label(row["rectification"]["outcome"])]
    value = ("; " if english() else "；").join(parts)
    return label, value


def figure_sections(figures: dict[str, Any]) -> list[Section]:
    """The snapshot's sections in the reader's language, in the order of 第七条."""
    parts = figures.get("sections") or {}
    shown: list[Section] = []
    for key, title in SECTION_TITLES.items():
        section = parts.get(key)
        if section is None:
            continue
        item = Section(key=key, title=str(title), basis=list(section.get("basis", [])))
        if key == "instructions":
            item.lines = [(str(label), section[name]) for name, label in INSTRUCTION_LINES]
        elif key == "ownership":
            item.lines = [(str(label), section[name]) for name, label in OWNERSHIP_LINES]
        elif key == "receptions":
            item.lines = _receptions_lines(section)
        elif key == "incidents":
            item.lines = _incident_lines(section)
        elif key == "assessment":
            item.lines = _assessment_lines(section)
            item.empty = _("暂无已发布的考核结果")
        else:
            item.lines = [decision_line(row) for row in section["rows"]]
            item.empty = _("期间内未受信访工作责任追究")
        shown.append(item)
    return shown


def opinion_draft(figures: dict[str, Any]) -> str:
    """The draft text of the opinion, from the figures; the office edits it before signing.

    The opinion is an official answer to the organization department: always in Chinese,
    whatever language the drafting user reads the pages in."""
    with translation.override("zh-hans"):
        return _opinion_draft(figures)


def _opinion_draft(figures: dict[str, Any]) -> str:
    sections = figures["sections"]
    period = figures["period"]
    ins = sections["instructions"]
    own = sections["ownership"]
    inc = sections["incidents"]
    below = [r for r in sections["receptions"]["rows"] if r["below"]]
    held = sum(r["held"] for r in sections["receptions"]["rows"])
    decisions = sections["accountability"]["rows"]
    paragraphs = [
        _("经查阅本系统记录，%(name)s同志在%(start)s至%(end)s期间履行信访工作职责情况如下：")
        % {"name": figures["person"]["name"], "start": period["start"], "end": period["end"]},
        _(
            "一、阅批群众来信和网上信访 %(received)s 件，已阅批 %(instructed)s 件，"
            "办理情况逾期未报告 %(overdue)s 件。"
        )
        % {
            "received": ins["received"],
            "instructed": ins["instructed"],
            "overdue": ins["report_overdue"],
        },
        _("二、接访下访 %(held)s 次，%(below)s。")
        % {
            "held": held,
            "below": _("未达规定次数的年度 %(n)s 项") % {"n": len(below)}
            if below
            else _("均达到规定次数"),
        },
        _("三、包案 %(owned)s 件，已化解 %(resolved)s 件，长期无进展 %(stalled)s 件。") % own,
        _("四、处置集体访、信访负面舆情和个人极端事件 %(total)s 起，报告逾时 %(late)s 起。")
        % {"total": inc["total"], "late": inc["late_report"]},
    ]
    if decisions:
        lines = ("; " if english() else "；").join(
            " ".join(decision_line(row)) for row in decisions
        )
        paragraphs.append(
            _("五、期间内受到信访工作责任追究 %(n)s 次：%(lines)s。")
            % {"n": len(decisions), "lines": lines}
        )
    else:
        paragraphs.append(_("五、期间内未受信访工作责任追究。"))
    paragraphs.append(_("综合意见：（请信访部门填写）"))
    return "\n".join(paragraphs)
