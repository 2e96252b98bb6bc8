"""The deciding authority and the investigating office see that notices were sent (细则第十八条;
issue 13, item 26): to which department and when, on the API and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from xinfang.accountability import services
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import AccountabilityCase, Decision, Lead, Recommendation

from .factories import FAILURE_DAY, World, make_overdue_matter

API = "/api/accountability"


def sent_case(world: World) -> AccountabilityCase:
    """A case against the deputy director, sent to D区委 and not yet decided."""
    make_overdue_matter(world, period="handle")
    detect_leads(today=FAILURE_DAY + dt.timedelta(days=1))
    case = services.case_open(
        lead=Lead.objects.get(), investigating_organ=world.organ("d_po"), actor="t"
    )
    services.case_record_findings(
        case=case,
        grounds=[2],
        threshold_met=True,
        threshold_reasoning="逾期未办结。",
        harm="minor",
        impact="minor",
        harm_description="",
        responsibility="individual",
        participants=[{"person": world.person("housing_deputy"), "role": "supervising_leader"}],
        actor="t",
    )
    services.case_send_recommendation(case=case, actor="t")
    return case


def decide(world: World) -> Decision:
    return services.decision_record(
        decision=Decision.objects.get(person=world.person("housing_deputy")),
        measures=["circulated_notice"],
        rectification_due=timezone.localdate() + dt.timedelta(days=30),
        actor="t",
    )


def dispatched(items: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(n["to_organ_name"], n["role"]) for n in items}


SENT = {("测试d_org", "organization"), ("测试d_hrss", "personnel")}


def test_the_deciding_authority_sees_the_notices_sent(world: World, client_for: Any) -> None:
    case = sent_case(world)
    letter = Recommendation.objects.get(case=case, authority=world.organ("d_party"))
    secretary = client_for(world.user("d_secretary"))
    deputy = world.person("housing_deputy").pk

    def deputy_row() -> dict[str, Any]:
        rows = secretary.get(f"{API}/recommendations/{letter.pk}").json()["decisions"]
        return next(row for row in rows if row["person_id"] == deputy)

    assert deputy_row()["notices"] == []
    page = secretary.get(f"/accountability/recommendations/{letter.pk}/").content.decode()
    assert "尚未通报" in page
    decision = decide(world)
    after = deputy_row()
    assert dispatched(after["notices"]) == SENT
    assert all(n["decision_id"] == decision.pk for n in after["notices"])
    assert {n["role_label"] for n in after["notices"]} == {"组织部门", "人事部门"}
    page = secretary.get(f"/accountability/recommendations/{letter.pk}/").content.decode()
    assert "测试d_org" in page and "测试d_hrss" in page and "尚未通报" not in page


def test_the_investigating_office_sees_the_notices_sent(world: World, client_for: Any) -> None:
    case = sent_case(world)
    clerk = client_for(world.user("d_po_clerk"))
    assert clerk.get(f"{API}/cases/{case.pk}").json()["notices"] == []
    decide(world)
    body = clerk.get(f"{API}/cases/{case.pk}").json()
    assert dispatched(body["notices"]) == SENT
    assert {n["subject_name"] for n in body["notices"]} == {world.person("housing_deputy").name}
    page = clerk.get(f"/accountability/cases/{case.pk}/").content.decode()
    assert "通报组织人事部门" in page and "测试d_org" in page and "测试d_hrss" in page
