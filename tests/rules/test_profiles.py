"""Regulation profiles are versioned data with effective dates (细则第二十条)."""

import datetime as dt

import pytest

from xinfang.rules.errors import ProfileError
from xinfang.rules.profiles import (
    DayBasis,
    available_profiles,
    load_profile,
    parse_profile,
    profile_in_force,
)
from xinfang.rules.sanctions import Harm, OrganMeasure

PERIODS_2005 = {
    "route": 15,
    "accept": 15,
    "handle": 60,
    "review_request": 30,
    "review": 30,
    "rereview_request": 30,
    "rereview": 30,
    "supervision_reply": 30,
    # Set by the municipal petition office (细则第十九条): no statute fixes it.
    "execute": 30,
}


def test_both_profiles_are_packaged_oldest_first():
    assert available_profiles() == ("chongqing-2017", "national-2022")


def test_chongqing_2017_is_in_force_from_23_may_2017_with_the_2005_procedure():
    profile = load_profile("chongqing-2017")
    assert profile.effective == dt.date(2017, 5, 23)
    assert profile.procedure_regulation == "信访条例(2005)"
    assert {name: p.days for name, p in profile.periods.items()} == PERIODS_2005
    assert [str(b) for b in profile.source] == ["细则第二十条"]


def test_national_2022_is_in_force_from_1_may_2022_and_adds_the_objection_period():
    profile = load_profile("national-2022")
    assert profile.effective == dt.date(2022, 5, 1)
    assert {n: p.days for n, p in profile.periods.items() if n != "objection"} == PERIODS_2005
    objection = profile.period("objection")
    assert (objection.days, objection.day_basis) == (5, DayBasis.WORKING)


@pytest.mark.parametrize("name", ["chongqing-2017", "national-2022"])
def test_every_period_cites_its_source_and_only_handle_extends_by_thirty(name):
    profile = load_profile(name)
    for period in profile.periods.values():
        assert period.source, period.name
        assert period.extension_limit == (30 if period.name == "handle" else 0)
    assert [str(b) for b in profile.counting_source] == ["民法典第二百零一条", "民法典第二百零三条"]


@pytest.mark.parametrize("name", ["chongqing-2017", "national-2022"])
def test_the_execution_period_cites_the_duty_and_who_set_its_length(name):
    """Not carrying out an opinion is ground 2 (细则第十一条第一款第二项); no statute fixes the
    period, so its length is the municipal petition office's (细则第十九条)."""
    execute = load_profile(name).period("execute")
    assert (execute.days, execute.day_basis) == (30, DayBasis.CALENDAR)
    assert [str(b) for b in execute.source] == ["细则第十一条第一款第二项", "细则第十九条"]
    assert "细则第十九条" in execute.title_zh


@pytest.mark.parametrize("name", ["chongqing-2017", "national-2022"])
def test_organ_measures_mapping_is_profile_data(name):
    """细则第十二条 leaves the mapping to judgement: written self-examination always,
    circulated criticism when the harm is serious or worse."""
    measures = load_profile(name).organ_measures
    assert measures[Harm.MINOR] == (OrganMeasure.WRITTEN_SELF_EXAMINATION,)
    for harm in (Harm.SERIOUS, Harm.ESPECIALLY_SERIOUS):
        assert OrganMeasure.CIRCULATED_CRITICISM in measures[harm]


@pytest.mark.parametrize(
    ("on", "name"),
    [
        ("2017-05-23", "chongqing-2017"),
        ("2020-01-01", "chongqing-2017"),
        ("2022-04-30", "chongqing-2017"),
        ("2022-05-01", "national-2022"),
        ("2026-11-27", "national-2022"),
    ],
)
def test_profile_in_force_is_the_newest_in_force_on_the_date(on, name):
    assert profile_in_force(dt.date.fromisoformat(on)).name == name


def test_no_profile_before_the_rules_took_effect():
    with pytest.raises(ProfileError):
        profile_in_force(dt.date(2017, 5, 22))


def test_unknown_profile_is_refused():
    with pytest.raises(ProfileError, match="national-2022"):
        load_profile("beijing-2030")


def test_a_malformed_profile_is_refused():
    with pytest.raises(ProfileError):
        parse_profile({"name": "x"})
    with pytest.raises(ProfileError):
        parse_profile(
            {"name": "x", "effective": dt.date(2030, 1, 1), "periods": {"route": {"days": 0}}}
        )
    with pytest.raises(ProfileError):
        parse_profile({"name": "x", "effective": dt.date(2030, 1, 1), "organ_measures": {}})
