"""Inspection coverage (细则第九条), answered by the inspections part to the others (the
assessment's coverage indicator, the level above's finding on an organ that never inspects).

An organ in an authority's scope is covered in a year when at least one special inspection
(专项督查) of the authority's plan for that year that names it among the inspected organs is
under way, has its findings recorded or is finished (``COVERING_STATES``): planned only is not
enough. Prompt inspections (及时督查) do not count towards the yearly special inspection.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q

from ..models.inspections import (
    COVERING_STATES,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionScopeEntry,
)
from .inspections_scope import active_registry_rows, supervised_ids


def _covering(year: int | None = None) -> Q:
    condition = Q(kind=InspectionKind.SPECIAL, state__in=COVERING_STATES)
    if year is not None:
        condition &= Q(plan__year=year)
    return condition


def covered_organ_ids(plan: InspectionPlan) -> set[int]:
    """The organs of the plan's scope covered by one of its special inspections: one query."""
    covering = Inspection.objects.filter(_covering(), plan=plan)
    rows = InspectionScopeEntry.objects.filter(plan=plan, organ__in=covering.values("inspected"))
    return set(rows.values_list("organ_id", flat=True))


def plan_coverage(plan: InspectionPlan) -> tuple[int, int]:
    """(organs of the plan's scope covered, organs in its scope)."""
    total = InspectionScopeEntry.objects.filter(plan=plan).count()
    return len(covered_organ_ids(plan)), total


def coverage_counts(organ_ids: Iterable[int], year: int) -> dict[int, tuple[int, int]]:
    """For each organ (as the inspecting authority): (organs in its inspection scope that had at
    least one special inspection in ``year``, organs in its scope). Organs with an empty scope
    answer (0, 0).

    The scope is the authority's plan for the year; an authority with no plan has run no
    inspection, and answers (0, the organs it supervises by default, ``supervised_ids``). Three
    queries: the plans with both counts, and, only when some authority has no plan, the
    registry's rows once.
    """
    ids = sorted(set(organ_ids))
    answer: dict[int, tuple[int, int]] = dict.fromkeys(ids, (0, 0))
    if not ids:
        return answer
    covering = Inspection.objects.filter(_covering(), plan=OuterRef("plan")).filter(
        inspected=OuterRef("organ")
    )
    entries = InspectionScopeEntry.objects.filter(plan__year=year, plan__authority_id__in=ids)
    counted = (
        entries.annotate(has_cover=Exists(covering))
        .values("plan__authority_id")
        .annotate(total=Count("id"), covered=Count("id", filter=Q(has_cover=True)))
    )
    for row in counted:
        answer[row["plan__authority_id"]] = (row["covered"], row["total"])
    planned = set(
        InspectionPlan.objects.filter(year=year, authority_id__in=ids).values_list(
            "authority_id", flat=True
        )
    )
    planless = [pk for pk in ids if pk not in planned]
    if planless:
        rows = active_registry_rows()
        by_id = {row.id: row for row in rows}
        for pk in planless:
            if pk in by_id:
                answer[pk] = (0, len(supervised_ids(by_id[pk], rows)))
    return answer


def authorities_inspecting(authority_ids: Iterable[int], year: int) -> set[int]:
    """Which of the authorities ran at least one special inspection in ``year``: one query.
    The level above reads it for the territory authorities of its scope (an authority that
    ran none is itself a finding of 细则第九条)."""
    rows = Inspection.objects.filter(_covering(year), plan__authority_id__in=sorted(authority_ids))
    return set(rows.values_list("plan__authority_id", flat=True).distinct())


def plans_coverage(plans: Iterable[InspectionPlan]) -> dict[int, tuple[int, int]]:
    """(covered, in scope) for each plan, by plan id: one ``coverage_counts`` a year listed,
    not two queries a plan."""
    by_year: dict[int, list[InspectionPlan]] = {}
    for plan in plans:
        by_year.setdefault(plan.year, []).append(plan)
    answer: dict[int, tuple[int, int]] = {}
    for year, listed in by_year.items():
        counts = coverage_counts([plan.authority_id for plan in listed], year)
        for plan in listed:
            answer[plan.pk] = counts[plan.authority_id]
    return answer
