"""Reads of 细则第六条: supervision orders with their ladder (催办 → 督办 → 通报), coordination of
important problems and its tasks; a vertically managed department reads its system's through
its scope (细则第五条第二款, ``xinfang.access.scope``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from xinfang.access.policy import access_record_by_id, scope_for, visible, visible_at_organ
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.choices import SUPERVISION_LADDER, SupervisionLevel
from xinfang.petitions.matters.models import SupervisionOrder

from ..models.supervision import Coordination, CoordinationAssignment
from .items import OverviewRow, TodoItem


def supervision_orders(
    user: Any, *, organ: Organ | None = None, open_only: bool = False
) -> QuerySet[SupervisionOrder]:
    """Supervision orders the user may read (to ``organ`` when given), newest first."""
    orders = SupervisionOrder.objects.select_related("matter", "issuing_organ", "to_organ")
    if organ is not None:
        orders = visible_at_organ(user, orders, organ=organ)
    else:
        orders = visible(user, orders)
    if open_only:
        orders = orders.filter(replied_at__isnull=True)
    return orders.order_by("-issued_at", "-id")


@dataclass(frozen=True)
class Rung:
    """One rung of a matter's supervision ladder for one organ and subject: its orders."""

    level: str
    label: str
    orders: list[SupervisionOrder]


@dataclass(frozen=True)
class Ladder:
    """The orders on one matter to one organ on one subject, by rung, lightest first."""

    to_organ: Organ
    subject: str
    subject_label: str
    rungs: list[Rung]

    @property
    def top(self) -> str:
        """The highest rung reached."""
        return max((r.level for r in self.rungs if r.orders), key=SUPERVISION_LADDER.index)


def supervision_ladders(orders: list[SupervisionOrder]) -> list[Ladder]:
    """A matter's orders (already read through its access) as ladders by organ and subject."""
    grouped: dict[tuple[int, str], list[SupervisionOrder]] = {}
    organs: dict[int, Organ] = {}
    for order in orders:
        grouped.setdefault((order.to_organ_id, order.subject), []).append(order)
        organs[order.to_organ_id] = order.to_organ
    ladders = []
    for (organ_id, subject), items in grouped.items():
        rungs = [
            Rung(
                level=level,
                label=str(SupervisionLevel(level).label),
                orders=[o for o in items if o.level == level],
            )
            for level in SUPERVISION_LADDER
        ]
        label = items[0].get_subject_display()
        ladders.append(Ladder(organs[organ_id], subject, str(label), rungs))
    return ladders


def coordinations(user: Any) -> QuerySet[Coordination]:
    """Coordinations the user may read, newest first, with their organs and tasks."""
    return visible(user, Coordination.objects.select_related("convening_organ")).prefetch_related(
        "organs",
        Prefetch(
            "assignments",
            queryset=CoordinationAssignment.objects.select_related("organ"),
        ),
    )


def access_coordination_by_id(user: Any, coordination_id: Any) -> Coordination:
    """One coordination the user may read, or ``Http404`` (the denial logged)."""
    return access_record_by_id(user, Coordination, coordination_id)


def access_assignment_by_id(user: Any, assignment_id: Any) -> CoordinationAssignment:
    """One coordination task the user may read, or ``Http404`` (the denial logged)."""
    return access_record_by_id(user, CoordinationAssignment, assignment_id)


def open_assignments(user: Any, *, organ_ids: set[int] | None = None) -> QuerySet[Any]:
    """Tasks of coordinations not yet done that the user may read (of ``organ_ids``)."""
    tasks = CoordinationAssignment.objects.filter(done_at__isnull=True)
    if organ_ids is not None:
        tasks = tasks.filter(organ_id__in=sorted(organ_ids))
    return visible(user, tasks.select_related("coordination", "organ")).order_by("due", "id")


def _own_organ_ids(user: Any) -> set[int]:
    """The organs where the user serves today (本单位): what waits on them waits on the user."""
    scope = scope_for(user)
    return set(scope.member_organ_ids) if not scope.is_empty else set()


def todo_items(user: Any, today: dt.date) -> list[TodoItem]:
    """What of this part waits on ``user`` today: orders awaiting the reply of the user's
    organ (with their rung), tasks of coordinations due from it, and — for the office that
    issued them — orders left unanswered past their reply date, to escalate."""
    own = _own_organ_ids(user)
    if not own:
        return []
    items: list[TodoItem] = []
    orders = visible(user, SupervisionOrder.objects.filter(replied_at__isnull=True))
    awaiting = orders.filter(to_organ_id__in=sorted(own)).select_related("matter", "to_organ")
    for order in awaiting.order_by("reply_due", "id"):
        items.append(
            TodoItem(
                kind=_("%(level)s待反馈") % {"level": order.get_level_display()},
                title=order.matter.summary,
                url_name="web:matter_detail",
                url_args=(order.matter_id,),
                due=order.reply_due,
                overdue=order.reply_due < today,
                organ=order.to_organ,
            )
        )
    unanswered = orders.filter(
        issuing_organ_id__in=sorted(own), reply_due__lt=today, escalations__isnull=True
    )
    for order in unanswered.select_related("matter", "issuing_organ", "to_organ"):
        items.append(
            TodoItem(
                kind=_("%(level)s逾期未反馈") % {"level": order.get_level_display()},
                title=_("%(organ)s：%(summary)s")
                % {"organ": order.to_organ.name, "summary": order.matter.summary},
                url_name="web:matter_detail",
                url_args=(order.matter_id,),
                due=order.reply_due,
                overdue=True,
                organ=order.issuing_organ,
            )
        )
    for task in open_assignments(user, organ_ids=own):
        items.append(
            TodoItem(
                kind=_("协调任务"),
                title=task.task[:80],
                url_name="duties:supervision_coordination_detail",
                url_args=(task.coordination_id,),
                due=task.due,
                overdue=task.due < today,
                organ=task.organ,
            )
        )
    return items


def organ_rows(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """This part's lines of ``organ``'s duties overview, as ``user`` may see them: the open
    supervision orders to it by rung, and the coordination tasks it has not done."""
    rows: list[OverviewRow] = []
    orders = supervision_orders(user, organ=organ, open_only=True)
    levels = Counter(orders.values_list("level", flat=True))
    late = Counter(orders.filter(reply_due__lt=today).values_list("level", flat=True))
    for level in SUPERVISION_LADDER:
        if levels[level]:
            rows.append(
                OverviewRow(
                    kind=_("%(level)s待反馈") % {"level": SupervisionLevel(level).label},
                    open=levels[level],
                    overdue=late[level],
                    url_name="duties:supervision_order_list",
                    url_args=(),
                )
            )
    tasks = open_assignments(user, organ_ids={organ.pk})
    if tasks.exists():
        rows.append(
            OverviewRow(
                kind=_("协调任务"),
                open=tasks.count(),
                overdue=tasks.filter(due__lt=today).count(),
                url_name="duties:supervision_coordination_list",
            )
        )
    return rows
