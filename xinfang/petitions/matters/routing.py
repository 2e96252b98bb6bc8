"""Where a matter should go (细则第三条: 属地管理、分级负责，谁主管、谁负责).

``suggest_organs`` ranks organs for a matter from the region where the problem arose and its
subject: the competent department from the classified handling lists (第五条) at the lowest
level first (township, district, municipal), then the territorial organs of that region;
people's congresses, courts and procuratorates for their matters; discipline bodies for
accusations (检举控告). An accused unit, or any organ under it, is never suggested
(第十一条第八项). Suggestions carry their reason and basis; the clerk decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from xinfang.access.scope import organ_is_accused
from xinfang.orgs.choices import LEVEL_RANK, OrganLevel, OrganRole
from xinfang.orgs.models import Organ
from xinfang.prepared import prepared_rows

from .choices import LegalRoute, OtherOrgan
from .models import Category, HandlingListEntry

OTHER_ORGAN_ROLES = {
    OtherOrgan.PEOPLES_CONGRESS: OrganRole.PEOPLES_CONGRESS,
    OtherOrgan.COURT: OrganRole.COURT,
    OtherOrgan.PROCURATORATE: OrganRole.PROCURATORATE,
}

TERRITORIAL_ROLES = (OrganRole.GOVERNMENT, OrganRole.PARTY_COMMITTEE)


@dataclass(frozen=True)
class Suggestion:
    """One suggested organ: what to do there, why, and on what basis."""

    organ: Organ
    kind: str  # "handle", "route_out", "other_organ", "discipline", "territorial"
    reason: str
    basis: tuple[str, ...]
    legal_route: str = ""
    entry_id: int | None = None


def region_chain(region_code: str) -> list[str]:
    """The region of occurrence and the regions above it, lowest first.

    ``500103001`` (a township) → ``["500103001", "500103", "500000"]``.
    """
    code = (region_code or "").strip()
    chain: list[str] = []
    if len(code) > 6:
        chain.append(code)
    if len(code) >= 6:
        if not code[:6].endswith("0000"):
            chain.append(code[:6])
        chain.append(code[:2] + "0000")
    return chain


def _category_chain(category: Category | None) -> list[int]:
    ids: list[int] = []
    seen: set[int] = set()
    current = category
    while current is not None and current.pk not in seen:
        ids.append(current.pk)
        seen.add(current.pk)
        current = current.parent
    return ids


def _rank(organ: Organ) -> int:
    """Lowest level first: township 0, district 1, municipal 2."""
    return -LEVEL_RANK.get(organ.level, 0)


def _active_organs_in(regions: list[str]) -> list[Organ]:
    """The active organs of the regions: one statement, compiled once per number of regions
    (every registration asks it, ``xinfang.prepared``)."""
    fields = [field.attname for field in Organ._meta.concrete_fields]
    rows = prepared_rows(
        ("active_organs_in",),
        lambda regions: Organ.objects.filter(region_code__in=regions, is_active=True).values_list(
            *fields
        ),
        regions=regions,
    )
    return [Organ.from_db("default", fields, row) for row in rows]


def _handling_entries(
    categories: list[int], regions: list[str], *, organs: dict[int, Organ]
) -> list[HandlingListEntry]:
    """The active handling list entries for the categories whose department is an active organ
    of the regions, by id: one statement compiled once per shape. Their departments are among
    ``organs`` (the regions' active organs); a responsible unit elsewhere is read with them."""
    fields = [field.attname for field in HandlingListEntry._meta.concrete_fields]
    rows = prepared_rows(
        ("handling_entries",),
        lambda categories, regions: (
            HandlingListEntry.objects.filter(
                category_id__in=categories,
                is_active=True,
                department__region_code__in=regions,
                department__is_active=True,
            )
            .order_by("id")
            .values_list(*fields)
        ),
        categories=categories,
        regions=regions,
    )
    entries = [HandlingListEntry.from_db("default", fields, row) for row in rows]
    elsewhere = {e.responsible_unit_id for e in entries} - set(organs) - {None}
    units = {**organs, **(Organ.objects.in_bulk(elsewhere) if elsewhere else {})}
    for entry in entries:
        entry.department = units[entry.department_id]
        if entry.responsible_unit_id is not None:
            entry.responsible_unit = units[entry.responsible_unit_id]
    return entries


def suggest_organs(
    *,
    region_code: str,
    category: Category | None = None,
    accused: Iterable[Organ] = (),
    other_organ: str = "",
    accusation: bool = False,
    limit: int = 10,
) -> list[Suggestion]:
    """Ranked organs for a matter arising in ``region_code`` about ``category``.

    Three queries at most (organs of the region chain, handling list entries, accused paths
    are read from the given organs). Organs accused, or under an accused unit, are left out.
    """
    chain = region_chain(region_code)
    accused_ids = {o.pk for o in accused}

    def allowed(organ: Organ) -> bool:
        return organ.is_active and not organ_is_accused(
            organ_path=organ.path, accused_organ_ids=accused_ids
        )

    active = _active_organs_in(chain)
    organs = sorted((o for o in active if allowed(o)), key=lambda o: (_rank(o), o.path))
    out: list[Suggestion] = []
    seen: set[tuple[int, str]] = set()

    def add(suggestion: Suggestion) -> None:
        key = (suggestion.organ.pk, suggestion.kind)
        if key not in seen:
            seen.add(key)
            out.append(suggestion)

    if accusation:
        for organ in organs:
            if organ.has_role(OrganRole.DISCIPLINE):
                add(
                    Suggestion(
                        organ=organ,
                        kind="discipline",
                        reason=_("检举控告类事项转纪检监察机关依规依纪依法处理。"),
                        basis=("细则第六条", "细则第十六条"),
                    )
                )
    if other_organ in OTHER_ORGAN_ROLES:
        role = OTHER_ORGAN_ROLES[OtherOrgan(other_organ)]
        for organ in organs:
            if organ.has_role(role):
                add(
                    Suggestion(
                        organ=organ,
                        kind="other_organ",
                        reason=_("属于%(organ)s职权范围的事项，告知信访人向其提出。")
                        % {"organ": OtherOrgan(other_organ).label},
                        basis=("细则第二条",),
                    )
                )
    categories = _category_chain(category)
    if categories:
        entries = _handling_entries(categories, chain, organs={o.pk: o for o in active})
        ranked = sorted(
            entries,
            key=lambda e: (_rank(e.department), categories.index(e.category_id), e.pk),
        )
        for entry in ranked:
            target = entry.responsible_unit or entry.department
            if not allowed(target) or not allowed(entry.department):
                continue
            # An accusation is sent to the discipline bodies; petition handling stays in the
            # procedure; every other route of the lists is routed out to.
            kind = {
                LegalRoute.PETITION_HANDLING: "handle",
                LegalRoute.DISCIPLINE_COMPLAINT: "discipline",
            }.get(LegalRoute(entry.legal_route), "route_out")
            add(
                Suggestion(
                    organ=target,
                    kind=kind,
                    reason=(
                        _("依%(department)s依法分类处理清单，“%(type)s”由其办理。")
                        if kind == "handle"
                        else _("依%(department)s依法分类处理清单，“%(type)s”应通过%(route)s解决。")
                    )
                    % {
                        "department": entry.department.name,
                        "type": entry.request_type,
                        "route": LegalRoute(entry.legal_route).label,
                    },
                    basis=("细则第三条", "细则第五条"),
                    legal_route=entry.legal_route,
                    entry_id=entry.pk,
                )
            )
    for organ in organs:
        territorial = organ.level == OrganLevel.TOWNSHIP or any(
            organ.has_role(role) for role in TERRITORIAL_ROLES
        )
        if territorial:
            add(
                Suggestion(
                    organ=organ,
                    kind="territorial",
                    reason=_("问题发生地属%(organ)s管辖（属地管理、分级负责）。")
                    % {"organ": organ.name},
                    basis=("细则第三条",),
                )
            )
    return out[:limit]
