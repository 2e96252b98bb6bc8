"""Reads of the assessment (细则第十条第一款; 信访工作条例(2022)第三十九条).

Who reads what:

- the assessing organ's users and those of the petition office that runs the scheme for it
  manage schemes and runs and read every line;
- the organization department a published run was delivered to reads all of it;
- an assessed organ reads its own line of a published run (score, rank, explanation);
- anyone else gets a 404. Drill-downs list the matters behind a figure through the access
  policy (``visible``), so the accused never see a matter accusing them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from xinfang.access.policy import visible
from xinfang.access.policy.scoping import scope_for
from xinfang.duties.selectors.recommendations import policy_recipients
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import Matter
from xinfang.rules.assessment import parse_fraction
from xinfang.rules.basis import REGULATION_2022, Basis, rules
from xinfang.rules.profiles import profile_in_force
from xinfang.workflow.items import OverviewRow, TodoItem

from ..models.assessment import (
    AssessmentRun,
    AssessmentScheme,
    RunDelivery,
    RunState,
)
from .assessment_catalogue import CATALOGUE, Attribution, Period


def assessment_basis(on: dt.date) -> tuple[Basis, ...]:
    """细则第十条第一款, and under the 2022 regulation 第三十九条第一款
    (每年考核, 通报, 重要参考)."""
    bases = [rules(10, 1)]
    if profile_in_force(on).procedure_regulation == REGULATION_2022:
        bases.append(Basis(REGULATION_2022, 39, 1))
    return tuple(bases)


def _member_ids(user: Any) -> frozenset[int]:
    return scope_for(user).member_organ_ids


def _is_admin(user: Any) -> bool:
    return scope_for(user).is_admin


def manager_q(user: Any) -> Q:
    """Schemes the user manages: of an organ of theirs, or run by a petition office of theirs."""
    if _is_admin(user):
        return Q()
    ids = _member_ids(user)
    return Q(assessing_organ_id__in=ids) | Q(office_id__in=ids)


def schemes_managed(user: Any) -> QuerySet[AssessmentScheme]:
    if not getattr(user, "is_authenticated", False):
        return AssessmentScheme.objects.none()
    return AssessmentScheme.objects.filter(manager_q(user)).select_related(
        "assessing_organ", "office"
    )


def acting_organ(user: Any, scheme: AssessmentScheme) -> Organ:
    """The organ the user acts for on ``scheme``: the assessing organ or the office."""
    ids = _member_ids(user)
    if scheme.office_id is not None and scheme.office_id in ids:
        assert scheme.office is not None
        return scheme.office
    return scheme.assessing_organ


def manages(user: Any, scheme: AssessmentScheme) -> bool:
    return schemes_managed(user).filter(pk=scheme.pk).exists()


def access_scheme_by_id(user: Any, scheme_id: Any) -> AssessmentScheme:
    """A scheme the user manages, or 404."""
    try:
        return schemes_managed(user).get(pk=int(scheme_id))
    except (AssessmentScheme.DoesNotExist, TypeError, ValueError):
        raise Http404(_("未找到。")) from None


def assessing_organ_choices(user: Any) -> tuple[list[Organ], Organ | None]:
    """The organs a user may set a scheme up for, and the petition office they run it from:
    the organs they hold a position in, and for a petition office's users the party committee
    and government of its level (the office runs the assessment for them)."""
    own = list(Organ.objects.filter(pk__in=_member_ids(user)).order_by("path"))
    office = next((o for o in own if o.has_role(OrganRole.PETITION_OFFICE)), None)
    found = list(own)
    if office is not None:
        found += [o for o in policy_recipients(office) if o not in found]
    return found, office


@dataclass(frozen=True)
class RunView:
    """A run as one user may read it: all of it (``organ_ids`` None) or the lines of their
    own organs; ``manager`` when they may publish or discard it."""

    run: AssessmentRun
    organ_ids: frozenset[int] | None
    manager: bool

    def lines(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.run.result.get("lines", [])
        if self.organ_ids is None:
            return rows
        return [row for row in rows if row["organ"] in self.organ_ids]


def access_run_by_id(user: Any, run_id: Any) -> RunView:
    """A run as the user may read it, or 404."""
    try:
        found = AssessmentRun.objects.select_related("scheme").get(pk=int(run_id))
    except (AssessmentRun.DoesNotExist, TypeError, ValueError):
        raise Http404(_("未找到。")) from None
    if manages(user, found.scheme):
        return RunView(found, None, True)
    if found.state == RunState.PUBLISHED:
        ids = _member_ids(user)
        if found.deliveries.filter(organ_id__in=ids).exists():
            return RunView(found, None, False)
        own = frozenset(ids & {row["organ"] for row in found.result.get("lines", [])})
        if own:
            return RunView(found, own, False)
    raise Http404(_("未找到。"))


def runs_visible(user: Any) -> list[AssessmentRun]:
    """Runs of the schemes the user manages, and published runs delivered to or assessing an
    organ of theirs; newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = _member_ids(user)
    published = Q(state=RunState.PUBLISHED) & (
        Q(deliveries__organ_id__in=ids) | Q(scheme__organs__in=ids)
    )
    managed = Q(scheme__in=schemes_managed(user))
    return list(
        AssessmentRun.objects.filter(managed | published)
        .select_related("scheme")
        .distinct()
        .order_by("-computed_at", "-id")
    )


