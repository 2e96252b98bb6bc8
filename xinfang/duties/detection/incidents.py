"""Lead detection for 细则第七条第三项、第八条第三、四项 (joins ``xinfang detect-leads``).

- ``incident_reported_late`` (ground 七, 缓报): the first report or the written report of an
  incident was made after its deadline (``Incident.first_report_due`` / ``written_report_due``,
  from the duty settings ``incident_first_report_hours`` / ``incident_written_report_hours``);
- ``incident_not_reported`` (ground 七): the deadline passed and no such report was made;
- ``incident_escalated`` (ground 四, 处置不力，导致事态扩大): the incident grew after slow handling
  (``xinfang.duties.selectors.incidents.slow_handling``).

One lead per incident and report (``first`` / ``written``) — an incident once found not
reported is not found again as reported late — and one escalation lead per incident. The duty
holders are those of the responsible organ on the failure date: its principal leader, the
supervising leader of petition work (or of the linked matter's category) and the staff member
who knew of it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import (
    DetectionReport,
    count_lead,
    ground_for,
    register_detector,
)
from xinfang.accountability.models import Lead
from xinfang.accountability.selectors import duty_holders_on, failed_work_subject
from xinfang.accountability.services.leads import lead_record_detected
from xinfang.accountability.summaries import register_summary, summary_in_chinese
from xinfang.orgs.choices import PortfolioSubject
from xinfang.rules.grounds import Signal

from ..models.incidents import Incident, IncidentEscalation
from ..selectors.incidents import REPORT_LABELS, escalation_reading, slow_reading_text

REPORTS = ("first", "written")


def _cutoff(today: dt.date) -> dt.datetime:
    """The moment detection looks from: now when run for today, else the end of ``today``."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))


def _holders_and_subject(incident: Incident, day: dt.date) -> tuple[list[Any], str]:
    """The duty holders of the responsible organ on ``day`` and the portfolio of the work:
    petition work, or the category of the first linked matter that names one."""
    subject = ""
    for matter in incident.matters.select_related("category__parent").order_by("pk"):
        subject = failed_work_subject(incident.organ, matter=matter)
        if subject:
            break
    subject = subject or PortfolioSubject.PETITION
    holders = duty_holders_on(
        incident.organ, day, subject=subject, staff_person_ids=[incident.known_by_id]
    )
    return holders, subject


def _local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).isoformat() if moment is not None else ""


def _incident_item(incident: Incident) -> dict[str, Any]:
    return {
        "type": "incident",
        "id": incident.pk,
        "kind": incident.kind,
        "known_at": _local(incident.known_at),
    }


def _report_items(incident: Incident) -> list[dict[str, Any]]:
    return [
        {"type": "incident_report", "id": r.pk, "at": _local(r.made_at), "channel": r.channel}
        for r in incident.reports.order_by("made_at", "id")
    ]


def _first_matter(incident: Incident) -> int | None:
    return incident.matters.order_by("pk").values_list("pk", flat=True).first()


def _record(
    report: DetectionReport,
    incident: Incident,
    *,
    kind: LeadKind,
    key: str,
    failure_date: dt.date,
    params: dict[str, Any],
    evidence: list[dict[str, Any]],
    actor: Any,
) -> None:
    holders, subject = _holders_and_subject(incident, failure_date)
    lead, created = lead_record_detected(
        kind=kind,
        ground=ground_for(Signal(kind.value)),
        organ=incident.organ,
        failure_date=failure_date,
        dedup_key=key,
        summary=summary_in_chinese(params),
        summary_params=params,
        evidence=evidence,
        actor=actor,
        holders=holders,
        matter_id=_first_matter(incident),
        work_subject=subject,
    )
    count_lead(report, lead.pk, kind, created)


def report_key(kind: LeadKind, incident_id: int, which: str) -> str:
    """``<kind>:incident-<id>:<first|written>``."""
    return f"{kind.value}:incident-{incident_id}:{which}"


#: The stored deadline and the time made, by report.
REPORT_FIELDS = {
    "first": ("first_report_due", "first_reported_at"),
    "written": ("written_report_due", "written_reported_at"),
}


