"""The figures of a cadre opinion (细则第十条第二款): how the leader carried out the petition
duties of 第七条 over a period, read from the system's records, each line with its article.

The snapshot is the system's, not a reader's: it counts the leader's records whatever organ
keeps them (the petition office answering may not otherwise read a district party
committee's instructions), and it holds counts and dates only, never a petition's content or a
petitioner's name. It is read only by the requesting organization department and the
answering office (``cadres.access_cadre_request_by_id``).

Reused, not re-implemented: the reception norms (``leader_norms``), stalled ownership
(``is_stalled``), late incident reports (``late_report_q``), the accountability record
(``accountability_record``) and the published assessment results (``published_results_for``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from xinfang.accountability.choices import OrganizationalOption, PersonMeasure
from xinfang.accountability.models import Decision, Rectification
from xinfang.accountability.selectors import accountability_record
from xinfang.duties.models.incidents import Incident, IncidentEscalation, IncidentKind
from xinfang.duties.models.leaders import (
    CaseOwnership,
    Instruction,
    InstructionState,
    OwnershipState,
    Reception,
    ReceptionState,
)
from xinfang.duties.selectors.incidents import late_report_q
from xinfang.duties.selectors.leaders import is_stalled, leader_norms
from xinfang.duties.selectors.leaders_portfolio import covers_everything
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS
from xinfang.orgs.models import Organ, Person, Position
from xinfang.rules.basis import basis_strings, rules

from .results import published_results_for

#: The default period asked about: the last three years (or the leader's tenure, if shorter).
DEFAULT_YEARS = 3

#: What each section of the figures rests on.
SECTION_BASIS = {
    "instructions": (rules(7, None, 1),),
    "receptions": (rules(7, None, 1),),
    "ownership": (rules(7, None, 2),),
    "incidents": (rules(7, None, 3),),
    "assessment": (rules(10, 1),),
    "accountability": (rules(12, 1), rules(13), rules(14), rules(15), rules(18)),
}


class Outcome:
    """How a rectification ordered by a decision ended (细则第十三条至第十五条: 限期整改)."""

    ON_TIME = "on_time"
    LATE = "late"
    NOT_DONE = "not_done"
    PENDING = "pending"
    NONE = "none"


def leadership_positions(person: Person, start: dt.date, end: dt.date) -> list[Position]:
    """The leadership positions (领导班子, 第七条) the person held at any time in the period."""
    return list(
        Position.objects.filter(
            person_id=person.pk, kind__in=LEADERSHIP_POSITION_KINDS, start__lte=end
        )
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .select_related("organ")
        .order_by("start", "pk")
    )


def default_period(person: Person, today: dt.date) -> tuple[dt.date, dt.date]:
    """The last ``DEFAULT_YEARS`` years to today, or from the start of the leader's tenure in
    that window when it began later."""
    try:
        start = today.replace(year=today.year - DEFAULT_YEARS)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - DEFAULT_YEARS, day=28)
    tenure = leadership_positions(person, start, today)
    if tenure:
        start = max(start, min(p.start for p in tenure))
    return start, today


def rectification_outcome(rectification: Rectification | None, today: dt.date) -> str:
    """``on_time``, ``late``, ``not_done`` (the deadline passed), ``pending`` (not yet due),
    or ``none`` (no rectification ordered)."""
    if rectification is None:
        return Outcome.NONE
    done = rectification.rectified_on
    if done is not None:
        return Outcome.ON_TIME if done <= rectification.due else Outcome.LATE
    return Outcome.NOT_DONE if rectification.due < today else Outcome.PENDING


def _rectification_of(decision: Decision) -> Rectification | None:
    try:
        return decision.rectification
    except Rectification.DoesNotExist:
        return None


def decision_row(decision: Decision, today: dt.date) -> dict[str, Any]:
    """One decided measure on a person as the record shows it: what, on which basis, when, by
    whom, and how the rectification it ordered ended."""
    rectification = _rectification_of(decision)
    authority = decision.recommendation.authority
    return {
        "decision_id": decision.pk,
        "decided_on": decision.decided_on.isoformat() if decision.decided_on else None,
        "authority": {"id": authority.pk, "name": authority.name},
        "measures": list(decision.decided_measures or []),
        "options": list(decision.decided_options or []),
        "basis": list(decision.recommended_basis or []),
        "rectification": {
            "due": rectification.due.isoformat() if rectification else None,
            "done_on": (
                rectification.rectified_on.isoformat()
                if rectification and rectification.rectified_on
                else None
            ),
            "outcome": rectification_outcome(rectification, today),
        },
    }


def measure_labels(row: dict[str, Any]) -> list[str]:
    """The decided measures of a ``decision_row`` in the reader's language."""
    names = {str(k): str(v) for k, v in PersonMeasure.choices}
    names.update({str(k): str(v) for k, v in OrganizationalOption.choices})
    return [names.get(code, code) for code in [*row["measures"], *row["options"]]]


def accountability_rows(
    person: Person, today: dt.date, *, start: dt.date | None = None, end: dt.date | None = None
) -> list[dict[str, Any]]:
    """The decided measures on the person (``accountability_record``), within the period when
    one is given, newest first."""
    rows = []
    for decision in accountability_record(person):
        day = decision.decided_on
        if day is not None and (
            (start is not None and day < start) or (end is not None and day > end)
        ):
            continue
        rows.append(decision_row(decision, today))
    return rows


