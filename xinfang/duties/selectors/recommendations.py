"""Reads of 细则第六条: the petition office's recommendations and situation reports.

A recommendation is read by the organ it is addressed to and by the office that made it
(``OfficeRecommendation.ACCESS_*``), never by an organ accused in a matter it rests on; a
situation report by its office, and once circulated by the organs it was circulated to. Every
list goes through ``visible``, every record through ``access_record_by_id`` (a logged 404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xinfang.access.policy import access_record_by_id, visible, visible_at_organ
from xinfang.accountability.choices import DutyRole
from xinfang.accountability.selectors import role_of_person_on, territorial_petition_office
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import (
    departments_of_level,
    organ_subtree,
    organs_of_user,
    person_of_user,
)
from xinfang.punctuation import english
from xinfang.rules.basis import REGULATION_2022, Basis, rules
from xinfang.rules.profiles import profile_in_force

from ..models.recommendations import (
    MEASURES_ADOPTION,
    OfficeRecommendation,
    RecommendationKind,
    RecommendationState,
    SituationReport,
    SituationReportState,
)
from .items import OverviewRow, TodoItem
from .recommendations_figures import territory_root
from .settings import SettingValue, duty_setting

#: The paragraph of 信访工作条例(2022)第四十条 each kind of recommendation rests on.
_ARTICLE_40_CLAUSE = {
    RecommendationKind.IMPROVE_WORK: 1,
    RecommendationKind.IMPROVE_POLICY: 2,
    RecommendationKind.DISCIPLINE: 3,
}
#: The roles a 完善政策 recommendation goes to: the office's own level (本级党委和政府).
POLICY_RECIPIENT_ROLES = (OrganRole.PARTY_COMMITTEE, OrganRole.GOVERNMENT)
#: States in which the office still follows the recommendation up.
FOLLOWED_STATES = (RecommendationState.REPLIED, RecommendationState.FOLLOWED_UP)
#: How long a circulated situation report waits on its recipients' workbench (days).
CIRCULATED_READING_DAYS = 90


# --- the law ---------------------------------------------------------------------------------


def _under_2022(on: dt.date) -> bool:
    return profile_in_force(on).procedure_regulation == REGULATION_2022


def recommendation_basis(kind: str, on: dt.date) -> tuple[Basis, ...]:
    """What a recommendation of ``kind`` made on ``on`` rests on: 细则第六条, and under the
    2022 regulation the paragraph of 第四十条 for its kind."""
    bases = [rules(6)]
    clause = (
        _ARTICLE_40_CLAUSE.get(RecommendationKind(kind))
        if kind in RecommendationKind.values
        else None
    )
    if clause is not None and _under_2022(on):
        bases.append(Basis(REGULATION_2022, 40, clause))
    return tuple(bases)


def reply_basis(on: dt.date) -> tuple[Basis, ...]:
    """What the written reply rests on: the reply period's policy value (细则第六条、第十九条),
    and under the 2022 regulation 第四十条第四款 (书面反馈采纳情况)."""
    return tuple(reply_setting(on).basis)


def reply_setting(on: dt.date, organ: Organ | None = None) -> SettingValue:
    """The policy value of the reply period on ``on`` (``recommendation_reply_days``)."""
    return duty_setting("recommendation_reply_days", on=on, organ=organ)


def default_reply_due(sent_on: dt.date, organ: Organ | None = None) -> dt.date:
    """The reply due date counted from the day the recommendation was sent (calendar days)."""
    return sent_on + dt.timedelta(days=reply_setting(sent_on, organ).value)


def report_basis(on: dt.date) -> tuple[Basis, ...]:
    """What a situation report rests on: 细则第六条 (分析研究信访情况), and under the 2022
    regulation 第四十一条 (信访情况年度报告)."""
    bases = [rules(6)]
    if _under_2022(on):
        bases.append(Basis(REGULATION_2022, 41, 1))
    return tuple(bases)


def policy_recipients(office: Organ) -> list[Organ]:
    """The party committee and government of the office's level: where a recommendation to
    perfect a policy goes (信访工作条例(2022)第四十条第二款: 向本级党委和政府报告)."""
    found: list[Organ] = []
    for role in POLICY_RECIPIENT_ROLES:
        found += [organ for organ in departments_of_level(office, role) if organ not in found]
    return found


def recipient_choices(office: Organ) -> list[Organ]:
    """The organs a form offers the office as recipients: the active organs of its territory
    and the party committee and government of its level."""
    territory = organ_subtree(territory_root(office)).filter(is_active=True).exclude(pk=office.pk)
    found = list(territory)
    known = {organ.pk for organ in found}
    return found + [organ for organ in policy_recipients(office) if organ.pk not in known]


def circulation_choices(office: Organ) -> list[Organ]:
    """The organs a form offers for a report's circulation: the recipients' choices and the
    petition office above (信访工作条例(2022)第四十一条第一款: 上一级党委和政府信访部门)."""
    found = recipient_choices(office)
    above = territorial_petition_office(office)
    if above is not None and above not in found:
        found.append(above)
    return found


# --- who acts --------------------------------------------------------------------------------


def is_petition_office(organ: Organ) -> bool:
    return organ.has_role(OrganRole.PETITION_OFFICE)


def offices_of_user(user: Any, day: dt.date | None = None) -> list[Organ]:
    """The petition offices the user holds a position in."""
    return [organ for organ in organs_of_user(user, day) if is_petition_office(organ)]


def is_principal_leader(user: Any, organ: Organ, day: dt.date) -> bool:
    """Whether the user's person is ``organ``'s principal leader on ``day``."""
    person = person_of_user(user)
    if person is None:
        return False
    found = role_of_person_on(person, organ, day)
    return found is not None and found[0] == DutyRole.PRINCIPAL_LEADER


# --- recommendations -------------------------------------------------------------------------


def reply_overdue_q(today: dt.date) -> Q:
    """Awaiting the written reply past its due date."""
    return Q(state=RecommendationState.SENT, reply_due__lt=today)


def measures_overdue_q(today: dt.date) -> Q:
    """Measures adopted and not recorded done by the date the office set."""
    return Q(
        state__in=FOLLOWED_STATES,
        adoption__in=MEASURES_ADOPTION,
        measures_done_on__isnull=True,
        measures_due__lt=today,
    )


def recommendations_visible(user: Any) -> QuerySet[OfficeRecommendation]:
    """Every recommendation the user may read, newest first."""
    rows = OfficeRecommendation.objects.select_related("office", "recipient")
    return visible(user, rows).order_by("-sent_on", "-id")


def access_recommendation_by_id(
    user: Any, recommendation_id: Any, *, action: str = "read"
) -> OfficeRecommendation:
    """One recommendation the user may read, or a logged 404."""
    found = access_record_by_id(user, OfficeRecommendation, recommendation_id, action=action)
    return OfficeRecommendation.objects.select_related("office", "recipient").get(pk=found.pk)


def recommendation_matters(recommendation: OfficeRecommendation) -> list[Any]:
    """The matters a recommendation rests on (the reader may read the recommendation, so not
    accused in any of them: ``ACCESS_LINKED_RECORDS``)."""
    return list(recommendation.matters.order_by("pk").only("pk", "summary", "state"))


# --- situation reports -----------------------------------------------------------------------


def reports_visible(user: Any) -> QuerySet[SituationReport]:
    """The situation reports the user may read: the office's own, and those circulated to an
    organ in the user's scope."""
    rows = SituationReport.objects.select_related("office", "approved_by")
    return visible(user, rows).order_by("-period_end", "-id")


