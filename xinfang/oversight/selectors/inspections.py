"""Reads of the inspections part (细则第九条), through its access chokepoints.

Who sees what:

- the users of a plan's authority and of its inspecting organ (本单位) manage the plan and its
  inspections and read everything of them;
- the users of an inspected organ read their own inspection: its checklist items, findings and
  demands for their organ only, and answer the demands addressed to it;
- the users of an organ a notice was delivered to read that notice;
- anyone else is told "not found" (the denial is logged), as for every protected record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xinfang.access.policy import record_among_or_404, scope_for, visible
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import organs_of_user
from xinfang.petitions.matters.models import Matter
from xinfang.punctuation import join_list
from xinfang.workflow.items import OverviewRow, TodoItem

from ..models.inspections import (
    COVERING_STATES,
    ChecklistItem,
    Inspection,
    InspectionKind,
    InspectionNotice,
    InspectionPlan,
    InspectionScopeEntry,
    InspectionState,
    NoticeDelivery,
    RectificationDemand,
    RectificationDemandState,
)
from .coverage import authorities_inspecting, plan_coverage
from .inspections_scope import TERRITORY_ROLES

#: From this day of the year (1 July) an organ in scope not yet inspected is a gap shown on the
#: inspecting organ's home page (the second half of the year is what remains for it).
GAP_WARNING_FROM = (7, 1)


def member_organ_ids(user: Any) -> frozenset[int]:
    return frozenset(scope_for(user).member_organ_ids)


def is_admin(user: Any) -> bool:
    return bool(scope_for(user).is_admin)


def may_manage_plan(user: Any, plan: InspectionPlan) -> bool:
    """The users of the authority or of the inspecting organ manage the plan."""
    if is_admin(user):
        return True
    mine = member_organ_ids(user)
    return plan.authority_id in mine or plan.inspecting_organ_id in mine


def plans_visible(user: Any) -> QuerySet[InspectionPlan]:
    plans = InspectionPlan.objects.select_related("authority", "inspecting_organ")
    if is_admin(user):
        return plans
    mine = sorted(member_organ_ids(user))
    return plans.filter(Q(authority_id__in=mine) | Q(inspecting_organ_id__in=mine))


def inspections_visible(user: Any) -> QuerySet[Inspection]:
    """Inspections the user manages or whose inspected organs include the user's organ."""
    rows = Inspection.objects.select_related("plan__authority", "plan__inspecting_organ")
    if is_admin(user):
        return rows
    mine = sorted(member_organ_ids(user))
    managed = Q(plan__authority_id__in=mine) | Q(plan__inspecting_organ_id__in=mine)
    inspected = Inspection.objects.filter(inspected__in=mine).values("pk")
    return rows.filter(managed | Q(pk__in=inspected))


def access_plan_by_id(user: Any, plan_id: Any, *, action: str = "read") -> InspectionPlan:
    """A plan the user manages, or 404 (the denial logged)."""
    return record_among_or_404(user, plans_visible(user), plan_id, action=action)


def access_inspection_by_id(user: Any, inspection_id: Any, *, action: str = "read") -> Inspection:
    """An inspection the user manages or whose inspected organs include the user's, or 404."""
    return record_among_or_404(user, inspections_visible(user), inspection_id, action=action)


def may_manage_inspection(user: Any, inspection: Inspection) -> bool:
    return may_manage_plan(user, inspection.plan)


def items_for(user: Any, inspection: Inspection) -> QuerySet[ChecklistItem]:
    """The checklist items the user reads: all of them for a manager, those of the user's own
    organs for an inspected organ."""
    items = inspection.items.select_related("organ", "lead").order_by("organ__path", "id")
    if may_manage_inspection(user, inspection):
        return items
    return items.filter(organ_id__in=sorted(member_organ_ids(user)))


def demands_visible(user: Any) -> QuerySet[RectificationDemand]:
    """Demands the user manages (of an inspection they manage) or that are addressed to the
    user's organ."""
    rows = RectificationDemand.objects.select_related(
        "organ", "inspection__plan__authority", "inspection__plan__inspecting_organ", "item"
    )
    if is_admin(user):
        return rows
    mine = sorted(member_organ_ids(user))
    return rows.filter(
        Q(organ_id__in=mine)
        | Q(inspection__plan__authority_id__in=mine)
        | Q(inspection__plan__inspecting_organ_id__in=mine)
    )


def demands_for(user: Any, inspection: Inspection) -> QuerySet[RectificationDemand]:
    return demands_visible(user).filter(inspection=inspection)


def access_demand_by_id(user: Any, demand_id: Any, *, action: str = "read") -> RectificationDemand:
    return record_among_or_404(user, demands_visible(user), demand_id, action=action)


def notices_visible(user: Any) -> QuerySet[InspectionNotice]:
    """Notices of inspections the user manages, and notices delivered to the user's organ."""
    rows = InspectionNotice.objects.select_related("inspection__plan__authority")
    if is_admin(user):
        return rows
    mine = sorted(member_organ_ids(user))
    delivered = NoticeDelivery.objects.filter(organ_id__in=mine).values("notice_id")
    return rows.filter(
        Q(pk__in=delivered)
        | Q(inspection__plan__authority_id__in=mine)
        | Q(inspection__plan__inspecting_organ_id__in=mine)
    )


