"""Where a matter should go (细则第三条: 属地管理、分级负责，谁主管、谁负责).

``suggest_organs`` ranks organs for a matter from the region where the problem arose and its
subject, competent organs by level (分级负责):

1. the competent departments of the region of occurrence (its township and district) whose
   classified handling list (第五条) covers the subject, lowest level first;
2. the people's governments of that region, township then district (属地管理; 第四条第二款:
   they coordinate and press the departments to solve it on the spot);
3. only then upward: the municipal departments whose lists cover the subject;
4. the municipal government only when nothing lower is competent (no organ of the region is
   left, say because the district is accused or has no organs on record). A party committee is
   not a transfer target for an ordinary matter and is not suggested.

Discipline bodies come first for accusations (检举控告); people's congresses, courts and
procuratorates for their matters. An accused unit, or any organ under it, is never suggested
(第十一条第八项). Each suggestion says why, in the reader's language, with its basis; the
clerk decides.
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

# The people's government of a region answers for its petition problems (细则第四条第二款)
# and is where a matter goes when no department of the lists is competent.
TERRITORIAL_ROLES = (OrganRole.GOVERNMENT,)


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


def _target(entry: HandlingListEntry) -> Organ:
    """The organ an entry sends the matter to: its responsible unit, else its department."""
    return entry.responsible_unit or entry.department


def _is_territorial(organ: Organ) -> bool:
    """A people's government (or a township's organ, a street office say): the territorial
    organ of its region (属地管理)."""
    return organ.level == OrganLevel.TOWNSHIP or any(
        organ.has_role(role) for role in TERRITORIAL_ROLES
    )


def _entry_suggestion(entry: HandlingListEntry, *, tier: str) -> Suggestion:
    """A line of a handling list as a suggestion, saying where the department stands
    (``tier``: ``local`` for the region of occurrence, ``upper`` above it, ``fallback`` above
    it when nothing of the region is competent) and what its list says."""
    # An accusation is sent to the discipline bodies; petition handling stays in the
    # procedure; every other route of the lists is routed out to.
    kind = {
        LegalRoute.PETITION_HANDLING: "handle",
        LegalRoute.DISCIPLINE_COMPLAINT: "discipline",
    }.get(LegalRoute(entry.legal_route), "route_out")
    level = OrganLevel(entry.department.level).label
    where = {
        "local": _("问题发生地的%(level)s主管部门") % {"level": level},
        "upper": _("上级（%(level)s）主管部门，排在问题发生地的机关之后") % {"level": level},
        "fallback": _("问题发生地没有可以办理的机关，由上级（%(level)s）主管部门办理")
        % {"level": level},
    }[tier]
    values = {
        "where": where,
        "department": entry.department.name,
        "type": entry.request_type,
        "unit": _target(entry).name,
        "route": LegalRoute(entry.legal_route).label,
    }
    if kind != "handle":
        text = _("%(where)s：依%(department)s依法分类处理清单“%(type)s”一项，应通过%(route)s解决。")
    elif _target(entry) == entry.department:
        text = _(
            "%(where)s：依%(department)s依法分类处理清单“%(type)s”一项，由其办理（谁主管、谁负责）。"
        )
    else:
        text = _(
            "%(where)s：依%(department)s依法分类处理清单“%(type)s”一项，由%(unit)s办理（谁主管、谁负责）。"
        )
    reason = text % values
    return Suggestion(
        organ=_target(entry),
        kind=kind,
        reason=reason,
        basis=("细则第三条", "细则第五条"),
        legal_route=entry.legal_route,
        entry_id=entry.pk,
    )


def _territorial_suggestion(organ: Organ, *, fallback: bool) -> Suggestion:
    """The people's government of a region (细则第四条第二款: the party committees and
    governments answer for their region's petition problems and press the departments)."""
    reason = (
        _("问题发生地的区县、乡镇没有可以转送的机关，由上级%(organ)s处理（分级负责）。")
        if fallback
        else _("问题发生地属%(organ)s管辖（属地管理、分级负责），由其协调督促有关部门就地解决。")
    ) % {"organ": organ.name}
    return Suggestion(
        organ=organ, kind="territorial", reason=reason, basis=("细则第三条", "细则第四条第二款")
    )


def politics_law_organs(*, regions: Iterable[str]) -> list[Organ]:
    """The active political-legal organs (政法部门: courts, procuratorates, organs marked so) of
    the regions, in the registry's order: where a matter of litigation rights may go
    (信访工作条例(2022)第二十二条第二款). One query."""
    organs = Organ.objects.filter(region_code__in=list(regions), is_active=True).order_by("path")
    return [organ for organ in organs if organ.is_politics_law]


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
    # 分级负责: the organs of the region of occurrence (its township and district; the
    # municipality itself for a municipal matter) first, then upward.
    local = set(chain[:-1]) or set(chain)
    categories = _category_chain(category)
    entries = (
        _handling_entries(categories, chain, organs={o.pk: o for o in active}) if categories else []
    )
    entries = sorted(
        (e for e in entries if allowed(e.department) and allowed(_target(e))),
        key=lambda e: (_rank(e.department), categories.index(e.category_id), e.pk),
    )
    governments = [o for o in organs if _is_territorial(o)]
    lower_entries = [e for e in entries if e.department.region_code in local]
    lower_governments = [o for o in governments if o.region_code in local]
    # The municipal government only when nothing of the region of occurrence is competent.
    fallback = not lower_entries and not lower_governments
    for entry in lower_entries:
        add(_entry_suggestion(entry, tier="local"))
    for organ in lower_governments:
        add(_territorial_suggestion(organ, fallback=False))
    for entry in entries:
        if entry.department.region_code not in local:
            add(_entry_suggestion(entry, tier="fallback" if fallback else "upper"))
    if fallback:
        for organ in governments:
            add(_territorial_suggestion(organ, fallback=True))
    return out[:limit]