def access_report_by_id(user: Any, report_id: Any, *, action: str = "read") -> SituationReport:
    """One situation report the user may read, or a logged 404."""
    found = access_record_by_id(user, SituationReport, report_id, action=action)
    return SituationReport.objects.select_related("office", "approved_by").get(pk=found.pk)


# --- the workbench ---------------------------------------------------------------------------


def _titled(label: object, title: str) -> str:
    """``改进工作的建议：标题`` (``…: title`` on English pages)."""
    return f"{label}{': ' if english() else '：'}{title}"


def todo_items(user: Any, today: dt.date) -> list[TodoItem]:
    """What of this part waits on ``user`` today: at an organ a recommendation is addressed
    to, its written reply (and the measures it adopted); at the office, the replies to follow
    up and, for its principal leader, the situation reports to approve."""
    organs = organs_of_user(user, today)
    if not organs:
        return []
    ids = [organ.pk for organ in organs]
    items: list[TodoItem] = []
    rows = recommendations_visible(user)

    def item(kind: str, rec: OfficeRecommendation, due: dt.date | None, by: str) -> TodoItem:
        return TodoItem(
            kind=kind,
            title=_titled(
                rec.recipient.name if by == "office" else rec.get_kind_display(), rec.title
            ),
            url_name="duties:recommendation_detail",
            url_args=(rec.pk,),
            due=due,
            overdue=due is not None and due < today,
            organ=rec.office if by == "office" else rec.recipient,
        )

    for rec in rows.filter(recipient_id__in=ids, state=RecommendationState.SENT):
        items.append(item(_("信访部门建议待反馈"), rec, rec.reply_due, "recipient"))
    outstanding = rows.filter(
        state__in=FOLLOWED_STATES, adoption__in=MEASURES_ADOPTION, measures_done_on__isnull=True
    )
    for rec in outstanding.filter(recipient_id__in=ids, measures_due__isnull=False):
        items.append(item(_("采纳建议的措施待落实"), rec, rec.measures_due, "recipient"))
    # A situation report circulated to the user's organ, to read (第六条: 分析研究信访情况).
    since = today - dt.timedelta(days=CIRCULATED_READING_DAYS)
    circulated = reports_visible(user).filter(
        circulated_to__in=ids, state=SituationReportState.CIRCULATED, circulated_on__gte=since
    )
    for report in circulated.distinct():
        items.append(
            TodoItem(
                kind=_("印发的信访情况分析报告"),
                title=report.title,
                url_name="duties:situation_report_detail",
                url_args=(report.pk,),
                organ=report.office,
            )
        )
    office_ids = [organ.pk for organ in organs if is_petition_office(organ)]
    if not office_ids:
        return items
    for rec in rows.filter(office_id__in=office_ids, state__in=FOLLOWED_STATES):
        if rec.state == RecommendationState.REPLIED or rec.measures_outstanding:
            items.append(item(_("建议反馈待跟踪落实"), rec, rec.measures_due, "office"))
    principal_of = [pk for pk in office_ids if is_principal_leader(user, _organ(organs, pk), today)]
    drafts = reports_visible(user).filter(
        office_id__in=principal_of, state=SituationReportState.DRAFT
    )
    for report in drafts:
        items.append(
            TodoItem(
                kind=_("信访情况分析报告待审定"),
                title=report.title,
                url_name="duties:situation_report_detail",
                url_args=(report.pk,),
                organ=report.office,
            )
        )
    return items


