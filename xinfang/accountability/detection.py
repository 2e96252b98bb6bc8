"""Lead detection: failures the system can see in its own data become leads (线索).

- a matter not routed, accepted, concluded, reviewed or re-reviewed by its due date
  (细则第十一条第一款第二项: 未按照规定受理、交办、转送、处理): still open past the due date
  (``overdue_matters``, the matters app's own query), or its step done after the due date
  (a stopped ``MatterClock`` whose stop came late);
- a supervision order not answered by its reply deadline (第十一条第一款第二项: 督办);
- an opinion that supports the request (handling, review or re-review) not carried out by its
  execution deadline, or carried out after it (第十一条第一款第二项: 不执行信访事项处理意见);
- a rectification not completed by its deadline: an escalation lead (第十四条、第十五条);
- signals (待研判信号) of grounds the data only suggests (第三、六、八项: ``signals``,
  ``disclosure``), counted apart from the leads.

The ground is the rules core's: ``grounds_suggested_by`` of the signal. Each lead names the duty
holders on the failure date (the last day of the missed period) from the positions then in
force — the principal leader, the leaders whose portfolio covers the work that failed
(``failed_work_subject``: petition work for the petition office's own steps, the matter's
category for a department's; 细则第十一条第二款) and the staff who acted — says when the registry
cannot tell the 直接主管的负责人, and carries the references that show the failure. Every lead
has a dedup key ``kind:object:period``; running detection twice, or twice at once, creates
nothing new.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import F, Q
from django.utils import timezone

from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.models import (
    Matter,
    MatterClock,
    MatterEvent,
    Opinion,
    SupervisionOrder,
)
from xinfang.petitions.matters.selectors import overdue_matters
from xinfang.rules.grounds import Signal, grounds_suggested_by

from .altered import detect_record_altered
from .choices import LeadKind
from .disclosure import detect_disclosure
from .models import CaseParticipant, Lead, Rectification
from .selectors import (
    DutyHolder,
    duty_holders_on,
    failed_work_subject,
    missed_rectifications,
    role_of_person_on,
)
from .services.leads import lead_record_detected
from .signals import detect_dissatisfaction, detect_overturned
from .summaries import summary_in_chinese

R = TypeVar("R")

DETECTION_ACTOR = "system:detect-leads"
#: Failures whose dedup keys are checked in one query.
BATCH_SIZE = 500
#: How far back stopped-late clocks and late replies are looked for on each run (days).
DEFAULT_LOOKBACK_DAYS = 400

PERIOD_KIND: dict[str, LeadKind] = {
    "route": LeadKind.ROUTE_OVERDUE,
    "accept": LeadKind.ACCEPT_OVERDUE,
    "handle": LeadKind.HANDLE_OVERDUE,
    "review": LeadKind.REVIEW_OVERDUE,
    "rereview": LeadKind.REVIEW_OVERDUE,
}
#: The signal detectors (细则第十一条第一款第三、六、八项); ``--only signals`` names all four.
SIGNAL_DETECTORS: dict[str, Callable[..., None]] = {
    "overturned": detect_overturned,
    "dissatisfaction": detect_dissatisfaction,
    "altered": detect_record_altered,
    "disclosure": detect_disclosure,
}
#: The detectors of this app that ``detect_leads`` runs, by the name ``--only`` takes; apps
#: above this one (duties, oversight) add theirs with ``register_detector``.
DETECTORS = ("matters", "supervision", "opinions", "rectification", *SIGNAL_DETECTORS, "signals")
#: A detector: adds what it finds to the report; ``since`` is the earliest day it looks back to.
Detector = Callable[..., None]
_REGISTERED: dict[str, Detector] = {}
_USER_ACTOR = re.compile(r"^user:(\d+):")


@dataclass
class DetectionReport:
    """What one run found: new leads by kind, and how many failures were already leads."""

    today: dt.date
    created: Counter[str] = field(default_factory=Counter)
    existing: int = 0
    lead_ids: list[int] = field(default_factory=list)
    #: New signals (待研判信号) by kind, apart from the leads.
    signals: Counter[str] = field(default_factory=Counter)
    signal_ids: list[int] = field(default_factory=list)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "created": dict(sorted(self.created.items())),
            "created_total": self.total_created,
            "existing": self.existing,
            "lead_ids": self.lead_ids,
            "signals": dict(sorted(self.signals.items())),
            "signals_total": sum(self.signals.values()),
            "signal_ids": self.signal_ids,
        }


def ground_for(signal: Signal) -> int:
    """The ground the rules core associates with the signal (the first, in article order)."""
    found = grounds_suggested_by([signal])
    return found[0].number if found else 9


def _acting_people(matter_id: int, organ: Organ, until: dt.date) -> list[int]:
    """People who acted on the matter for ``organ`` up to ``until`` (from the event log)."""
    user_ids: set[int] = set()
    for actor in MatterEvent.objects.filter(
        matter_id=matter_id, organ_id=organ.pk, at__date__lte=until
    ).values_list("actor", flat=True):
        match = _USER_ACTOR.match(actor or "")
        if match:
            user_ids.add(int(match.group(1)))
    if not user_ids:
        return []
    return list(Person.objects.filter(user_id__in=sorted(user_ids)).values_list("pk", flat=True))


def _matter_evidence(matter: Matter, period: str, due: dt.date, clock_id: int | None) -> list[Any]:
    refs: list[dict[str, Any]] = [
        {
            "type": "matter",
            "id": matter.pk,
            "period": period,
            "due": due.isoformat(),
            "state": matter.state,
        }
    ]
    if clock_id is not None:
        refs.append({"type": "matter_clock", "id": clock_id, "period": period})
    for event_id, action, at in (
        MatterEvent.objects.filter(matter_id=matter.pk, at__date__lte=due)
        .order_by("-at", "-id")
        .values_list("id", "action", "at")[:5]
    ):
        refs.append(
            {"type": "matter_event", "id": event_id, "action": action, "at": at.isoformat()}
        )
    return refs


def _record_matter_failure(
    report: DetectionReport,
    *,
    matter: Matter,
    organ: Organ,
    period: str,
    due: dt.date,
    clock_id: int | None,
    actor: Any,
) -> None:
    kind = PERIOD_KIND[period]
    key = matter_key(matter.pk, period, due)
    subject = failed_work_subject(organ, period=period, matter=matter)
    holders = duty_holders_on(
        organ, due, subject=subject, staff_person_ids=_acting_people(matter.pk, organ, due)
    )
    params = {
        "code": "matter_overdue",
        "matter": matter.pk,
        "subject": matter.summary,
        "due": due.isoformat(),
        "period": period,
        "organ": organ.name,
    }
    lead, created = lead_record_detected(
        kind=kind,
        ground=ground_for(Signal(kind.value)),
        organ=organ,
        failure_date=due,
        dedup_key=key,
        summary=summary_in_chinese(params),
        summary_params=params,
        evidence=_matter_evidence(matter, period, due, clock_id),
        actor=actor,
        holders=holders,
        matter_id=matter.pk,
        work_subject=subject,
    )
    count_lead(report, lead.pk, kind, created)


def matter_key(matter_id: int, period: str, due: dt.date) -> str:
    """``<kind>:matter-<id>:<period>:<due>``; the same failure gives the same key in both passes."""
    return f"{PERIOD_KIND[period].value}:matter-{matter_id}:{period}:{due.isoformat()}"


def _new_only(
    report: DetectionReport, rows: Iterable[R], key_of: Callable[[R], str | None]
) -> Iterator[R]:
    """The rows whose lead does not exist yet: one query per batch of keys, not per row.

    On every run after the first nearly every failure is already a lead; those are counted
    as ``existing`` without any further work.
    """
    batch: list[tuple[R, str]] = []

    def drain() -> Iterator[R]:
        keys = [key for _, key in batch]
        known = set(Lead.objects.filter(dedup_key__in=keys).values_list("dedup_key", flat=True))
        for row, key in batch:
            if key in known:
                report.existing += 1
            else:
                yield row
        batch.clear()

    for row in rows:
        key = key_of(row)
        if key is None:
            continue
        batch.append((row, key))
        if len(batch) >= BATCH_SIZE:
            yield from drain()
    if batch:
        yield from drain()


def count_lead(report: DetectionReport, lead_id: int, kind: str, created: bool) -> None:
    """Count a lead a detector recorded (new, or found again)."""
    if created:
        report.created[str(kind)] += 1
        report.lead_ids.append(lead_id)
    else:
        report.existing += 1


def detect_overdue_matters(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Matters past due on ``report.today``: open ones, and steps completed after the due date."""
    today = report.today
    open_matters = (
        overdue_matters(today=today).select_related("current_organ", "category__parent").iterator()
    )
    for matter in _new_only(
        report,
        open_matters,
        lambda m: (
            matter_key(m.pk, m.action_period, m.action_due)
            if m.action_due is not None and m.action_period in PERIOD_KIND
            else None
        ),
    ):
        assert matter.action_due is not None
        clock = (
            MatterClock.objects.filter(
                matter_id=matter.pk, period=matter.action_period, stopped_on__isnull=True
            )
            .order_by("-id")
            .first()
        )
        _record_matter_failure(
            report,
            matter=matter,
            organ=clock.organ if clock is not None and clock.organ else matter.current_organ,
            period=matter.action_period,
            due=matter.action_due,
            clock_id=clock.pk if clock is not None else None,
            actor=actor,
        )
    late = (
        MatterClock.objects.filter(
            organ__isnull=False,
            period__in=list(PERIOD_KIND),
            due__lt=today,
            due__gte=since,
        )
        .filter(Q(stopped_on__gt=F("due")))
        .select_related("matter", "matter__category__parent", "organ")
        .order_by("due", "id")
    )
    for clock in _new_only(
        report, late.iterator(), lambda c: matter_key(c.matter_id, c.period, c.due)
    ):
        assert clock.organ is not None
        _record_matter_failure(
            report,
            matter=clock.matter,
            organ=clock.organ,
            period=clock.period,
            due=clock.due,
            clock_id=clock.pk,
            actor=actor,
        )


