"""Reads of 细则第七条第三项、第八条第三、四项: incidents and their reports, staff reports.

Every list goes through ``xinfang.access.policy.visible``; on top of it an **extreme incident**
(因信访问题引发的个人极端事件) is read only by those who need it: the leadership team of the organ
responsible for it, the principal leader of the petition office of its territory and whoever
recorded it, and those it was reported to (the members of an organ a report was addressed to,
or the person it was addressed to). The responsible organ's other staff and every other organ
whose scope covers it do not see it; one record by id answers 404 to them and the denial is
logged (``access_incident_by_id``). The system administrator sees every record, as everywhere.

A staff report (第八条第四项) is read by the staff member who made it, the leader it was made
to, and the leadership team of the staff member's organ.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.choices import DenialReason
from xinfang.access.policy import access_record_by_id, log_denial, scope_for, visible
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, OrganRole, PositionKind
from xinfang.orgs.models import Organ, Position
from xinfang.orgs.selectors import held_on, organ_ancestors
from xinfang.petitions.matters.models import Matter

from ..models.incidents import (
    Incident,
    IncidentKind,
    IncidentReport,
    IncidentState,
    StaffReport,
    StaffReportState,
)
from .items import OverviewRow, TodoItem
from .settings import SettingValue, duty_setting

#: The duty settings of the two report clocks, by the name of the report.
REPORT_SETTINGS = {
    "first": "incident_first_report_hours",
    "written": "incident_written_report_hours",
}
REPORT_LABELS = {"first": gettext_lazy("首报"), "written": gettext_lazy("书面报告")}


# --- who may read --------------------------------------------------------------------------


def _posts_today(user: Any) -> list[tuple[int, str, bool]]:
    """(organ, position kind, organ is a petition office) of the user's positions today."""
    day = timezone.localdate()
    rows = Position.objects.filter(held_on(day), person__user_id=getattr(user, "pk", 0))
    return [
        (organ_id, kind, OrganRole.PETITION_OFFICE in (roles or []))
        for organ_id, kind, roles in rows.values_list("organ_id", "kind", "organ__roles")
    ]


def extreme_audience_q(user: Any) -> Q:
    """Incidents ``user`` may read whatever their kind: every kind but an extreme incident,
    and the extreme incidents the user needs (see the module's docstring)."""
    scope = scope_for(user)
    if scope.is_admin:
        return Q()
    posts = _posts_today(user)
    members = sorted({organ for organ, _kind, _office in posts})
    leading = sorted({organ for organ, kind, _office in posts if kind in LEADERSHIP_POSITION_KINDS})
    heading_offices = sorted(
        {organ for organ, kind, office in posts if office and kind == PositionKind.PRINCIPAL_LEADER}
    )
    person = scope.person_id or 0
    reported = IncidentReport.objects.filter(
        Q(to_person_id=person) | Q(to_person__isnull=True, to_organ_id__in=members)
    ).values("incident_id")
    return (
        ~Q(kind=IncidentKind.EXTREME_INCIDENT)
        | Q(organ_id__in=leading)
        | Q(territory_office_id__in=heading_offices)
        | Q(recorded_by_id=person)
        | Q(pk__in=reported)
    )


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    """The incidents ``user`` may list: ``visible``, and an extreme incident only for those who
    need it."""
    rows = visible(user, Incident.objects.all())
    return rows.filter(extreme_audience_q(user)).select_related("organ")


def _denied(user: Any, record: Incident | StaffReport, action: str) -> Http404:
    """Log the denial of a record in scope that the user still may not read; the 404 to raise."""
    log_denial(
        user,
        object_type=record._meta.label_lower,
        object_id=record.pk,
        reason=DenialReason.OUT_OF_SCOPE,
        action=action,
    )
    return Http404(_("未找到。"))


def access_incident_by_id(user: Any, incident_id: Any, *, action: str = "read") -> Incident:
    """One incident ``user`` may read, or a logged 404 (out of scope, or an extreme incident
    the user does not need)."""
    incident = access_record_by_id(user, Incident, incident_id, action=action)
    if Incident.objects.filter(extreme_audience_q(user), pk=incident.pk).exists():
        return incident
    raise _denied(user, incident, action)


def staff_reports_visible_to(user: Any) -> QuerySet[StaffReport]:
    """Staff reports ``user`` may read: the author's, the leader's, and the author's organ's
    leadership team's."""
    scope = scope_for(user)
    rows = visible(user, StaffReport.objects.all())
    if not scope.is_admin:
        posts = _posts_today(user)
        leading = sorted({o for o, kind, _ in posts if kind in LEADERSHIP_POSITION_KINDS})
        person = scope.person_id or 0
        rows = rows.filter(
            Q(from_person_id=person) | Q(to_person_id=person) | Q(organ_id__in=leading)
        )
    return rows.select_related("organ", "from_person", "to_person", "to_organ")


