"""The 直接主管的负责人 is the leader whose portfolio covers the work that failed (细则第十一条
第二款): the matter's category for a department's step, petition work for the petition office's
own — not the leader who holds the petition portfolio. Where the registry cannot tell, the lead
and the case say so and the recommendation lists ``supervising_leader_unclear``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xinfang.accountability import services
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import AccountabilityCase, Lead
from xinfang.audit.models import AuditEntry
from xinfang.orgs import services as org_services
from xinfang.orgs.models import Person
from xinfang.petitions.matters.models import SupervisionOrder

from .factories import FAILURE_DAY, START, World, make_overdue_matter

AFTER = FAILURE_DAY + dt.timedelta(days=1)


def leader(world: World, organ: str, code: str, portfolio: list[str]) -> Person:
    """A supervising leader of ``organ`` since 2020 with ``portfolio`` (分管)."""
    person = org_services.person_create(actor="test", code=f"P-{code}", name=f"副职{code}")
    org_services.position_start(
        actor="test",
        person=person,
        organ=world.organ(organ),
        kind="supervising_leader",
        start=START,
        portfolio=portfolio,
    )
    return person


def detected(world: World, **matter: Any) -> Lead:
    make_overdue_matter(world, **matter)
    detect_leads(today=AFTER)
    return Lead.objects.get()


def supervising(lead: Lead) -> set[int]:
    return set(
        lead.duty_holders.filter(role="supervising_leader").values_list("person_id", flat=True)
    )


def test_a_departments_failure_names_the_leader_of_its_category_not_of_petitions(
    world: World,
) -> None:
    """物业管理 is 城乡建设 work: the deputy for housing supervises it; the deputy who holds only
    the petition portfolio is not the 直接主管的负责人 of the department's handling."""
    petition_only = leader(world, "housing", "petitions", ["petition"])
    lead = detected(world, period="handle")
    assert supervising(lead) == {world.person("housing_deputy").pk}
    assert petition_only.pk not in set(lead.duty_holders.values_list("person_id", flat=True))
    assert (lead.work_subject, lead.supervising_leader_unclear) == ("housing", False)
    details = AuditEntry.objects.get(action="accountability.lead.detected").details
    assert (details["work_subject"], details["supervising_leader_unclear"]) == ("housing", False)


def test_the_petition_offices_routing_is_petition_work(world: World) -> None:
    """A matter not routed in time: the office's leader for petitions, not for other work."""
    for_petitions = leader(world, "d_po", "po-petition", ["petition"])
    leader(world, "d_po", "po-general", ["general"])
    lead = detected(world, organ="d_po", period="route", acted_by=None)
    assert lead.organ == world.organ("d_po")
    assert supervising(lead) == {for_petitions.pk}
    assert (lead.work_subject, lead.supervising_leader_unclear) == ("petition", False)


def test_a_supervision_order_unanswered_by_a_department_follows_the_matters_category(
    world: World,
) -> None:
    matter = make_overdue_matter(world, period="handle", due=dt.date(2025, 9, 1), acted_by=None)
    leader(world, "housing", "petitions", ["petition"])
    SupervisionOrder.objects.create(
        matter=matter,
        issuing_organ=world.organ("d_po"),
        to_organ=world.organ("housing"),
        issued_at=dt.datetime(2025, 2, 1, 9, tzinfo=dt.UTC),
        instructions="请于期限内书面反馈办理情况。",
        reply_due=FAILURE_DAY,
    )
    detect_leads(today=AFTER, kinds=["supervision"])
    lead = Lead.objects.get(kind="supervision_unanswered")
    assert supervising(lead) == {world.person("housing_deputy").pk}
    assert lead.work_subject == "housing"


def test_a_category_without_a_portfolio_leaves_the_supervising_leader_unclear(
    world: World,
) -> None:
    """其他 names no portfolio: nobody is proposed, and the lead says the registry cannot tell."""
    lead = detected(world, period="handle", category="other")
    assert supervising(lead) == set()
    assert (lead.work_subject, lead.supervising_leader_unclear) == ("", True)


def test_nobody_covering_the_categorys_portfolio_leaves_it_unclear(world: World) -> None:
    """大气污染 is 生态环境 work, and no leader of 住建委 holds that portfolio."""
    lead = detected(world, period="handle", category="environment-air")
    assert supervising(lead) == set()
    assert (lead.work_subject, lead.supervising_leader_unclear) == ("environment", True)


