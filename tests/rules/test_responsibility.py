"""细则第十一条第二款: who bears which responsibility, one test per rule."""

import pytest

from xinfang.rules.responsibility import (
    Conduct,
    Responsibility,
    ResponsibilityKind,
    Role,
    allocate,
)

COLLECTIVE = ResponsibilityKind.COLLECTIVE
INDIVIDUAL = ResponsibilityKind.INDIVIDUAL
R = Responsibility


def bears(kind, role, **conduct):
    return allocate(kind, Conduct(Role(role), **conduct))


@pytest.mark.parametrize("role", ["principal_leader", "supervising_leader"])
def test_art11_collective_principal_and_supervising_leaders_bear_principal_leadership(role):
    result = bears(COLLECTIVE, role)
    assert result.responsibility is R.PRINCIPAL_LEADERSHIP
    assert [str(b) for b in result.basis] == ["细则第十一条第二款"]


def test_art11_collective_other_members_who_took_part_bear_important_leadership():
    assert bears(COLLECTIVE, "team_member").responsibility is R.IMPORTANT_LEADERSHIP


def test_art11_collective_member_who_took_no_part_bears_none():
    assert bears(COLLECTIVE, "team_member", participated=False).responsibility is R.NONE


@pytest.mark.parametrize("role", ["principal_leader", "supervising_leader", "team_member"])
def test_art11_objector_overruled_bears_no_leadership_responsibility(role):
    result = bears(COLLECTIVE, role, objected=True)
    assert result.responsibility is R.NONE
    assert result.reason_code == "objected"


def test_art11_collective_staff_member_bears_none_and_needs_judgement():
    result = bears(COLLECTIVE, "staff")
    assert result.responsibility is R.NONE
    assert result.needs_judgement


def test_art11_individual_staff_member_in_charge_bears_direct_responsibility():
    assert bears(INDIVIDUAL, "staff").responsibility is R.DIRECT


@pytest.mark.parametrize("role", ["principal_leader", "supervising_leader"])
def test_art11_individual_principal_and_supervising_leaders_bear_leadership_responsibility(role):
    assert bears(INDIVIDUAL, role).responsibility is R.LEADERSHIP


@pytest.mark.parametrize("role", list(Role))
def test_art11_diligent_person_is_exempt_in_individual_responsibility(role):
    """尽职免责 belongs to the individual sentence of 第十一条第二款."""
    result = bears(INDIVIDUAL, role, diligent=True)
    assert result.responsibility is R.NONE
    assert result.reason_code == "diligent"


@pytest.mark.parametrize(
    ("role", "responsibility"),
    [
        ("principal_leader", R.PRINCIPAL_LEADERSHIP),
        ("supervising_leader", R.PRINCIPAL_LEADERSHIP),
        ("team_member", R.IMPORTANT_LEADERSHIP),
    ],
)
def test_art11_diligence_does_not_exempt_a_leader_in_collective_responsibility(
    role, responsibility
):
    result = bears(COLLECTIVE, role, diligent=True)
    assert result.responsibility is responsibility
    assert result.reason_code == "diligence_in_collective_case"
    assert result.needs_judgement


@pytest.mark.parametrize("kind", [COLLECTIVE, INDIVIDUAL])
@pytest.mark.parametrize("role", ["principal_leader", "supervising_leader", "team_member"])
def test_art11_overruled_objection_exempts_a_leader_in_either_kind(kind, role):
    result = bears(kind, role, objected=True)
    assert result.responsibility is R.NONE
    assert result.reason_code == "objected"


def test_art11_staff_objection_keeps_direct_responsibility_and_needs_judgement():
    result = bears(INDIVIDUAL, "staff", objected=True)
    assert result.responsibility is R.DIRECT
    assert result.reason_code == "staff_objection"
    assert result.needs_judgement


@pytest.mark.parametrize(
    ("role", "responsibility"),
    [
        ("principal_leader", R.PRINCIPAL_LEADERSHIP),
        ("supervising_leader", R.PRINCIPAL_LEADERSHIP),
        ("team_member", R.IMPORTANT_LEADERSHIP),
        ("staff", R.DIRECT),
    ],
)
def test_art11_both_kinds_judge_leaders_collectively_and_staff_individually(role, responsibility):
    assert bears(ResponsibilityKind.BOTH, role).responsibility is responsibility


def test_art11_individual_team_member_bears_none_and_needs_judgement():
    result = bears(INDIVIDUAL, "team_member")
    assert result.responsibility is R.NONE
    assert result.needs_judgement


def test_art11_individual_staff_member_not_in_charge_bears_none():
    assert bears(INDIVIDUAL, "staff", participated=False).responsibility is R.NONE
