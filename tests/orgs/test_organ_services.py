"""Organ registry writes: validation, hierarchy paths and the audit trail."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganFactory
from xinfang.audit.models import AuditEntry
from xinfang.orgs.choices import OrganKind, OrganLevel, OrganRole
from xinfang.orgs.models import Organ
from xinfang.orgs.services import organ_create, organ_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return OrganFactory(name="重庆市人民政府", code="gov", roles=[OrganRole.GOVERNMENT])


@pytest.fixture
def district(city):
    return OrganFactory(
        name="渝中区人民政府",
        code="d-gov",
        parent=city,
        level=OrganLevel.DISTRICT,
        region_code="500103",
    )


@pytest.fixture
def township(district):
    return OrganFactory(
        name="解放碑街道办事处",
        code="t",
        parent=district,
        level=OrganLevel.TOWNSHIP,
        region_code="500103001",
        kind=OrganKind.DISPATCHED,
    )


def messages(excinfo):
    return " ".join(excinfo.value.messages)


def test_create_sets_path_and_depth(city, district, township):
    assert city.path == f"/{city.pk}/"
    assert city.depth == 0
    assert district.path == f"/{city.pk}/{district.pk}/"
    assert township.path == f"/{city.pk}/{district.pk}/{township.pk}/"
    assert township.depth == 2


def test_create_writes_an_audit_entry():
    organ = organ_create(
        actor="test:someone",
        code="x",
        name="重庆市信访办公室",
        kind=OrganKind.ADMINISTRATIVE,
        level=OrganLevel.MUNICIPAL,
        region_code="500000",
        roles=[OrganRole.PETITION_OFFICE],
    )
    entry = AuditEntry.objects.get(object_type="orgs.organ", object_id=str(organ.pk))
    assert entry.action == "orgs.organ_create"
    assert entry.actor == "test:someone"
    assert entry.details["name"] == "重庆市信访办公室"
    assert entry.details["applicability"] == "full"


def test_own_parent_is_refused(city):
    with pytest.raises(ValidationError) as excinfo:
        organ_update(actor="test", organ=city, parent=city)
    assert "上级机构不能是本机构或其下级机构，否则形成循环。" in messages(excinfo)


def test_a_descendant_as_parent_is_refused_as_a_cycle(city, district, township):
    with pytest.raises(ValidationError) as excinfo:
        organ_update(actor="test", organ=district, parent=township, level=OrganLevel.TOWNSHIP)
    assert "形成循环" in messages(excinfo)
    assert excinfo.value.error_dict["parent"][0].code == "parent_cycle"


def test_vertical_parent_cycle_is_refused(city):
    top = OrganFactory(vertical_system="公安")
    below = OrganFactory(vertical_system="公安", vertical_parent=top)
    with pytest.raises(ValidationError) as excinfo:
        organ_update(actor="test", organ=top, vertical_parent=below)
    assert "垂直管理上级不能是本机构或其垂直管理下级，否则形成循环。" in messages(excinfo)
    with pytest.raises(ValidationError):
        organ_update(actor="test", organ=top, vertical_parent=top)


def test_vertical_parent_of_another_system_is_refused():
    top = OrganFactory(vertical_system="公安")
    with pytest.raises(ValidationError) as excinfo:
        OrganFactory(vertical_system="生态环境", vertical_parent=top)
    assert excinfo.value.error_dict["vertical_parent"][0].code == "vertical_system_mismatch"


def test_managing_authority_cannot_be_the_organ_itself(city):
    with pytest.raises(ValidationError) as excinfo:
        organ_update(actor="test", organ=city, managing_authority=city)
    assert "有管理权限的党政机关不能是本机构" in messages(excinfo)


def test_unknown_roles_are_refused():
    with pytest.raises(ValidationError) as excinfo:
        OrganFactory(roles=["petition_office", "astrology"])
    assert "未知的职能：astrology。" in messages(excinfo)


@pytest.mark.parametrize(
    ("level", "code"),
    [
        (OrganLevel.MUNICIPAL, "50000"),  # five digits
        (OrganLevel.MUNICIPAL, "5000000"),  # seven digits
        (OrganLevel.MUNICIPAL, "990000"),  # no such province
        (OrganLevel.DISTRICT, "50010x"),
        (OrganLevel.TOWNSHIP, "5001030011"),  # ten digits
    ],
)
def test_bad_region_codes_are_refused(level, code):
    with pytest.raises(ValidationError) as excinfo:
        OrganFactory(level=level, region_code=code)
    assert "不符合 GB/T 2260" in messages(excinfo)


@pytest.mark.parametrize(
    ("level", "code"),
    [
        (OrganLevel.MUNICIPAL, "500103"),
        (OrganLevel.DISTRICT, "500000"),
        (OrganLevel.TOWNSHIP, "500103"),
    ],
)
def test_region_codes_must_fit_the_level(level, code):
    with pytest.raises(ValidationError) as excinfo:
        OrganFactory(level=level, region_code=code)
    assert excinfo.value.error_dict["region_code"][0].code == "region_code_level"


@pytest.mark.parametrize("code", ["500103001", "500103001001"])
def test_township_codes_of_nine_or_twelve_digits_are_accepted(district, code):
    organ = OrganFactory(parent=district, level=OrganLevel.TOWNSHIP, region_code=code)
    assert organ.region_code == code


def test_a_level_above_the_parent_is_refused(district):
    with pytest.raises(ValidationError) as excinfo:
        OrganFactory(parent=district, level=OrganLevel.MUNICIPAL, region_code="500000")
    assert "层级与上级机构不一致：市级机构不能隶属于区县级机构。" in messages(excinfo)


def test_a_region_outside_the_parent_is_refused(district):
    with pytest.raises(ValidationError) as excinfo:
        OrganFactory(parent=district, level=OrganLevel.DISTRICT, region_code="500105")
    assert excinfo.value.error_dict["region_code"][0].code == "region_outside_parent"


def test_duplicate_code_is_refused(city):
    with pytest.raises(ValidationError):
        OrganFactory(code=city.code)


def test_reparenting_moves_the_whole_subtree(city, district, township):
    other_city = OrganFactory(name="重庆市委", code="party")
    organ_update(actor="test", organ=district, parent=other_city)
    district.refresh_from_db()
    township.refresh_from_db()
    assert district.path == f"/{other_city.pk}/{district.pk}/"
    assert township.path == f"/{other_city.pk}/{district.pk}/{township.pk}/"
    assert (district.depth, township.depth) == (1, 2)
    # Making it a root shortens every path below it.
    organ_update(actor="test", organ=district, parent=None)
    township.refresh_from_db()
    assert township.path == f"/{district.pk}/{township.pk}/"
    assert township.depth == 1
    assert Organ.objects.get(pk=city.pk).path == f"/{city.pk}/"


def test_update_writes_the_changes_to_the_audit_trail(city):
    organ_update(actor="test", organ=city, name="重庆市人民政府（新）")
    entry = AuditEntry.objects.filter(action="orgs.organ_update").get()
    assert entry.details == {"changed": {"name": ["重庆市人民政府", "重庆市人民政府（新）"]}}


def test_update_without_changes_writes_nothing(city):
    before = AuditEntry.objects.count()
    organ_update(actor="test", organ=city, name=city.name)
    assert AuditEntry.objects.count() == before


def test_update_refuses_derived_fields(city):
    with pytest.raises(ValidationError) as excinfo:
        organ_update(actor="test", organ=city, path="/1/")
    assert excinfo.value.code == "field_not_updatable"


def test_lowering_a_level_below_a_child_is_refused(city, district):
    with pytest.raises(ValidationError) as excinfo:
        organ_update(actor="test", organ=city, level=OrganLevel.TOWNSHIP, region_code="500103001")
    assert excinfo.value.error_dict["level"][0].code == "level_below_child"


def test_refusals_are_translated_into_english(city):
    """Chinese is the source text; the English catalog carries the same refusal."""
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        organ_update(actor="test", organ=city, parent=city)
    assert (
        "The parent organ cannot be the organ itself or one below it: that would make a cycle."
        in messages(excinfo)
    )
