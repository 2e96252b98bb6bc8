"""Reads of the oversight part ``cadres`` (细则第十条第二款、第十八条).

A cadre opinion request is read by the users of the requesting organization department and
of the answering petition office, and by nobody else: not the leader concerned (even when he
serves in one of the two), not the leader's organ, not the leadership above, not the
discipline organ (unless it is one of the two). Every refusal is a logged 404
(``access_cadre_request_by_id``). The person's accountability record (第十八条) lives in
``cadres_record``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xinfang.access.policy import record_among_or_404, scope_for
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, OrganRole
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import departments_of_level, held_on, organs_of_user, person_of_user
from xinfang.punctuation import english
from xinfang.workflow.items import OverviewRow, TodoItem

from ..models.cadres import OPEN_STATES, CadreOpinionRequest, CadreOpinionState

#: How many leaders a search offers.
LEADER_SEARCH_LIMIT = 20
#: How long an answered opinion not yet read waits on the department's workbench (days).
UNREAD_DAYS = 90


# --- who asks, who answers -------------------------------------------------------------------


def is_organization_department(organ: Organ) -> bool:
    return organ.has_role(OrganRole.ORGANIZATION)


def is_petition_office(organ: Organ) -> bool:
    return organ.has_role(OrganRole.PETITION_OFFICE)


def departments_of_user(user: Any) -> list[Organ]:
    """The organization departments the user holds a position in."""
    return [organ for organ in organs_of_user(user) if is_organization_department(organ)]


def offices_of_user(user: Any) -> list[Organ]:
    """The petition offices the user holds a position in."""
    return [organ for organ in organs_of_user(user) if is_petition_office(organ)]


def petition_office_of_level(department: Organ) -> Organ | None:
    """The petition office of the department's level (同级信访部门): same level and region, or
    the nearest level above that has one (``departments_of_level``)."""
    found = departments_of_level(department, OrganRole.PETITION_OFFICE)
    return found[0] if found else None


def served_authorities(department: Organ) -> QuerySet[Organ]:
    """The managing authorities (第十七条) the department serves: the organs of its level and
    region (市委组织部 serves 市委; 渝中区委组织部 serves 渝中区委)."""
    return Organ.objects.filter(level=department.level, region_code=department.region_code)


def leaders_of_level(department: Organ, day: dt.date) -> QuerySet[Position]:
    """The leadership positions held on ``day`` at organs whose managing authority the
    department serves: the leading cadres the department evaluates (干部考察)."""
    return (
        Position.objects.filter(
            held_on(day),
            kind__in=LEADERSHIP_POSITION_KINDS,
            organ__managing_authority__in=served_authorities(department),
        )
        .select_related("person", "organ")
        .order_by("organ__path", "kind", "person__code")
    )


def leaders_named(department: Organ, day: dt.date, query: str) -> QuerySet[Position]:
    """The leaders of the level whose name (or organ's name) contains ``query``."""
    rows = leaders_of_level(department, day)
    text = (query or "").strip()
    if text:
        rows = rows.filter(Q(person__name__icontains=text) | Q(organ__name__icontains=text))
    return rows


def leader_positions_named(department: Organ, day: dt.date, query: str) -> list[Position]:
    """The first few of ``leaders_named``, for a form."""
    return list(leaders_named(department, day, query)[:LEADER_SEARCH_LIMIT])


def is_leader_of_level(department: Organ, person: Person, day: dt.date) -> bool:
    return leaders_of_level(department, day).filter(person_id=person.pk).exists()


# --- access ----------------------------------------------------------------------------------


def cadre_requests_for(user: Any) -> QuerySet[CadreOpinionRequest]:
    """The requests the user may read: those of an organ the user serves in as the requesting
    department or the answering office, never one about the user himself; newest first."""
    scope = scope_for(user)
    rows = CadreOpinionRequest.objects.select_related("requester", "office", "person", "signed_by")
    if scope.is_empty:
        return rows.none()
    if not scope.is_admin:
        members = sorted(scope.member_organ_ids)
        rows = rows.filter(Q(requester_id__in=members) | Q(office_id__in=members))
    if scope.person_id is not None:
        rows = rows.exclude(person_id=scope.person_id)
    return rows.order_by("-requested_on", "-id")


def access_cadre_request_by_id(
    user: Any, request_id: Any, *, action: str = "read"
) -> CadreOpinionRequest:
    """One request the user may read (``cadre_requests_for``), or a logged 404 that looks the
    same whether it exists or not."""
    return record_among_or_404(user, cadre_requests_for(user), request_id, action=action)


def is_office_leader(user: Any, office: Organ, day: dt.date) -> bool:
    """Whether the user's person is on the office's leadership team on ``day``: who signs."""
    person = person_of_user(user)
    if person is None:
        return False
    return Position.objects.filter(
        held_on(day), person_id=person.pk, organ_id=office.pk, kind__in=LEADERSHIP_POSITION_KINDS
    ).exists()


# --- the workbench ---------------------------------------------------------------------------


def _titled(label: object, title: str) -> str:
    return f"{label}{': ' if english() else '：'}{title}"


def _item(kind: str, row: CadreOpinionRequest, today: dt.date, organ: Organ) -> TodoItem:
    return TodoItem(
        kind=kind,
        title=_titled(row.person.name, row.get_purpose_display()),
        url_name="oversight:cadre_request_detail",
        url_args=(row.pk,),
        due=row.due if row.is_open else None,
        overdue=row.is_overdue(today),
        organ=organ,
    )


def todo_items(user: Any, today: dt.date) -> list[TodoItem]:
    """What of this part waits on ``user`` today: at the petition office, the requests to
    answer (overdue first); at the organization department, the answers not yet read and its
    requests still pending."""
    organs = organs_of_user(user, today)
    if not organs:
        return []
    ids = {organ.pk for organ in organs}
    rows = cadre_requests_for(user)
    items: list[TodoItem] = []
    for row in rows.filter(office_id__in=ids, state__in=OPEN_STATES).order_by("due", "id"):
        items.append(_item(_("干部考察征求意见待答复"), row, today, row.office))
    since = today - dt.timedelta(days=UNREAD_DAYS)
    answered = rows.filter(
        requester_id__in=ids,
        state__in=(CadreOpinionState.ANSWERED, CadreOpinionState.REFUSED),
        read_at__isnull=True,
    ).filter(Q(signed_at__date__gte=since) | Q(refused_on__gte=since))
    for row in answered:
        items.append(_item(_("信访部门意见待阅"), row, today, row.requester))
    for row in rows.filter(requester_id__in=ids, state__in=OPEN_STATES).order_by("due", "id"):
        items.append(_item(_("干部考察征求意见待信访部门答复"), row, today, row.requester))
    items.sort(key=lambda item: (not item.overdue,))
    return items


def organ_rows(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """For a petition office or an organization department the user serves in: the requests
    open, and how many are overdue."""
    scope = scope_for(user)
    if organ.pk not in scope.member_organ_ids and not scope.is_admin:
        return []
    if is_petition_office(organ):
        rows = cadre_requests_for(user).filter(office_id=organ.pk)
        kind = _("干部考察征求意见（待答复）")
    elif is_organization_department(organ):
        rows = cadre_requests_for(user).filter(requester_id=organ.pk)
        kind = _("干部考察征求意见（已征求）")
    else:
        return []
    open_rows = rows.filter(state__in=OPEN_STATES)
    return [
        OverviewRow(
            kind=kind,
            open=open_rows.count(),
            overdue=open_rows.filter(due__lt=today).count(),
            url_name="oversight:cadre_request_list",
        )
    ]
