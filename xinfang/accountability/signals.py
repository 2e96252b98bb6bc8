"""Signals (待研判信号): grounds the data can only suggest, for the petition office to look at.

细则第十一条第一款 names grounds that no clock can prove. The data can still point at them:

- 第三项 (消极应付、推诿扯皮): a request declined or not supported and then supported on review
  or re-review (``overturned``: the organ whose decision was overturned); three or more
  dissatisfied ratings of one organ's handling of one matter (``dissatisfaction``; the number is
  the policy value ``signal_dissatisfied_ratings``);
- 第六项 (弄虚作假): a step's recorded date that contradicts the matter's own trail: see
  ``altered``;
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

from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone

from xinfang.audit.models import AuditEntry
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.choices import EventAction, OpinionKind, OpinionStage, Satisfaction
from xinfang.petitions.matters.models import (
    FollowUp,
    Matter,
    MatterEvent,
    Opinion,
    RepeatLink,
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


def entry_ref(entry: AuditEntry) -> dict[str, Any]:
    """An audit entry as evidence: the system's own time of the act."""
    return {
        "type": "audit_entry",
        "id": entry.pk,
        "action": entry.action,
        "at": entry.at.isoformat(),
    }


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


def acted_for(matter_id: int, organ_id: int, until: dt.datetime) -> list[int]:
    labels = MatterEvent.objects.filter(
        matter_id=matter_id, organ_id=organ_id, at__lte=until
    ).values_list("actor", flat=True)
    return people_of_actors(labels)


def opinion_ref(opinion: Opinion) -> dict[str, Any]:
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


def _upheld_params(upheld: Opinion, *, matter: Matter, organ: Organ) -> dict[str, Any]:
    """The summary's values of a decision of ``organ`` on ``matter`` that ``upheld`` overturned."""
    return {
        "matter": matter.pk,
        "subject": matter.summary,
        "organ": organ.name,
        "upheld_stage": upheld.stage,
        "upheld_by": upheld.organ.name,
        "date": local_day(upheld.issued_at).isoformat(),
    }


def _overturned(
    report: DetectionReport, *, actor: Any, upheld: Opinion, overturned: Opinion
) -> None:
    matter = upheld.matter
    organ = overturned.organ
    params = {
        "code": "overturned_on_review",
        **_upheld_params(upheld, matter=matter, organ=organ),
        "stage": overturned.stage,
    }
    record_signal(
        report,
        kind=LeadKind.OVERTURNED_ON_REVIEW,
        organ=organ,
        day=local_day(overturned.issued_at),
        key=f"{LeadKind.OVERTURNED_ON_REVIEW.value}:opinion-{overturned.pk}",
        params=params,
        evidence=[
            opinion_ref(overturned),
            opinion_ref(upheld),
            {"type": "matter", "id": matter.pk, "state": matter.state},
        ],
        actor=actor,
        matter=matter,
        people=acted_for(matter.pk, organ.pk, overturned.issued_at),
    )


def _declined_then_upheld(
    report: DetectionReport, *, actor: Any, upheld: Opinion, decline: MatterEvent
) -> None:
    assert decline.organ is not None
    organ = decline.organ
    params = {
        "code": "declined_then_upheld",
        **_upheld_params(upheld, matter=decline.matter, organ=organ),
        "later": upheld.matter_id,
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
            opinion_ref(upheld),
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
    # Counted in the database: only the matters that reach the number are read.
    matters = (
        Matter.objects.filter(
            Q(pk__in=recent.values("matter_id")) | Q(pk__in=rated.values("pk")),
            handling_organ__isnull=False,
        )
        .annotate(
            dissatisfied=Count("follow_ups", filter=Q(follow_ups__satisfaction=dissatisfied))
            + Case(When(satisfaction=dissatisfied, then=Value(1)), default=Value(0))
        )
        .filter(dissatisfied__gte=threshold)
    )
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
        people=acted_for(matter.pk, organ.pk, reached),
    )
