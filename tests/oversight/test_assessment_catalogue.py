"""Each computed indicator of the catalogue (细则第十条第一款) on a small fixed data set, its
counts worked out by hand: the records of a district's departments count for the district
(属地管理), an organ without records has no data (absent, read as None), and only the
period's records count."""

from __future__ import annotations

import datetime as dt

from tests.oversight.assessment_world import (  # noqa: F401 - fixtures
    END,
    START,
    AWorld,
    at,
    bare_fixture,
    clock,
    matter,
)
from xinfang.accountability.models import Lead
from xinfang.duties.models.incidents import Incident
from xinfang.duties.models.leaders import CaseOwnership, Instruction, Reception
from xinfang.duties.selectors.settings import duty_setting
from xinfang.oversight.selectors.assessment_catalogue import (
    NORM_SETTINGS,
    Attribution,
    Period,
    decisions,
    incident_reports_on_time,
    inspection_coverage,
    instructions_done,
    leads,
    on_time_conclusion,
    overturn_rate,
    ownership_resolved,
    reception_norm,
    repeat_rate,
    rereview_rate,
    review_rate,
    skip_level_share,
    supervision_on_time,
)
from xinfang.petitions.matters.models import Opinion, RepeatLink, SupervisionOrder

PERIOD = Period(START, END, END + dt.timedelta(days=1))
D = dt.date


def setup(world: AWorld) -> tuple[Attribution, dict[str, int]]:
    names = ("a", "b", "c", "housing")
    ids = {n: world.organs[n].pk for n in names}
    return Attribution([world.organs[n] for n in names]), ids


def test_on_time_conclusion_counts_handling_clocks_due_in_the_period(bare):
    a, ids = setup(bare)
    clock(bare.organs["b"], due=D(2026, 3, 10), stopped=D(2026, 3, 9), period="handle")
    clock(bare.organs["a_dept"], due=D(2026, 3, 10), stopped=None, period="handle")
    clock(bare.organs["c"], due=D(2026, 7, 10), stopped=None, period="handle")
    assert on_time_conclusion(a, PERIOD) == {ids["b"]: (1, 1), ids["a"]: (0, 1)}


def test_repeat_rate_counts_matters_repeating_the_same_petitioner(bare):
    a, ids = setup(bare)
    first = matter(bare.organs["a_dept"])
    again = matter(bare.organs["a_dept"], received=D(2026, 3, 1))
    RepeatLink.objects.create(
        matter=again, earlier=first, score=1.0, reason="same_petitioner", same_petitioner=True
    )
    matter(bare.organs["b"])
    matter(bare.organs["c"], received=D(2026, 8, 1))
    assert repeat_rate(a, PERIOD) == {ids["a"]: (1, 2), ids["b"]: (0, 1)}


def test_skip_level_visits_are_those_registered_outside_the_territory(bare):
    a, ids = setup(bare)
    o = bare.organs
    matter(o["a_dept"], channel="visit", registering_organ=o["petition"])
    matter(o["a_dept"], channel="visit")
    matter(o["a_dept"], channel="letter", registering_organ=o["petition"])
    assert skip_level_share(a, PERIOD) == {ids["a"]: (1, 2)}


def _opinion(m, stage: str, kind: str, organ, day: dt.date) -> Opinion:
    return Opinion.objects.create(
        matter=m,
        stage=stage,
        organ=organ,
        kind=kind,
        facts="事实",
        reasons="理由",
        legal_basis="依据",
        issued_at=at(day),
    )


def test_review_rereview_and_overturn_rates(bare):
    a, ids = setup(bare)
    o = bare.organs
    reviewed = matter(o["a_dept"])
    _opinion(reviewed, "handle", "support", o["a_dept"], D(2026, 3, 1))
    _opinion(reviewed, "review", "not_supported", o["petition"], D(2026, 4, 1))
    kept = matter(o["a_dept"])
    _opinion(kept, "handle", "explain", o["a_dept"], D(2026, 3, 2))
    assert review_rate(a, PERIOD) == {ids["a"]: (1, 2)}
    assert rereview_rate(a, PERIOD) == {ids["a"]: (0, 2)}
    assert overturn_rate(a, PERIOD) == {ids["a"]: (1, 1)}


