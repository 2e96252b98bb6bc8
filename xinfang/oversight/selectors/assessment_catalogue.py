"""The catalogue of computed indicators (细则第十条第一款: 以依法、及时、就地解决信访问题为导向).

One function an indicator, each answering every organ of a run at once: one or two aggregate
queries grouped by the organ the records belong to, folded onto the organs assessed in Python
(``Attribution``). A territorial organ assessed (a district's party committee or government)
answers for the records of its whole territory (属地管理); any other organ for its own. Each
function returns ``{assessed organ id: (numerator, denominator)}``; an organ absent from the
answer has no data (``None``, never 0). What "on time" means comes from the stored clocks and
due dates (``MatterClock.due``, ``SupervisionOrder.reply_due``, the incident's report
deadlines), which the rules core computed when the records were written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xinfang.accountability.choices import DecisionState
from xinfang.accountability.models import Decision, Lead
from xinfang.duties.models.incidents import Incident
from xinfang.duties.models.leaders import CaseOwnership, Instruction, Reception, ReceptionState
from xinfang.duties.selectors.days import day_start
from xinfang.duties.selectors.incidents import late_report_q
from xinfang.duties.selectors.settings import duty_setting
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, OrganRole, PortfolioSubject
from xinfang.orgs.models import Organ, Position
from xinfang.orgs.selectors import held_on
from xinfang.petitions.matters.choices import Channel, OpinionStage, Satisfaction
from xinfang.petitions.matters.models import Matter, MatterClock, Opinion, RepeatLink
from xinfang.petitions.matters.models.handling import SupervisionOrder
from xinfang.rules.assessment import Direction

from .coverage import coverage_counts

#: Roles that make an assessed organ answer for its territory (属地管理, 细则第三条).
TERRITORIAL_ROLES = (OrganRole.PARTY_COMMITTEE, OrganRole.GOVERNMENT)
#: Satisfaction ratings counted as satisfied (满意、基本满意).
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)
#: The reception norms of a leader (duty settings, per year).
NORM_SETTINGS = ("receptions_per_year", "field_visits_per_year")

Counts = dict[int, tuple[int, int]]


@dataclass(frozen=True)
class Period:
    """The period assessed, and the day up to which running clocks are judged (``cutoff``:
    the day after the period, or the run's day while the period runs)."""

    start: dt.date
    end: dt.date
    cutoff: dt.date

    @property
    def start_at(self) -> dt.datetime:
        return day_start(self.start)

    @property
    def end_at(self) -> dt.datetime:
        """The first instant after the period."""
        return day_start(self.end + dt.timedelta(days=1))


class Attribution:
    """Which assessed organs a record of an organ counts for: the organ itself, and the
    territorial organs assessed whose region contains the organ's region."""

    def __init__(self, organs: Iterable[Organ]) -> None:
        self.organs = list(organs)
        self.territorial: dict[str, list[int]] = {}
        for organ in self.organs:
            if any(organ.has_role(role) for role in TERRITORIAL_ROLES):
                self.territorial.setdefault(organ.region_code, []).append(organ.pk)
        self.lengths = sorted({len(code) for code in self.territorial})
        self.own = {organ.pk for organ in self.organs}
        self.region_of = {organ.pk: organ.region_code for organ in self.organs}
        self._regions: dict[int, str] | None = None

    @property
    def regions(self) -> dict[int, str]:
        if self._regions is None:
            self._regions = dict(Organ.objects.order_by().values_list("pk", "region_code"))
        return self._regions

    def targets_of_region(self, region: str) -> set[int]:
        found: set[int] = set()
        for length in self.lengths:
            found.update(self.territorial.get(region[:length], ()))
        return found

    def targets(self, organ_id: int | None) -> set[int]:
        if organ_id is None:
            return set()
        found = self.targets_of_region(self.regions.get(organ_id, ""))
        if organ_id in self.own:
            found.add(organ_id)
        return found

    def fold(self, rows: Iterable[tuple[Any, int, int]], *, by_region: bool = False) -> Counts:
        """Sum ``(organ id or region, numerator, denominator)`` rows onto the assessed organs."""
        out: dict[int, list[int]] = {}
        for key, num, den in rows:
            targets = self.targets_of_region(key or "") if by_region else self.targets(key)
            for target in targets:
                pair = out.setdefault(target, [0, 0])
                pair[0] += num
                pair[1] += den
        return {organ: (num, den) for organ, (num, den) in out.items() if den}

    def records_q(self, organ: Organ, field: str) -> Q:
        """The records of ``field`` (an organ foreign key) that count for ``organ``."""
        q = Q(**{f"{field}_id": organ.pk})
        if (
            organ.region_code in self.territorial
            and organ.pk in self.territorial[organ.region_code]
        ):
            q |= Q(**{f"{field}__region_code__startswith": organ.region_code})
        return q


def _rows(queryset: QuerySet[Any], key: str, num: Q | None, den: Q | None = None) -> list[Any]:
    """``(key, numerator, denominator)`` per value of ``key``, one grouped query."""
    return list(
        queryset.order_by()
        .values_list(key)
        .annotate(
            n=Count("pk", filter=num) if num is not None else Count("pk"),
            d=Count("pk", filter=den) if den is not None else Count("pk"),
        )
        .values_list(key, "n", "d")
    )


# --- matters ---------------------------------------------------------------------------------


def _clocks(period_code: str, p: Period) -> QuerySet[MatterClock]:
    return MatterClock.objects.filter(period=period_code, due__gte=p.start, due__lte=p.end)


def _clock_kept() -> Q:
    return Q(stopped_on__isnull=False, stopped_on__lte=F("due"))


def _clock_decided(p: Period) -> Q:
    """Kept, or missed: stopped after the due date, or still running past it at the cutoff
    (as the situation figures count them, ``duties.selectors.recommendations_figures``)."""
    return _clock_kept() | Q(stopped_on__gt=F("due")) | Q(stopped_on__isnull=True, due__lt=p.cutoff)


def _clock_rate(period_code: str, a: Attribution, p: Period) -> Counts:
    return a.fold(_rows(_clocks(period_code, p), "organ_id", _clock_kept(), _clock_decided(p)))


def on_time_acceptance(a: Attribution, p: Period) -> Counts:
    """及时受理率: acceptance clocks due in the period kept / kept or missed."""
    return _clock_rate("accept", a, p)


def on_time_conclusion(a: Attribution, p: Period) -> Counts:
    """按期办结率: handling clocks (their due date counts any approved extension) kept."""
    return _clock_rate("handle", a, p)


def _evaluated(p: Period) -> QuerySet[Matter]:
    return Matter.objects.filter(
        satisfaction_at__gte=p.start_at, satisfaction_at__lt=p.end_at
    ).exclude(satisfaction="")


def satisfaction(a: Attribution, p: Period) -> Counts:
    """群众满意率: evaluations in the period that were 满意 or 基本满意."""
    return a.fold(_rows(_evaluated(p), "handling_organ_id", Q(satisfaction__in=SATISFIED)))


def _received(p: Period) -> QuerySet[Matter]:
    return Matter.objects.filter(received_at__gte=p.start_at, received_at__lt=p.end_at).annotate(
        owner_id=Coalesce("handling_organ_id", "current_organ_id")
    )


def repeat_rate(a: Attribution, p: Period) -> Counts:
    """重复信访率: matters received in the period that repeat an earlier one of the same
    petitioner (lower is better)."""
    repeats = RepeatLink.objects.filter(matter_id=OuterRef("pk"), same_petitioner=True)
    rows = _received(p).annotate(repeat=Exists(repeats))
    return a.fold(_rows(rows, "owner_id", Q(repeat=True)))


def skip_level_share(a: Attribution, p: Period) -> Counts:
    """越级访: the territory's visits (by the place the problem arose) registered by an organ
    outside the territory, higher up (lower is better)."""
    rows = (
        Matter.objects.filter(
            channel=Channel.VISIT, received_at__gte=p.start_at, received_at__lt=p.end_at
        )
        .order_by()
        .values_list("region_code", "registering_organ__region_code")
        .annotate(n=Count("pk"))
    )
    folded: dict[int, list[int]] = {}
    for region, registered_in, n in rows:
        for target in a.targets_of_region(region or ""):
            organ_region = a.region_of[target]
            pair = folded.setdefault(target, [0, 0])
            pair[1] += n
            if not (registered_in or "").startswith(organ_region):
                pair[0] += n
    return {organ: (num, den) for organ, (num, den) in folded.items() if den}


def _opinions(stage: str, p: Period) -> QuerySet[Opinion]:
    return Opinion.objects.filter(stage=stage, issued_at__gte=p.start_at, issued_at__lt=p.end_at)


def _reviewed_rate(later: str, a: Attribution, p: Period) -> Counts:
    followed = Opinion.objects.filter(matter_id=OuterRef("matter_id"), stage=later)
    rows = _opinions(OpinionStage.HANDLE, p).annotate(followed=Exists(followed))
    return a.fold(_rows(rows, "organ_id", Q(followed=True)))


def review_rate(a: Attribution, p: Period) -> Counts:
    """复查率: handling opinions issued in the period whose matter went to review."""
    return _reviewed_rate(OpinionStage.REVIEW, a, p)


def rereview_rate(a: Attribution, p: Period) -> Counts:
    """复核率: handling opinions issued in the period whose matter went to re-review."""
    return _reviewed_rate(OpinionStage.REREVIEW, a, p)


def overturn_rate(a: Attribution, p: Period) -> Counts:
    """改变率: review and re-review opinions issued in the period on the organ's matters
    whose answer differs from the handling opinion's (lower is better)."""
    handle_kind = Opinion.objects.filter(
        matter_id=OuterRef("matter_id"), stage=OpinionStage.HANDLE
    ).values("kind")[:1]
    rows = (
        Opinion.objects.filter(
            stage__in=(OpinionStage.REVIEW, OpinionStage.REREVIEW),
            issued_at__gte=p.start_at,
            issued_at__lt=p.end_at,
        )
        .annotate(handle_kind=Subquery(handle_kind))
        .filter(handle_kind__isnull=False)
    )
    return a.fold(_rows(rows, "matter__handling_organ_id", ~Q(kind=F("handle_kind"))))


def supervision_on_time(a: Attribution, p: Period) -> Counts:
    """督办反馈及时率: supervision orders due in the period answered by their reply date."""
    rows = SupervisionOrder.objects.filter(reply_due__gte=p.start, reply_due__lte=p.end)
    kept = Q(replied_at__isnull=False, replied_at__date__lte=F("reply_due"))
    decided = (
        kept
        | Q(replied_at__date__gt=F("reply_due"))
        | Q(replied_at__isnull=True, reply_due__lt=p.cutoff)
    )
    return a.fold(_rows(rows, "to_organ_id", kept, decided))


# --- duties ----------------------------------------------------------------------------------


def reception_norm(a: Attribution, p: Period) -> Counts:
    """领导接访下访完成率: sessions held in the period by the leadership team's members, each
    counted up to their expected share of the yearly norms (细则第七条第一项)."""
    day = min(p.end, p.cutoff - dt.timedelta(days=1))
    norm = sum(duty_setting(name, on=day).value for name in NORM_SETTINGS)
    year_days = (dt.date(p.start.year + 1, 1, 1) - dt.date(p.start.year, 1, 1)).days
    elapsed = max((day - p.start).days + 1, 0)
    expected = norm * elapsed // year_days
    if expected == 0:
        return {}
    team = (
        Position.objects.filter(held_on(day), kind__in=LEADERSHIP_POSITION_KINDS)
        .order_by()
        .values_list("organ_id", "person_id")
        .distinct()
    )
    held = {
        (organ, leader): n
        for organ, leader, n in Reception.objects.filter(
            state=ReceptionState.HELD, scheduled_on__gte=p.start, scheduled_on__lte=day
        )
        .order_by()
        .values_list("organ_id", "leader_id")
        .annotate(n=Count("pk"))
    }
    return a.fold(
        (organ, min(held.get((organ, person), 0), expected), expected) for organ, person in team
    )


def instructions_done(a: Attribution, p: Period) -> Counts:
    """阅批完成率: letters and online petitions put before a leader in the period that the
    leader has instructed on."""
    rows = Instruction.objects.filter(put_before_on__gte=p.start, put_before_on__lte=p.end)
    return a.fold(_rows(rows, "organ_id", Q(instructed_on__isnull=False)))


def ownership_resolved(a: Attribution, p: Period) -> Counts:
    """包案化解率: cases owned during the period that were resolved by its end."""
    rows = CaseOwnership.objects.filter(assigned_on__lte=p.end).exclude(resolved_on__lt=p.start)
    return a.fold(_rows(rows, "organ_id", Q(resolved_on__isnull=False, resolved_on__lte=p.end)))


def incident_reports_on_time(a: Attribution, p: Period) -> Counts:
    """突发事件报告及时率: incidents known in the period whose first and written reports were
    both made by their deadlines (细则第八条第三项)."""
    rows = Incident.objects.filter(known_at__gte=p.start_at, known_at__lt=p.end_at)
    made = Q(first_reported_at__isnull=False, written_reported_at__isnull=False)
    return a.fold(_rows(rows, "organ_id", made & ~late_report_q()))


# --- oversight and accountability --------------------------------------------------------------


def inspection_coverage(a: Attribution, p: Period) -> Counts:
    """专项督查覆盖率 (细则第九条), from the inspections part; an empty scope has no data."""
    found = coverage_counts([organ.pk for organ in a.organs], p.start.year)
    return {organ: pair for organ, pair in found.items() if pair[1]}


def _count(rows: list[tuple[Any, int, int]], a: Attribution) -> Counts:
    """A plain count per assessed organ: every organ assessed has one (0 is a count)."""
    folded = a.fold((key, n, 1) for key, n, _d in rows)
    return {organ.pk: (folded.get(organ.pk, (0, 0))[0], 1) for organ in a.organs}


def leads(a: Attribution, p: Period) -> Counts:
    """责任追究线索数: leads on the organ whose failure fell in the period (lower is better)."""
    rows = Lead.objects.filter(failure_date__gte=p.start, failure_date__lte=p.end)
    return _count(_rows(rows, "organ_id", None), a)


def decisions(a: Attribution, p: Period) -> Counts:
    """责任追究决定数: accountability decisions taken in the period (lower is better)."""
    rows = Decision.objects.filter(
        state=DecisionState.DECIDED, decided_on__gte=p.start, decided_on__lte=p.end
    )
    return _count(_rows(rows, "organ_id", None), a)


def volume(a: Attribution, p: Period) -> dict[int, int]:
    """Matters received in the period per assessed organ: what per-volume indicators divide by."""
    return {k: den for k, (_n, den) in a.fold(_rows(_received(p), "owner_id", None)).items()}


# --- the catalogue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A computed indicator: its name, direction, formula, whether it is a count (values per
    volume, not a rate), the portfolio subject whose leader answers for it, and the matters
    behind a figure (``drill``: the organ's records of the indicator, or None)."""

    code: str
    title: Promise
    direction: Direction
    compute: Callable[[Attribution, Period], Counts]
    count: bool = False
    subject: str = PortfolioSubject.PETITION
    drill: Callable[[Attribution, Organ, Period], QuerySet[Matter]] | None = None


def _drill_clocks(code: str) -> Callable[[Attribution, Organ, Period], QuerySet[Matter]]:
    def drill(a: Attribution, organ: Organ, p: Period) -> QuerySet[Matter]:
        clocks = _clocks(code, p).filter(a.records_q(organ, "organ")).filter(_clock_decided(p))
        return Matter.objects.filter(pk__in=clocks.values("matter_id"))

    return drill


def _drill_evaluated(a: Attribution, organ: Organ, p: Period) -> QuerySet[Matter]:
    return _evaluated(p).filter(a.records_q(organ, "handling_organ"))


def _drill_received(a: Attribution, organ: Organ, p: Period) -> QuerySet[Matter]:
    return Matter.objects.filter(received_at__gte=p.start_at, received_at__lt=p.end_at).filter(
        a.records_q(organ, "handling_organ") | a.records_q(organ, "current_organ")
    )


def _drill_opinions(a: Attribution, organ: Organ, p: Period) -> QuerySet[Matter]:
    rows = _opinions(OpinionStage.HANDLE, p).filter(a.records_q(organ, "organ"))
    return Matter.objects.filter(pk__in=rows.values("matter_id"))


def _drill_supervised(a: Attribution, organ: Organ, p: Period) -> QuerySet[Matter]:
    rows = SupervisionOrder.objects.filter(reply_due__gte=p.start, reply_due__lte=p.end)
    return Matter.objects.filter(
        pk__in=rows.filter(a.records_q(organ, "to_organ")).values("matter_id")
    )


def indicator_title(code: str, title: str = "") -> str:
    """The name an indicator shows: the scheme's own, else the catalogue's (in the reader's
    language), else its code."""
    if title:
        return title
    entry = CATALOGUE.get(code)
    return str(entry.title) if entry is not None else code


CATALOGUE: Mapping[str, Entry] = {
    e.code: e
    for e in (
        Entry(
            "on_time_acceptance",
            _("及时受理率"),
            Direction.HIGHER_IS_BETTER,
            on_time_acceptance,
            drill=_drill_clocks("accept"),
        ),
        Entry(
            "on_time_conclusion",
            _("按期办结率"),
            Direction.HIGHER_IS_BETTER,
            on_time_conclusion,
            drill=_drill_clocks("handle"),
        ),
        Entry(
            "satisfaction",
            _("群众满意率"),
            Direction.HIGHER_IS_BETTER,
            satisfaction,
            drill=_drill_evaluated,
        ),
        Entry(
            "repeat_rate",
            _("重复信访率"),
            Direction.LOWER_IS_BETTER,
            repeat_rate,
            drill=_drill_received,
        ),
        Entry("skip_level", _("越级走访占比"), Direction.LOWER_IS_BETTER, skip_level_share),
        Entry(
            "review_rate",
            _("复查率"),
            Direction.LOWER_IS_BETTER,
            review_rate,
            drill=_drill_opinions,
        ),
        Entry(
            "rereview_rate",
            _("复核率"),
            Direction.LOWER_IS_BETTER,
            rereview_rate,
            drill=_drill_opinions,
        ),
        Entry("overturn_rate", _("复查复核改变率"), Direction.LOWER_IS_BETTER, overturn_rate),
        Entry(
            "supervision_on_time",
            _("督办反馈及时率"),
            Direction.HIGHER_IS_BETTER,
            supervision_on_time,
            drill=_drill_supervised,
        ),
        Entry(
            "reception_norm", _("领导接访下访完成率"), Direction.HIGHER_IS_BETTER, reception_norm
        ),
        Entry("instructions_done", _("阅批完成率"), Direction.HIGHER_IS_BETTER, instructions_done),
        Entry(
            "ownership_resolved", _("包案化解率"), Direction.HIGHER_IS_BETTER, ownership_resolved
        ),
        Entry(
            "incident_reports",
            _("突发事件报告及时率"),
            Direction.HIGHER_IS_BETTER,
            incident_reports_on_time,
        ),
        Entry(
            "inspection_coverage",
            _("专项督查覆盖率"),
            Direction.HIGHER_IS_BETTER,
            inspection_coverage,
            subject=PortfolioSubject.GENERAL,
        ),
        Entry("leads", _("责任追究线索数"), Direction.LOWER_IS_BETTER, leads, count=True),
        Entry(
            "decisions",
            _("责任追究决定数"),
            Direction.LOWER_IS_BETTER,
            decisions,
            count=True,
            subject=PortfolioSubject.DISCIPLINE,
        ),
    )
}