def access_notice_by_id(user: Any, notice_id: Any, *, action: str = "read") -> InspectionNotice:
    return record_among_or_404(user, notices_visible(user), notice_id, action=action)


def deliveries_to(user: Any, notice: InspectionNotice) -> list[NoticeDelivery]:
    """The notice's deliveries to the user's organs (all of them for a manager)."""
    rows = notice.deliveries.select_related("organ").order_by("organ__path")
    if is_admin(user) or may_manage_plan(user, notice.inspection.plan):
        return list(rows)
    return list(rows.filter(organ_id__in=sorted(member_organ_ids(user))))


# --- what waits on a user, what an organ has --------------------------------------------------


def _silent_authorities(plan: InspectionPlan) -> list[Organ]:
    """The party committees and governments of the plan's scope that ran no special inspection
    of their own in the plan's year (细则第九条 binds them too): the level above's finding."""
    organs = [e.organ for e in plan.scope.select_related("organ").order_by("organ__path")]
    territory = [o for o in organs if any(o.has_role(r) for r in TERRITORY_ROLES)]
    inspecting = authorities_inspecting([o.pk for o in territory], plan.year)
    return [o for o in territory if o.pk not in inspecting]


#: How many of the organs that ran no inspection a to-do item names before "等 N 个".
NAMED = 5


def _silent_title(year: int, silent: list[Organ]) -> str:
    """The organs that ran no special inspection in ``year``: all of them when few, else the
    first few and how many there are."""
    names = join_list(o.name for o in silent[:NAMED])
    if len(silent) <= NAMED:
        return _("%(year)s 年度：%(names)s 尚未开展信访工作专项督查") % {
            "year": year,
            "names": names,
        }
    return _("%(year)s 年度：%(names)s等 %(count)d 个单位尚未开展信访工作专项督查") % {
        "year": year,
        "names": names,
        "count": len(silent),
    }


def _gap_items(user: Any, today: dt.date, mine: list[int]) -> list[TodoItem]:
    """From 1 July, each plan of the user's organs with organs in scope not yet inspected."""
    if (today.month, today.day) < GAP_WARNING_FROM:
        return []
    plans = InspectionPlan.objects.filter(year=today.year).filter(
        Q(authority_id__in=mine) | Q(inspecting_organ_id__in=mine)
    )
    items = []
    for plan in plans.select_related("authority"):
        silent = _silent_authorities(plan)
        if silent:
            items.append(
                TodoItem(
                    kind=_("下级未开展专项督查"),
                    title=_silent_title(plan.year, silent),
                    url_name="oversight:inspection_plan_detail",
                    url_args=(plan.pk,),
                    due=dt.date(plan.year, 12, 31),
                    organ=plan.authority,
                )
            )
        covered, total = plan_coverage(plan)
        if covered < total:
            items.append(
                TodoItem(
                    kind=_("年度专项督查未覆盖"),
                    title=_("%(authority)s %(year)s 年度督查计划：%(gaps)d 个单位尚未开展专项督查")
                    % {
                        "authority": plan.authority.name,
                        "year": plan.year,
                        "gaps": total - covered,
                    },
                    url_name="oversight:inspection_plan_detail",
                    url_args=(plan.pk,),
                    due=dt.date(plan.year, 12, 31),
                    overdue=False,
                    organ=plan.authority,
                )
            )
    return items


def todo_items(user: Any, today: dt.date) -> list[TodoItem]:
    """What of the inspections waits on ``user`` today: inspections of the user's organs still
    running, coverage gaps from 1 July, rectification demands addressed to the user's organ or
    answered and awaiting acceptance, notices delivered and not yet read."""
    mine = sorted(member_organ_ids(user))
    if not mine:
        return []
    items: list[TodoItem] = []
    managed = Q(plan__authority_id__in=mine) | Q(plan__inspecting_organ_id__in=mine)
    running = Inspection.objects.filter(managed).exclude(state=InspectionState.FINISHED)
    for inspection in running.select_related("plan__authority").order_by("planned_end", "id"):
        items.append(
            TodoItem(
                kind=str(InspectionKind(inspection.kind).label),
                title=_("%(title)s（%(state)s）")
                % {"title": inspection.title, "state": InspectionState(inspection.state).label},
                url_name="oversight:inspection_detail",
                url_args=(inspection.pk,),
                due=inspection.planned_end,
                overdue=inspection.planned_end < today,
                # Whose inspection it is (the authority the inspecting office acts for).
                organ=inspection.plan.authority,
            )
        )
    items += _gap_items(user, today, mine)
    demands = RectificationDemand.objects.filter(
        Q(organ_id__in=mine, state=RectificationDemandState.OPEN)
        | Q(
            Q(inspection__plan__authority_id__in=mine)
            | Q(inspection__plan__inspecting_organ_id__in=mine),
            state=RectificationDemandState.ANSWERED,
        )
    ).select_related("organ")
    for demand in demands.order_by("due", "id"):
        awaiting_answer = demand.state == RectificationDemandState.OPEN
        items.append(
            TodoItem(
                kind=_("督查整改要求") if awaiting_answer else _("督查整改待验收"),
                title=_("%(organ)s：%(content)s")
                % {"organ": demand.organ.name, "content": demand.content[:40]},
                url_name="oversight:inspection_demand_detail",
                url_args=(demand.pk,),
                due=demand.due if awaiting_answer else None,
                overdue=awaiting_answer and demand.due < today,
                organ=demand.organ,
            )
        )
    unread = NoticeDelivery.objects.filter(organ_id__in=mine, read_at__isnull=True)
    for delivery in unread.select_related("notice", "organ").order_by("delivered_at"):
        items.append(
            TodoItem(
                kind=_("督查通报（待阅知）"),
                title=delivery.notice.title,
                url_name="oversight:inspection_notice_detail",
                url_args=(delivery.notice_id,),
                organ=delivery.organ,
            )
        )
    return items