def deliveries_waiting(user: Any) -> QuerySet[RunDelivery]:
    """Published results delivered to an organ of the user and not read yet."""
    return RunDelivery.objects.filter(
        organ_id__in=_member_ids(user), read_at__isnull=True
    ).select_related("run__scheme", "organ")


def delivery_of(user: Any, view: RunView) -> RunDelivery | None:
    return view.run.deliveries.filter(organ_id__in=_member_ids(user)).first()


def drill_matters(user: Any, view: RunView, organ_id: int, code: str) -> QuerySet[Matter]:
    """The matters behind an organ's figure for a computed indicator (the records of the
    period as they stand now), through the access policy; 404 when the user may not read the
    organ's line or the indicator has no matter list."""
    if view.organ_ids is not None and organ_id not in view.organ_ids:
        raise Http404(_("未找到。"))
    entry = CATALOGUE.get(code)
    organ = Organ.objects.filter(pk=organ_id).first()
    if entry is None or entry.drill is None or organ is None:
        raise Http404(_("未找到。"))
    if organ_id not in {row["organ"] for row in view.run.result.get("lines", [])}:
        raise Http404(_("未找到。"))
    scheme = view.run.scheme
    period = Period(scheme.period_start, scheme.period_end, view.run.as_of)
    found = entry.drill(Attribution(scheme.organs.all()), organ, period)
    return visible(user, found.order_by("-received_at", "-pk"))


# --- the workbench -------------------------------------------------------------------------


def todo_items(user: Any, today: dt.date) -> list[TodoItem]:
    """Results delivered to the user's organization department and not read yet; computed
    runs of the user's schemes that wait to be published or discarded."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = [
        TodoItem(
            kind=_("考核结果"),
            title=d.run.scheme.title,
            url_name="oversight:assessment_run",
            url_args=(d.run_id,),
            organ=d.organ,
        )
        for d in deliveries_waiting(user)
    ]
    waiting = AssessmentRun.objects.filter(
        scheme__in=schemes_managed(user), state=RunState.COMPUTED
    ).select_related("scheme")
    items += [
        TodoItem(
            kind=_("考核结果待发布"),
            title=r.scheme.title,
            url_name="oversight:assessment_run",
            url_args=(r.pk,),
            organ=r.scheme.assessing_organ,
        )
        for r in waiting
    ]
    return items


def organ_rows(user: Any, organ: Organ, today: dt.date) -> list[OverviewRow]:
    """The organ's latest published result, for its own users and the scheme's managers."""
    ids = _member_ids(user)
    runs = AssessmentRun.objects.filter(state=RunState.PUBLISHED, scheme__organs=organ)
    if organ.pk not in ids and not _is_admin(user):
        runs = runs.filter(Q(scheme__in=schemes_managed(user)) | Q(deliveries__organ_id__in=ids))
    latest = runs.select_related("scheme").order_by("-published_at", "-id").first()
    if latest is None:
        return []
    line = next((r for r in latest.result["lines"] if r["organ"] == organ.pk), None)
    if line is None:
        return []
    score = parse_fraction(line["score"])
    note = "—" if score is None else f"{float(score):.1f}"
    if line["rank"] is not None:
        note += f" ({line['rank']}/{line['of']})"
    return [
        OverviewRow(
            kind=_("信访工作考核"),
            note=note,
            url_name="oversight:assessment_run",
            url_args=(latest.pk,),
        )
    ]
