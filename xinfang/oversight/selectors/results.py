"""Published assessment results (细则第十条第一款), answered by the assessment part to the
others (the cadre's opinion, the organization department's reading).

A leader's share of the organ's result follows 细则第七条: the principal leader answers for the
whole (负总责); another member of the team for the indicators of their portfolio (分工): a
catalogue indicator names the portfolio subject whose leader answers for it (most are 信访;
inspection coverage and hand-scored items 综合; accountability decisions 纪检监察).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from xinfang.orgs.choices import PortfolioSubject, PositionKind
from xinfang.orgs.models import Position
from xinfang.orgs.selectors import held_on
from xinfang.punctuation import join_list
from xinfang.rules.assessment import parse_fraction

from ..models.assessment import AssessmentRun, RunState
from .assessment_catalogue import CATALOGUE, indicator_title


@dataclass(frozen=True)
class ResultLine:
    """One published run's result for an organ, or a leader's share of it by portfolio."""

    run_id: int
    scheme: str
    period: str
    organ: Any
    score: Fraction | None
    rank: int | None
    of: int
    #: How the result concerns the person asked about ("" for the organ as a whole).
    share: str = ""


def indicator_subject(code: str) -> str:
    """The portfolio subject whose leader answers for an indicator."""
    entry = CATALOGUE.get(code)
    return entry.subject if entry is not None else PortfolioSubject.GENERAL


def _share(run: AssessmentRun, organ: Any, person: Any) -> str | None:
    """How the result concerns ``person`` (None: not at all)."""
    day = run.scheme.period_end
    positions = list(Position.objects.filter(held_on(day), person_id=person.pk, organ_id=organ.pk))
    if any(p.kind == PositionKind.PRINCIPAL_LEADER for p in positions):
        return _("主要负责人，对考核结果负总责")
    subjects = {s for p in positions if p.kind != PositionKind.STAFF for s in p.portfolio or []}
    titles = [
        indicator_title(i["code"], i["title"])
        for i in run.result["scheme"]["indicators"]
        if indicator_subject(i["code"]) in subjects
    ]
    if not titles:
        return None
    return _("分管负责人，对以下指标负主要领导责任：%(titles)s") % {"titles": join_list(titles)}


def published_results_for(organ: Any, *, person: Any = None) -> list[ResultLine]:
    """The published runs' results of ``organ``, newest first; with ``person``, only the lines
    that concern that leader (the whole organ for its principal leader, the indicators of their
    portfolio for the others)."""
    runs = (
        AssessmentRun.objects.filter(state=RunState.PUBLISHED, scheme__organs=organ)
        .select_related("scheme")
        .order_by("-published_at", "-id")
    )
    found: list[ResultLine] = []
    for run in runs:
        line = next((r for r in run.result.get("lines", []) if r["organ"] == organ.pk), None)
        if line is None:
            continue
        share = ""
        if person is not None:
            concern = _share(run, organ, person)
            if concern is None:
                continue
            share = concern
        period = run.result["scheme"]["period"]
        found.append(
            ResultLine(
                run_id=run.pk,
                scheme=run.scheme.title,
                period=f"{period['start']} – {period['end']}",
                organ=organ,
                score=parse_fraction(line["score"]),
                rank=line["rank"],
                of=line["of"],
                share=share,
            )
        )
    return found
