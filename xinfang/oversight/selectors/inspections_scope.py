"""Whom an authority supervises (细则第九条: 本地区、本部门、本系统), read from the registry.

One definition, used for a plan's default scope and for the coverage of an authority that has
no plan yet. It works on light rows (``OrganRow``) so that many authorities are answered from
one read of the registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xinfang.orgs.choices import LEVEL_RANK, OrganRole
from xinfang.orgs.models import Organ

#: The roles of the authority of a territory (党委和政府).
TERRITORY_ROLES = (OrganRole.PARTY_COMMITTEE, OrganRole.GOVERNMENT)


@dataclass(frozen=True)
class OrganRow:
    """What the scope needs of an organ."""

    id: int
    path: str
    level: str
    region_code: str
    roles: tuple[str, ...]
    vertical_parent_id: int | None

    @property
    def governs_territory(self) -> bool:
        return any(role in self.roles for role in TERRITORY_ROLES)


ROW_FIELDS = ("id", "path", "level", "region_code", "roles", "vertical_parent_id")


def organ_rows(organs: Iterable[Organ]) -> list[OrganRow]:
    return [
        OrganRow(o.pk, o.path, o.level, o.region_code, tuple(o.roles or ()), o.vertical_parent_id)
        for o in organs
    ]


def active_registry_rows() -> list[OrganRow]:
    """Every active organ, as light rows: one query."""
    rows = Organ.objects.filter(is_active=True).values_list(*ROW_FIELDS)
    return [OrganRow(i, p, lv, rc, tuple(r or ()), vp) for i, p, lv, rc, r, vp in rows]


def region_prefix(code: str) -> str:
    """The code prefix every region inside ``code`` shares: ``500000`` → ``50``, ``500103`` →
    ``500103``."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def next_level(level: str) -> str | None:
    rank = LEVEL_RANK.get(level)
    if rank is None:
        return None
    below = [name for name, r in LEVEL_RANK.items() if r == rank + 1]
    return below[0] if below else None


def _vertical_below(authority_id: int, rows: Sequence[OrganRow]) -> set[int]:
    children: dict[int, list[int]] = {}
    for row in rows:
        if row.vertical_parent_id is not None:
            children.setdefault(row.vertical_parent_id, []).append(row.id)
    found: set[int] = set()
    frontier = [authority_id]
    while frontier:
        nxt = [c for parent in frontier for c in children.get(parent, []) if c not in found]
        found.update(nxt)
        frontier = nxt
    found.discard(authority_id)
    return found


def supervised_ids(authority: OrganRow, rows: Sequence[OrganRow]) -> set[int]:
    """The organs ``authority`` supervises, among ``rows`` (细则第九条).

    - The authority of a territory (a party committee or a government): the organs of its own
      level below it in the registry tree (its departments and offices: 本部门), and the party
      committee and government of each region one level down (本地区: 市委 → each 区县委 and
      区县政府; 区委 → each 乡镇党委 and 乡镇政府, 街道办事处);
    - any other organ (a department): every organ below it in the registry tree;
    - either way, the organs of its vertically managed system below it (本系统, 细则第五条第二款,
      ``Organ.vertical_parent``).

    Never the authority itself.
    """
    found: set[int] = set()
    below = [r for r in rows if r.path.startswith(authority.path) and r.id != authority.id]
    if authority.governs_territory:
        found.update(r.id for r in below if r.level == authority.level)
        lower = next_level(authority.level)
        prefix = region_prefix(authority.region_code)
        if lower is not None:
            found.update(
                r.id
                for r in rows
                if r.level == lower and r.governs_territory and r.region_code.startswith(prefix)
            )
    else:
        found.update(r.id for r in below)
    found |= _vertical_below(authority.id, rows)
    found.discard(authority.id)
    return found


def supervised_organs(authority: Organ) -> list[Organ]:
    """The organs ``authority`` supervises (``supervised_ids``), active ones, in registry
    order: one read of the registry's rows, one of the organs found."""
    rows = active_registry_rows()
    own = next((r for r in rows if r.id == authority.pk), None) or organ_rows([authority])[0]
    ids = supervised_ids(own, rows)
    return list(Organ.objects.filter(pk__in=sorted(ids)).order_by("path"))
