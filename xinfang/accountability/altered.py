"""Signals of records altered (细则第十一条第一款第六项: 弄虚作假).

A step's recorded date that contradicts the matter's own trail — accepted before the matter
reached the organ, an opinion issued before the acceptance or the request for review, a reply
to supervision before the order, a report before the assignment, an execution before the
opinion, a hearing begun before its stage. Dates are compared by local day: the same day is
consistent. Evidence: the record, the date entered, the trail event it contradicts and its audit
entry (the system's own time). The signal is against the organ that entered the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from xinfang.orgs.models import Organ
from xinfang.petitions.matters.choices import EventAction, HearingStage, OpinionStage
from xinfang.petitions.matters.models import (
    Hearing,
    Matter,
    MatterEvent,
    MatterRoute,
    Opinion,
    SupervisionOrder,
)

from .choices import LeadKind
from .signals import (
    acted_for,
    entry_ref,
    event_ref,
    local_day,
    matter_trail_entry,
    opinion_ref,
    people_of_actors,
    record_signal,
)

if TYPE_CHECKING:
    from .detection import DetectionReport

M = TypeVar("M", bound=models.Model)

#: The step that opens each kind of hearing, and whether it is the hearing organ's own.
HEARING_OPENED_BY = (
    (HearingStage.REREVIEW, EventAction.REQUEST_REREVIEW, False),
    (HearingStage.HANDLE, EventAction.ACCEPT, True),
)

#: The step that opens each opinion's stage on the matter (the trail an opinion must follow).
STAGE_OPENED_BY = {
    OpinionStage.HANDLE: EventAction.ACCEPT,
    OpinionStage.REVIEW: EventAction.REQUEST_REVIEW,
    OpinionStage.REREVIEW: EventAction.REQUEST_REREVIEW,
}


# --- 第六项: a recorded date that contradicts the trail ---------------------------------------


def _altered(
    report: DetectionReport,
    *,
    actor: Any,
    check: str,
    record: dict[str, Any],
    entered: dt.datetime | dt.date,
    trail: list[dict[str, Any]],
    before: dt.datetime | dt.date,
    organ: Organ,
    matter: Matter,
    people: Iterable[int],
) -> None:
    entered_day = entered if not isinstance(entered, dt.datetime) else local_day(entered)
    before_day = before if not isinstance(before, dt.datetime) else local_day(before)
    params = {
        "code": "record_altered",
        "check": check,
        "matter": matter.pk,
        "subject": matter.summary,
        "organ": organ.name,
        "entered": entered_day.isoformat(),
        "before": before_day.isoformat(),
    }
    record_signal(
        report,
        kind=LeadKind.RECORD_ALTERED,
        organ=organ,
        day=entered_day,
        key=f"{LeadKind.RECORD_ALTERED.value}:{check}:{record['type']}-{record['id']}",
        params=params,
        evidence=[{**record, "check": check}, *trail, {"type": "matter", "id": matter.pk}],
        actor=actor,
        matter=matter,
        people=people,
    )


def _first_day(rows: models.QuerySet[Any], field: str) -> Subquery:
    """The local day of ``field`` of the first of ``rows`` (an outer-referenced subquery):
    dates are compared by day, so the same day is consistent."""
    return Subquery(rows.annotate(day=TruncDate(field)).values("day")[:1])


def _before_opening(
    rows: models.QuerySet[M], *, action: str, same_organ: bool, entered: str
) -> models.QuerySet[M]:
    """The rows whose ``entered`` day is before the first ``action`` event on their matter (by
    their own organ, when ``same_organ``): the step that opened their stage."""
    where = {"organ_id": OuterRef("organ_id")} if same_organ else {}
    opening = MatterEvent.objects.filter(
        matter_id=OuterRef("matter_id"), action=action, **where
    ).order_by("at", "id")
    found: models.QuerySet[M] = rows.annotate(opened_on=_first_day(opening, "at")).filter(
        **{f"{entered}__lt": F("opened_on")}
    )
    return found


def _first_event(matter_id: int, action: str, organ_id: int | None = None) -> MatterEvent | None:
    events = MatterEvent.objects.filter(matter_id=matter_id, action=action)
    if organ_id is not None:
        events = events.filter(organ_id=organ_id)
    return events.order_by("at", "id").first()


def _trail(event: MatterEvent | None, *, matter_id: int) -> list[dict[str, Any]]:
    if event is None:
        return []
    entry = matter_trail_entry(matter_id, event.action)
    return [event_ref(event), *([entry_ref(entry)] if entry is not None else [])]


def _check_acceptances(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Accepted or declined on a day before the matter reached the organ (its route)."""
    routes = MatterRoute.objects.filter(
        matter_id=OuterRef("matter_id"), to_organ_id=OuterRef("organ_id")
    ).order_by("routed_at", "id")
    steps = (
        MatterEvent.objects.filter(
            action__in=[EventAction.ACCEPT, EventAction.DECLINE],
            organ__isnull=False,
            at__date__gte=since,
        )
        .annotate(routed_on=_first_day(routes, "routed_at"))
        .filter(at__date__lt=F("routed_on"))
        .select_related("matter", "matter__category__parent", "organ")
    )
    for step in steps.order_by("at", "id"):
        route = routes.model.objects.filter(
            matter_id=step.matter_id, to_organ_id=step.organ_id
        ).order_by("routed_at", "id")[0]
        routed = _first_event(step.matter_id, route.kind)
        assert step.organ is not None
        _altered(
            report,
            actor=actor,
            check="accepted_before_arrival",
            record={**event_ref(step)},
            entered=step.at,
            trail=[
                {"type": "matter_route", "id": route.pk, "routed_at": route.routed_at.isoformat()},
                *_trail(routed, matter_id=step.matter_id),
            ],
            before=route.routed_at,
            organ=step.organ,
            matter=step.matter,
            people=people_of_actors([step.actor]),
        )


