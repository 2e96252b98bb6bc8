"""Situation reports (细则第六条: 分析研究信访情况; 信访工作条例(2022)第四十一条): figures taken
from the data by aggregate queries, edited as a draft, approved by the office's principal
leader, circulated to the organs chosen, who then read it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tests.accountability.factories import World, make_overdue_matter
from xinfang.access.policy import forget_scope
from xinfang.duties.models.recommendations import SituationReportState
from xinfang.duties.selectors import recommendations as selectors
from xinfang.duties.selectors.recommendations_figures import (
    last_quarter,
    situation_figures,
    this_quarter,
)
from xinfang.duties.services import recommendations_reports as reports
from xinfang.petitions.matters.models import Matter, MatterClock
from xinfang.petitions.models import Petitioner
from xinfang.refusals import Refused

from .recommendations_world import (
    reply,
    send,
    world_fixture,  # noqa: F401 (fixtures)
)

pytestmark = pytest.mark.django_db

START = dt.date(2026, 7, 1)
END = dt.date(2026, 9, 30)


def _matter(world: World, received: dt.date, **extra: Any) -> Matter:
    return make_overdue_matter(world, due=received + dt.timedelta(days=15), **extra)


def _petitioner(world: World) -> Petitioner:
    return Petitioner.objects.create(organ=world.organ("d_po"), name_ciphertext="x")


def generate(world: World, start: dt.date = START, end: dt.date = END) -> Any:
    return reports.situation_report_generate(
        office=world.organ("d_po"),
        period_start=start,
        period_end=end,
        actor=world.user("d_po_clerk"),
    )


def test_the_figures_count_the_territorys_matters_received_in_the_period(world: World) -> None:
    repeater = _petitioner(world)
    first = _matter(world, dt.date(2026, 7, 10))
    second = _matter(world, dt.date(2026, 8, 3))
    Matter.objects.filter(pk__in=[first.pk, second.pk]).update(petitioner=repeater)
    _matter(world, dt.date(2026, 9, 20), category=None)
    _matter(world, dt.date(2026, 6, 30))  # before the period
    _matter(world, dt.date(2026, 8, 1), organ="b_po")  # another district
    # One acceptance kept by its due date, the others (never stopped) missed.
    MatterClock.objects.filter(matter=first).update(stopped_on=dt.date(2026, 7, 20))
    figures = generate(world).figures
    assert figures["received"] == 3
    assert figures["repeat_petitioners"] == 1
    by_category = {row["category"]: row["count"] for row in figures["by_category"]}
    assert by_category == {"城乡建设": 2, "": 1}
    assert figures["by_place"] == [{"region": "500103", "place": "测试d_gov", "count": 3}]
    assert figures["hot_spots"][0]["count"] == 2
    accept = figures["on_time"]["accept"]
    assert (accept["kept"], accept["missed"], accept["rate"]) == (1, 2, round(1 / 3, 4))
    assert figures["on_time"]["handle"]["rate"] is None


def test_the_figures_take_the_same_number_of_queries_for_more_matters(world: World) -> None:
    """Aggregate queries, not a loop over the matters."""
    office = world.organ("d_po")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            situation_figures(office, START, END, today=END)
        return len(captured)

    _matter(world, dt.date(2026, 7, 10))
    few = queries()
    for day in range(1, 25):
        _matter(world, dt.date(2026, 8, day))
    assert queries() == few


def test_the_office_recommendations_and_their_adoption_are_in_the_figures(world: World) -> None:
    rec = send(world, sent_on=dt.date(2026, 7, 15))
    reply(world, rec, on=dt.date(2026, 7, 30), adoption="partly", adoption_reasons="经费不足。")
    send(world, sent_on=dt.date(2026, 8, 15), kind="improve_policy", recipient="d_gov")
    figures = generate(world).figures["recommendations"]
    assert figures["by_kind"] == {"improve_work": 1, "improve_policy": 1}
    assert figures["by_adoption"] == {"partly": 1, "awaiting": 1}


def test_a_report_covers_at_most_a_year_and_one_report_an_office_and_period(world: World) -> None:
    generate(world)
    with pytest.raises(ValidationError) as duplicate:
        generate(world)
    assert "period_start" in duplicate.value.message_dict
    with pytest.raises(ValidationError) as too_long:
        generate(world, dt.date(2025, 1, 1), dt.date(2026, 6, 30))
    assert "period_end" in too_long.value.message_dict


def test_the_title_names_the_period(world: World) -> None:
    assert generate(world).title == "测试d_po2026年第三季度信访情况分析报告"
    assert reports.period_label(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == "2025年度"
    assert reports.period_label(dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == "2026年上半年"
    assert last_quarter(dt.date(2026, 12, 7)) == (START, END)
    assert this_quarter(dt.date(2026, 12, 7)) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def test_a_draft_is_edited_and_regenerated_and_frozen_once_approved(world: World) -> None:
    clerk, head = world.user("d_po_clerk"), world.user("d_po_head")
    report = generate(world)
    _matter(world, dt.date(2026, 8, 8))
    report = reports.situation_report_regenerate(report=report, actor=clerk)
    assert report.figures["received"] == 1
    with pytest.raises(Refused) as refused:
        reports.situation_report_approve(report=report, actor=head)
    assert refused.value.code == "analysis_missing"
    report = reports.situation_report_edit(
        report=report, analysis="总量平稳。", recommendations="加强督查。", actor=clerk
    )
    report = reports.situation_report_approve(report=report, actor=head)
    assert report.state == SituationReportState.APPROVED
    assert report.approved_by == world.person("d_po_head")
    for step in (
        lambda: reports.situation_report_regenerate(report=report, actor=clerk),
        lambda: reports.situation_report_edit(
            report=report, analysis="改。", recommendations="", actor=clerk
        ),
    ):
        with pytest.raises(Refused) as refused:
            step()
        assert refused.value.code == "report_not_draft"


def test_only_the_offices_principal_leader_approves(world: World) -> None:
    report = generate(world)
    report = reports.situation_report_edit(
        report=report, analysis="分析。", recommendations="", actor=world.user("d_po_clerk")
    )
    with pytest.raises(PermissionDenied):
        reports.situation_report_approve(report=report, actor=world.user("d_po_clerk"))
    # A command records the approval of the principal leader it names, and no one else's.
    with pytest.raises(ValidationError):
        reports.situation_report_approve(
            report=report, actor="system:test", approver=world.person("d_po_clerk")
        )
    approved = reports.situation_report_approve(
        report=report, actor="system:test", approver=world.person("d_po_head")
    )
    assert approved.approved_by == world.person("d_po_head")


def test_circulated_organs_read_the_report_only_once_it_is_circulated(world: World) -> None:
    secretary = world.user("d_secretary")
    report = generate(world)
    with pytest.raises(Refused) as refused:
        reports.situation_report_circulate(
            report=report, organs=[world.organ("d_party")], actor=world.user("d_po_clerk")
        )
    assert refused.value.code == "report_not_approved"
    with pytest.raises(Http404):
        selectors.access_report_by_id(secretary, report.pk)
    report = reports.situation_report_edit(
        report=report, analysis="分析。", recommendations="", actor=world.user("d_po_clerk")
    )
    report = reports.situation_report_approve(report=report, actor=world.user("d_po_head"))
    report = reports.situation_report_circulate(
        report=report, organs=[world.organ("d_party")], actor=world.user("d_po_clerk")
    )
    assert report.state == SituationReportState.CIRCULATED
    forget_scope(secretary)
    assert selectors.access_report_by_id(secretary, report.pk) == report
    with pytest.raises(Http404):
        selectors.access_report_by_id(world.user("housing_clerk"), report.pk)
    # The circulated report waits on the recipients' workbench to be read, for a while.
    day = report.circulated_on
    waiting = [(i.kind, i.url_args) for i in selectors.todo_items(secretary, day) if i.url_args]
    assert ("印发的信访情况分析报告", (report.pk,)) in waiting
    later = day + dt.timedelta(days=selectors.CIRCULATED_READING_DAYS + 1)
    assert not [i for i in selectors.todo_items(secretary, later) if i.url_args == (report.pk,)]
    assert not [
        i
        for i in selectors.todo_items(world.user("housing_clerk"), day)
        if i.url_args == (report.pk,)
    ]


def test_the_principal_leader_sees_drafts_to_approve_on_the_workbench(world: World) -> None:
    report = generate(world)
    head_items = selectors.todo_items(world.user("d_po_head"), END)
    assert [(i.url_name, i.url_args) for i in head_items] == [
        ("duties:situation_report_detail", (report.pk,))
    ]
    assert selectors.todo_items(world.user("d_po_clerk"), END) == []


def test_the_reports_cite_article_6_and_the_annual_report(world: World) -> None:
    assert [str(b) for b in selectors.report_basis(END)] == [
        "细则第六条",
        "信访工作条例(2022)第四十一条第一款",
    ]
    assert [str(b) for b in selectors.report_basis(dt.date(2021, 12, 31))] == ["细则第六条"]