def _organ(organs: list[Organ], pk: int) -> Organ:
    return next(organ for organ in organs if organ.pk == pk)


def organ_rows(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """This part's lines of ``organ``'s duties overview, as ``user`` may see them: the
    recommendations it received still open (awaiting its reply, or measures it adopted), how
    many are overdue; for a petition office, also those it made."""
    received = visible_at_organ(user, OfficeRecommendation.objects.all(), organ=organ)
    open_q = Q(state=RecommendationState.SENT) | Q(
        state__in=FOLLOWED_STATES, adoption__in=MEASURES_ADOPTION, measures_done_on__isnull=True
    )
    overdue_q = reply_overdue_q(today) | measures_overdue_q(today)
    setting = reply_setting(today)
    rows = [
        OverviewRow(
            kind=_("信访部门建议（收到）"),
            open=received.filter(open_q).count(),
            overdue=received.filter(overdue_q).count(),
            note=_("书面反馈期限：%(label)s %(days)s 日")
            % {"label": setting.label, "days": setting.value},
            url_name="duties:recommendation_list",
        )
    ]
    if is_petition_office(organ):
        issued = recommendations_visible(user).filter(office_id=organ.pk)
        rows.append(
            OverviewRow(
                kind=_("信访部门建议（提出）"),
                open=issued.filter(open_q).count(),
                overdue=issued.filter(overdue_q).count(),
                url_name="duties:recommendation_list",
            )
        )
    return rows