def _report_failures(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """One query for the incidents owing or late with a report, one for the leads already
    recorded on them."""
    cutoff = _cutoff(report.today)
    since_at = timezone.make_aware(dt.datetime.combine(since, dt.time()))
    failing = Q(pk__in=[])
    for due_field, done_field in REPORT_FIELDS.values():
        failing |= Q(**{f"{done_field}__isnull": True, f"{due_field}__lt": cutoff})
        failing |= Q(**{f"{done_field}__gt": F(due_field), f"{due_field}__gte": since_at})
    found: list[tuple[Incident, str, LeadKind]] = []
    for incident in Incident.objects.filter(failing).select_related("organ").order_by("pk"):
        for which, (due_field, done_field) in REPORT_FIELDS.items():
            due: dt.datetime = getattr(incident, due_field)
            done: dt.datetime | None = getattr(incident, done_field)
            if done is None and due < cutoff:
                found.append((incident, which, LeadKind.INCIDENT_NOT_REPORTED))
            elif done is not None and done > due and due >= since_at:
                found.append((incident, which, LeadKind.INCIDENT_REPORTED_LATE))
    if not found:
        return
    # Found before — or found not reported and reported since: one lead a report.
    keys = [
        report_key(kind, incident.pk, which)
        for incident, which, _ in found
        for kind in (LeadKind.INCIDENT_NOT_REPORTED, LeadKind.INCIDENT_REPORTED_LATE)
    ]
    known = set(Lead.objects.filter(dedup_key__in=keys).values_list("dedup_key", flat=True))
    for incident, which, kind in found:
        if report_key(LeadKind.INCIDENT_NOT_REPORTED, incident.pk, which) in known or (
            report_key(kind, incident.pk, which) in known
        ):
            report.existing += 1
            continue
        due_field, done_field = REPORT_FIELDS[which]
        due = getattr(incident, due_field)
        params = {
            "code": kind.value,
            "incident": incident.pk,
            "title": incident.title,
            "organ": incident.organ.name,
            "report": which,
            "known_at": _local(incident.known_at),
            "due": _local(due),
            "reported_at": _local(getattr(incident, done_field)),
        }
        evidence = [
            {**_incident_item(incident), "report": which, "due": _local(due)},
            *_report_items(incident),
        ]
        _record(
            report,
            incident,
            kind=kind,
            key=report_key(kind, incident.pk, which),
            failure_date=timezone.localdate(due),
            params=params,
            evidence=evidence,
            actor=actor,
        )


def escalation_key(incident_id: int) -> str:
    """``incident_escalated:incident-<id>``: one lead an incident."""
    return f"{LeadKind.INCIDENT_ESCALATED.value}:incident-{incident_id}"


def _escalations(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    cutoff = _cutoff(report.today)
    since_at = timezone.make_aware(dt.datetime.combine(since, dt.time()))
    rows = (
        IncidentEscalation.objects.filter(at__gte=since_at, at__lte=cutoff)
        .select_related("incident", "incident__organ")
        .order_by("incident_id", "at", "id")
    )
    done: set[int] = set()
    for escalation in rows.iterator():
        incident = escalation.incident
        if incident.pk in done:
            continue
        key = escalation_key(incident.pk)
        if Lead.objects.filter(dedup_key=key).exists():
            done.add(incident.pk)
            report.existing += 1
            continue
        actions = list(incident.actions.order_by("at", "id"))
        reading = escalation_reading(incident, escalation.at, [a.at for a in actions])
        if not reading:
            continue
        done.add(incident.pk)
        params = {
            "code": LeadKind.INCIDENT_ESCALATED.value,
            "incident": incident.pk,
            "title": incident.title,
            "organ": incident.organ.name,
            "known_at": _local(incident.known_at),
            "escalated_at": _local(escalation.at),
            "reading": reading,
        }
        evidence = [
            _incident_item(incident),
            {
                "type": "incident_escalation",
                "id": escalation.pk,
                "at": _local(escalation.at),
                "growth": escalation.growth,
                "people_before": escalation.people_before,
                "people_after": escalation.people_after,
                "reading": reading,
                "first_report_due": _local(incident.first_report_due),
            },
            *[
                {"type": "incident_action", "id": a.pk, "at": _local(a.at)}
                for a in actions
                if a.at <= escalation.at
            ],
        ]
        _record(
            report,
            incident,
            kind=LeadKind.INCIDENT_ESCALATED,
            key=key,
            failure_date=timezone.localdate(escalation.at),
            params=params,
            evidence=evidence,
            actor=actor,
        )


def detect_incidents(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Late and missing incident reports (第十一条第一款第七项) and escalations after slow
    handling (第十一条第一款第四项)."""
    _report_failures(report, actor=actor, since=since)
    _escalations(report, actor=actor, since=since)


# --- summaries ---------------------------------------------------------------------------------


def _report_label(p: dict[str, Any]) -> str:
    return str(REPORT_LABELS.get(p.get("report", ""), p.get("report", "")))


def _when(value: str) -> str:
    """A stored ISO time as ``YYYY-MM-DD HH:MM``."""
    return value[:16].replace("T", " ") if value else ""


def _reported_late(p: dict[str, Any]) -> str:
    return gettext(
        "%(organ)s于 %(known)s 知悉“%(title)s”（事件 #%(incident)s），"
        "%(report)s应于 %(due)s 前作出，至 %(reported)s 才报告。"
    ) % {
        **p,
        "known": _when(p["known_at"]),
        "due": _when(p["due"]),
        "reported": _when(p["reported_at"]),
        "report": _report_label(p),
    }


def _not_reported(p: dict[str, Any]) -> str:
    return gettext(
        "%(organ)s于 %(known)s 知悉“%(title)s”（事件 #%(incident)s），"
        "%(report)s应于 %(due)s 前作出，逾期未报告。"
    ) % {**p, "known": _when(p["known_at"]), "due": _when(p["due"]), "report": _report_label(p)}


def _escalated(p: dict[str, Any]) -> str:
    return gettext(
        "%(organ)s于 %(known)s 知悉“%(title)s”（事件 #%(incident)s），"
        "%(reading)s，事态于 %(escalated)s 扩大。"
    ) % {
        **p,
        "known": _when(p["known_at"]),
        "escalated": _when(p["escalated_at"]),
        "reading": slow_reading_text(p["reading"]),
    }


register_detector("incidents", detect_incidents)
register_summary(LeadKind.INCIDENT_REPORTED_LATE.value, _reported_late)
register_summary(LeadKind.INCIDENT_NOT_REPORTED.value, _not_reported)
register_summary(LeadKind.INCIDENT_ESCALATED.value, _escalated)
