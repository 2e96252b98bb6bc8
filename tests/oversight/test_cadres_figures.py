"""The draft figures of a cadre opinion, hand-checked on a small world (细则第七条、第十条第二款):
instructions, receptions against the norm, ownership, incidents, the assessment results (none
published yet) and an accountability measure with its rectification outcome."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.oversight.cadres_world import (
    TODAY,
    ask,
    decided_measure,
    duty_records,
    world_fixture,  # noqa: F401 (fixtures)
)
from xinfang.duties.selectors.leaders import leader_norms
from xinfang.oversight.selectors.cadres_figures import (
    cadre_figures,
    norm_years,
    rectification_outcome,
)
from xinfang.oversight.selectors.cadres_text import figure_sections
from xinfang.oversight.services import cadres as services

pytestmark = pytest.mark.django_db


def figures_of(world):
    row = ask(world)
    row = services.cadre_request_draft(request=row, actor=world.user("d_po_clerk"))
    return row, row.figures["sections"]


def test_instructions_are_counted_by_what_the_leader_did(world):
    duty_records(world)
    _row, sections = figures_of(world)
    assert {k: v for k, v in sections["instructions"].items() if k != "basis"} == {
        "received": 4,
        "instructed": 3,
        "awaiting": 1,
        "closed": 1,
        "reported_on_time": 1,
        "reported_late": 1,
        "report_overdue": 1,
    }
    assert sections["instructions"]["basis"] == ["细则第七条第一项"]


def test_receptions_are_set_against_the_norm(world):
    duty_records(world)
    _row, sections = figures_of(world)
    this_year = [r for r in sections["receptions"]["rows"] if r["year"] == TODAY.year]
    reception = next(r for r in this_year if r["kind"] == "reception")
    visit = next(r for r in this_year if r["kind"] == "field_visit")
    norms = {
        n.kind: n
        for n in leader_norms(world.organ("housing"), TODAY.year, TODAY)
        if n.person == world.person("housing_director")
    }
    assert reception["held"] == 2
    assert reception["expected"] == norms["reception"].expected
    assert reception["norm"] == norms["reception"].setting.value
    assert visit["held"] == 0
    assert visit["below"] == (norms["field_visit"].expected > 0)
    assert sections["receptions"]["not_held"] == 1


def test_ownership_counts_resolved_and_stalled(world):
    duty_records(world)
    _row, sections = figures_of(world)
    assert sections["ownership"]["owned"] == 2
    assert sections["ownership"]["resolved"] == 1
    assert sections["ownership"]["open"] == 1
    assert sections["ownership"]["stalled"] == 1


def test_no_published_assessment_shows_so(world):
    row, sections = figures_of(world)
    assert sections["assessment"]["rows"] == []
    shown = {s.key: s for s in figure_sections(row.figures)}
    assert shown["assessment"].empty == "暂无已发布的考核结果"


def test_a_decided_measure_appears_with_its_late_rectification(world):
    decision = decided_measure(world)
    row, sections = figures_of(world)
    (line,) = sections["accountability"]["rows"]
    assert line["decision_id"] == decision.pk
    assert line["measures"] == ["circulated_notice"]
    assert line["authority"]["id"] == world.organ("d_party").pk
    assert line["rectification"]["outcome"] == "late"
    assert line["basis"]  # the articles the measure rests on
    assert "通报" in row.opinion and "逾期完成整改" in row.opinion


def test_the_period_limits_the_record(world):
    decided_measure(world)
    figures = cadre_figures(world.person("housing_director"), TODAY, TODAY, today=TODAY)
    assert figures["sections"]["accountability"]["rows"] == []
    assert figures["basis"] == ["细则第十条第二款"]


def test_rectification_outcomes(world):
    decision = decided_measure(world)
    rect = decision.rectification
    assert rectification_outcome(rect, TODAY) == "late"
    rect.rectified_at = None
    assert rectification_outcome(rect, TODAY) == "not_done"
    assert rectification_outcome(rect, rect.due) == "pending"
    assert rectification_outcome(None, TODAY) == "none"


def test_the_norm_years_are_those_the_period_covers_from_their_first_day():
    assert norm_years(dt.date(2023, 11, 18), dt.date(2026, 11, 18)) == [2024, 2025, 2026]
    assert norm_years(dt.date(2024, 1, 1), dt.date(2025, 12, 31)) == [2024, 2025]
    assert norm_years(dt.date(2026, 3, 1), dt.date(2026, 6, 30)) == [2026]