def findings(world: World, case: AccountabilityCase, people: list[dict]) -> AccountabilityCase:
    return services.case_record_findings(
        case=case,
        actor=world.user("d_po_clerk"),
        grounds=[2],
        threshold_met=True,
        threshold_reasoning="逾期未办结，严重损害信访人合法权益。",
        harm="minor",
        impact="minor",
        harm_description="信访人权益受损。",
        responsibility="individual",
        participants=people,
    )


def codes(case: AccountabilityCase) -> list[str]:
    return [j["code"] for j in (case.recommendation or {})["needs_judgement"]]


def test_unclear_supervising_leader_shows_on_the_case_and_in_the_recommendation(
    world: World, client_for: Any
) -> None:
    lead = detected(world, period="handle", category="environment-air")
    case = services.case_open(lead=lead, investigating_organ=world.organ("d_po"), actor="t")
    clerk = client_for(world.user("d_po_clerk"))
    page = clerk.get(f"/accountability/cases/{case.pk}/").content.decode()
    assert "登记信息无法确定直接主管的负责人" in page
    assert "生态环境" in page
    lead_page = clerk.get(f"/accountability/leads/{lead.pk}/").content.decode()
    assert "登记信息无法确定直接主管的负责人" in lead_page

    case = findings(
        world,
        case,
        [
            {"person": world.person("housing_director"), "role": "principal_leader"},
            {"person": world.person("housing_clerk"), "role": "staff"},
        ],
    )
    assert case.facts["supervising_leader_unclear"] is True
    assert "supervising_leader_unclear" in codes(case)
    page = clerk.get(f"/accountability/cases/{case.pk}/").content.decode()
    assert "分管出问题工作" in page  # the recommendation's point, for the authority to judge

    # The investigation establishes who it is: the finding names him, and the point goes.
    case = findings(
        world,
        case,
        [
            {"person": world.person("housing_director"), "role": "principal_leader"},
            {"person": world.person("housing_deputy"), "role": "supervising_leader"},
            {"person": world.person("housing_clerk"), "role": "staff"},
        ],
    )
    assert "supervising_leader_unclear" not in (case.facts or {})
    assert "supervising_leader_unclear" not in codes(case)


def test_a_clear_supervising_leader_adds_nothing_to_the_facts(world: World) -> None:
    lead = detected(world, period="handle")
    case = services.case_open(lead=lead, investigating_organ=world.organ("d_po"), actor="t")
    case = findings(world, case, [{"person": world.person("housing_clerk"), "role": "staff"}])
    assert "supervising_leader_unclear" not in (case.facts or {})
    assert "supervising_leader_unclear" not in codes(case)


def test_the_english_case_page_says_it_in_english(world: World, client_for: Any) -> None:
    lead = detected(world, period="handle", category="other")
    case = services.case_open(lead=lead, investigating_organ=world.organ("d_po"), actor="t")
    clerk = client_for(world.user("d_po_clerk"))
    clerk.cookies["django_language"] = "en"
    page = clerk.get(f"/accountability/cases/{case.pk}/").content.decode()
    assert "The registry cannot tell the supervising leader" in page
    assert "登记信息" not in page


def test_a_lead_filed_by_hand_follows_the_matters_category(world: World) -> None:
    """With a matter: its category's portfolio. Without one at a department: unclear, and the
    deputy for petitions is not proposed for want of anything better."""
    matter = make_overdue_matter(world, period="handle", acted_by=None)
    leader(world, "housing", "petitions", ["petition"])
    common = {
        "kind": "complaint",
        "ground": 2,
        "organ": world.organ("housing"),
        "failure_date": FAILURE_DAY,
        "summary": "群众投诉住建委办理拖延。",
        "actor": world.user("d_po_clerk"),
    }
    with_matter = services.lead_file_manual(matter_id=matter.pk, **common)
    assert supervising(with_matter) == {world.person("housing_deputy").pk}
    assert (with_matter.work_subject, with_matter.supervising_leader_unclear) == (
        "housing",
        False,
    )
    without = services.lead_file_manual(**common)
    assert supervising(without) == set()
    assert (without.work_subject, without.supervising_leader_unclear) == ("", True)
