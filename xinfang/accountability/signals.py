"""Signals (待研判信号): grounds the data can only suggest, for the petition office to look at.

细则第十一条第一款 names grounds that no clock can prove. The data can still point at them:

- 第三项 (消极应付、推诿扯皮): a request declined or not supported and then supported on review
  or re-review (``overturned``: the organ whose decision was overturned); three or more
  dissatisfied ratings of one organ's handling of one matter (``dissatisfaction``; the number is
  the policy value ``signal_dissatisfied_ratings``);
- 第六项 (弄虚作假): a step's recorded date that contradicts the matter's own trail — accepted
  before the matter reached the organ, an opinion issued before the acceptance or the request
  for review, a reply to supervision before the order, a report before the assignment, an
  execution before the opinion, a hearing begun before its stage (``altered``);
- 第八项 (透露、转给被揭发控告人或单位): see ``disclosure``.

Each is recorded as a ``Lead`` of tier ``signal`` (``lead_record_detected``), with its evidence
and a dedup key, so a run twice creates nothing; the petition office promotes a signal to a
lead (``lead_promote``) or dismisses it with a reason (``lead_dismiss``). A detector is called as
``detector(report, actor=..., since=...)`` by ``detection.detect_leads``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from xinfang.audit.models import AuditEntry
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.choices import EventAction, OpinionKind, OpinionStage, Satisfaction
from xinfang.petitions.matters.models import (
    FollowUp,
    Hearing,
    Matter,
    MatterEvent,
    MatterRoute,
    Opinion,
    RepeatLink,
    SupervisionOrder,
)
from xinfang.rules.grounds import Signal, grounds_suggested_by
from xinfang.rules.profiles import profile_in_force

from .choices import LeadKind, LeadTier
from .selectors import duty_holders_on, failed_work_subject
from .services.leads import lead_record_detected
from .summaries import summary_in_chinese

if TYPE_CHECKING:
    from .detection import DetectionReport

_USER_LABEL = re.compile(r"^user:(\d+):")
#: The review stages whose supporting opinion overturns an earlier decision.
REVIEW_STAGES = (OpinionStage.REVIEW, OpinionStage.REREVIEW)
#: The step that opens each opinion's stage on the matter (the trail an opinion must follow).
STAGE_OPENED_BY = {
    OpinionStage.HANDLE: EventAction.ACCEPT,
    OpinionStage.REVIEW: EventAction.REQUEST_REVIEW,
    OpinionStage.REREVIEW: EventAction.REQUEST_REREVIEW,
}


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def people_of_actors(labels: Iterable[str]) -> list[int]:
    """The people of the accounts named by actor labels (``user:<id>:<name>``)."""
    user_ids = {int(m.group(1)) for m in map(_USER_LABEL.match, labels) if m}
    if not user_ids:
        return []
    rows = Person.objects.filter(user_id__in=sorted(user_ids)).values_list("pk", flat=True)
    return list(rows)


def user_of_actor(label: str) -> int | None:
    match = _USER_LABEL.match(label or "")
    return int(match.group(1)) if match else None


def event_ref(event: MatterEvent) -> dict[str, Any]:
    return {
        "type": "matter_event",
        "id": event.pk,
        "action": event.action,
        "at": event.at.isoformat(),
    }


def audit_ref(entry: AuditEntry | None) -> list[dict[str, Any]]:
    """The audit entry as evidence (the system's own time of the act), if there is one."""
    if entry is None:
        return []
    return [
        {"type": "audit_entry", "id": entry.pk, "action": entry.action, "at": entry.at.isoformat()}
    ]


def matter_trail_entry(matter_id: int, action: str) -> AuditEntry | None:
    """The first audit entry of ``action`` on the matter (``matter.<action>``)."""
    return (
        AuditEntry.objects.filter(
            object_type="petitions.matter", object_id=str(matter_id), action=f"matter.{action}"
        )
        .order_by("seq")
        .first()
    )


def record_signal(
    report: DetectionReport,
    *,
    kind: LeadKind,
    organ: Organ,
    day: dt.date,
    key: str,
    params: dict[str, Any],
    evidence: list[dict[str, Any]],
    actor: Any,
    matter: Matter | None,
    people: Iterable[int] = (),
) -> None:
    """Record one signal (idempotent by ``key``) and count it in the report's signals."""
    subject = failed_work_subject(organ, matter=matter)
    found = grounds_suggested_by([Signal(kind.value)])
    lead, created = lead_record_detected(
        kind=kind,
        ground=found[0].number if found else 9,
        organ=organ,
        failure_date=day,
        dedup_key=key,
        summary=summary_in_chinese(params),
        summary_params=params,
        evidence=evidence,
        actor=actor,
        holders=duty_holders_on(organ, day, subject=subject, staff_person_ids=people),
        matter_id=matter.pk if matter is not None else None,
        work_subject=subject,
        tier=LeadTier.SIGNAL,
    )
    if created:
        report.signals[kind.value] += 1
        report.signal_ids.append(lead.pk)
    else:
        report.existing += 1


def _acted_for(matter_id: int, organ_id: int, until: dt.datetime) -> list[int]:
    labels = MatterEvent.objects.filter(
        matter_id=matter_id, organ_id=organ_id, at__lte=until
    ).values_list("actor", flat=True)
    return people_of_actors(labels)


def _opinion_ref(opinion: Opinion) -> dict[str, Any]:
    return {
        "type": "opinion",
        "id": opinion.pk,
        "stage": opinion.stage,
        "kind": opinion.kind,
        "issued_at": opinion.issued_at.isoformat(),
    }


# --- 第三项: overturned on review ------------------------------------------------------------


def detect_overturned(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Decisions not supporting the request, or declining the matter, then supported on review
    or re-review: a signal against the organ whose decision was overturned."""
    upheld = (
        Opinion.objects.filter(
            stage__in=REVIEW_STAGES,
            kind=OpinionKind.SUPPORT,
            issued_at__date__gte=since,
            issued_at__date__lte=report.today,
        )
        .select_related("matter", "matter__category__parent", "organ")
        .order_by("issued_at", "id")
    )
    for opinion in upheld:
        earlier = Opinion.objects.filter(
            matter_id=opinion.matter_id,
            kind=OpinionKind.NOT_SUPPORTED,
            issued_at__lte=opinion.issued_at,
        ).exclude(pk=opinion.pk)
        for overturned in earlier.select_related("organ").order_by("issued_at", "id"):
            _overturned(report, actor=actor, upheld=opinion, overturned=overturned)
        # The same petitioner's earlier matter declined (不予受理), now supported.
        links = RepeatLink.objects.filter(matter_id=opinion.matter_id, same_petitioner=True)
        declines = MatterEvent.objects.filter(
            matter_id__in=links.values("earlier_id"),
            action=EventAction.DECLINE,
            organ__isnull=False,
            at__lte=opinion.issued_at,
        ).select_related("organ", "matter", "matter__category__parent")
        for decline in declines.order_by("at", "id"):
            _declined_then_upheld(report, actor=actor, upheld=opinion, decline=decline)


def _overturned(
    report: DetectionReport, *, actor: Any, upheld: Opinion, overturned: Opinion
) -> None:
    matter = upheld.matter
    organ = overturned.organ
    params = {
        "code": "overturned_on_review",
        "matter": matter.pk,
        "subject": matter.summary,
        "organ": organ.name,
        "stage": overturned.stage,
        "upheld_stage": upheld.stage,
        "upheld_by": upheld.organ.name,
        "date": local_day(upheld.issued_at).isoformat(),
    }
    record_signal(
        report,
        kind=LeadKind.OVERTURNED_ON_REVIEW,
        organ=organ,
        day=local_day(overturned.issued_at),
        key=f"{LeadKind.OVERTURNED_ON_REVIEW.value}:opinion-{overturned.pk}",
        params=params,
        evidence=[
            _opinion_ref(overturned),
            _opinion_ref(upheld),
            {"type": "matter", "id": matter.pk, "state": matter.state},
        ],
        actor=actor,
        matter=matter,
        people=_acted_for(matter.pk, organ.pk, overturned.issued_at),
    )


def _declined_then_upheld(
    report: DetectionReport, *, actor: Any, upheld: Opinion, decline: MatterEvent
) -> None:
    assert decline.organ is not None
    organ = decline.organ
    params = {
        "code": "declined_then_upheld",
        "matter": decline.matter_id,
        "subject": decline.matter.summary,
        "organ": organ.name,
        "later": upheld.matter_id,
        "upheld_stage": upheld.stage,
        "upheld_by": upheld.organ.name,
        "date": local_day(upheld.issued_at).isoformat(),
    }
    record_signal(
        report,
        kind=LeadKind.OVERTURNED_ON_REVIEW,
        organ=organ,
        day=local_day(decline.at),
        key=f"{LeadKind.OVERTURNED_ON_REVIEW.value}:decline-{decline.pk}",
        params=params,
        evidence=[
            {"type": "matter", "id": decline.matter_id},
            event_ref(decline),
            {"type": "matter", "id": upheld.matter_id},
            _opinion_ref(upheld),
        ],
        actor=actor,
        matter=decline.matter,
        people=people_of_actors([decline.actor]),
    )


# --- 第三项: repeated dissatisfaction --------------------------------------------------------


def dissatisfied_ratings_min(on: dt.date) -> int:
    """How many dissatisfied ratings of one handling make a signal (a policy value)."""
    return profile_in_force(on).duty("signal_dissatisfied_ratings").value


def detect_dissatisfaction(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Matters whose handling the petitioner rated dissatisfied (the rating and the follow-up
    visits) at least ``signal_dissatisfied_ratings`` times: a signal against the handling
    organ, dated the day the count was reached."""
    dissatisfied = Satisfaction.DISSATISFIED
    threshold = dissatisfied_ratings_min(report.today)
    recent = FollowUp.objects.filter(satisfaction=dissatisfied, at__date__gte=since)
    rated = Matter.objects.filter(satisfaction=dissatisfied, satisfaction_at__date__gte=since)
    candidates = {*recent.values_list("matter_id", flat=True), *rated.values_list("pk", flat=True)}
    matters = Matter.objects.filter(pk__in=sorted(candidates), handling_organ__isnull=False)
    for matter in matters.select_related("handling_organ", "category__parent").order_by("pk"):
        _dissatisfaction(report, actor=actor, matter=matter, threshold=threshold)


def _dissatisfaction(
    report: DetectionReport, *, actor: Any, matter: Matter, threshold: int
) -> None:
    organ = matter.handling_organ
    assert organ is not None
    ratings: list[tuple[dt.datetime, dict[str, Any]]] = []
    if matter.satisfaction == Satisfaction.DISSATISFIED and matter.satisfaction_at is not None:
        rated = (
            MatterEvent.objects.filter(matter_id=matter.pk, action=EventAction.RATED)
            .order_by("at", "id")
            .first()
        )
        ref = event_ref(rated) if rated is not None else {"type": "matter", "id": matter.pk}
        ratings.append((matter.satisfaction_at, {**ref, "satisfaction": Satisfaction.DISSATISFIED}))
    for follow_up in FollowUp.objects.filter(
        matter_id=matter.pk, satisfaction=Satisfaction.DISSATISFIED, at__date__lte=report.today
    ):
        ratings.append(
            (
                follow_up.at,
                {
                    "type": "follow_up",
                    "id": follow_up.pk,
                    "at": follow_up.at.isoformat(),
                    "satisfaction": follow_up.satisfaction,
                },
            )
        )
    if len(ratings) < threshold:
        return
    ratings.sort(key=lambda item: item[0])
    reached = ratings[threshold - 1][0]
    params = {
        "code": "repeated_dissatisfaction",
        "matter": matter.pk,
        "subject": matter.summary,
        "organ": organ.name,
        "count": len(ratings),
    }
    record_signal(
        report,
        kind=LeadKind.REPEATED_DISSATISFACTION,
        organ=organ,
        day=local_day(reached),
        key=f"{LeadKind.REPEATED_DISSATISFACTION.value}:matter-{matter.pk}:organ-{organ.pk}",
        params=params,
        evidence=[{"type": "matter", "id": matter.pk}, *(ref for _, ref in ratings)],
        actor=actor,
        matter=matter,
        people=_acted_for(matter.pk, organ.pk, reached),
    )


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


def _earlier_day(a: dt.datetime | dt.date, b: dt.datetime | dt.date) -> bool:
    """Whether ``a`` falls on a day before ``b`` (local days: the same day is consistent)."""
    day_a = local_day(a) if isinstance(a, dt.datetime) else a
    day_b = local_day(b) if isinstance(b, dt.datetime) else b
    return day_a < day_b


def _first_event(matter_id: int, action: str, organ_id: int | None = None) -> MatterEvent | None:
    events = MatterEvent.objects.filter(matter_id=matter_id, action=action)
    if organ_id is not None:
        events = events.filter(organ_id=organ_id)
    return events.order_by("at", "id").first()


def _trail(event: MatterEvent | None, *, matter_id: int) -> list[dict[str, Any]]:
    if event is None:
        return []
    return [event_ref(event), *audit_ref(matter_trail_entry(matter_id, event.action))]


def _check_acceptances(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Accepted or declined on a day before the matter reached the organ (its route)."""
    steps = MatterEvent.objects.filter(
        action__in=[EventAction.ACCEPT, EventAction.DECLINE],
        organ__isnull=False,
        at__date__gte=since,
    ).select_related("matter", "matter__category__parent", "organ")
    for step in steps.order_by("at", "id"):
        route = (
            MatterRoute.objects.filter(matter_id=step.matter_id, to_organ_id=step.organ_id)
            .order_by("routed_at", "id")
            .first()
        )
        if route is None or not _earlier_day(step.at, route.routed_at):
            continue
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
    opinions = Opinion.objects.filter(issued_at__date__gte=since).select_related(
        "matter", "matter__category__parent", "matter__handling_organ", "organ"
    )
    for opinion in opinions.order_by("issued_at", "id"):
        matter = opinion.matter
        opened_by = STAGE_OPENED_BY.get(OpinionStage(opinion.stage))
        organ_id = opinion.organ_id if opinion.stage == OpinionStage.HANDLE else None
        opened = _first_event(matter.pk, opened_by, organ_id) if opened_by else None
        people = _acted_for(matter.pk, opinion.organ_id, timezone.now())
        if opened is not None and _earlier_day(opinion.issued_at, opened.at):
            _altered(
                report,
                actor=actor,
                check="opinion_before_stage",
                record=_opinion_ref(opinion),
                entered=opinion.issued_at,
                trail=_trail(opened, matter_id=matter.pk),
                before=opened.at,
                organ=opinion.organ,
                matter=matter,
                people=people,
            )
        executing = matter.handling_organ if opinion.stage != OpinionStage.HANDLE else opinion.organ
        if (
            opinion.executed_at is not None
            and executing is not None
            and _earlier_day(opinion.executed_at, opinion.issued_at)
        ):
            _altered(
                report,
                actor=actor,
                check="executed_before_opinion",
                record={**_opinion_ref(opinion), "executed_at": opinion.executed_at.isoformat()},
                entered=opinion.executed_at,
                trail=_trail(_first_event(matter.pk, EventAction.CONCLUDE), matter_id=matter.pk),
                before=opinion.issued_at,
                organ=executing,
                matter=matter,
                people=people,
            )


def _check_replies(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """A reply to a supervision order before the order; a report before the assignment."""
    orders = SupervisionOrder.objects.filter(
        replied_at__isnull=False, replied_at__date__gte=since
    ).select_related("matter", "matter__category__parent", "to_organ")
    for order in orders.order_by("replied_at", "id"):
        assert order.replied_at is not None
        if not _earlier_day(order.replied_at, order.issued_at):
            continue
        issued = _first_event(order.matter_id, EventAction.SUPERVISION_ISSUED)
        _altered(
            report,
            actor=actor,
            check="reply_before_order",
            record={
                "type": "supervision_order",
                "id": order.pk,
                "issued_at": order.issued_at.isoformat(),
                "replied_at": order.replied_at.isoformat(),
            },
            entered=order.replied_at,
            trail=_trail(issued, matter_id=order.matter_id),
            before=order.issued_at,
            organ=order.to_organ,
            matter=order.matter,
            people=_acted_for(order.matter_id, order.to_organ_id, timezone.now()),
        )
    routes = MatterRoute.objects.filter(
        reported_at__isnull=False, reported_at__date__gte=since
    ).select_related("matter", "matter__category__parent", "to_organ")
    for route in routes.order_by("reported_at", "id"):
        assert route.reported_at is not None
        if not _earlier_day(route.reported_at, route.routed_at):
            continue
        _altered(
            report,
            actor=actor,
            check="report_before_route",
            record={
                "type": "matter_route",
                "id": route.pk,
                "routed_at": route.routed_at.isoformat(),
                "reported_at": route.reported_at.isoformat(),
            },
            entered=route.reported_at,
            trail=_trail(_first_event(route.matter_id, route.kind), matter_id=route.matter_id),
            before=route.routed_at,
            organ=route.to_organ,
            matter=route.matter,
            people=_acted_for(route.matter_id, route.to_organ_id, timezone.now()),
        )


def _check_hearings(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """A hearing entered as begun before its stage was opened (a re-review hearing before the
    request for re-review; a handling hearing before the acceptance): the days it pauses are
    days the stage did not yet run."""
    hearings = Hearing.objects.filter(started_on__gte=since).select_related(
        "matter", "matter__category__parent", "organ"
    )
    for hearing in hearings.order_by("started_on", "id"):
        if hearing.stage == OpinionStage.REREVIEW:
            opened = _first_event(hearing.matter_id, EventAction.REQUEST_REREVIEW)
        else:
            opened = _first_event(hearing.matter_id, EventAction.ACCEPT, hearing.organ_id)
        if opened is None or not _earlier_day(hearing.started_on, opened.at):
            continue
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
    _check_replies(report, actor=actor, since=since)
    _check_hearings(report, actor=actor, since=since)
