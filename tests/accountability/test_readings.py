"""The municipal petition office's reading of a mixed finding, applied to a case (细则第十九条).

Serious harm with minor impact is a mixed finding: without a reading the rules core recommends
the lower tier and lists the point for the managing authority; a determination in force on the
day the findings are recorded settles it and is cited by its document number.
"""

from __future__ import annotations

import datetime as dt

from xinfang.accountability import services
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import AccountabilityCase, Lead
from xinfang.audit.models import AuditEntry
from xinfang.legal.models import Determination
from xinfang.legal.services import determination_save

from .factories import FAILURE_DAY, World, make_overdue_matter

AFTER = FAILURE_DAY + dt.timedelta(days=1)
DECIDED = dt.date(2026, 3, 10)
NUMBER = "渝信办〔2026〕4号"


def determine(value: str, *, effective_on: dt.date = dt.date(2026, 3, 1)) -> Determination:
    return determination_save(
        determination=Determination(
            number=NUMBER,
            issued_on=dt.date(2026, 2, 20),
            effective_on=effective_on,
            text="危害程度与影响程度不在同一档次的，按较高档次追究责任。",
            kind="reading",
            reading_key="mixed_finding",
            reading_value=value,
        ),
        actor="test:admin",
    )


def findings(world: World) -> AccountabilityCase:
    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    case = services.case_open(
        lead=Lead.objects.get(), investigating_organ=world.organ("d_po"), actor="t"
    )
    return services.case_record_findings(
        case=case,
        actor=world.user("d_po_clerk"),
        grounds=[2],
        threshold_met=True,
        threshold_reasoning="逾期未办结，严重损害信访人合法权益。",
        harm="serious",
        impact="minor",
        harm_description="信访人权益受损。",
        responsibility="individual",
        participants=[{"person": world.person("housing_clerk"), "role": "staff"}],
        decided_on=DECIDED,
    )


def clerk(case: AccountabilityCase) -> dict:
    rec = case.recommendation or {}
    return next(p for p in rec["people"] if p["id"] == "P-housing_clerk")


def codes(case: AccountabilityCase) -> list[str]:
    return [j["code"] for j in (case.recommendation or {})["needs_judgement"]]


def test_without_a_reading_the_lower_tier_is_recommended_and_the_point_listed(
    world: World,
) -> None:
    case = findings(world)
    assert clerk(case)["tier"] == 1
    assert "mixed_finding" in codes(case)
    assert "readings" not in (case.facts or {})


def test_a_reading_in_force_applies_the_higher_tier_and_cites_its_number(world: World) -> None:
    determine("higher")
    case = findings(world)
    assert case.facts["readings"] == {"mixed_finding": {"value": "higher", "document": NUMBER}}
    staff = clerk(case)
    assert (staff["tier"], staff["measures"]) == (2, ["admonishment"])
    assert NUMBER in staff["basis"]
    assert "mixed_finding" not in codes(case)
    audit = AuditEntry.objects.get(action="accountability.case.findings_recorded")
    assert audit.details["facts"]["readings"]["mixed_finding"]["document"] == NUMBER


def test_a_reading_of_the_lower_tier_is_cited_instead_of_the_point(world: World) -> None:
    determine("lower")
    case = findings(world)
    staff = clerk(case)
    assert staff["tier"] == 1
    assert NUMBER in staff["basis"]
    assert "mixed_finding" not in codes(case)


def test_a_reading_not_yet_in_force_on_the_day_of_the_findings_is_not_applied(
    world: World,
) -> None:
    determine("higher", effective_on=DECIDED + dt.timedelta(days=1))
    case = findings(world)
    assert clerk(case)["tier"] == 1
    assert "mixed_finding" in codes(case)


def test_the_case_page_cites_the_determination(world: World, client_for) -> None:
    determine("higher")
    case = findings(world)
    page = client_for(world.user("d_po_clerk")).get(f"/accountability/cases/{case.pk}/")
    assert page.status_code == 200
    assert NUMBER in page.content.decode()
