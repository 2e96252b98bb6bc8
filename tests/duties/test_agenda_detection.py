"""细则第十一条第一款第一项 from the decision register: a major decision taken without the
stability risk assessment it needed, from which petition matters arose, is a lead on ground
(一); without a linked matter it is only a flag."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from tests.accountability.factories import World, build_world, make_overdue_matter
from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.evidence import evidence_rows
from xinfang.accountability.models import Lead
from xinfang.duties.models.agenda import MajorDecision, RiskLevel
from xinfang.duties.selectors.agenda import (
    assessment_missing,
    matter_suggestions,
    organ_rows,
    without_prior_assessment,
)
from xinfang.duties.services.agenda_decisions import (
    decision_link_matter,
    decision_record,
    decision_unlink_matter,
    risk_assessment_record,
)
from xinfang.refusals import Refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DECIDED = TODAY - dt.timedelta(days=60)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def decide(world: World, **extra: Any) -> MajorDecision:
    values: dict[str, Any] = {
        "organ": world.organ("d_party"),
        "title": "解放碑片区旧城改造征收补偿方案",
        "decided_on": DECIDED,
        "decision_maker": world.person("d_secretary"),
        "in_scope": True,
        "actor": world.user("d_secretary"),
    }
    values.update(extra)
    return decision_record(**values)


def assess(world: World, decision: MajorDecision, day: dt.date) -> None:
    risk_assessment_record(
        decision=decision,
        assessed_on=day,
        conclusion="风险可控，可以实施。",
        risk_level=RiskLevel.MEDIUM,
        measures="分片公示，设立咨询点。",
        actor=world.user("d_secretary"),
    )


def link(world: World, decision: MajorDecision) -> Any:
    matter = make_overdue_matter(world)
    decision_link_matter(decision=decision, matter=matter, actor=world.user("d_po_clerk"))
    return matter


def run() -> Any:
    return detect_leads(today=TODAY, kinds=["decisions"])


def test_decision_without_assessment_and_with_a_linked_matter_is_a_ground_one_lead(
    world: World,
) -> None:
    decision = decide(world)
    matter = link(world, decision)
    report = run()
    assert report.created == {LeadKind.NO_RISK_ASSESSMENT.value: 1}
    lead = Lead.objects.get()
    assert lead.ground == 1
    assert lead.organ == world.organ("d_party")
    assert lead.failure_date == DECIDED
    types = [(e["type"], e["id"]) for e in lead.evidence]
    assert ("major_decision", decision.pk) in types
    assert ("risk_assessment", None) in types
    assert ("matter", matter.pk) in types
    holders = {(h.person_id, h.role) for h in lead.duty_holders.all()}
    assert (world.person("d_secretary").pk, "principal_leader") in holders
    assert "解放碑片区旧城改造征收补偿方案" in lead.summary


def test_detection_twice_creates_nothing_new(world: World) -> None:
    decision = decide(world)
    link(world, decision)
    run()
    link(world, decision)
    again = run()
    assert again.total_created == 0
    assert again.existing == 1
    assert Lead.objects.count() == 1


def test_no_lead_when_the_assessment_preceded_the_decision(world: World) -> None:
    decision = decide(world)
    assess(world, decision, DECIDED - dt.timedelta(days=10))
    link(world, decision)
    assert run().total_created == 0
    assert not assessment_missing(decision)


def test_an_assessment_after_the_decision_is_late(world: World) -> None:
    decision = decide(world)
    assess(world, decision, DECIDED + dt.timedelta(days=5))
    link(world, decision)
    assert run().total_created == 1
    late = Lead.objects.get().evidence[1]
    assert late["type"] == "risk_assessment" and late["late"] is True


def test_no_lead_without_linked_matters_only_a_flag(world: World) -> None:
    decision = decide(world)
    assert run().total_created == 0
    assert list(without_prior_assessment(MajorDecision.objects.all())) == [decision]
    rows = organ_rows(world.user("d_secretary"), world.organ("d_party"), TODAY)
    flagged = [row for row in rows if row.flags and "评估" in row.flags[0]]
    assert flagged and flagged[0].open == 1


def test_no_lead_for_a_decision_out_of_scope(world: World) -> None:
    decision = decide(world, in_scope=False)
    link(world, decision)
    assert run().total_created == 0


def test_command_runs_only_this_detector(world: World) -> None:
    link(world, decide(world))
    call_command("detect_leads", "--only", "decisions", "--today", TODAY.isoformat())
    assert Lead.objects.filter(kind=LeadKind.NO_RISK_ASSESSMENT).count() == 1


def test_linking_is_audited_once_and_can_be_undone(world: World) -> None:
    decision = decide(world)
    matter = link(world, decision)
    with pytest.raises(Refused) as twice:
        decision_link_matter(decision=decision, matter=matter, actor=world.user("d_po_clerk"))
    assert twice.value.code == "already_linked"
    with pytest.raises(PermissionDenied):
        decision_unlink_matter(decision=decision, matter=matter, actor=world.user("b_po_clerk"))
    decision_unlink_matter(decision=decision, matter=matter, actor=world.user("d_po_clerk"))
    assert not decision.matters.exists()
    assert run().total_created == 0


def test_matters_of_the_place_after_the_decision_are_suggested(world: World) -> None:
    decision = decide(world)
    matter = make_overdue_matter(world, due=TODAY)
    suggested = matter_suggestions(world.user("d_po_clerk"), decision)
    assert matter in suggested
    decision_link_matter(decision=decision, matter=matter, actor=world.user("d_po_clerk"))
    assert matter not in matter_suggestions(world.user("d_po_clerk"), decision)


def test_decision_maker_must_hold_a_post_and_one_assessment_a_decision(world: World) -> None:
    with pytest.raises(ValidationError) as bad:
        decide(world, decision_maker=world.person("housing_clerk"))
    assert "decision_maker" in bad.value.error_dict
    decision = decide(world)
    assess(world, decision, DECIDED)
    with pytest.raises(Refused) as again:
        assess(world, decision, DECIDED)
    assert again.value.code == "already_assessed"


def test_the_leads_page_names_the_decision_and_links_it_for_who_may_open_it(world: World) -> None:
    """The evidence names the decision in the reader's language and links it only for a reader
    the duties' access rules let open it: the deciding organ's secretary, not an office of
    another district."""
    decision = decide(world)
    link(world, decision)
    run()
    lead = Lead.objects.get()
    url = f"/duties/agenda/decisions/{decision.pk}/"
    rows = {row.title: row.url for row in evidence_rows(world.user("d_secretary"), lead.evidence)}
    assert rows[f"重大决策 #{decision.pk}"] == url
    assert "社会稳定风险评估" in rows
    outsider = {
        row.title: row.url for row in evidence_rows(world.user("b_po_clerk"), lead.evidence)
    }
    assert outsider[f"重大决策 #{decision.pk}"] == ""
