"""Duty settings: the profile's policy value unless the organ set its own (细则第十九条)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import OrganFactory
from xinfang.duties.models import OrganDutySettings
from xinfang.duties.selectors import duty_setting
from xinfang.rules.basis import rules
from xinfang.rules.errors import ProfileError

DAY = dt.date(2026, 6, 1)


@pytest.mark.django_db
def test_the_profile_value_is_a_policy_value_citing_article_19():
    organ = OrganFactory()
    setting = duty_setting("agenda_per_year", on=DAY, organ=organ)
    assert (setting.value, setting.origin, setting.policy) == (4, "profile", True)
    assert rules(19) in setting.basis
    assert str(setting.label) == "政策设定值"


@pytest.mark.django_db
def test_an_organs_own_norm_prevails_and_cites_the_duty_only():
    organ = OrganFactory()
    OrganDutySettings.objects.create(organ=organ, receptions_per_year=24, decided_by="党组会议")
    setting = duty_setting("receptions_per_year", on=DAY, organ=organ)
    assert (setting.value, setting.origin, setting.policy) == (24, "organ", False)
    assert setting.decided_by == "党组会议"
    assert rules(19) not in setting.basis and rules(7, item=1) in setting.basis
    # A setting the organ did not set is still the profile's.
    assert duty_setting("field_visits_per_year", on=DAY, organ=organ).origin == "profile"


def test_report_deadlines_are_the_profiles_alone():
    setting = duty_setting("incident_first_report_hours", on=DAY)
    assert (setting.value, setting.unit) == (1, "hours")


def test_an_unknown_setting_is_refused_with_the_known_names():
    with pytest.raises(ProfileError) as refused:
        duty_setting("naps_per_day", on=DAY)
    assert "agenda_per_year" in str(refused.value.args)
