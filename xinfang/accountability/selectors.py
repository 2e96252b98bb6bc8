"""Reads of the accountability workflow, and its access chokepoints.

Who sees what (docs/accountability.md):

- leads and cases: the petition office whose territory holds the organ concerned (细则第六条、
  第十七条第二款), never its own chain of command, never a lead naming the reader as a duty
  holder; conflict exclusion through ``xinfang.access.policy.visible`` applies on top;
- recommendations and their decisions, with the letter and the decision notice (PDF): the
  managing authority they are addressed to (its leadership team and its organization and
  personnel departments, 第十七条第一款), and the petition office that investigated the case
  (``investigating_organ``, not every office whose territory holds it);
- notices: the organization or personnel department they are addressed to (第十八条);
- a person's accountability record: ``can_read_accountability_record`` and nothing else;
- the system administrator sees everything, except what names him.

Every refusal is a 404 that looks like "not found" and is logged as ``access.denied``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from xinfang.access.choices import DenialReason
from xinfang.access.policy import (
    can_read_accountability_record,
    log_denial,
    scope_for,
    visible,
    visible_organs,
)
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, OrganRole, PortfolioSubject
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import (
    departments_of_level,
    leadership_team_on,
    principal_leader_on,
    supervising_leaders_on,
)
from xinfang.petitions.matters.categories import portfolio_subject_of
from xinfang.petitions.matters.models import Matter
from xinfang.punctuation import join_clauses, join_list

from .choices import DecisionState, DutyRole
from .models import (
    AccountabilityCase,
    Decision,
    HonourDisqualification,
    Lead,
    LeadDutyHolder,
    Notice,
    Recommendation,
    Rectification,
)

# ---------------------------------------------------------------------------------------------
# Duty holders on the date of the failure (细则第七条、第八条、第十一条第二款)

_KIND_TO_ROLE = {
    "principal_leader": DutyRole.PRINCIPAL_LEADER,
    "supervising_leader": DutyRole.SUPERVISING_LEADER,
    "team_member": DutyRole.TEAM_MEMBER,
    "staff": DutyRole.STAFF,
}


@dataclass(frozen=True)
class DutyHolder:
    """One person who held the duty on a day, with the position that gave it."""

    person: Person
    organ: Organ
    position: Position | None
    role: str


def failed_work_subject(organ: Organ, *, period: str = "", matter: Matter | None = None) -> str:
    """The portfolio subject (分管) that covers the work that failed at ``organ``.

    The 直接主管的负责人 (细则第十一条第二款) is the leader whose portfolio covers the work that
    failed, not the one who holds the petition portfolio. The petition office's own steps —
    routing (``route``: 转送、交办) and whatever a petition office fails to do (a reply to the
    supervision of its routing) — are petition work (``petition``); a department's acceptance,
    handling, review, reply to supervision or execution is the work of the matter's category
    (its ``portfolio_subject``, inherited from its parents). "" when the registry cannot tell:
    no matter, no category, or a category naming no subject.
    """
    if period == "route" or organ.has_role(OrganRole.PETITION_OFFICE):
        return PortfolioSubject.PETITION
    if matter is None:
        return ""
    return portfolio_subject_of(matter.category)


def duty_holders_on(
    organ: Organ,
    day: dt.date,
    *,
    subject: str = PortfolioSubject.PETITION,
    staff_person_ids: Iterable[int] = (),
) -> list[DutyHolder]:
    """Who held the duty at ``organ`` on ``day``, from the positions in force that day.

    The principal leader (负总责), the supervising leaders whose portfolio (分管) includes
    ``subject`` (直接主管的负责人: ``failed_work_subject``; none when ``subject`` is ""), and the
    staff members among ``staff_person_ids`` who held a post there that day (those who acted on
    the record: 第八条). A leader appointed after ``day`` bears nothing: only positions held on
    that day count.
    """
    holders: list[DutyHolder] = []
    principal = principal_leader_on(organ, day)
    if principal is not None:
        holders.append(DutyHolder(principal.person, organ, principal, DutyRole.PRINCIPAL_LEADER))
    for position in supervising_leaders_on(organ, subject, day) if subject else []:
        holders.append(DutyHolder(position.person, organ, position, DutyRole.SUPERVISING_LEADER))
    wanted = set(staff_person_ids)
    if wanted:
        seen = {h.person.pk for h in holders}
        staff_posts = (
            Position.objects.filter(organ_id=organ.pk, person_id__in=sorted(wanted))
            .filter(start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
            .exclude(kind__in=LEADERSHIP_POSITION_KINDS)
            .select_related("person")
            .order_by("start", "pk")
        )
        for position in staff_posts:
            if position.person_id not in seen:
                seen.add(position.person_id)
                holders.append(DutyHolder(position.person, organ, position, DutyRole.STAFF))
    return holders


def supervising_leader_unclear(subject: str, holders: Iterable[DutyHolder]) -> bool:
    """Whether the registry cannot tell the 直接主管的负责人: no subject, or no holder whose
    portfolio covered it on the day (细则第十一条第二款)."""
    return not subject or not any(h.role == DutyRole.SUPERVISING_LEADER for h in holders)


def role_of_person_on(person: Person, organ: Organ, day: dt.date) -> tuple[str, Position] | None:
    """The person's duty role at ``organ`` on ``day`` from the position then held, or None."""
    for position in leadership_team_on(organ, day):
        if position.person_id == person.pk:
            return _KIND_TO_ROLE[position.kind], position
    post = (
        Position.objects.filter(organ_id=organ.pk, person_id=person.pk, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .order_by("start", "pk")
        .first()
    )
    if post is None:
        return None
    return _KIND_TO_ROLE.get(post.kind, DutyRole.STAFF), post


# ---------------------------------------------------------------------------------------------
# Choosing organs and people by name on the pages (never by registry code)

ORGAN_SEARCH_LIMIT = 50


def organs_named(organs: QuerySet[Organ], query: str) -> list[Organ]:
    """Organs among ``organs`` whose name or short name contains ``query``, at most 50, each
    with its parent (to tell two 住建委 apart); nothing for an empty query."""
    text = (query or "").strip()
    if not text:
        return []
    return list(
        organs.filter(Q(name__icontains=text) | Q(short_name__icontains=text))
        .select_related("parent")
        .order_by("path", "pk")[:ORGAN_SEARCH_LIMIT]
    )


def organs_for_leads(user: Any) -> QuerySet[Organ]:
    """Active organs the user's petition office may file a lead on: its territory minus its own
    chain of command (细则第六条、第十七条第二款; as ``petition_office_of_user``)."""
    scope = scope_for(user)
    organs = visible_organs(user).filter(is_active=True)
    if scope.is_empty:
        return organs.none()
    if scope.is_admin:
        return organs
    if not scope.office_paths:
        return organs.none()
    territory = Q(pk__in=[])
    for path in sorted(scope.office_paths):
        territory |= Q(path__startswith=path)
    return organs.filter(territory).exclude(pk__in=sorted(scope.exposed_organ_ids))


def _post_of(position: Position) -> str:
    return position.title_label or str(position.get_kind_display())


def people_in_post_on(organ: Organ, day: dt.date) -> list[tuple[Person, str]]:
    """Who held a post at ``organ`` on ``day``, each with a label naming the person, the organ
    and the post: the only people findings may name (细则第十一条第二款)."""
    positions = (
        Position.objects.filter(organ_id=organ.pk, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("person")
        .order_by("start", "pk")
    )
    seen: dict[int, tuple[Person, list[str]]] = {}
    for position in positions:
        seen.setdefault(position.person_id, (position.person, []))[1].append(_post_of(position))
    return [
        (
            person,
            _("%(name)s（%(organ)s，%(post)s）")
            % {"name": person.name, "organ": organ.name, "post": join_list(posts)},
        )
        for person, posts in seen.values()
    ]


def people_of_organ(organ: Organ) -> list[tuple[Person, str]]:
    """Everyone who holds or held a post at ``organ``, each labelled with the posts and their
    dates (for naming people on a lead; the service checks the post on the failure date)."""
    positions = (
        Position.objects.filter(organ_id=organ.pk)
        .select_related("person")
        .order_by("person__name", "start", "pk")
    )
    seen: dict[int, tuple[Person, list[str]]] = {}
    for position in positions:
        if position.end is None:
            held = _("%(start)s 起") % {"start": position.start.isoformat()}
        else:
            held = _("%(start)s 至 %(end)s") % {
                "start": position.start.isoformat(),
                "end": position.end.isoformat(),
            }
        seen.setdefault(position.person_id, (position.person, []))[1].append(
            f"{_post_of(position)} {held}"
        )
    return [
        (person, _("%(name)s（%(posts)s）") % {"name": person.name, "posts": join_clauses(posts)})
        for person, posts in seen.values()
    ]


# ---------------------------------------------------------------------------------------------
# The organs the registry names for a managing authority (同级, 细则第十八条)


def organs_with_role_at_level_of(authority: Organ, role: str) -> list[Organ]:
    """Active organs with ``role`` at the authority's level (同级, 细则第十八条).

    The registry's rule (``departments_of_level``): same level and region code, else the
    nearest level above along the authority's chain.
    """
    return departments_of_level(authority, role)


def territorial_petition_office(organ: Organ) -> Organ | None:
    """The petition office whose territory holds ``organ`` most closely (细则第六条).

    An office serves the subtree of its parent organ; the deepest such office wins, and an
    organ is never investigated by an office inside its own chain of command.
    """
    chain = [int(part) for part in organ.path.strip("/").split("/") if part]
    # Offices hang below an organ of the chain (or are a root of it): a handful of rows.
    nearby = Organ.objects.filter(
        Q(parent_id__in=chain) | Q(pk__in=chain, parent__isnull=True), is_active=True
    ).select_related("parent")
    offices = [
        office
        for office in nearby
        if office.has_role(OrganRole.PETITION_OFFICE)
        and organ.path.startswith((office.parent or office).path)
        # Never the office itself or an organ above it (its own chain of command).
        and not office.path.startswith(organ.path)
    ]
    if not offices:
        return None
    return max(offices, key=lambda office: (office.parent or office).depth)


def petition_office_of_user(user: Any, organ: Organ) -> Organ | None:
    """The user's petition office whose territory holds ``organ`` (for the administrator: the
    territorial office), or None."""
    scope = scope_for(user)
    if scope.is_admin:
        return territorial_petition_office(organ)
    if scope.is_empty or "petition_office" not in scope.roles:
        return None
    if organ.pk in scope.exposed_organ_ids:
        return None
    for office in Organ.objects.filter(pk__in=sorted(scope.member_organ_ids)).select_related(
        "parent"
    ):
        if office.has_role(OrganRole.PETITION_OFFICE) and organ.path.startswith(
            (office.parent or office).path
        ):
            return office
    return None


def require_petition_office(user: Any, organ: Organ, *, action: str) -> Organ:
    """The user's petition office for ``organ``, or a logged 403 (only that office acts)."""
    office = petition_office_of_user(user, organ)
    if office is None:
        log_denial(
            user,
            object_type="orgs.organ",
            object_id=organ.pk,
            reason=DenialReason.NOT_OWN_ORGAN,
            action=action,
        )
        raise PermissionDenied(_("只有该地区的信访部门可以办理。"))
    return office


# ---------------------------------------------------------------------------------------------
# Leads and cases: the petition office of the territory


def _office_filter(user: Any, lookup: str) -> Q | None:
    """Rows the user's petition-office positions reach, or None for "nothing"."""
    scope = scope_for(user)
    if scope.is_empty:
        return None
    if scope.is_admin:
        condition = Q()
    else:
        if not scope.office_paths:
            return None
        condition = Q(pk__in=[])
        for path in sorted(scope.office_paths):
            condition |= Q(**{f"{lookup}__path__startswith": path})
        # Never its own chain of command.
        condition &= ~Q(**{f"{lookup}_id__in": sorted(scope.exposed_organ_ids)})
    return condition


def _not_naming(user: Any, queryset: QuerySet[Any], holders_lookup: str) -> QuerySet[Any]:
    """Drop rows that name the user's person as a duty holder or participant."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return queryset
    return queryset.exclude(
        pk__in=queryset.model._default_manager.filter(**{holders_lookup: person_id}).values("pk")
    )


def leads_visible_to(user: Any) -> QuerySet[Lead]:
    """Leads the user may list: the petition office of the territory (and the administrator)."""
    condition = _office_filter(user, "organ")
    if condition is None:
        return Lead.objects.none()
    qs = visible(user, Lead.objects.filter(condition))
    return _not_naming(user, qs, "duty_holders__person_id").select_related("organ")


def with_holders(leads: QuerySet[Lead]) -> QuerySet[Lead]:
    """Leads with their case and duty holders loaded (three queries for a page of leads)."""
    holders = LeadDutyHolder.objects.select_related("person").order_by("id")
    return leads.select_related("organ", "case").prefetch_related(
        Prefetch("duty_holders", queryset=holders)
    )


def cases_visible_to(user: Any) -> QuerySet[AccountabilityCase]:
    """Cases the user may list: as for leads."""
    condition = _office_filter(user, "organ")
    if condition is None:
        return AccountabilityCase.objects.none()
    qs = visible(user, AccountabilityCase.objects.filter(condition))
    qs = _not_naming(user, qs, "participants__person_id")
    return _not_naming(user, qs, "lead__duty_holders__person_id").select_related("organ", "lead")


def _denied(user: Any, model: type[Any], record_id: Any, action: str) -> Http404:
    pk = _pk(record_id)
    exists = pk is not None and model._default_manager.filter(pk=pk).exists()
    log_denial(
        user,
        object_type=model._meta.label_lower,
        object_id=record_id,
        reason=DenialReason.OUT_OF_SCOPE if exists else DenialReason.NOT_FOUND,
        action=action,
    )
    return Http404(_("未找到。"))


def _pk(record_id: Any) -> int | None:
    try:
        return int(record_id)
    except (TypeError, ValueError):
        return None


def access_lead_by_id(user: Any, lead_id: Any, *, action: str = "read") -> Lead:
    """One lead the user may read, or a logged 404."""
    pk = _pk(lead_id)
    lead = leads_visible_to(user).filter(pk=pk).first() if pk else None
    if lead is None:
        raise _denied(user, Lead, lead_id, action)
    return lead


def access_case_by_id(user: Any, case_id: Any, *, action: str = "read") -> AccountabilityCase:
    """One case the user may read (the investigating side), or a logged 404."""
    pk = _pk(case_id)
    case = cases_visible_to(user).filter(pk=pk).first() if pk else None
    if case is None:
        raise _denied(user, AccountabilityCase, case_id, action)
    return case


# ---------------------------------------------------------------------------------------------
# Recommendations and decisions: the managing authority


def may_act_for_authority(user: Any, authority: Organ) -> bool:
    """Its leadership team or its organization and personnel departments (第十七条第一款)."""
    scope = scope_for(user)
    if scope.is_empty:
        return False
    return scope.is_admin or authority.pk in scope.managed_by_ids


def recommendations_for_authority(user: Any) -> QuerySet[Recommendation]:
    """Recommendations addressed to an authority the user acts for, minus any deciding on him
    (nobody decides on himself)."""
    scope = scope_for(user)
    if scope.is_empty:
        return Recommendation.objects.none()
    qs = Recommendation.objects.all()
    if not scope.is_admin:
        qs = qs.filter(authority_id__in=sorted(scope.managed_by_ids))
    if scope.person_id is not None:
        qs = qs.exclude(
            pk__in=Decision.objects.filter(person_id=scope.person_id).values("recommendation_id")
        )
    return qs.select_related("authority", "case", "case__organ").order_by("-sent_at", "-id")


def cases_investigated_by(user: Any) -> QuerySet[AccountabilityCase]:
    """Cases the user's own petition office investigates (``investigating_organ``, 细则第十七条
    第二款), among those the user may read; every case for the administrator.

    Narrower than ``cases_visible_to``: the municipal office oversees a district's cases
    (第六条) but did not investigate them, so their letters and rectifications are not its.
    """
    scope = scope_for(user)
    cases = cases_visible_to(user)
    if scope.is_admin:
        return cases
    return cases.filter(investigating_organ_id__in=sorted(scope.member_organ_ids))


def recommendations_readable_by(user: Any) -> QuerySet[Recommendation]:
    """The authority's recommendations, and those of cases the user's office investigated."""
    own = recommendations_for_authority(user).values("pk")
    investigated = Recommendation.objects.filter(case__in=cases_investigated_by(user)).values("pk")
    return (
        Recommendation.objects.filter(Q(pk__in=own) | Q(pk__in=investigated))
        .select_related("authority", "case", "case__organ")
        .order_by("-sent_at", "-id")
    )


def recommendation_list_for(user: Any) -> QuerySet[Recommendation]:
    """The recommendations page: those addressed to the user's authority and those the user's
    petition office sent (细则第十七条), each with how many decisions are still pending."""
    pending = Count("decisions", filter=Q(decisions__state=DecisionState.PENDING))
    return (
        recommendations_readable_by(user)
        .select_related("case__investigating_organ")
        .annotate(pending_count=pending)
    )


def access_recommendation_by_id(
    user: Any, recommendation_id: Any, *, action: str = "read"
) -> Recommendation:
    """A recommendation the user may read, or a logged 404."""
    pk = _pk(recommendation_id)
    found = recommendations_readable_by(user).filter(pk=pk).first() if pk else None
    if found is None:
        raise _denied(user, Recommendation, recommendation_id, action)
    return found


def access_decision_for_authority(user: Any, decision_id: Any) -> Decision:
    """A decision the user may record for its authority, or a logged 404."""
    pk = _pk(decision_id)
    decision = (
        Decision.objects.filter(pk=pk, recommendation__in=recommendations_for_authority(user))
        .select_related("recommendation", "recommendation__authority", "case", "person", "organ")
        .first()
        if pk
        else None
    )
    if decision is None:
        raise _denied(user, Decision, decision_id, "decide")
    return decision


def decisions_of(recommendation: Recommendation) -> list[Decision]:
    return list(
        Decision.objects.filter(recommendation_id=recommendation.pk)
        .select_related("person", "organ")
        .order_by("id")
    )


# ---------------------------------------------------------------------------------------------
# Rectification


def rectifications_visible_to(user: Any) -> QuerySet[Rectification]:
    """Rectification items of cases the user investigates or decisions his authority made."""
    cases = cases_investigated_by(user).values("pk")
    authority = recommendations_for_authority(user).values("pk")
    return (
        Rectification.objects.filter(
            Q(case_id__in=cases) | Q(decision__recommendation_id__in=authority)
        )
        .select_related("person", "organ", "case", "decision")
        .order_by("rectified_at", "due", "id")
    )


def access_rectification_by_id(user: Any, rectification_id: Any) -> Rectification:
    pk = _pk(rectification_id)
    found = rectifications_visible_to(user).filter(pk=pk).first() if pk else None
    if found is None:
        raise _denied(user, Rectification, rectification_id, "rectify")
    return found


def missed_rectifications(*, today: dt.date) -> QuerySet[Rectification]:
    """Rectifications not done by their deadline (due before ``today``), oldest first.

    Open ones by the partial index; those done late are found too (整改未按期完成).
    """
    return (
        Rectification.objects.filter(due__lt=today)
        .filter(Q(rectified_at__isnull=True) | Q(rectified_at__date__gt=F("due")))
        .select_related("case", "person", "organ", "decision")
        .order_by("due", "id")
    )


# ---------------------------------------------------------------------------------------------
# Notices and the accountability record (细则第十八条)


def notices_for(user: Any) -> QuerySet[Notice]:
    """Notices addressed to a department the user holds a position in (or all, for admin)."""
    scope = scope_for(user)
    if scope.is_empty:
        return Notice.objects.none()
    qs = Notice.objects.all()
    if not scope.is_admin:
        qs = qs.filter(to_organ_id__in=sorted(scope.member_organ_ids))
    if scope.person_id is not None:
        qs = qs.exclude(decision__person_id=scope.person_id)
    return qs.select_related(
        "to_organ", "decision", "decision__person", "decision__organ", "case", "case__organ"
    )


def notices_dispatched(
    *, case: AccountabilityCase | None = None, recommendation: Recommendation | None = None
) -> list[Notice]:
    """The notices sent for a case's (or one recommendation's) decisions: to which department
    and when (细则第十八条). For the deciding authority and the investigating office, who read
    the decisions already; oldest first."""
    qs = Notice.objects.all()
    if case is not None:
        qs = qs.filter(case_id=case.pk)
    if recommendation is not None:
        qs = qs.filter(decision__recommendation_id=recommendation.pk)
    return list(
        qs.select_related("to_organ", "decision", "decision__person", "decision__organ").order_by(
            "created_at", "id"
        )
    )


def accountability_record(person: Person) -> list[Decision]:
    """Every decided measure against the person, newest first (for authorised readers only)."""
    return list(
        Decision.objects.filter(person_id=person.pk, state=DecisionState.DECIDED)
        .select_related("case", "case__organ", "recommendation", "recommendation__authority")
        .prefetch_related("referrals")
        .order_by("-decided_on", "-id")
    )


def access_accountability_record(user: Any, person_id: Any) -> Person:
    """The person whose record the user may read (``can_read_accountability_record``), or a
    logged 404 — the same answer whether the person exists or not."""
    pk = _pk(person_id)
    person = Person.objects.filter(pk=pk).first() if pk else None
    if person is not None and can_read_accountability_record(user, person):
        return person
    log_denial(
        user,
        object_type="accountability.record",
        object_id=person_id,
        reason=DenialReason.OUT_OF_SCOPE if person is not None else DenialReason.NOT_FOUND,
    )
    raise Http404(_("未找到。"))


# ---------------------------------------------------------------------------------------------
# Honours (细则第十四条)


def honour_disqualified(organ: Organ, year: int) -> bool:
    """Whether the organ may not be chosen for comprehensive honours in ``year``."""
    return HonourDisqualification.objects.filter(organ_id=organ.pk, year=year).exists()


def honour_disqualifications(organ: Organ, year: int) -> list[HonourDisqualification]:
    """The disqualifications of the organ for the year, with the cases behind them."""
    return list(
        HonourDisqualification.objects.filter(organ_id=organ.pk, year=year)
        .select_related("case")
        .order_by("created_at", "id")
    )


def prior_measures_of(
    person_ids: Iterable[int], *, exclude_case: int | None = None, follow_up: int | None = None
) -> list[tuple[int, str, dt.date, bool, bool]]:
    """Earlier decided measures with a rectification deadline, per person (for escalation).

    Each row: person id, measure (``circulated_notice`` or ``admonishment``), the deadline,
    whether it was rectified on time (细则第十四条、第十五条: 仍未按期完成整改), and whether it is
    the rectification ``follow_up`` (the one the case's lead was detected from): only that one
    is the case's own rectification target and may escalate it.
    """
    rows: list[tuple[int, str, dt.date, bool, bool]] = []
    qs = Rectification.objects.filter(person_id__in=sorted(set(person_ids))).select_related(
        "decision"
    )
    if exclude_case is not None:
        qs = qs.exclude(case_id=exclude_case)
    for rectification in qs.order_by("due", "id"):
        if rectification.person_id is None or not rectification.measure:
            continue
        rows.append(
            (
                rectification.person_id,
                rectification.measure,
                rectification.due,
                rectification.rectified_in_time,
                follow_up is not None and rectification.pk == follow_up,
            )
        )
    return rows