def detect_unanswered_supervision(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Supervision orders not answered by the reply deadline (open, or answered late)."""
    today = report.today
    orders = (
        SupervisionOrder.objects.filter(reply_due__lt=today)
        .filter(
            Q(replied_at__isnull=True)
            | Q(replied_at__date__gt=F("reply_due"), reply_due__gte=since)
        )
        .select_related("to_organ", "issuing_organ", "matter", "matter__category__parent")
        .order_by("reply_due", "id")
    )
    kind = LeadKind.SUPERVISION_UNANSWERED

    def key_of(order: SupervisionOrder) -> str:
        return f"{kind.value}:supervision-{order.pk}:{order.reply_due.isoformat()}"

    for order in _new_only(report, orders.iterator(), key_of):
        due = order.reply_due
        key = key_of(order)
        # The supervised work: the office's own routing, or the department's handling.
        subject = failed_work_subject(order.to_organ, matter=order.matter)
        holders = duty_holders_on(order.to_organ, due, subject=subject)
        params = {
            "code": "supervision_unanswered",
            "issuer": order.issuing_organ.name,
            "matter": order.matter_id,
            "organ": order.to_organ.name,
            "due": due.isoformat(),
        }
        lead, created = lead_record_detected(
            kind=kind,
            ground=ground_for(Signal.SUPERVISION_UNANSWERED),
            organ=order.to_organ,
            failure_date=due,
            dedup_key=key,
            summary=summary_in_chinese(params),
            summary_params=params,
            evidence=[
                {"type": "supervision_order", "id": order.pk, "reply_due": due.isoformat()},
                {"type": "matter", "id": order.matter_id},
            ],
            actor=actor,
            holders=holders,
            matter_id=order.matter_id,
            work_subject=subject,
        )
        count_lead(report, lead.pk, kind, created)


def _opinion_evidence(opinion: Opinion, due: dt.date) -> list[dict[str, Any]]:
    refs: list[dict[str, Any]] = [
        {
            "type": "opinion",
            "id": opinion.pk,
            "stage": opinion.stage,
            "kind": opinion.kind,
            "issued_at": opinion.issued_at.isoformat(),
            "execution_due": due.isoformat(),
            "executed_at": opinion.executed_at.isoformat() if opinion.executed_at else None,
        },
        {"type": "matter", "id": opinion.matter_id, "state": opinion.matter.state},
    ]
    for event_id, action, at in (
        MatterEvent.objects.filter(matter_id=opinion.matter_id, at__gte=opinion.issued_at)
        .filter(at__date__lte=due)
        .order_by("at", "id")
        .values_list("id", "action", "at")[:5]
    ):
        refs.append(
            {"type": "matter_event", "id": event_id, "action": action, "at": at.isoformat()}
        )
    return refs


def detect_unexecuted_opinions(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Supporting opinions not carried out by ``execution_due`` (open, or carried out late).

    The organ is the one that had to carry the opinion out (the handling organ); the duty
    holders are those there on the due date, with the staff who acted on the matter for it.
    """
    today = report.today
    opinions = (
        Opinion.objects.filter(execution_due__lt=today)
        .filter(
            Q(executed_at__isnull=True)
            | Q(executed_at__date__gt=F("execution_due"), execution_due__gte=since)
        )
        .select_related("organ", "matter", "matter__handling_organ", "matter__category__parent")
        .order_by("execution_due", "id")
    )
    kind = LeadKind.OPINION_NOT_EXECUTED

    def key_of(opinion: Opinion) -> str | None:
        if opinion.execution_due is None:
            return None
        return f"{kind.value}:opinion-{opinion.pk}:{opinion.execution_due.isoformat()}"

    for opinion in _new_only(report, opinions.iterator(), key_of):
        due = opinion.execution_due
        assert due is not None
        organ = (
            opinion.organ
            if opinion.executing_organ_id == opinion.organ_id
            else opinion.matter.handling_organ
        )
        if organ is None:
            continue
        matter = opinion.matter
        subject = failed_work_subject(organ, matter=matter)
        params = {
            "code": "opinion_not_executed",
            "matter": matter.pk,
            "subject": matter.summary,
            "stage": opinion.stage,
            "organ": organ.name,
            "due": due.isoformat(),
            "executed": timezone.localdate(opinion.executed_at).isoformat()
            if opinion.executed_at is not None
            else "",
        }
        lead, created = lead_record_detected(
            kind=kind,
            ground=ground_for(Signal.OPINION_NOT_EXECUTED),
            organ=organ,
            failure_date=due,
            dedup_key=f"{kind.value}:opinion-{opinion.pk}:{due.isoformat()}",
            summary=summary_in_chinese(params),
            summary_params=params,
            evidence=_opinion_evidence(opinion, due),
            actor=actor,
            holders=duty_holders_on(
                organ, due, subject=subject, staff_person_ids=_acting_people(matter.pk, organ, due)
            ),
            matter_id=matter.pk,
            work_subject=subject,
        )
        count_lead(report, lead.pk, kind, created)


def _escalation_holders(rectification: Rectification) -> list[DutyHolder]:
    case = rectification.case
    person = rectification.person
    if person is None:
        # The organ's own rectification is of the work its case found failing: the leaders
        # whose portfolio covers that work on the deadline (细则第十一条第二款).
        return duty_holders_on(case.organ, rectification.due, subject=case.lead.work_subject)
    participant = CaseParticipant.objects.filter(case_id=case.pk, person_id=person.pk).first()
    found = role_of_person_on(person, case.organ, rectification.due)
    role = participant.role if participant is not None else (found[0] if found else "staff")
    position = found[1] if found else None
    return [DutyHolder(person, case.organ, position, role)]


def detect_missed_rectifications(report: DetectionReport, *, actor: Any) -> None:
    """Rectifications not completed by their deadline: escalation leads (第十四条、第十五条)."""
    kind = LeadKind.RECTIFICATION_MISSED

    def key_of(rectification: Rectification) -> str:
        return f"{kind.value}:rectification-{rectification.pk}:{rectification.due.isoformat()}"

    missed = missed_rectifications(today=report.today).select_related("case__organ", "case__lead")
    for rectification in _new_only(report, missed.iterator(), key_of):
        case = rectification.case
        due = rectification.due
        key = key_of(rectification)
        ground = (case.grounds or [case.lead.ground])[0]
        subject = rectification.person.name if rectification.person else case.organ.name
        params = {
            "code": "rectification_missed",
            "subject": subject,
            # The measure a person failed to rectify after; an organ's rectification names none.
            "measure": rectification.measure if rectification.person else "",
            "due": due.isoformat(),
            "case": case.pk,
        }
        lead, created = lead_record_detected(
            kind=kind,
            ground=int(ground),
            organ=case.organ,
            failure_date=due,
            dedup_key=key,
            summary=summary_in_chinese(params),
            summary_params=params,
            evidence=[
                {
                    "type": "rectification",
                    "id": rectification.pk,
                    "due": due.isoformat(),
                    "measure": rectification.measure,
                },
                {"type": "decision", "id": rectification.decision_id},
                {"type": "case", "id": case.pk},
            ],
            actor=actor,
            holders=_escalation_holders(rectification),
            matter_id=case.lead.matter_id,
            rectification=rectification,
            # A person's escalation names that person; an organ's, its team for the work.
            work_subject=None if rectification.person else case.lead.work_subject,
        )
        count_lead(report, lead.pk, kind, created)


def register_detector(name: str, detector: Detector) -> None:
    """Add a detector of another app (called from its ``AppConfig.ready``): it is called as
    ``detector(report, actor=..., since=...)`` and records leads with ``lead_record_detected``
    (idempotent by dedup key), counting them with ``count_lead``."""
    if name in DETECTORS:
        raise ValueError(f"detector {name!r} is this app's own")
    _REGISTERED[name] = detector


def detector_names() -> tuple[str, ...]:
    """Every detector ``detect_leads`` can run, this app's first."""
    return (*DETECTORS, *_REGISTERED)


def detect_leads(
    *,
    today: dt.date | None = None,
    actor: Any = DETECTION_ACTOR,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
    kinds: Iterable[str] | None = None,
) -> DetectionReport:
    """Run every detector, leads and signals (or those named in ``kinds``; ``signals`` names
    the four signal detectors) for ``today`` (default: today). Idempotent."""
    day = today or timezone.localdate()
    since = day - dt.timedelta(days=lookback_days)
    report = DetectionReport(today=day)
    wanted = set(detector_names() if kinds is None else kinds)
    if "matters" in wanted:
        detect_overdue_matters(report, actor=actor, since=since)
    if "supervision" in wanted:
        detect_unanswered_supervision(report, actor=actor, since=since)
    if "opinions" in wanted:
        detect_unexecuted_opinions(report, actor=actor, since=since)
    if "rectification" in wanted:
        detect_missed_rectifications(report, actor=actor)
    for name, signal_detector in SIGNAL_DETECTORS.items():
        if name in wanted or "signals" in wanted:
            signal_detector(report, actor=actor, since=since)
    for name, detector in _REGISTERED.items():
        if name in wanted:
            detector(report, actor=actor, since=since)
    return report