def _check_opinions(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """An opinion issued before its stage was opened (the acceptance, the request for review or
    re-review), or recorded as carried out before it was issued."""
    related = ("matter", "matter__category__parent", "matter__handling_organ", "organ")
    for stage, action in STAGE_OPENED_BY.items():
        early = _before_opening(
            Opinion.objects.filter(stage=stage, issued_at__date__gte=since),
            action=action,
            same_organ=stage == OpinionStage.HANDLE,
            entered="issued_at__date",
        ).select_related(*related)
        for opinion in early.order_by("issued_at", "id"):
            organ_id = opinion.organ_id if stage == OpinionStage.HANDLE else None
            opened = _first_event(opinion.matter_id, action, organ_id)
            assert opened is not None
            _altered(
                report,
                actor=actor,
                check="opinion_before_stage",
                record=opinion_ref(opinion),
                entered=opinion.issued_at,
                trail=_trail(opened, matter_id=opinion.matter_id),
                before=opened.at,
                organ=opinion.organ,
                matter=opinion.matter,
                people=acted_for(opinion.matter_id, opinion.organ_id, timezone.now()),
            )
    executed_early = Opinion.objects.filter(
        executed_at__isnull=False,
        issued_at__date__gte=since,
        executed_at__date__lt=TruncDate("issued_at"),
    ).select_related(*related)
    for executed in executed_early.order_by("issued_at", "id"):
        _executed_early(report, actor=actor, opinion=executed)


def _executed_early(report: DetectionReport, *, actor: Any, opinion: Opinion) -> None:
    """The execution of ``opinion`` recorded on a day before it was issued."""
    matter = opinion.matter
    executing = matter.handling_organ if opinion.stage != OpinionStage.HANDLE else opinion.organ
    if executing is None or opinion.executed_at is None:
        return
    _altered(
        report,
        actor=actor,
        check="executed_before_opinion",
        record={**opinion_ref(opinion), "executed_at": opinion.executed_at.isoformat()},
        entered=opinion.executed_at,
        trail=_trail(_first_event(matter.pk, EventAction.CONCLUDE), matter_id=matter.pk),
        before=opinion.issued_at,
        organ=executing,
        matter=matter,
        people=acted_for(matter.pk, executing.pk, timezone.now()),
    )


@dataclass(frozen=True)
class OwnDates:
    """A record whose entered date (``then``) must not precede its own earlier act
    (``first``): the organ in ``organ`` entered it; ``opened_by`` names the trail event of the
    earlier act."""

    check: str
    model: type[models.Model]
    record_type: str
    first: str
    then: str
    organ: str
    opened_by: Callable[[Any], str]


OWN_DATES = (
    OwnDates(
        "reply_before_order",
        SupervisionOrder,
        "supervision_order",
        "issued_at",
        "replied_at",
        "to_organ",
        lambda order: EventAction.SUPERVISION_ISSUED,
    ),
    OwnDates(
        "report_before_route",
        MatterRoute,
        "matter_route",
        "routed_at",
        "reported_at",
        "to_organ",
        lambda route: route.kind,
    ),
)


def _check_own_dates(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """A reply to a supervision order before the order; a report before the assignment."""
    for rule in OWN_DATES:
        rows: models.QuerySet[Any] = rule.model._default_manager.filter(
            **{
                f"{rule.then}__isnull": False,
                f"{rule.then}__date__gte": since,
                f"{rule.then}__date__lt": TruncDate(rule.first),
            }
        ).select_related("matter", "matter__category__parent", rule.organ)
        row: Any
        for row in rows.order_by(rule.then, "id"):
            first, then = getattr(row, rule.first), getattr(row, rule.then)
            organ = getattr(row, rule.organ)
            _altered(
                report,
                actor=actor,
                check=rule.check,
                record={
                    "type": rule.record_type,
                    "id": row.pk,
                    rule.first: first.isoformat(),
                    rule.then: then.isoformat(),
                },
                entered=then,
                trail=_trail(
                    _first_event(row.matter_id, rule.opened_by(row)), matter_id=row.matter_id
                ),
                before=first,
                organ=organ,
                matter=row.matter,
                people=acted_for(row.matter_id, organ.pk, timezone.now()),
            )


def _check_hearings(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """A hearing entered as begun before its stage was opened (a re-review hearing before the
    request for re-review; a handling hearing before the acceptance): the days it pauses are
    days the stage did not yet run."""
    for stage, action, same_organ in HEARING_OPENED_BY:
        hearings = _before_opening(
            Hearing.objects.filter(stage=stage, started_on__gte=since),
            action=action,
            same_organ=same_organ,
            entered="started_on",
        ).select_related("matter", "matter__category__parent", "organ")
        for hearing in hearings.order_by("started_on", "id"):
            opened = _first_event(
                hearing.matter_id, action, hearing.organ_id if same_organ else None
            )
            assert opened is not None
            _hearing_altered(report, actor=actor, hearing=hearing, opened=opened)


def _hearing_altered(
    report: DetectionReport, *, actor: Any, hearing: Hearing, opened: MatterEvent
) -> None:
    _altered(
        report,
        actor=actor,
        check="hearing_before_stage",
        record={
            "type": "hearing",
            "id": hearing.pk,
            "started_on": hearing.started_on.isoformat(),
            "recorded_at": hearing.recorded_at.isoformat(),
        },
        entered=hearing.started_on,
        trail=_trail(opened, matter_id=hearing.matter_id),
        before=opened.at,
        organ=hearing.organ,
        matter=hearing.matter,
        people=people_of_actors([hearing.recorded_by]),
    )


def detect_record_altered(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Recorded dates that contradict the matter's trail (细则第十一条第一款第六项)."""
    _check_acceptances(report, actor=actor, since=since)
    _check_opinions(report, actor=actor, since=since)
    _check_own_dates(report, actor=actor, since=since)
    _check_hearings(report, actor=actor, since=since)
