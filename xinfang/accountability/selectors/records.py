"""Notices, the accountability record (细则第十八条) and honours (细则第十四条)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from xinfang.access.choices import DenialReason
from xinfang.access.policy import can_read_accountability_record, log_denial, scope_for
from xinfang.orgs.models import Organ, Person

from ..choices import DecisionState
from ..models import (
    AccountabilityCase,
    Decision,
    HonourDisqualification,
    Notice,
    Recommendation,
    Rectification,
)
from .denials import _pk

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
