"""The decision core of access control: who covers what, who is excluded. Standard library only.

A ``Scope`` is computed once per user and day from the user's current positions (see
``xinfang.access.policy.scope_for``); the predicates here decide on plain ids and materialised
paths (``/1/5/17/``), so they are tested without a database. The rules, in ``docs/security.md``:

- every position lets its holder act within the organ of the position (本单位);
- a leadership position (领导班子) covers the organ's subtree (细则第七条: 本地区、本部门、本系统);
- a position in a petition office (信访部门) covers the territory the office serves: the subtree
  of its parent organ (the party committee or government it belongs to), or its own subtree
  when it has no parent (细则第六条: 本地区的信访工作);
- a position in an organization or personnel department (组织人事部门) lets its holder read the
  accountability records of cadres whose organs are managed (``managing_authority``) by the
  department or by the organ it belongs to (细则第十条第二款、第十七条、第十八条);
- a position in a vertically managed department (垂直管理部门) covers the organs below it in its
  system, those whose chain of vertical parents reaches it (细则第五条第二款: 负责本系统的信访工作，
  督促下级部门和单位);
- the system administrator (superuser) covers everything;
- exclusion beats all of the above: an accused person, every account holding a position in an
  accused unit or in its subtree, and recused accounts never see the record (第十一条第八项).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def path_ids(path: str) -> tuple[int, ...]:
    """The ids on a materialised path, root first: ``/1/5/17/`` → (1, 5, 17)."""
    return tuple(int(part) for part in path.strip("/").split("/") if part)


@dataclass(frozen=True)
class Scope:
    """What one user may reach today, and what would expose the user as accused."""

    user_id: int | None = None
    person_id: int | None = None
    is_active: bool = False
    is_admin: bool = False
    roles: frozenset[str] = frozenset()
    # Organs where the user holds a current position (本单位).
    member_organ_ids: frozenset[int] = frozenset()
    # Paths of subtree roots the user covers (leadership teams, petition offices).
    subtree_paths: frozenset[str] = frozenset()
    # Managing authorities whose cadres' accountability records the user may read.
    managed_by_ids: frozenset[int] = frozenset()
    # Member organs and all their ancestors: accusing any of them excludes this user.
    exposed_organ_ids: frozenset[int] = frozenset()
    # Territories served by the user's petition-office positions (subtree paths).
    office_paths: frozenset[str] = frozenset()
    # Organs below the user's vertically managed departments in their systems.
    vertical_organ_ids: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        """No active account, or an account without any current position."""
        if not self.is_active:
            return True
        return not self.is_admin and not self.member_organ_ids

    def covers(self, *, organ_id: int, organ_path: str) -> bool:
        """Whether a record owned by this organ is within the user's scope."""
        if not self.is_active:
            return False
        if self.is_admin:
            return True
        if organ_id in self.member_organ_ids or organ_id in self.vertical_organ_ids:
            return True
        return any(organ_path.startswith(prefix) for prefix in self.subtree_paths)

    def covers_organ_entry(
        self, *, organ_id: int, organ_path: str, managing_authority_id: int | None
    ) -> bool:
        """Whether the organ itself may be read: covered, or managed by the user's department."""
        if self.covers(organ_id=organ_id, organ_path=organ_path):
            return True
        if not self.is_active:
            return False
        return managing_authority_id is not None and managing_authority_id in self.managed_by_ids

    def is_accused_by(
        self, *, accused_person_ids: Iterable[int], accused_organ_ids: Iterable[int]
    ) -> bool:
        """Whether the user is an accused person or sits in (the subtree of) an accused unit."""
        if self.person_id is not None and self.person_id in set(accused_person_ids):
            return True
        return not self.exposed_organ_ids.isdisjoint(accused_organ_ids)


def organ_is_accused(*, organ_path: str, accused_organ_ids: Iterable[int]) -> bool:
    """Whether an organ is an accused unit or lies in an accused unit's subtree."""
    return not set(path_ids(organ_path)).isdisjoint(accused_organ_ids)


def build_scope(
    *,
    user_id: int | None,
    person_id: int | None,
    is_active: bool,
    is_admin: bool,
    positions: Iterable[PositionFacts],
) -> Scope:
    """Derive the scope from the facts of the user's current positions."""
    roles: set[str] = {"system_admin"} if is_admin else set()
    members: set[int] = set()
    subtrees: set[str] = set()
    managed: set[int] = set()
    exposed: set[int] = set()
    offices: set[str] = set()
    vertical: set[int] = set()
    for position in positions:
        members.add(position.organ_id)
        exposed.update(path_ids(position.organ_path))
        roles.add("staff")
        if position.is_leadership:
            roles.add("leadership")
            subtrees.add(position.organ_path)
            managed.add(position.organ_id)
        if "petition_office" in position.organ_roles:
            roles.add("petition_office")
            served = position.parent_path or position.organ_path
            subtrees.add(served)
            offices.add(served)
        if position.vertical_below:
            roles.add("vertical_system")
            vertical.update(position.vertical_below)
        for department_role in ("organization", "personnel"):
            if department_role in position.organ_roles:
                roles.add(department_role)
                managed.add(position.organ_id)
                if position.parent_id is not None:
                    managed.add(position.parent_id)
    return Scope(
        user_id=user_id,
        person_id=person_id,
        is_active=is_active,
        is_admin=is_admin and is_active,
        roles=frozenset(roles),
        member_organ_ids=frozenset(members),
        subtree_paths=frozenset(subtrees),
        managed_by_ids=frozenset(managed),
        exposed_organ_ids=frozenset(exposed),
        office_paths=frozenset(offices),
        vertical_organ_ids=frozenset(vertical),
    )


@dataclass(frozen=True)
class PositionFacts:
    """What the scope needs to know about one current position."""

    organ_id: int
    organ_path: str
    organ_roles: frozenset[str]
    parent_id: int | None
    parent_path: str
    is_leadership: bool
    # The organs below the position's organ in its vertically managed system.
    vertical_below: frozenset[int] = frozenset()