def _order(m, to, due: dt.date, replied: dt.date | None):
    return SupervisionOrder.objects.create(
        matter=m,
        issuing_organ=m.registering_organ,
        to_organ=to,
        issued_at=at(due - dt.timedelta(days=10)),
        instructions="督办",
        reply_due=due,
        replied_at=at(replied) if replied else None,
        reply="已办理" if replied else "",
    )


def test_supervision_replies_on_time(bare):
    a, ids = setup(bare)
    o = bare.organs
    _order(matter(o["b"]), o["b"], D(2026, 3, 1), D(2026, 2, 28))
    _order(matter(o["b"]), o["b"], D(2026, 4, 1), None)  # unanswered past due at the cutoff
    _order(matter(o["c"]), o["c"], D(2026, 8, 1), None)  # due after the period
    assert supervision_on_time(a, PERIOD) == {ids["b"]: (1, 2)}


def test_reception_norm_caps_each_leader_at_the_expected_share(bare):
    a, ids = setup(bare)
    norm = sum(duty_setting(name, on=END).value for name in NORM_SETTINGS)
    expected = norm * 181 // 365
    for n in range(expected + 3):
        Reception.objects.create(
            organ=bare.organs["a"],
            leader=bare.persons["a_head"],
            kind="reception",
            scheduled_on=D(2026, 1, 1) + dt.timedelta(days=n % 180),
            place="接待大厅",
            state="held",
        )
    # A's team has three leaders; only the principal held sessions (capped at ``expected``).
    assert reception_norm(a, PERIOD) == {ids["a"]: (expected, 3 * expected)}


def test_instructions_ownerships_and_incidents(bare):
    a, ids = setup(bare)
    o, p = bare.organs, bare.persons
    for day, done in ((D(2026, 3, 1), D(2026, 3, 2)), (D(2026, 3, 5), None)):
        Instruction.objects.create(
            organ=o["a"],
            leader=p["a_head"],
            by_organ=o["petition"],
            title="来信",
            put_before_on=day,
            instructed_on=done,
            text="请阅办" if done else "",
            to_organ=o["a_dept"] if done else None,
            report_due=D(2026, 4, 1) if done else None,
            state="instructed" if done else "put_before",
        )
    for assigned, resolved in (
        (D(2025, 12, 1), D(2026, 3, 1)),
        (D(2026, 2, 1), None),
        (D(2025, 11, 1), D(2025, 12, 15)),  # resolved before the period
    ):
        CaseOwnership.objects.create(
            organ=o["a"],
            leader=p["a_head"],
            title="包案",
            assigned_on=assigned,
            last_progress_on=assigned,
            state="resolved" if resolved else "owned",
            resolved_on=resolved,
        )
    for first_late in (False, True):
        known = at(D(2026, 3, 1))
        Incident.objects.create(
            organ=o["a"],
            kind="collective_visit",
            title="集体访",
            description="情况",
            occurred_at=known,
            place="广场",
            place_organ=o["a"],
            people_count=30,
            known_at=known,
            known_by=p["a_head"],
            recording_organ=o["a"],
            first_report_due=known + dt.timedelta(hours=1),
            written_report_due=known + dt.timedelta(hours=24),
            first_reported_at=known + dt.timedelta(hours=2 if first_late else 0, minutes=30),
            written_reported_at=known + dt.timedelta(hours=20),
        )
    assert instructions_done(a, PERIOD) == {ids["a"]: (1, 2)}
    assert ownership_resolved(a, PERIOD) == {ids["a"]: (1, 2)}
    assert incident_reports_on_time(a, PERIOD) == {ids["a"]: (1, 2)}


def test_counts_are_zero_not_missing_and_coverage_without_scope_is_no_data(bare):
    a, ids = setup(bare)
    Lead.objects.create(
        source="manual",
        kind="manual",
        ground=2,
        organ=bare.organs["a_dept"],
        failure_date=D(2026, 3, 1),
        summary="线索",
        dedup_key="assessment-test",
        created_by="test",
    )
    assert leads(a, PERIOD) == {
        ids["a"]: (1, 1),
        ids["b"]: (0, 1),
        ids["c"]: (0, 1),
        ids["housing"]: (0, 1),
    }
    assert set(decisions(a, PERIOD).values()) == {(0, 1)}
    # ``a`` supervises ``a_dept`` and inspected nothing: a rate of 0 (a failure of 细则第九条);
    # the others supervise nobody: no data, not a rate of 0.
    assert inspection_coverage(a, PERIOD) == {ids["a"]: (0, 1)}