def _instructions(person: Person, start: dt.date, end: dt.date, today: dt.date) -> dict[str, Any]:
    rows = Instruction.objects.filter(
        leader_id=person.pk, put_before_on__gte=start, put_before_on__lte=end
    )
    reported = rows.filter(reported_on__isnull=False, report_due__isnull=False)
    on_time = reported.filter(reported_on__lte=F("report_due")).count()
    return {
        "received": rows.count(),
        "instructed": rows.filter(instructed_on__isnull=False).count(),
        "awaiting": rows.filter(state=InstructionState.PUT_BEFORE).count(),
        "closed": rows.filter(state=InstructionState.CLOSED).count(),
        "reported_on_time": on_time,
        "reported_late": reported.count() - on_time,
        "report_overdue": rows.filter(
            state=InstructionState.INSTRUCTED, report_due__lt=today
        ).count(),
    }


def norm_years(start: dt.date, end: dt.date) -> list[int]:
    """The years whose reception norm the period is measured against: those it covers from
    their first day, and the year it ends in (pro rata when current). A year the period enters
    midway is left out: its whole norm would not be fair to the part of it asked about."""
    return [
        year
        for year in range(start.year, end.year + 1)
        if dt.date(year, 1, 1) >= start or year == end.year
    ]


def _receptions(
    person: Person, organs: list[Organ], start: dt.date, end: dt.date, today: dt.date
) -> dict[str, Any]:
    lines = []
    for year in norm_years(start, end):
        for organ in organs:
            for norm in leader_norms(organ, year, today):
                if norm.person.pk != person.pk:
                    continue
                lines.append(
                    {
                        "year": year,
                        "organ": organ.name,
                        "kind": norm.kind,
                        "held": norm.held,
                        "norm": norm.setting.value,
                        "expected": norm.expected,
                        "below": norm.below,
                    }
                )
    not_held = Reception.objects.filter(
        leader_id=person.pk,
        state=ReceptionState.NOT_HELD,
        scheduled_on__gte=start,
        scheduled_on__lte=end,
    ).count()
    return {"rows": lines, "not_held": not_held}


def _ownership(person: Person, start: dt.date, end: dt.date, today: dt.date) -> dict[str, Any]:
    rows = list(
        CaseOwnership.objects.filter(leader_id=person.pk, assigned_on__lte=end)
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gte=start))
        .select_related("organ")
    )
    resolved = [o for o in rows if o.state == OwnershipState.RESOLVED]
    open_ = [o for o in rows if o.state == OwnershipState.OWNED]
    return {
        "owned": len(rows),
        "resolved": len(resolved),
        "open": len(open_),
        "stalled": sum(1 for o in open_ if is_stalled(o, today)),
    }


def _incidents(
    person: Person, positions: list[Position], start: dt.date, end: dt.date
) -> dict[str, Any]:
    """Incidents in the leader's portfolio: every incident of an organ the leader answers for
    wholly (the principal leader, a petition portfolio); for another member, those the leader
    acted in."""
    whole = sorted({p.organ_id for p in positions if covers_everything(p)})
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    finish = timezone.make_aware(dt.datetime.combine(end, dt.time.max))
    rows = Incident.objects.filter(occurred_at__gte=begin, occurred_at__lte=finish).filter(
        Q(organ_id__in=whole) | Q(actions__by_person_id=person.pk)
    )
    rows = Incident.objects.filter(pk__in=rows.values("pk"))
    by_kind = {kind: rows.filter(kind=kind).count() for kind in IncidentKind.values}
    escalated = IncidentEscalation.objects.filter(incident__in=rows).values("incident").distinct()
    return {
        "total": rows.count(),
        "by_kind": by_kind,
        "late_report": rows.filter(late_report_q()).count(),
        "escalated": escalated.count(),
    }


def _assessment(person: Person, organs: Iterable[Organ]) -> list[dict[str, Any]]:
    lines = []
    for organ in organs:
        for line in published_results_for(organ, person=person):
            lines.append(
                {
                    "run_id": line.run_id,
                    "scheme": line.scheme,
                    "period": line.period,
                    "organ": getattr(line.organ, "name", str(line.organ)),
                    "score": None if line.score is None else str(round(float(line.score), 2)),
                    "rank": line.rank,
                    "of": line.of,
                    "share": line.share,
                }
            )
    return lines


def cadre_figures(
    person: Person, start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> dict[str, Any]:
    """The snapshot of the leader's duty record over ``start``–``end`` (JSON): the leadership
    positions held, then each section's figures with the articles behind them."""
    day = today or timezone.localdate()
    positions = leadership_positions(person, start, end)
    organs = list({p.organ_id: p.organ for p in positions}.values())
    sections: dict[str, Any] = {
        "instructions": _instructions(person, start, end, day),
        "receptions": _receptions(person, organs, start, end, day),
        "ownership": _ownership(person, start, end, day),
        "incidents": _incidents(person, positions, start, end),
        "assessment": {"rows": _assessment(person, organs)},
        "accountability": {"rows": accountability_rows(person, day, start=start, end=end)},
    }
    for key, section in sections.items():
        section["basis"] = basis_strings(SECTION_BASIS[key])
    return {
        "person": {"id": person.pk, "name": person.name},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "positions": [
            {
                "organ": p.organ.name,
                "kind": p.kind,
                "title": p.title,
                "start": p.start.isoformat(),
                "end": p.end.isoformat() if p.end else None,
            }
            for p in positions
        ],
        "sections": sections,
        "basis": basis_strings((rules(10, 2),)),
    }