def access_staff_report_by_id(user: Any, report_id: Any, *, action: str = "read") -> StaffReport:
    """One staff report ``user`` may read, or a logged 404."""
    report = access_record_by_id(user, StaffReport, report_id, action=action)
    if staff_reports_visible_to(user).filter(pk=report.pk).exists():
        return report
    raise _denied(user, report, action)


# --- the report clocks -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportClock:
    """One report an incident owes: its deadline (``due``, from ``setting``: a policy value),
    when it was made (``done_at``) and whether it is late (made after the deadline) or
    overdue (not made, deadline passed)."""

    name: str
    label: str
    due: dt.datetime
    done_at: dt.datetime | None
    setting: SettingValue
    now: dt.datetime

    @property
    def late(self) -> bool:
        return self.done_at is not None and self.done_at > self.due

    @property
    def overdue(self) -> bool:
        return self.done_at is None and self.due < self.now

    @property
    def timed_out(self) -> bool:
        """已超时: made late, or not made by the deadline."""
        return self.late or self.overdue


def report_clocks(incident: Incident, now: dt.datetime | None = None) -> list[ReportClock]:
    """The first report and the written report the incident owes, with the settings that set
    their deadlines (as in force on the day it was known)."""
    moment = now or timezone.now()
    day = timezone.localdate(incident.known_at)
    done = {"first": incident.first_reported_at, "written": incident.written_reported_at}
    dues = {"first": incident.first_report_due, "written": incident.written_report_due}
    return [
        ReportClock(
            name=name,
            label=str(REPORT_LABELS[name]),
            due=dues[name],
            done_at=done[name],
            setting=duty_setting(setting, on=day, organ=incident.organ),
            now=moment,
        )
        for name, setting in REPORT_SETTINGS.items()
    ]


def missing_report_q(now: dt.datetime, *, overdue_only: bool = False) -> Q:
    """Incidents still owing a report (past its deadline, with ``overdue_only``)."""
    first = Q(first_reported_at__isnull=True)
    written = Q(written_reported_at__isnull=True)
    if overdue_only:
        first &= Q(first_report_due__lt=now)
        written &= Q(written_report_due__lt=now)
    return first | written


def late_report_q() -> Q:
    """Incidents whose first or written report was made after its deadline."""
    return Q(first_reported_at__gt=F("first_report_due")) | Q(
        written_reported_at__gt=F("written_report_due")
    )


# --- slow handling before an escalation (细则第十一条第一款第四项) -----------------------------


#: The codes of the two readings of 处置不力 before an escalation.
NO_ACTION_IN_FIRST_PERIOD = "no_action_in_first_period"
ACTION_GAP_OVER_WRITTEN_PERIOD = "action_gap_over_written_period"


def slow_handling(
    *,
    known_at: dt.datetime,
    action_times: Iterable[dt.datetime],
    escalated_at: dt.datetime,
    first_period: dt.timedelta,
    written_period: dt.timedelta,
) -> str:
    """Whether an escalation followed slow handling, as the policy reads 处置不力 (细则第十一条
    第一款第四项): the code of the reading that finds it slow, or "".

    - ``no_action_in_first_period``: no handling action was taken within the first-report
      period from ``known_at`` (the period had run out before the incident grew);
    - ``action_gap_over_written_period``: between ``known_at`` and the escalation there was a
      stretch longer than the written-report period with no handling action.

    Only actions taken before the escalation count.
    """
    before = sorted(t for t in action_times if known_at <= t <= escalated_at)
    first_due = known_at + first_period
    if escalated_at > first_due and not any(t <= first_due for t in before):
        return NO_ACTION_IN_FIRST_PERIOD
    points = [known_at, *before, escalated_at]
    if max(b - a for a, b in itertools.pairwise(points)) > written_period:
        return ACTION_GAP_OVER_WRITTEN_PERIOD
    return ""


def escalation_reading(
    incident: Incident, escalated_at: dt.datetime, action_times: Iterable[dt.datetime]
) -> str:
    """``slow_handling`` for an escalation of ``incident``, with the periods its deadlines
    were set with."""
    return slow_handling(
        known_at=incident.known_at,
        action_times=action_times,
        escalated_at=escalated_at,
        first_period=incident.first_report_due - incident.known_at,
        written_period=incident.written_report_due - incident.known_at,
    )