def organ_rows(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """On an organ's page: its special inspections this year (as an inspected organ) and its
    open rectification demands, for users who manage an inspection of it or serve there."""
    mine = member_organ_ids(user)
    visible = inspections_visible(user).filter(inspected=organ, plan__year=today.year)
    if not (is_admin(user) or organ.pk in mine or visible.exists()):
        return []
    in_scope = InspectionScopeEntry.objects.filter(organ=organ, plan__year=today.year).exists()
    if not in_scope and not visible.exists():
        return []  # no authority plans to inspect it this year: nothing to show
    special = visible.filter(kind=InspectionKind.SPECIAL, state__in=COVERING_STATES).count()
    demands = demands_visible(user).filter(organ=organ, state=RectificationDemandState.OPEN)
    open_count = demands.count()
    overdue = demands.filter(due__lt=today).count()
    rows = [
        OverviewRow(
            kind=_("本年度专项督查"),
            open=special,
            note=_("已督查") if special else _("尚未督查"),
            url_name="oversight:inspection_list",
        )
    ]
    if open_count:
        rows.append(
            OverviewRow(
                kind=_("督查整改要求"),
                open=open_count,
                overdue=overdue,
                url_name="oversight:inspection_demand_list",
            )
        )
    return rows


# --- the pages' reads ------------------------------------------------------------------------


def plan_choices(user: Any) -> tuple[list[Organ], list[Organ]]:
    """For a new plan: the authorities the user may plan for (the user's organs, and the party
    committee or government directly above an office the user serves in) and the inspecting
    organs (the user's organs)."""
    own = organs_of_user(user)
    parents = Organ.objects.filter(pk__in=[o.parent_id for o in own if o.parent_id])
    above = [o for o in parents.order_by("path") if any(o.has_role(r) for r in TERRITORY_ROLES)]
    authorities = list({o.pk: o for o in [*above, *own]}.values())
    return authorities, own


@dataclass(frozen=True)
class ScopeRow:
    """One organ of a plan's scope: the plan's special inspections that cover it, and, for
    the authority of a territory below, whether it ran a special inspection of its own."""

    organ: Organ
    inspections: list[Inspection]
    inspects_own: bool | None

    @property
    def covered(self) -> bool:
        return bool(self.inspections)


def scope_rows(plan: InspectionPlan) -> list[ScopeRow]:
    """The plan's scope with its coverage: three queries."""
    organs = [e.organ for e in plan.scope.select_related("organ").order_by("organ__path")]
    covering = plan.inspections.filter(
        kind=InspectionKind.SPECIAL, state__in=COVERING_STATES
    ).prefetch_related("inspected")
    by_organ: dict[int, list[Inspection]] = {}
    for inspection in covering.order_by("planned_start", "id"):
        for organ in inspection.inspected.all():
            by_organ.setdefault(organ.pk, []).append(inspection)
    territory = [o.pk for o in organs if any(o.has_role(r) for r in TERRITORY_ROLES)]
    inspecting = authorities_inspecting(territory, plan.year)
    return [
        ScopeRow(
            organ=o,
            inspections=by_organ.get(o.pk, []),
            inspects_own=(o.pk in inspecting) if o.pk in territory else None,
        )
        for o in organs
    ]


def notice_audience_choices(inspection: Inspection) -> list[Organ]:
    """Whom a notice may go to (在适当范围内): the authority, the inspecting organ, and the
    organs of the plan's scope, the inspected ones first."""
    plan = inspection.plan
    inspected = list(inspection.inspected.order_by("path"))
    scope = [e.organ for e in plan.scope.select_related("organ").order_by("organ__path")]
    found = {o.pk: o for o in [*inspected, plan.authority, plan.inspecting_organ, *scope]}
    return list(found.values())


def readable_matter(user: Any, matter_id: int) -> int | None:
    """The id of the inspection's matter when the user may open it (through the access
    policy: an accused organ's user never can); the page shows only its number."""
    rows = visible(user, Matter.objects.filter(pk=matter_id))
    return matter_id if rows.exists() else None
