"""Determinations of the municipal petition office (细则第十九条): admin, audit, layering."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from xinfang.audit.models import AuditEntry
from xinfang.legal.models import Determination
from xinfang.legal.selectors import period_overrides_in_force, reading_in_force, readings_in_force
from xinfang.legal.services import determination_save
from xinfang.rules.basis import RULES, Ruling, basis_strings
from xinfang.rules.citing import citation_in
from xinfang.rules.errors import ProfileError
from xinfang.rules.profiles import DayBasis, PeriodOverride, load_profile, with_determinations
from xinfang.rules.readings import Reading

PENDING = "系统默认，待市信访办确定"
FORM = {
    "organ": "重庆市信访办公室",
    "number": "渝信办〔2026〕3号",
    "issued_on": "2026-03-01",
    "effective_on": "2026-04-01",
    "text": "支持信访请求的处理意见，应当自出具之日起15日内执行。",
    "kind": "period",
    "profile": "chongqing-2017",
    "period": "execute",
    "days": "15",
    "day_basis": "calendar",
    "reading_key": "",
    "reading_value": "",
}


def ruling(number: str = "渝信办〔2026〕3号") -> Ruling:
    return Ruling(RULES, 19, number=number)


def test_office_periods_without_a_determination_are_labelled_pending() -> None:
    layered = with_determinations(load_profile("national-2022"))
    assert basis_strings(layered.period("execute").source)[-1] == PENDING
    assert basis_strings(layered.period("supervision_reply").source)[-1] == PENDING
    assert PENDING not in basis_strings(layered.period("handle").source)


def test_pending_label_reads_in_english() -> None:
    assert citation_in(PENDING, english=True) == (
        "system default, pending the municipal petition office's determination"
    )


def test_determination_replaces_the_office_period_and_cites_its_number() -> None:
    override = PeriodOverride("execute", 15, DayBasis.WORKING, ruling())
    rule = with_determinations(load_profile("chongqing-2017"), (override,)).period("execute")
    assert (rule.days, rule.day_basis) == (15, DayBasis.WORKING)
    assert basis_strings(rule.source)[-1] == "渝信办〔2026〕3号"
    assert PENDING not in basis_strings(rule.source)


def test_determination_of_a_statutory_period_is_refused() -> None:
    override = PeriodOverride("handle", 90, DayBasis.CALENDAR, ruling())
    with pytest.raises(ProfileError):
        with_determinations(load_profile("chongqing-2017"), (override,))


@pytest.mark.django_db
def test_newest_determination_in_force_on_the_date_prevails() -> None:
    common = {k: v for k, v in FORM.items() if k not in ("number", "effective_on", "days")}
    common["issued_on"] = dt.date(2026, 3, 1)
    Determination.objects.create(number="A", effective_on=dt.date(2026, 4, 1), days=15, **common)
    Determination.objects.create(number="B", effective_on=dt.date(2026, 6, 1), days=20, **common)
    assert period_overrides_in_force(profile="chongqing-2017", on=dt.date(2026, 3, 31)) == ()
    (may,) = period_overrides_in_force(profile="chongqing-2017", on=dt.date(2026, 5, 1))
    (july,) = period_overrides_in_force(profile="chongqing-2017", on=dt.date(2026, 7, 1))
    assert (may.days, str(may.ruling)) == (15, "A")
    assert (july.days, str(july.ruling)) == (20, "B")
    assert period_overrides_in_force(profile="national-2022", on=dt.date(2026, 7, 1)) == ()


@pytest.mark.django_db
def test_named_reading_in_force_is_found_by_its_key() -> None:
    Determination.objects.create(
        number="渝信办〔2026〕4号",
        issued_on=dt.date(2026, 3, 1),
        effective_on=dt.date(2026, 3, 1),
        text="……",
        kind="reading",
        reading_key="mixed_harm_impact",
        reading_value="higher",
    )
    assert reading_in_force(key="mixed_harm_impact", on=dt.date(2026, 2, 28)) is None
    found = reading_in_force(key="mixed_harm_impact", on=dt.date(2026, 3, 1))
    assert found is not None and found.reading_value == "higher"


@pytest.mark.django_db
def test_admin_determination_change_is_audited(admin_client) -> None:
    response = admin_client.post("/admin/legal/determination/add/", FORM)
    assert response.status_code == 302
    saved = Determination.objects.get(number="渝信办〔2026〕3号")
    entry = AuditEntry.objects.get(action="legal.determination.create")
    assert entry.details["days"] == 15 and entry.details["number"] == "渝信办〔2026〕3号"
    response = admin_client.post(
        f"/admin/legal/determination/{saved.pk}/change/", {**FORM, "days": "20"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="legal.determination.change").details["days"] == 20


@pytest.mark.django_db
def test_admin_refuses_a_determination_of_a_statutory_period(admin_client) -> None:
    response = admin_client.post("/admin/legal/determination/add/", {**FORM, "period": "handle"})
    assert response.status_code == 200
    assert "由法规规定" in response.content.decode()
    assert not Determination.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="legal.determination").exists()


@pytest.mark.django_db
def test_admin_cannot_delete_a_determination(admin_client) -> None:
    admin_client.post("/admin/legal/determination/add/", FORM)
    saved = Determination.objects.get()
    response = admin_client.get(f"/admin/legal/determination/{saved.pk}/delete/")
    assert response.status_code == 403


READING_FORM = {
    **FORM,
    "number": "渝信办〔2026〕4号",
    "text": "危害程度与影响程度不在同一档次的，按较高档次追究责任。",
    "kind": "reading",
    "profile": "",
    "period": "",
    "days": "",
    "day_basis": "",
    "reading_key": "mixed_finding",
    "reading_value": "higher",
}


@pytest.mark.django_db
def test_admin_records_a_reading_the_rules_core_knows(admin_client) -> None:
    response = admin_client.post("/admin/legal/determination/add/", READING_FORM)
    assert response.status_code == 302
    found = reading_in_force(key="mixed_finding", on=dt.date(2026, 4, 1))
    assert found is not None and found.reading_value == "higher"
    assert (
        AuditEntry.objects.get(action="legal.determination.create").details["reading_key"]
        == "mixed_finding"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"reading_key": "mixed_harm_impact"}, "未知的解释事项"),
        ({"reading_value": "highest"}, "未知取值"),
    ],
)
def test_admin_refuses_an_unknown_reading_or_value(admin_client, changes, words) -> None:
    response = admin_client.post("/admin/legal/determination/add/", {**READING_FORM, **changes})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Determination.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="legal.determination").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "value", "field"),
    [("mixed_harm", "higher", "reading_key"), ("mixed_finding", "highest", "reading_value")],
)
def test_the_service_refuses_an_unknown_reading_or_value(key, value, field) -> None:
    with pytest.raises(ValidationError) as caught:
        determination_save(
            determination=Determination(
                number="渝信办〔2026〕4号",
                issued_on=dt.date(2026, 3, 1),
                effective_on=dt.date(2026, 3, 1),
                text="……",
                kind="reading",
                reading_key=key,
                reading_value=value,
            ),
            actor="test:admin",
        )
    assert field in caught.value.message_dict
    assert not Determination.objects.exists()


@pytest.mark.django_db
def test_readings_in_force_are_those_the_rules_core_applies() -> None:
    Determination.objects.create(
        number="渝信办〔2026〕4号",
        issued_on=dt.date(2026, 3, 1),
        effective_on=dt.date(2026, 3, 1),
        text="……",
        kind="reading",
        reading_key="mixed_finding",
        reading_value="lower",
    )
    Determination.objects.create(
        number="渝信办〔2026〕5号",
        issued_on=dt.date(2026, 3, 1),
        effective_on=dt.date(2026, 3, 1),
        text="……",
        kind="reading",
        reading_key="mixed_harm_impact",  # stored around the validation: never applied
        reading_value="higher",
    )
    assert readings_in_force(on=dt.date(2026, 2, 28)) == ()
    assert readings_in_force(on=dt.date(2026, 3, 1)) == (
        Reading("mixed_finding", "lower", "渝信办〔2026〕4号"),
    )
