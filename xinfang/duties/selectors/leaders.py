"""Reads of 细则第七条、第八条第二项: instructions and tasks, receptions, case ownership.

Every list goes through ``xinfang.access.policy.visible``: an instruction is the leader's
organ's and the instructed organ's; a record linked to a matter that accuses the reader's organ
is hidden (细则第十一条第一款第八项). Overdue reports, norms below pro rata and stalled ownership
are derived from stored dates on each read, never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from xinfang.access.policy import access_record_by_id, visible
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, PositionKind
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import leadership_team_on, person_of_user, positions_of_person_on

from ..models.leaders import (
    CaseOwnership,
    Instruction,
    InstructionState,
    OwnershipState,
    Reception,
    ReceptionKind,
    ReceptionState,
)
from .items import OverviewRow, TodoItem
from .settings import SettingValue, duty_setting

#: How far ahead a leader's published receptions show among the things to do.
UPCOMING_DAYS = 14
_NORM_SETTING = {
    ReceptionKind.RECEPTION: "receptions_per_year",
    ReceptionKind.FIELD_VISIT: "field_visits_per_year",
}


# --- one record, lists ----------------------------------------------------------------------


def access_instruction_by_id(user: Any, record_id: Any, *, action: str = "read") -> Instruction:
    return access_record_by_id(user, Instruction, record_id, action=action)


def access_reception_by_id(user: Any, record_id: Any, *, action: str = "read") -> Reception:
    return access_record_by_id(user, Reception, record_id, action=action)


def access_ownership_by_id(user: Any, record_id: Any, *, action: str = "read") -> CaseOwnership:
    return access_record_by_id(user, CaseOwnership, record_id, action=action)


def instructions_for(user: Any) -> QuerySet[Instruction]:
    """Instructions the user may read, newest first."""
    rows = Instruction.objects.select_related("organ", "leader", "to_organ", "to_person")
    return visible(user, rows).order_by("-put_before_on", "-id")


def receptions_for(user: Any) -> QuerySet[Reception]:
    """Receptions and field visits the user may read, by date."""
    rows = Reception.objects.select_related("organ", "leader")
    return visible(user, rows).order_by("scheduled_on", "id")


def ownerships_for(user: Any) -> QuerySet[CaseOwnership]:
    """Case ownerships the user may read, newest first."""
    rows = CaseOwnership.objects.select_related("organ", "leader", "assigned_by")
    return visible(user, rows).order_by("-assigned_on", "-id")


def overdue_reports(rows: QuerySet[Instruction], today: dt.date) -> QuerySet[Instruction]:
    """Instructions awaiting a report past its due date."""
    return rows.filter(state=InstructionState.INSTRUCTED, report_due__lt=today)


# --- stalled ownership ----------------------------------------------------------------------


def stall_setting(organ: Organ | None, today: dt.date) -> SettingValue:
    return duty_setting("ownership_stall_days", on=today, organ=organ)


def stalled(rows: QuerySet[CaseOwnership], today: dt.date) -> QuerySet[CaseOwnership]:
    """Ownerships without progress (a note, a milestone set or done) for the stall days."""
    days = stall_setting(None, today).value
    return rows.filter(
        state=OwnershipState.OWNED, last_progress_on__lt=today - dt.timedelta(days=days)
    )


def is_stalled(ownership: CaseOwnership, today: dt.date) -> bool:
    days = stall_setting(ownership.organ, today).value
    return ownership.state == OwnershipState.OWNED and (
        ownership.last_progress_on < today - dt.timedelta(days=days)
    )


def stalled_since(ownership: CaseOwnership, today: dt.date) -> dt.date:
    """The day the ownership became stalled (escalated to the principal leader)."""
    days = stall_setting(ownership.organ, today).value
    return ownership.last_progress_on + dt.timedelta(days=days + 1)


# --- norms ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeaderNorm:
    """How many sessions of one kind a leader held in a year against the organ's norm; for the
    current year the norm pro rata to the day (``expected``)."""

    person: Person
    position: Position
    kind: str
    held: int
    setting: SettingValue
    expected: int

    @property
    def below(self) -> bool:
        return self.held < self.expected

    @property
    def kind_label(self) -> str:
        return str(ReceptionKind(self.kind).label)


def pro_rata(norm: int, year: int, today: dt.date) -> int:
    """The part of a yearly norm due by ``today`` (whole sessions, rounded down); the whole
    norm for a past year, none for a future one."""
    if year < today.year:
        return norm
    if year > today.year:
        return 0
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return norm * ((today - start).days + 1) // days


def leader_norms(organ: Organ, year: int, today: dt.date) -> list[LeaderNorm]:
    """Each leader of ``organ``'s team (on ``today``, or the year's last day for a past year):
    sessions held in ``year`` of each kind against the norm (细则第七条第一项 定期接访下访)."""
    day = min(today, dt.date(year, 12, 31))
    team = leadership_team_on(organ, day)
    counts = {
        (row["leader_id"], row["kind"]): row["n"]
        for row in Reception.objects.filter(
            organ_id=organ.pk, state=ReceptionState.HELD, scheduled_on__year=year
        )
        .values("leader_id", "kind")
        .annotate(n=Count("id"))
    }
    settings = {
        kind: duty_setting(name, on=day, organ=organ) for kind, name in _NORM_SETTING.items()
    }
    return [
        LeaderNorm(
            person=position.person,
            position=position,
            kind=kind,
            held=counts.get((position.person_id, kind), 0),
            setting=setting,
            expected=pro_rata(setting.value, year, today),
        )
        for position in team
        for kind, setting in settings.items()
    ]


# --- the workbench --------------------------------------------------------------------------


def _leader_positions(person: Person, today: dt.date) -> list[Position]:
    return [p for p in positions_of_person_on(person, today) if p.kind in LEADERSHIP_POSITION_KINDS]


def _instruction_items(user: Any, person: Person, today: dt.date) -> list[TodoItem]:
    rows = instructions_for(user).exclude(state=InstructionState.CLOSED)
    items: list[TodoItem] = []
    kind = _("领导阅批")
    for record in rows.filter(leader_id=person.pk):
        if record.state == InstructionState.PUT_BEFORE:
            title = _("待阅批：%(title)s") % {"title": record.title}
            items.append(TodoItem(kind, title, "duties:instruction_detail", (record.pk,), None))
        elif record.state == InstructionState.REPORTED:
            title = _("已报告办理情况，待审阅：%(title)s") % {"title": record.title}
            items.append(
                TodoItem(kind, title, "duties:instruction_detail", (record.pk,), record.reported_on)
            )
        elif record.report_overdue(today):
            title = _("承办单位逾期未报告办理情况：%(title)s") % {"title": record.title}
            items.append(
                TodoItem(
                    kind,
                    title,
                    "duties:instruction_detail",
                    (record.pk,),
                    record.report_due,
                    True,
                    record.to_organ,
                )
            )
    # Reports this person makes: named, or as a leader of the instructed organ.
    led = [p.organ_id for p in _leader_positions(person, today)]
    awaited = rows.filter(state=InstructionState.INSTRUCTED).filter(
        Q(to_person_id=person.pk) | Q(to_person__isnull=True, to_organ_id__in=led)
    )
    for record in awaited:
        title = _("报告领导批示办理情况：%(title)s") % {"title": record.title}
        items.append(
            TodoItem(
                _("批办交办"),
                title,
                "duties:instruction_detail",
                (record.pk,),
                record.report_due,
                record.report_overdue(today),
                record.to_organ,
            )
        )
    return items


def _reception_items(user: Any, person: Person, today: dt.date) -> list[TodoItem]:
    rows = receptions_for(user).filter(
        leader_id=person.pk,
        state=ReceptionState.SCHEDULED,
        scheduled_on__lte=today + dt.timedelta(days=UPCOMING_DAYS),
    )
    items = []
    for record in rows:
        title = _("%(kind)s：%(place)s") % {
            "kind": record.get_kind_display(),
            "place": record.place,
        }
        # A session whose day has passed waits to be recorded.
        items.append(
            TodoItem(
                _("接访下访"),
                title,
                "duties:reception_detail",
                (record.pk,),
                record.scheduled_on,
                record.scheduled_on < today,
                record.organ,
            )
        )
    return items


def _ownership_items(user: Any, person: Person, today: dt.date) -> list[TodoItem]:
    rows = ownerships_for(user).filter(state=OwnershipState.OWNED)
    principal_of = [
        p.organ_id
        for p in _leader_positions(person, today)
        if p.kind == PositionKind.PRINCIPAL_LEADER
    ]
    items = []
    for record in rows.filter(Q(leader_id=person.pk) | Q(organ_id__in=principal_of)):
        if not is_stalled(record, today):
            continue
        if record.leader_id == person.pk:
            title = _("包案无进展：%(title)s") % {"title": record.title}
        else:
            title = _("包案无进展，报主要负责人：%(title)s（%(leader)s）") % {
                "title": record.title,
                "leader": record.leader.name,
            }
        items.append(
            TodoItem(
                _("领导包案"),
                title,
                "duties:ownership_detail",
                (record.pk,),
                stalled_since(record, today),
                True,
                record.organ,
            )
        )
    return items


def todo_items(user: Any, today: dt.date) -> list[TodoItem]:
    """What of this part waits on ``user`` today: a leader's instructions to give or to close
    and overdue reports of what the leader instructed, upcoming receptions, stalled ownership
    (the owner's, and every stalled one of the organ for its principal leader); a staff member's
    or an instructed organ's leaders' reports to make."""
    person = person_of_user(user)
    if person is None:
        return []
    return [
        *_instruction_items(user, person, today),
        *_reception_items(user, person, today),
        *_ownership_items(user, person, today),
    ]


def organ_rows(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """This part's lines of ``organ``'s duties overview, as ``user`` may see them."""
    given = instructions_for(user).filter(organ_id=organ.pk).exclude(state=InstructionState.CLOSED)
    received = instructions_for(user).filter(
        to_organ_id=organ.pk, state=InstructionState.INSTRUCTED
    )
    owned = ownerships_for(user).filter(organ_id=organ.pk, state=OwnershipState.OWNED)
    norms = leader_norms(organ, today.year, today)
    below = [n for n in norms if n.below]
    note = _("%(year)s年：%(held)s 人次领导接访下访达到进度，%(below)s 人次未达到") % {
        "year": today.year,
        "held": len(norms) - len(below),
        "below": len(below),
    }
    flags = [
        _("%(name)s%(kind)s %(held)s/%(expected)s 次（%(label)s）")
        % {
            "name": n.person.name,
            "kind": n.kind_label,
            "held": n.held,
            "expected": n.expected,
            "label": n.setting.label,
        }
        for n in below
    ]
    return [
        OverviewRow(
            _("领导阅批、批办交办"),
            open=given.count(),
            overdue=overdue_reports(given, today).count(),
            url_name="duties:instruction_list",
        ),
        OverviewRow(
            _("领导批办交办本机关的事项"),
            open=received.count(),
            overdue=overdue_reports(received, today).count(),
            url_name="duties:instruction_list",
        ),
        OverviewRow(
            _("领导接访下访"),
            open=receptions_for(user)
            .filter(organ_id=organ.pk, state=ReceptionState.SCHEDULED, scheduled_on__gte=today)
            .count(),
            note=note if norms else "",
            url_name="duties:reception_schedule",
            url_args=(organ.pk,),
            flags=flags,
        ),
        OverviewRow(
            _("领导包案"),
            open=owned.count(),
            overdue=stalled(owned, today).count(),
            url_name="duties:ownership_list",
        ),
    ]
