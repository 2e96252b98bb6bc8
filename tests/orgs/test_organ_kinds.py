"""细则第二条: every kind of organ, and how the rules apply to it."""

import pytest

from tests.factories import OrganFactory
from xinfang.orgs.choices import Applicability, OrganKind, applicability_for_kind

pytestmark = pytest.mark.django_db

FULLY = [
    OrganKind.PARTY,
    OrganKind.PEOPLES_CONGRESS,
    OrganKind.ADMINISTRATIVE,
    OrganKind.CPPCC,
    OrganKind.JUDICIAL,
    OrganKind.PROCURATORIAL,
    OrganKind.DISPATCHED,
    OrganKind.PUBLIC_INSTITUTION,
    OrganKind.PEOPLES_ORGANIZATION,
]


def test_every_kind_of_article_2_is_covered():
    """The ten kinds are the six of ¶1, the three of ¶2 and the enterprises of ¶3."""
    assert {*FULLY, OrganKind.STATE_OWNED_ENTERPRISE} == set(OrganKind)


@pytest.mark.parametrize("kind", FULLY)
def test_party_and_government_organs_and_bodies_of_paragraph_2_apply_fully(kind):
    organ = OrganFactory(kind=kind)
    assert organ.applicability == Applicability.FULL
    assert not organ.is_by_reference
    assert str(organ) == organ.name


def test_state_owned_enterprises_apply_by_reference():
    """第二条第三款: 国有和国有控股企业参照本细则执行."""
    organ = OrganFactory(kind=OrganKind.STATE_OWNED_ENTERPRISE, name="重庆城投集团")
    assert organ.applicability == Applicability.BY_REFERENCE
    assert organ.is_by_reference
    assert str(organ) == "重庆城投集团（参照执行）"


def test_applicability_given_by_the_caller_is_ignored_in_favour_of_the_kind():
    organ = OrganFactory(kind=OrganKind.STATE_OWNED_ENTERPRISE, applicability=Applicability.FULL)
    assert organ.applicability == Applicability.BY_REFERENCE


def test_changing_the_kind_changes_the_applicability():
    from xinfang.orgs.services import organ_update

    organ = OrganFactory(kind=OrganKind.ADMINISTRATIVE)
    organ_update(actor="test", organ=organ, kind=OrganKind.STATE_OWNED_ENTERPRISE)
    organ.refresh_from_db()
    assert organ.applicability == Applicability.BY_REFERENCE


@pytest.mark.parametrize(
    ("kind", "expected"),
    [(k, Applicability.FULL) for k in FULLY]
    + [(OrganKind.STATE_OWNED_ENTERPRISE, Applicability.BY_REFERENCE)],
)
def test_applicability_for_kind(kind, expected):
    assert applicability_for_kind(kind) == expected
