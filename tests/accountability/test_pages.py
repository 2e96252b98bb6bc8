"""The pages of each step, driven with the test client as the people who use them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone

from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import AccountabilityCase, Decision, Lead, Rectification

from .factories import FAILURE_DAY, World, make_overdue_matter

AFTER = FAILURE_DAY + dt.timedelta(days=1)


def _formset(rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "p-TOTAL_FORMS": str(len(rows)),
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                data[f"p-{i}-{key}"] = "on"
            elif value is not False:
                data[f"p-{i}-{key}"] = value
    return data


def test_every_step_through_the_pages(world: World, client_for: Any) -> None:
    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    lead = Lead.objects.get()
    clerk = client_for(world.user("d_po_clerk"))

    page = clerk.get("/accountability/leads/")
    assert page.status_code == 200
    assert f"/accountability/leads/{lead.pk}/" in page.content.decode()
    # The ground is cited as the seed writes it, in Chinese numerals.
    assert "第十一条第一款第二项" in page.content.decode()
    page = clerk.get(f"/accountability/leads/{lead.pk}/")
    assert page.status_code == 200
    assert world.person("housing_deputy").name in page.content.decode()

    response = clerk.post(f"/accountability/leads/{lead.pk}/investigate/")
    case = AccountabilityCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/accountability/cases/{case.pk}/"

    page = clerk.get(f"/accountability/cases/{case.pk}/findings/")
    assert page.status_code == 200
    data = {
        "grounds": ["2"],
        "threshold_met": "on",
        "threshold_reasoning": "逾期未办结，严重损害信访人合法权益。",
        "harm": "minor",
        "impact": "minor",
        "harm_description": "",
        "responsibility": "individual",
        **_formset(
            [
                {
                    "person_id": str(world.person("housing_clerk").pk),
                    "include": True,
                    "role": "staff",
                    "participated": True,
                },
                {
                    "person_code": "P-housing_deputy",
                    "include": True,
                    "role": "supervising_leader",
                    "participated": True,
                },
                {
                    "person_id": str(world.person("housing_director").pk),
                    "include": False,
                    "role": "principal_leader",
                },
            ]
        ),
    }
    response = clerk.post(f"/accountability/cases/{case.pk}/findings/", data)
    assert response.status_code == 302, response.content.decode()
    page = clerk.get(f"/accountability/cases/{case.pk}/").content.decode()
    assert "《重庆市信访工作责任制实施细则》第十一条第一款第二项" in page
    assert "细则第十三条" in page

    response = clerk.post(f"/accountability/cases/{case.pk}/send/")
    assert response.status_code == 302
    decision = Decision.objects.get(person=world.person("housing_deputy"))
    letter = decision.recommendation

    secretary = client_for(world.user("d_secretary"))
    assert letter.number in secretary.get("/accountability/recommendations/").content.decode()
    page = secretary.get(f"/accountability/recommendations/{letter.pk}/")
    assert f"/accountability/decisions/{decision.pk}/" in page.content.decode()
    pdf = secretary.get(f"/accountability/recommendations/{letter.pk}/letter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # Differing without reasons is refused on the form, then accepted with reasons.
    response = secretary.post(f"/accountability/decisions/{decision.pk}/", {"measures": []})
    assert response.status_code == 200
    assert "必须说明理由" in response.content.decode()
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    response = secretary.post(
        f"/accountability/decisions/{decision.pk}/",
        {"measures": ["circulated_notice"], "rectification_due": due},
    )
    assert response.status_code == 302, response.content.decode()

    page = clerk.get("/accountability/rectifications/").content.decode()
    rectification = Rectification.objects.get(person=world.person("housing_deputy"))
    assert f"/accountability/rectifications/{rectification.pk}/done/" in page
    response = clerk.post(
        f"/accountability/rectifications/{rectification.pk}/done/", {"evidence": "已整改到位"}
    )
    assert response.status_code == 302
    rectification.refresh_from_db()
    assert rectification.rectified_at is not None

    org = client_for(world.user("d_org_staff"))
    notices = org.get("/accountability/notices/").content.decode()
    assert world.person("housing_deputy").name in notices
    record = org.get(f"/accountability/records/{world.person('housing_deputy').pk}/")
    assert record.status_code == 200
    assert "通报" in record.content.decode()
    notice_pdf = secretary.get(f"/accountability/recommendations/{letter.pk}/decision-notice.pdf")
    assert notice_pdf.status_code == 200

    honours = secretary.get(
        "/accountability/honours/", {"organ_code": "ACC-housing", "year": timezone.localdate().year}
    )
    assert honours.status_code == 200
    assert "未被取消评选资格" in honours.content.decode()


def test_a_manual_lead_is_filed_from_the_form(world: World, client_for: Any) -> None:
    clerk = client_for(world.user("d_po_clerk"))
    assert clerk.get("/accountability/leads/new/").status_code == 200
    response = clerk.post(
        "/accountability/leads/new/",
        {
            "kind": "inspection_finding",
            "ground": "5",
            "organ_code": "ACC-housing",
            "failure_date": FAILURE_DAY.isoformat(),
            "summary": "督查发现对信访部门提出的改进工作建议长期未落实。",
            "evidence": "2025年专项督查报告（渝中督〔2025〕3号）",
            "person_codes": "P-housing_colleague",
        },
    )
    assert response.status_code == 302, response.content.decode()
    lead = Lead.objects.get()
    assert lead.source == "manual" and lead.ground == 5
    assert lead.evidence == [
        {"type": "document", "reference": "2025年专项督查报告（渝中督〔2025〕3号）"}
    ]
    assert world.person("housing_colleague").pk in set(
        lead.duty_holders.values_list("person_id", flat=True)
    )


def test_a_manual_lead_naming_someone_appointed_later_is_refused(
    world: World, client_for: Any
) -> None:
    clerk = client_for(world.user("d_po_clerk"))
    response = clerk.post(
        "/accountability/leads/new/",
        {
            "kind": "complaint",
            "ground": "3",
            "organ_code": "ACC-housing",
            "failure_date": FAILURE_DAY.isoformat(),
            "summary": "群众投诉推诿扯皮。",
            "person_codes": "P-late",
        },
    )
    assert response.status_code == 200
    assert "未在该机构任职" in response.content.decode()
    assert not Lead.objects.exists()


def test_another_districts_petition_office_cannot_file_a_lead_here(
    world: World, client_for: Any
) -> None:
    response = client_for(world.user("b_po_clerk")).post(
        "/accountability/leads/new/",
        {
            "kind": "complaint",
            "ground": "3",
            "organ_code": "ACC-housing",
            "failure_date": FAILURE_DAY.isoformat(),
            "summary": "群众投诉推诿扯皮。",
        },
    )
    assert response.status_code == 200
    assert "未找到该机构" in response.content.decode()
    assert not Lead.objects.exists()


def test_the_decision_date_defaults_to_today_as_iso_in_chinese_and_english(
    world: World, client_for: Any
) -> None:
    """The date picker reads only yyyy-mm-dd: 2026/12/07 would leave 决定日期 blank."""
    from xinfang.accountability import services

    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    case = services.case_open(
        lead=Lead.objects.get(), investigating_organ=world.organ("d_po"), actor="t"
    )
    services.case_record_findings(
        case=case,
        actor=world.user("d_po_clerk"),
        grounds=[2],
        threshold_met=True,
        threshold_reasoning="逾期未办结，严重损害信访人合法权益。",
        harm="minor",
        impact="minor",
        harm_description="",
        responsibility="individual",
        participants=[{"person": world.person("housing_deputy"), "role": "supervising_leader"}],
    )
    services.case_send_recommendation(case=case, actor="t")
    decision = Decision.objects.get(person=world.person("housing_deputy"))
    secretary = client_for(world.user("d_secretary"))
    today = timezone.localdate().isoformat()
    for language in ("zh-hans", "en"):
        secretary.cookies["django_language"] = language
        page = secretary.get(f"/accountability/decisions/{decision.pk}/").content.decode()
        assert f'lang="{language}"' in page
        assert re.search(rf'<input type="date" name="decided_on" value="{today}"', page), page