def slow_reading_text(code: str) -> str:
    """The reading of 处置不力 a code names, in the reader's language."""
    texts = {
        NO_ACTION_IN_FIRST_PERIOD: _("知悉后首报时限内未采取任何处置措施"),
        ACTION_GAP_OVER_WRITTEN_PERIOD: _(
            "知悉后至事态扩大前，有超过书面报告时限的时段未采取处置措施"
        ),
    }
    return texts.get(code, code)


# --- acting on one ---------------------------------------------------------------------------


def acting_organ(user: Any, incident: Incident) -> Organ | None:
    """The organ the user acts for on the incident: the responsible or the recording organ
    where the user serves (an administrator: the responsible organ); None for a reader."""
    scope = scope_for(user)
    for organ in (incident.organ, incident.recording_organ):
        if organ.pk in scope.member_organ_ids:
            return organ
    return incident.organ if scope.is_admin else None


def readable_matters(user: Any, ids: Iterable[int], *, field: str = "matter_ids") -> list[Matter]:
    """The matters named, each one the user may read; ``ValidationError`` on ``field`` if any
    is not (an unknown matter and one out of scope look the same)."""
    wanted = set(ids)
    found = list(visible(user, Matter.objects.filter(pk__in=sorted(wanted))))
    if len(found) != len(wanted):
        raise ValidationError(
            {field: [ValidationError(_("信访事项不存在或无权查看。"), code="unknown")]}
        )
    return found


# --- the forms' choices ----------------------------------------------------------------------


def report_recipients(organ: Organ) -> list[Organ]:
    """The organs an incident of ``organ`` is reported to: the organs above it (本级党委和政府,
    信访工作条例(2022)第二十五条) and the petition offices of its and their territories."""
    chain = organ_ancestors(organ)
    ids = [o.pk for o in chain]
    offices = [
        o
        for o in Organ.objects.filter(parent_id__in=ids, is_active=True).order_by("path")
        if o.has_role(OrganRole.PETITION_OFFICE) and o.pk != organ.pk
    ]
    return [*reversed(chain), *offices]


# --- the workbench ---------------------------------------------------------------------------


def todo_items(user: Any, today: dt.date) -> list[TodoItem]:
    """What of this part waits on ``user`` today: the reports the incidents of the user's
    organs still owe (overdue flagged), and the staff reports made to the user awaiting
    acknowledgement."""
    scope = scope_for(user)
    if scope.is_empty or not scope.member_organ_ids:
        return []
    now = timezone.now()
    items: list[TodoItem] = []
    owing = incidents_visible_to(user).filter(
        missing_report_q(now), organ_id__in=sorted(scope.member_organ_ids)
    )
    for incident in owing.order_by("first_report_due", "id")[:100]:
        for clock in report_clocks(incident, now):
            if clock.done_at is None:
                items.append(
                    TodoItem(
                        kind=_("事件报告"),
                        title=_("%(title)s：%(report)s")
                        % {"title": incident.title, "report": clock.label},
                        url_name="duties:incident_detail",
                        url_args=(incident.pk,),
                        due=clock.due,
                        overdue=clock.overdue,
                        organ=incident.organ,
                    )
                )
    waiting = StaffReport.objects.filter(
        to_person_id=scope.person_id or 0, state=StaffReportState.SUBMITTED
    ).select_related("from_person", "to_organ")
    for report in waiting.order_by("submitted_at", "id")[:100]:
        items.append(
            TodoItem(
                kind=_("工作人员汇报"),
                title=_("%(name)s的%(kind)s")
                % {"name": report.from_person.name, "kind": report.get_kind_display()},
                url_name="duties:staff_report_detail",
                url_args=(report.pk,),
                organ=report.to_organ,
            )
        )
    return items


def organ_rows(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """This part's line of ``organ``'s duties overview, as ``user`` may see it: open incidents,
    reports overdue now, and late reports of incidents known this year."""
    now = timezone.now()
    rows = incidents_visible_to(user).filter(organ_id=organ.pk)
    late = rows.filter(late_report_q(), known_at__year=today.year).count()
    return [
        OverviewRow(
            kind=_("集体访、负面舆情、极端事件"),
            open=rows.exclude(state=IncidentState.CLOSED).count(),
            overdue=rows.filter(missing_report_q(now, overdue_only=True)).count(),
            note=_("本年迟报 %(n)s 起") % {"n": late},
            url_name="duties:incident_list",
            flags=[_("迟报")] if late else [],
        )
    ]
