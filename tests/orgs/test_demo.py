"""``xinfang demo``: the demo Chongqing, written once through the services."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from xinfang.audit.models import AuditEntry, AuditHead
from xinfang.demo.orgs_data import DEMO_LOGINS, DEMO_PASSWORD, DISTRICTS
from xinfang.orgs.choices import Applicability, OrganKind, OrganLevel, PositionKind
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import (
    person_managing_authority,
    primary_organ_of_user,
    supervising_leaders_on,
)

pytestmark = pytest.mark.django_db

DISTRICT_CODES = {
    "500101": "万州区", "500102": "涪陵区", "500103": "渝中区", "500104": "大渡口区",
    "500105": "江北区", "500106": "沙坪坝区", "500107": "九龙坡区", "500108": "南岸区",
    "500109": "北碚区", "500110": "綦江区", "500111": "大足区", "500112": "渝北区",
    "500113": "巴南区", "500114": "黔江区", "500115": "长寿区", "500116": "江津区",
    "500117": "合川区", "500118": "永川区", "500119": "南川区", "500120": "璧山区",
    "500151": "铜梁区", "500152": "潼南区", "500153": "荣昌区", "500154": "开州区",
    "500155": "梁平区", "500156": "武隆区", "500229": "城口县", "500230": "丰都县",
    "500231": "垫江县", "500233": "忠县", "500235": "云阳县", "500236": "奉节县",
    "500237": "巫山县", "500238": "巫溪县", "500240": "石柱土家族自治县",
    "500241": "秀山土家族苗族自治县", "500242": "酉阳土家族苗族自治县",
    "500243": "彭水苗族土家族自治县",
}  # fmt: skip


def counts():
    return (
        Organ.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        get_user_model().objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, in a transaction rolled back at its end."""
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_demo_creates_the_38_districts_and_counties_with_their_codes(demo):
    assert {code: name for code, name, _ in DISTRICTS} == DISTRICT_CODES
    governments = Organ.objects.filter(level=OrganLevel.DISTRICT, code__endswith="-gov")
    assert {o.region_code: o.short_name.removesuffix("政府") for o in governments} == DISTRICT_CODES
    district_organs = Organ.objects.filter(level=OrganLevel.DISTRICT)
    committees = [o for o in district_organs if o.has_role("party_committee")]
    assert len(committees) == 38
    assert Organ.objects.filter(level=OrganLevel.TOWNSHIP).count() == 38 * 3


def test_a_second_run_changes_nothing(demo):
    before = counts()
    head = AuditHead.objects.get()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert counts() == before
    after = AuditHead.objects.get()
    assert (after.seq, after.entry_hash) == (head.seq, head.entry_hash)
    assert "演示数据已存在，未作任何更改。" in out.getvalue()


def test_every_demo_row_has_its_audit_entry(demo):
    audited = set(
        AuditEntry.objects.filter(action="orgs.organ_create").values_list("object_id", flat=True)
    )
    assert audited == {str(pk) for pk in Organ.objects.values_list("pk", flat=True)}
    assert (
        AuditEntry.objects.filter(action="orgs.position_start").count() == Position.objects.count()
    )


def test_every_kind_of_article_2_is_in_the_demo(demo):
    assert set(Organ.objects.values_list("kind", flat=True)) == set(OrganKind.values)
    enterprise = Organ.objects.get(kind=OrganKind.STATE_OWNED_ENTERPRISE)
    assert enterprise.applicability == Applicability.BY_REFERENCE


def test_district_police_belong_to_the_municipal_police_system(demo):
    city_police = Organ.objects.get(code="500000-police")
    district_police = Organ.objects.get(code="500103-police")
    assert district_police.name == "重庆市公安局渝中区分局"
    assert district_police.vertical_parent == city_police
    assert city_police.vertical_children.count() == 38


def test_managing_authorities_of_the_demo(demo):
    city_committee = Organ.objects.get(code="500000-party")
    committee = Organ.objects.get(code="500103-party")
    assert committee.managing_authority == city_committee
    assert Organ.objects.get(code="500103-gov").managing_authority == city_committee
    assert Organ.objects.get(code="500103-petition").managing_authority == committee
    assert Organ.objects.get(code="500103001-gov").managing_authority == committee
    assert Organ.objects.get(code="500000-police").managing_authority == city_committee
    secretary = Person.objects.get(code="500103-party:principal")
    assert person_managing_authority(secretary, datetime.date(2025, 1, 1)) == city_committee


def test_demo_logins_exist_with_the_demo_password_and_their_organs(demo):
    for login in DEMO_LOGINS:
        user = get_user_model().objects.get(username=login.username)
        assert user.check_password(DEMO_PASSWORD)
        if login.organ is not None:
            assert primary_organ_of_user(user).code == login.organ
    assert get_user_model().objects.get(username="admin").is_superuser
    for login in DEMO_LOGINS:
        assert login.username in demo


def test_the_municipal_government_has_a_supervising_leader_for_petitions(demo):
    government = Organ.objects.get(code="500000-gov")
    found = supervising_leaders_on(government, "petition", datetime.date(2025, 1, 1))
    assert len(found) == 1
    assert found[0].kind == PositionKind.SUPERVISING_LEADER


def test_demo_logins_command_prints_the_table(demo):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "city_petition_clerk" in text
    assert DEMO_PASSWORD in text
    assert "重庆市信访办公室" in text


def test_police_courts_and_procuratorates_are_the_demos_political_legal_organs(demo):
    """信访工作条例(2022)第二十二条第二款: 涉法涉诉 letters go to the office's 政法部门."""
    district = {o.code: o for o in Organ.objects.filter(region_code="500103")}
    politics_law = {code for code, organ in district.items() if organ.is_politics_law}
    assert politics_law == {"500103-police", "500103-court", "500103-procuratorate"}
    police = Organ.objects.get(code="500000-police")
    assert police.is_politics_law and police.has_role("department")
    assert not Organ.objects.get(code="500000-petition").is_politics_law
