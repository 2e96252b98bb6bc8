"""Assessment runs (细则第十条第一款; 信访工作条例(2022)第三十九条): formulas on hand-known
data, no data as None, peers by kind and level, renormalised weights, ties, reproducibility,
frozen results, delivery to the organization department and each leader's share."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction as F
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.oversight.assessment_world import (  # noqa: F401 - fixtures
    TODAY,
    AWorld,
    bare_fixture,
    clock,
    make_scheme,
    matter,
    world_fixture,
)
from xinfang.oversight.models import AssessmentRun, RunDelivery, RunState
from xinfang.oversight.selectors.assessment import todo_items
from xinfang.oversight.selectors.assessment_runs import compute as recompute
from xinfang.oversight.selectors.results import published_results_for
from xinfang.oversight.services import assessment as services
from xinfang.refusals import Refused
from xinfang.rules.assessment import canonical_json, digest


def compute(world: AWorld, scheme=None) -> AssessmentRun:
    return services.assessment_run_compute(
        scheme=scheme or make_scheme(world),
        actor=world.users["clerk"],
        acting_for=world.organs["petition"],
        today=TODAY,
    )


def line(run: AssessmentRun, world: AWorld, name: str) -> dict:
    return next(r for r in run.result["lines"] if r["organ"] == world.organs[name].pk)


def values(row: dict) -> dict:
    return {i["code"]: (i["numerator"], i["denominator"], i["value"]) for i in row["indicators"]}


def test_every_formula_matches_the_hand_computed_figures(world):
    run = compute(world)
    assert values(line(run, world, "a")) == {
        # Kept at A, missed at A's department (its territory); the clock due in August is not
        # of the period.
        "on_time_acceptance": (1, 2, "1/2"),
        "satisfaction": (1, 2, "1/2"),
        "agenda": (80, 100, "4/5"),
    }
    # B's clock still ran past its due date when the period ended: missed.
    assert values(line(run, world, "b"))["on_time_acceptance"] == (0, 1, "0/1")
    assert values(line(run, world, "b"))["satisfaction"] == (1, 1, "1/1")


def test_an_organ_without_data_has_none_not_zero_and_no_rank(world):
    run = compute(world)
    c = line(run, world, "c")
    assert {i["value"] for i in c["indicators"]} == {None}
    assert c["score"] is None and c["rank"] is None


def test_weights_are_renormalised_over_the_indicators_an_organ_has(world):
    run = compute(world)
    a, b = line(run, world, "a"), line(run, world, "b")
    # A: acceptance 1 (best), satisfaction 0 (worst), agenda 4/5 (all equal at 80 of 100: a
    # score on a fixed scale counts as itself) → (2·1 + 0 + 4/5)/4 = 70 %.
    assert F(a["score"]) == 70 and a["rank"] == 1
    # B: acceptance 0, satisfaction 1, agenda 4/5 → (0 + 1 + 4/5)/4 = 45 %.
    assert F(b["score"]) == 45 and b["rank"] == 2
    assert [i["weight"] for i in a["indicators"]] == ["1/2", "1/4", "1/4"]
    assert sum(F(i["contribution"]) for i in a["indicators"]) == 70
    # The housing department is ranked among departments only: one indicator, 1 of 1.
    housing = line(run, world, "housing")
    assert (F(housing["score"]), housing["rank"], housing["of"]) == (100, 1, 1)
    assert [i["weight"] for i in housing["indicators"]] == ["1/1", None, None]
    assert a["of"] == 3


def test_organs_with_equal_scores_share_a_rank(world):
    scheme = make_scheme(world, activate=False)
    services.assessment_scheme_update(
        scheme=scheme,
        actor=world.users["clerk"],
        acting_for=world.organs["petition"],
        indicators=[
            services.IndicatorSpec(code="agenda", weight=1, title="议事日程", source="manual")
        ],
    )
    services.assessment_scheme_activate(
        scheme=scheme, actor=world.users["clerk"], acting_for=world.organs["petition"]
    )
    scheme.refresh_from_db()
    run = compute(world, scheme)
    assert [line(run, world, n)["rank"] for n in ("a", "b", "c")] == [1, 1, None]


def test_two_runs_on_the_same_data_are_byte_identical_and_one_record(world):
    scheme = make_scheme(world)
    first = compute(world, scheme)
    again = compute(world, scheme)
    assert again.pk == first.pk
    assert AssessmentRun.objects.filter(scheme=scheme).count() == 1
    _inputs, result = recompute(scheme, today=TODAY)
    assert canonical_json(result) == canonical_json(first.result)
    assert first.result_sha256 == digest(result)


def test_a_published_run_never_changes_when_matters_change(world):
    scheme = make_scheme(world)
    run = compute(world, scheme)
    services.assessment_run_publish(
        run_record=run, actor=world.users["clerk"], acting_for=world.organs["petition"]
    )
    frozen = canonical_json(AssessmentRun.objects.get(pk=run.pk).result)
    clock(world.organs["b"], due=dt.date(2026, 4, 2), stopped=dt.date(2026, 4, 1))
    newer = compute(world, scheme)
    assert newer.pk != run.pk
    assert values(line(newer, world, "b"))["on_time_acceptance"] == (1, 2, "1/2")
    run.refresh_from_db()
    assert canonical_json(run.result) == frozen
    assert run.result_sha256 == digest(run.result)
    with pytest.raises(Refused):
        services.assessment_run_discard(
            run_record=run,
            reason="重算",
            actor=world.users["clerk"],
            acting_for=world.organs["petition"],
        )


def test_publishing_delivers_to_the_organization_department_until_read(world):
    run = compute(world)
    services.assessment_run_publish(
        run_record=run, actor=world.users["clerk"], acting_for=world.organs["petition"]
    )
    run.refresh_from_db()
    assert run.state == RunState.PUBLISHED
    delivery = RunDelivery.objects.get(run=run)
    assert delivery.organ == world.organs["org"]
    items = todo_items(world.users["org_staff"], TODAY)
    assert [i.url_args for i in items] == [(run.pk,)]
    services.run_delivery_read(delivery=delivery, actor=world.users["org_staff"])
    assert todo_items(world.users["org_staff"], TODAY) == []


def test_results_for_a_cadre_follow_the_portfolio(world):
    run = compute(world)
    services.assessment_run_publish(
        run_record=run, actor=world.users["clerk"], acting_for=world.organs["petition"]
    )
    a = world.organs["a"]
    [whole] = published_results_for(a)
    assert (whole.score, whole.rank, whole.of, whole.share) == (F(70), 1, 3, "")
    [head] = published_results_for(a, person=world.persons["a_head"])
    assert "负总责" in head.share
    [deputy] = published_results_for(a, person=world.persons["a_deputy"])
    assert "及时受理率" in deputy.share and "列入议事日程" not in deputy.share
    assert published_results_for(a, person=world.persons["a_other"]) == []


def test_a_computed_run_is_not_a_result_anyone_else_reads(world):
    compute(world)
    assert published_results_for(world.organs["a"]) == []


def test_only_an_active_scheme_runs_and_only_a_draft_is_edited(world):
    draft = make_scheme(world, activate=False)
    with pytest.raises(Refused):
        compute(world, draft)
    active = make_scheme(world)
    with pytest.raises(Refused):
        services.assessment_scheme_update(
            scheme=active,
            actor=world.users["clerk"],
            acting_for=world.organs["petition"],
            title="新",
        )


def test_hand_scores_need_evidence_and_an_assessed_organ(world):
    scheme = make_scheme(world, activate=False)
    agenda = scheme.indicators.get(code="agenda")
    with pytest.raises(ValidationError) as caught:
        services.hand_score_enter(
            indicator=agenda,
            organ=world.organs["org"],
            value=120,
            evidence=" ",
            actor=world.users["clerk"],
            acting_for=world.organs["petition"],
        )
    assert set(caught.value.message_dict) == {"organ", "value", "evidence"}


def test_default_organs_are_the_party_committees_of_the_level_below(world):
    found = services.default_organs(world.organs["city"], "party_committees")
    assert [o.pk for o in found] == [world.organs[n].pk for n in ("a", "b", "c")]
    departments = services.default_organs(world.organs["city"], "departments")
    assert [o.pk for o in departments] == [world.organs["housing"].pk]


def test_the_command_runs_twice_into_one_published_run(world):

    scheme = make_scheme(world)
    outputs = []
    for _ in range(2):
        out = StringIO()
        call_command(
            "assessment_run", str(scheme.pk), "--publish", "--today", "2026-12-07", stdout=out
        )
        outputs.append(json.loads(out.getvalue()))
    assert outputs[0] == outputs[1]
    assert outputs[0]["state"] == "published" and outputs[0]["organs"] == 4
    assert AssessmentRun.objects.filter(scheme=scheme).count() == 1


def test_the_command_refuses_an_unknown_scheme_and_a_bad_date_in_chinese(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="考核方案 987654 不存在"):
        call_command("assessment_run", "987654", stdout=StringIO())
    scheme = make_scheme(world)
    with pytest.raises(CommandError, match="2026-13-01"):
        call_command("assessment_run", str(scheme.pk), "--today", "2026-13-01", stdout=StringIO())
    assert not AssessmentRun.objects.filter(scheme=scheme).exists()


def test_counts_default_to_per_ten_thousand_matters_so_no_matters_is_no_data(bare):
    o = bare.organs
    matter(o["a_dept"])
    scheme = services.assessment_scheme_create(
        assessing_organ=o["city"],
        office=o["petition"],
        title="线索",
        period_kind="half_year",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        organs=[o["a"], o["c"]],
        indicators=[s for s in services.catalogue_specs() if s.code == "leads"],
        actor=bare.users["clerk"],
    )
    assert scheme.indicators.get().per_volume == 10_000
    services.assessment_scheme_activate(scheme=scheme, actor=bare.users["clerk"])
    scheme.refresh_from_db()
    run = compute(bare, scheme)
    # A's department received a matter in the period, no leads: 0 per 10,000; C received
    # none: no figure.
    assert values(line(run, bare, "a"))["leads"] == (0, 1, "0/1")
    assert values(line(run, bare, "c"))["leads"] == (0, 0, None)
    assert line(run, bare, "c")["score"] is None
