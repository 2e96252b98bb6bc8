"""The decision core (``xinfang.access.scope``) decides on ids and paths, without a database."""

from __future__ import annotations

from xinfang.access.scope import PositionFacts, Scope, build_scope, organ_is_accused, path_ids


def facts(
    organ_id: int,
    path: str,
    *,
    roles: tuple[str, ...] = (),
    parent: tuple[int, str] | None = None,
    leadership: bool = False,
) -> PositionFacts:
    return PositionFacts(
        organ_id=organ_id,
        organ_path=path,
        organ_roles=frozenset(roles),
        parent_id=parent[0] if parent else None,
        parent_path=parent[1] if parent else "",
        is_leadership=leadership,
    )


def scope(*positions: PositionFacts, admin: bool = False, person: int | None = 7) -> Scope:
    return build_scope(
        user_id=1, person_id=person, is_active=True, is_admin=admin, positions=positions
    )


def test_path_ids_reads_the_chain_root_first():
    assert path_ids("/1/5/17/") == (1, 5, 17)
    assert path_ids("/") == ()


def test_staff_covers_only_their_own_organ():
    s = scope(facts(5, "/1/5/"))
    assert s.covers(organ_id=5, organ_path="/1/5/")
    assert not s.covers(organ_id=6, organ_path="/1/5/6/")
    assert not s.covers(organ_id=1, organ_path="/1/")
    assert s.roles == {"staff"}


def test_leadership_covers_the_subtree_of_its_organ():
    s = scope(facts(5, "/1/5/", leadership=True))
    assert s.covers(organ_id=6, organ_path="/1/5/6/")
    assert not s.covers(organ_id=50, organ_path="/1/50/")  # prefix is /1/5/, not /1/5
    assert "leadership" in s.roles


def test_petition_office_covers_the_territory_of_its_parent():
    """A district petition office is a child of the district committee and serves its tree."""
    s = scope(facts(9, "/1/5/9/", roles=("petition_office",), parent=(5, "/1/5/")))
    assert s.covers(organ_id=6, organ_path="/1/5/6/")
    assert s.covers(organ_id=5, organ_path="/1/5/")
    assert not s.covers(organ_id=2, organ_path="/1/2/")
    assert s.office_paths == {"/1/5/"}


def test_petition_office_without_parent_covers_its_own_subtree():
    s = scope(facts(9, "/9/", roles=("petition_office",)))
    assert s.covers(organ_id=10, organ_path="/9/10/")


def test_organization_department_manages_cadres_of_itself_and_its_parent():
    s = scope(facts(8, "/1/5/8/", roles=("organization",), parent=(5, "/1/5/")))
    assert s.managed_by_ids == {8, 5}
    assert s.covers_organ_entry(organ_id=6, organ_path="/1/5/6/", managing_authority_id=5)
    assert not s.covers(organ_id=6, organ_path="/1/5/6/")


def test_administrator_covers_everything():
    s = scope(admin=True, person=None)
    assert s.covers(organ_id=99, organ_path="/3/99/")
    assert not s.is_empty


def test_inactive_or_positionless_scopes_are_empty():
    assert Scope().is_empty
    assert scope().is_empty
    assert not Scope().covers(organ_id=1, organ_path="/1/")


def test_accused_person_and_accounts_under_an_accused_unit_are_exposed():
    s = scope(facts(6, "/1/5/6/"))
    assert s.is_accused_by(accused_person_ids=[7], accused_organ_ids=[])
    assert s.is_accused_by(accused_person_ids=[], accused_organ_ids=[6])
    assert s.is_accused_by(accused_person_ids=[], accused_organ_ids=[5])  # parent unit
    assert not s.is_accused_by(accused_person_ids=[8], accused_organ_ids=[2])


def test_routing_refuses_the_accused_unit_and_its_subtree():
    assert organ_is_accused(organ_path="/1/5/", accused_organ_ids={5})
    assert organ_is_accused(organ_path="/1/5/6/", accused_organ_ids={5})
    assert not organ_is_accused(organ_path="/1/2/", accused_organ_ids={5})
    assert not organ_is_accused(organ_path="/1/", accused_organ_ids={5})


def test_the_decision_core_imports_only_the_standard_library():
    """Like django-rules' predicates: the core is testable and reviewable without Django."""
    import ast
    import sys
    from pathlib import Path

    import xinfang.access.scope as core

    tree = ast.parse(Path(core.__file__).read_text(encoding="utf-8"))
    modules = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}
