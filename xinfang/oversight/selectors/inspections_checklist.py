"""The checklist of a special inspection: the duties of 细则第四条至第八条, each pre-filled with
the inspected organ's figures of the year from the system's records.

Figures are counts only (never a matter's or a petitioner's particulars): the snapshot is
stored on the checklist item and shown to everyone who may read the inspection, so it must not
carry what the access policy hides from some of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xinfang.duties.models import (
    AgendaItem,
    CaseOwnership,
    Incident,
    MajorDecision,
    Reception,
)
from xinfang.duties.models.leaders import OwnershipState, ReceptionState
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import MatterClock


@dataclass(frozen=True)
class Period:
    """The year inspected, and the day the figures are read as of (the year's end, or today
    while it runs)."""

    start: dt.date
    end: dt.date
    as_of: dt.date

    @classmethod
    def of(cls, year: int, today: dt.date) -> Period:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return cls(start, end, min(end, today))


def _agenda(organ: Organ, p: Period) -> dict[str, int]:
    rows = AgendaItem.objects.filter(organ=organ, held_on__range=(p.start, p.as_of))
    return rows.aggregate(
        items=Count("id"),
        follow_up_overdue=Count(
            "id",
            filter=Q(follow_up_due__lt=p.as_of, done_at__isnull=True, follow_up_due__isnull=False),
        ),
    )


def _decisions(organ: Organ, p: Period) -> dict[str, int]:
    rows = MajorDecision.objects.filter(organ=organ, decided_on__range=(p.start, p.as_of))
    figures = rows.aggregate(
        decisions=Count("id"),
        assessable=Count("id", filter=Q(in_scope=True)),
        assessed=Count("id", filter=Q(in_scope=True, assessment__isnull=False)),
    )
    figures["not_assessed"] = figures["assessable"] - figures["assessed"]
    return figures


def _matters(organ: Organ, p: Period) -> dict[str, int]:
    rows = MatterClock.objects.filter(organ=organ, due__range=(p.start, p.as_of))
    return rows.aggregate(
        periods=Count("id"),
        on_time=Count("id", filter=Q(stopped_on__isnull=False, stopped_on__lte=F("due"))),
        late=Count("id", filter=Q(stopped_on__gt=F("due"))),
        overdue_open=Count("id", filter=Q(stopped_on__isnull=True, due__lt=p.as_of)),
    )


def _receptions(organ: Organ, p: Period) -> dict[str, int]:
    rows = Reception.objects.filter(organ=organ, scheduled_on__range=(p.start, p.as_of))
    return rows.aggregate(
        scheduled=Count("id"),
        held=Count("id", filter=Q(state=ReceptionState.HELD)),
        not_held=Count("id", filter=Q(state=ReceptionState.NOT_HELD)),
    )


def _ownership(organ: Organ, p: Period) -> dict[str, int]:
    rows = CaseOwnership.objects.filter(organ=organ, assigned_on__lte=p.as_of).filter(
        Q(resolved_on__isnull=True) | Q(resolved_on__gte=p.start)
    )
    return rows.aggregate(
        owned=Count("id"),
        resolved=Count("id", filter=Q(state=OwnershipState.RESOLVED, resolved_on__lte=p.as_of)),
    )


def _incidents(organ: Organ, p: Period) -> dict[str, int]:
    end = dt.datetime.combine(p.as_of + dt.timedelta(days=1), dt.time())
    start = dt.datetime.combine(p.start, dt.time())
    rows = Incident.objects.filter(
        organ=organ, known_at__gte=_aware(start), known_at__lt=_aware(end)
    )
    return rows.aggregate(
        incidents=Count("id"),
        reported_late=Count(
            "id",
            filter=Q(first_reported_at__gt=F("first_report_due"))
            | Q(first_reported_at__isnull=True, first_report_due__lt=_aware(end)),
        ),
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment)


@dataclass(frozen=True)
class ChecklistPoint:
    """One point of the checklist: its key, what it checks, the article, how its figures are
    read, and the labels of the figures."""

    key: str
    title: Promise
    article: Promise
    figures: Callable[[Organ, Period], dict[str, int]]
    labels: tuple[tuple[str, Promise], ...]


CHECKLIST: tuple[ChecklistPoint, ...] = (
    ChecklistPoint(
        "agenda",
        _("信访工作列入议事日程，定期听取汇报、研究解决重要问题"),
        _("细则第四条第一款"),
        _agenda,
        (("items", _("研究信访工作的议题")), ("follow_up_overdue", _("议定事项逾期未落实"))),
    ),
    ChecklistPoint(
        "decisions",
        _("重大决策社会稳定风险评估"),
        _("细则第四条第一款"),
        _decisions,
        (
            ("decisions", _("登记的重大决策")),
            ("assessable", _("属于评估范围")),
            ("assessed", _("已评估")),
            ("not_assessed", _("未评估")),
        ),
    ),
    ChecklistPoint(
        "matters",
        _("信访事项依法按期办理"),
        _("细则第五条第一款、第八条第一项"),
        _matters,
        (
            ("periods", _("到期的法定期限")),
            ("on_time", _("按期办理")),
            ("late", _("逾期办理")),
            ("overdue_open", _("逾期未办")),
        ),
    ),
    ChecklistPoint(
        "receptions",
        _("领导干部定期接访下访"),
        _("细则第七条第一项"),
        _receptions,
        (("scheduled", _("公布的接访下访")), ("held", _("已举行")), ("not_held", _("未举行"))),
    ),
    ChecklistPoint(
        "ownership",
        _("重要信访事项、信访突出问题包案处理"),
        _("细则第七条第二项"),
        _ownership,
        (("owned", _("包案事项")), ("resolved", _("已化解"))),
    ),
    ChecklistPoint(
        "incidents",
        _("集体访、负面舆情、极端事件及时处置并报告"),
        _("细则第七条第三项、第八条第三项"),
        _incidents,
        (("incidents", _("发生的事件")), ("reported_late", _("迟报或未报"))),
    ),
)

POINTS = {point.key: point for point in CHECKLIST}


def checklist_figures(organ: Organ, year: int, today: dt.date) -> dict[str, dict[str, Any]]:
    """Each point's figures for ``organ`` in ``year`` as of ``today``, with the period read."""
    period = Period.of(year, today)
    read = {"from": period.start.isoformat(), "to": period.as_of.isoformat()}
    return {point.key: {**point.figures(organ, period), **read} for point in CHECKLIST}


def figure_lines(key: str, figures: dict[str, Any]) -> list[tuple[str, Any]]:
    """The labelled figures of a checklist item, in the point's order."""
    point = POINTS.get(key)
    if point is None:
        return []
    return [(str(label), figures.get(name, 0)) for name, label in point.labels]
