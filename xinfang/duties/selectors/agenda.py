"""Reads of 细则第四条: agenda items and the organ's norm, major decisions and their risk
assessment, dispute screening, and what of these waits on a user or shows on an organ's page.
The early warning is ``agenda_warnings``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from xinfang.access.policy import (
    access_record_by_id,
    exclude_conflicts,
    records_organs,
    scope_for,
    visible,
    visible_at_organ,
)
from xinfang.orgs.choices import PositionKind
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import (
    organs_of_user,
    person_of_user,
    positions_of_person_on,
)
from xinfang.petitions.matters.models import Matter

from ..models.agenda import (
    AgendaItem,
    DisputeScreening,
    FollowUpState,
    MajorDecision,
    RiskAssessment,
)
from ..services.agenda import is_region_organ
from .agenda_warnings import may_see_warnings, region_warnings
from .items import OverviewRow, TodoItem
from .settings import SettingValue, duty_setting

#: How long after a decision matters of its place are suggested as arising from it (days): a
#: search window for the clerk, not a norm.
SUGGESTION_DAYS = 180


# --- norms by year --------------------------------------------------------------------------


@dataclass(frozen=True)
class NormStatus:
    """How often a duty was done in a year against the norm that applies: for the current
    year, pro rata by the quarters ended (``expected``)."""

    organ: Organ
    year: int
    held: int
    setting: SettingValue
    expected: int

    @property
    def behind(self) -> bool:
        return self.held < self.expected


def expected_by(norm: int, year: int, today: dt.date) -> int:
    """What the norm asks by ``today``: all of it for a past year, the share of the quarters
    ended for the current one, none for a later one."""
    if year < today.year:
        return norm
    if year > today.year:
        return 0
    return norm * ((today.month - 1) // 3) // 4


def _norm(organ: Organ, year: int, today: dt.date, name: str, held: int) -> NormStatus:
    day = min(today, dt.date(year, 12, 31))
    setting = duty_setting(name, on=day, organ=organ)
    return NormStatus(organ, year, held, setting, expected_by(setting.value, year, today))


def agenda_norm(organ: Organ, year: int, today: dt.date) -> NormStatus:
    """Petition work on the team's agenda in ``year`` against ``agenda_per_year``
    (细则第四条第一款: 定期听取工作汇报、分析信访形势)."""
    held = AgendaItem.objects.filter(organ_id=organ.pk, held_on__year=year).count()
    return _norm(organ, year, today, "agenda_per_year", held)


def screening_norm(organ: Organ, year: int, today: dt.date) -> NormStatus:
    """Dispute screenings of the region in ``year`` against ``screening_per_year``
    (细则第四条第二款: 加强矛盾纠纷排查化解)."""
    held = DisputeScreening.objects.filter(organ_id=organ.pk, held_on__year=year).count()
    return _norm(organ, year, today, "screening_per_year", held)


# --- records through the chokepoints --------------------------------------------------------


def _owned_by(user: Any) -> Q:
    """The items whose follow-up the user owns: an owner serving in another organ (the
    department a party committee's meeting charged) reads the item he must carry out."""
    person = person_of_user(user) if getattr(user, "is_authenticated", False) else None
    return Q(follow_up_owner_id=person.pk) if person is not None else Q(pk__in=[])


def agenda_items_visible(user: Any) -> QuerySet[AgendaItem]:
    """The items the user may read: those the access policy lets him see, and those whose
    follow-up he owns."""
    in_scope = visible(user, AgendaItem.objects.all()).values("pk")
    rows = AgendaItem.objects.filter(Q(pk__in=in_scope) | _owned_by(user))
    return rows.select_related("organ", "follow_up_owner").order_by("-held_on", "-id")


def access_agenda_item_by_id(user: Any, item_id: Any, *, action: str = "read") -> AgendaItem:
    rows = AgendaItem.objects.select_related("organ", "follow_up_owner")
    owned = rows.filter(_owned_by(user), pk=item_id).first() if str(item_id).isdigit() else None
    if owned is not None:
        return owned
    item = access_record_by_id(user, AgendaItem, item_id, action=action)
    return rows.get(pk=item.pk)


def decisions_visible(user: Any) -> QuerySet[MajorDecision]:
    rows = MajorDecision.objects.select_related("organ", "decision_maker")
    return visible(user, rows).order_by("-decided_on", "-id")


def access_decision_by_id(user: Any, decision_id: Any, *, action: str = "read") -> MajorDecision:
    decision = access_record_by_id(user, MajorDecision, decision_id, action=action)
    return MajorDecision.objects.select_related("organ", "decision_maker").get(pk=decision.pk)


def screenings_visible(user: Any) -> QuerySet[DisputeScreening]:
    return visible(user, DisputeScreening.objects.select_related("organ")).order_by(
        "-held_on", "-id"
    )


def without_prior_assessment(decisions: QuerySet[MajorDecision]) -> QuerySet[MajorDecision]:
    """Decisions within the assessment's scope with no assessment dated on or before the
    decision (细则第四条第一款; 第十一条第一款第一项: 未按规定实施社会稳定风险评估)."""
    prior = RiskAssessment.objects.filter(
        decision_id=OuterRef("pk"), assessed_on__lte=OuterRef("decided_on")
    )
    return decisions.filter(in_scope=True).filter(~Exists(prior))


def assessment_of(decision: MajorDecision) -> RiskAssessment | None:
    return RiskAssessment.objects.filter(decision_id=decision.pk).first()


def assessment_missing(decision: MajorDecision) -> bool:
    """Whether the decision lacked the assessment it needed when it was taken."""
    found = assessment_of(decision)
    return decision.in_scope and (found is None or found.assessed_on > decision.decided_on)


def linked_matters(user: Any, decision: MajorDecision) -> tuple[list[Matter], int]:
    """The matters linked to the decision that ``user`` may open, and how many are linked.

    The count includes linked matters outside the user's scope (the decision's weight), but
    never one the user is excluded from (an accusation of the user's unit, a recusal): the
    number must be what it would be if that matter did not exist."""
    linked = decision.matters.all()
    count = exclude_conflicts(scope_for(user), linked).count()
    return list(visible(user, linked).order_by("received_at", "id")), count


def matter_suggestions(user: Any, decision: MajorDecision, *, limit: int = 20) -> list[Matter]:
    """Matters of the decision's place (its organ's region, or at the organ itself) received in
    the window after the decision and not linked yet, as ``user`` may see them: candidates for
    a clerk to link."""
    start = decision.decided_on
    end = start + dt.timedelta(days=SUGGESTION_DAYS)
    organ = decision.organ
    place = (
        Q(region_code__startswith=organ.region_code)
        | Q(handling_organ_id=organ.pk)
        | Q(current_organ_id=organ.pk)
    )
    rows = Matter.objects.filter(place, received_at__date__gte=start, received_at__date__lte=end)
    rows = rows.exclude(pk__in=decision.matters.values("pk"))
    return list(visible(user, rows).order_by("received_at", "id")[:limit])


# --- the workbench --------------------------------------------------------------------------


def _norm_note(status: NormStatus) -> str:
    return _("%(year)s 年 %(held)s 次，应达 %(expected)s 次（%(label)s %(norm)s 次/年）") % {
        "year": status.year,
        "held": status.held,
        "expected": status.expected,
        "label": status.setting.label,
        "norm": status.setting.value,
    }


def _principal_organs(user: Any, today: dt.date) -> list[Organ]:
    person = person_of_user(user)
    if person is None:
        return []
    return [
        p.organ
        for p in positions_of_person_on(person, today)
        if p.kind == PositionKind.PRINCIPAL_LEADER
    ]


def todo_items(user: Any, today: dt.date) -> list[TodoItem]:
    """What of this part waits on ``user`` today: the follow-ups they own; for a principal
    leader, the agenda or screening behind the norm and decisions lacking their assessment;
    for the region's leaders and petition office, the warnings."""
    items: list[TodoItem] = []
    person = person_of_user(user)
    if person is None:
        return items
    owned = AgendaItem.objects.filter(
        follow_up_owner_id=person.pk, state=FollowUpState.OPEN
    ).select_related("organ")
    for item in owned.order_by("follow_up_due", "id"):
        items.append(
            TodoItem(
                kind=_("议定事项落实"),
                title=f"{item.meeting}（{item.held_on:%Y-%m-%d}）",
                url_name="duties:agenda_item_detail",
                url_args=(item.pk,),
                due=item.follow_up_due,
                overdue=item.follow_up_due is not None and item.follow_up_due < today,
                organ=item.organ,
            )
        )
    for organ in _principal_organs(user, today):
        items.extend(_principal_todo(organ, today))
    for organ in organs_of_user(user, today):
        if may_see_warnings(user, organ, today):
            total = region_warnings(user, organ, today).total
            if total:
                items.append(
                    TodoItem(
                        kind=_("风险预警"),
                        title=_("本地区有 %(n)s 条信访风险预警") % {"n": total},
                        url_name="duties:agenda_warnings",
                        url_args=(organ.pk,),
                        organ=organ,
                    )
                )
    return items


def _principal_todo(organ: Organ, today: dt.date) -> list[TodoItem]:
    items = []
    agenda = agenda_norm(organ, today.year, today)
    if agenda.behind:
        items.append(
            TodoItem(
                kind=_("议事日程"),
                title=_("研究信访工作次数不足：%(note)s") % {"note": _norm_note(agenda)},
                url_name="duties:agenda_organ",
                url_args=(organ.pk,),
                organ=organ,
            )
        )
    if is_region_organ(organ):
        screening = screening_norm(organ, today.year, today)
        if screening.behind:
            items.append(
                TodoItem(
                    kind=_("矛盾纠纷排查"),
                    title=_("排查次数不足：%(note)s") % {"note": _norm_note(screening)},
                    url_name="duties:agenda_organ",
                    url_args=(organ.pk,),
                    organ=organ,
                )
            )
    lacking = without_prior_assessment(MajorDecision.objects.filter(organ_id=organ.pk))
    for decision in lacking.order_by("-decided_on")[:20]:
        items.append(
            TodoItem(
                kind=_("社会稳定风险评估"),
                title=_("重大决策“%(title)s”未在决策前进行评估") % {"title": decision.title},
                url_name="duties:agenda_decision_detail",
                url_args=(decision.pk,),
                due=decision.decided_on,
                overdue=True,
                organ=organ,
            )
        )
    return items


def organ_rows(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """This part's lines of ``organ``'s duties overview, as ``user`` may see them."""
    if not records_organs(user).filter(pk=organ.pk).exists():
        return []
    items = visible_at_organ(user, AgendaItem.objects.all(), organ=organ)
    decisions = visible_at_organ(user, MajorDecision.objects.all(), organ=organ)
    open_items = items.filter(state=FollowUpState.OPEN)
    agenda = agenda_norm(organ, today.year, today)
    rows = [
        OverviewRow(
            kind=_("议事日程（研究信访工作）"),
            open=open_items.count(),
            overdue=open_items.filter(follow_up_due__lt=today).count(),
            note=_norm_note(agenda),
            url_name="duties:agenda_organ",
            url_args=(organ.pk,),
            flags=[_("未达到频次")] if agenda.behind else [],
        )
    ]
    lacking = without_prior_assessment(decisions)
    count = lacking.count()
    rows.append(
        OverviewRow(
            kind=_("重大决策社会稳定风险评估"),
            open=count,
            note=_("登记重大决策 %(n)s 项") % {"n": decisions.count()},
            url_name="duties:agenda_organ",
            url_args=(organ.pk,),
            flags=[_("%(n)s 项决策未在决策前评估") % {"n": count}] if count else [],
        )
    )
    if is_region_organ(organ):
        screening = screening_norm(organ, today.year, today)
        rows.append(
            OverviewRow(
                kind=_("矛盾纠纷排查"),
                note=_norm_note(screening),
                url_name="duties:agenda_organ",
                url_args=(organ.pk,),
                flags=[_("未达到频次")] if screening.behind else [],
            )
        )
    if may_see_warnings(user, organ, today):
        total = region_warnings(user, organ, today).total
        rows.append(
            OverviewRow(
                kind=_("风险预警"),
                open=total,
                url_name="duties:agenda_warnings",
                url_args=(organ.pk,),
                flags=[_("有预警")] if total else [],
            )
        )
    return rows


def organs_to_record_for(user: Any) -> list[Organ]:
    """The organs the user records this part's work for (where they serve)."""
    return organs_of_user(user)
