"""The pages of each step, driven with the test client as the people who use them."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

from django.utils import timezone, translation

from xinfang.accountability import services
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.evidence import evidence_rows
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
                    "person": str(world.person("housing_deputy").pk),
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
        "/accountability/honours/",
        {"organ": world.organ("housing").pk, "year": timezone.localdate().year},
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
            "organ": world.organ("housing").pk,
            "failure_date": FAILURE_DAY.isoformat(),
            "summary": "督查发现对信访部门提出的改进工作建议长期未落实。",
            "evidence": "2025年专项督查报告（渝中督〔2025〕3号）",
            "persons": [world.person("housing_colleague").pk],
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
            "organ": world.organ("housing").pk,
            "failure_date": FAILURE_DAY.isoformat(),
            "summary": "群众投诉推诿扯皮。",
            "persons": [world.person("late_deputy").pk],
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
            "organ": world.organ("housing").pk,
            "failure_date": FAILURE_DAY.isoformat(),
            "summary": "群众投诉推诿扯皮。",
        },
    )
    assert response.status_code == 200
    assert "未找到该机构" in response.content.decode()
    assert not Lead.objects.exists()


def _sent_case(world: World) -> AccountabilityCase:
    """A case investigated by D区信访办 whose two letters went out (D区委 and 住建委)."""
    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    case = services.case_open(
        lead=Lead.objects.get(), investigating_organ=world.organ("d_po"), actor="t"
    )
    services.case_record_findings(
        case=case,
        grounds=[2],
        threshold_met=True,
        threshold_reasoning="逾期六十日未办结，严重损害信访人合法权益。",
        harm="serious",
        impact="major",
        harm_description="",
        responsibility="individual",
        participants=[
            {"person": world.person("housing_clerk"), "role": "staff"},
            {"person": world.person("housing_deputy"), "role": "supervising_leader"},
        ],
        actor=world.user("d_po_clerk"),
    )
    services.case_send_recommendation(case=case, actor="t")
    return case


def test_the_investigating_office_sees_the_recommendations_it_sent(
    world: World, client_for: Any
) -> None:
    case = _sent_case(world)
    letters = list(case.recommendations.all())
    assert len(letters) == 2
    page = client_for(world.user("d_po_clerk")).get("/accountability/recommendations/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "没有追究建议" not in body
    for letter in letters:
        assert f"/accountability/recommendations/{letter.pk}/" in body
    # Another district's office sees none of them.
    other = client_for(world.user("b_po_clerk")).get("/accountability/recommendations/")
    assert "没有追究建议" in other.content.decode()


def test_lead_evidence_is_labelled_linked_and_in_local_time(world: World, client_for: Any) -> None:
    matter = make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    lead = Lead.objects.get()
    page = client_for(world.user("d_po_clerk")).get(f"/accountability/leads/{lead.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    # The matter is named and linked for a reader who may open it.
    assert f'<a href="/matters/{matter.pk}/">信访事项 #{matter.pk}</a>' in body
    assert "办理期限" in body and "2025年3月14日" in body
    # The event received at 10:00 Beijing time (02:00 UTC) shows as 10:00, its action named.
    assert "2025年2月27日 10:00" in body and "直接收到" in body
    assert "type=matter" not in body and "+00:00" not in body


def test_lead_evidence_names_a_matter_the_reader_may_not_open_without_a_link(
    world: World,
) -> None:
    matter = make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    lead = Lead.objects.get()
    rows = evidence_rows(world.user("b_po_clerk"), lead.evidence)
    first = rows[0]
    assert first.title == f"信访事项 #{matter.pk}" and first.url == ""
    with translation.override("en"):
        rows = evidence_rows(world.user("d_po_clerk"), lead.evidence)
    assert rows[0].title == f"Petition matter #{matter.pk}"
    assert rows[0].url == f"/matters/{matter.pk}/"
    assert ("Action", "Received directly") in rows[-1].facts
    values = {value for row in rows for _name, value in row.facts}
    assert {"14 Mar 2025", "27 Feb 2025 10:00"} <= values, values


class _Controls(HTMLParser):
    """The form controls of a page and the ids its labels point at."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "label" and "for" in values:
            self.label_targets.append(values["for"])
        if tag in ("input", "select", "textarea") and values.get("type") != "hidden":
            self.controls.append(values)


def _unlabelled(body: str) -> list[dict[str, str]]:
    parser = _Controls()
    parser.feed(body)
    assert "" not in parser.label_targets, 'a label with an empty for=""'
    labelled = set(parser.label_targets)
    return [
        c
        for c in parser.controls
        if c.get("name") != "csrfmiddlewaretoken"
        and not c.get("aria-label")
        and c.get("id") not in labelled
    ]


def _opened_case(world: World) -> AccountabilityCase:
    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    return services.case_open(
        lead=Lead.objects.get(), investigating_organ=world.organ("d_po"), actor="t"
    )


def test_findings_form_lists_people_by_name_organ_and_post_never_by_code(
    world: World, client_for: Any
) -> None:
    case = _opened_case(world)
    body = (
        client_for(world.user("d_po_clerk"))
        .get(f"/accountability/cases/{case.pk}/findings/")
        .content.decode()
    )
    assert "人员housing_deputy（测试housing，分管负责人）" in body
    assert "人员housing_director（测试housing，主要负责人）" in body
    # No registry code anywhere, neither as text nor as a value to type.
    assert "P-housing" not in body and "person_code" not in body
    # The added row chooses among those in post that day, by name: not the later deputy.
    assert "人员housing_colleague（测试housing，工作人员）" in body
    assert "后任副主任" not in body


def test_every_input_of_the_findings_form_has_an_accessible_label(
    world: World, client_for: Any
) -> None:
    case = _opened_case(world)
    body = (
        client_for(world.user("d_po_clerk"))
        .get(f"/accountability/cases/{case.pk}/findings/")
        .content.decode()
    )
    assert _unlabelled(body) == []
    # Each row's inputs name the person they are about.
    assert 'aria-label="参与决策或工作（人员housing_deputy）"' in body
    assert 'aria-label="人员（新增人员）"' in body
    # The list of grounds is a labelled group, not a label for nothing.
    assert 'role="group" aria-labelledby="id_grounds_legend"' in body


def test_findings_add_a_person_in_post_chosen_by_name(world: World, client_for: Any) -> None:
    case = _opened_case(world)
    clerk = client_for(world.user("d_po_clerk"))
    data = {
        "grounds": ["2"],
        "threshold_met": "on",
        "threshold_reasoning": "逾期未办结，严重损害信访人合法权益。",
        "harm": "minor",
        "impact": "minor",
        "responsibility": "individual",
        **_formset(
            [
                {
                    "person_id": str(world.person("housing_deputy").pk),
                    "include": True,
                    "role": "supervising_leader",
                    "participated": True,
                },
                {
                    "person": str(world.person("housing_colleague").pk),
                    "include": True,
                    "role": "staff",
                    "participated": True,
                },
            ]
        ),
    }
    # The deputy appointed after the failure is not among the choices.
    refused = clerk.post(
        f"/accountability/cases/{case.pk}/findings/",
        {**data, "p-1-person": str(world.person("late_deputy").pk)},
    )
    assert refused.status_code == 200
    assert "选择一个有效的选项" in refused.content.decode()
    response = clerk.post(f"/accountability/cases/{case.pk}/findings/", data)
    assert response.status_code == 302, response.content.decode()
    named = set(case.participants.values_list("person_id", flat=True))
    assert named == {world.person("housing_deputy").pk, world.person("housing_colleague").pk}


def test_lead_form_finds_the_organ_by_name_and_lists_its_people_by_name(
    world: World, client_for: Any
) -> None:
    clerk = client_for(world.user("d_po_clerk"))
    housing = world.organ("housing")
    found = clerk.get("/accountability/leads/new/", {"q": "housing"}).content.decode()
    assert f'href="/accountability/leads/new/?organ={housing.pk}"' in found
    assert "测试housing" in found and "ACC-housing" not in found
    # Its own chain of command is not offered (细则第六条).
    mine = clerk.get("/accountability/leads/new/", {"q": "d_po"}).content.decode()
    assert "未找到名称含“d_po”的机构" in mine
    form = clerk.get("/accountability/leads/new/", {"organ": housing.pk}).content.decode()
    assert "人员housing_colleague（工作人员 2020-01-01 起）" in form
    assert "后任副主任（分管负责人 2025-06-01 起）" in form
    assert "organ_code" not in form and "person_codes" not in form and "P-housing" not in form
    assert _unlabelled(form) == []


def test_an_organ_name_search_that_finds_nothing_says_so(world: World, client_for: Any) -> None:
    clerk = client_for(world.user("d_po_clerk"))
    page = clerk.get("/accountability/leads/new/", {"q": "不存在的机关"})
    assert page.status_code == 200
    assert "未找到名称含“不存在的机关”的机构" in page.content.decode()
    page = clerk.get("/accountability/honours/", {"q": "不存在的机关", "year": 2025})
    assert page.status_code == 200
    assert "未找到名称含“不存在的机关”的机构" in page.content.decode()


def test_honours_check_finds_the_organ_by_name(world: World, client_for: Any) -> None:
    secretary = client_for(world.user("d_secretary"))
    page = secretary.get("/accountability/honours/", {"q": "housing", "year": 2025})
    assert page.status_code == 200
    assert "测试housing 2025 年度未被取消评选资格" in page.content.decode()
    # Several organs match: each is offered by name, carrying the year.
    several = secretary.get("/accountability/honours/", {"q": "测试d_", "year": 2025})
    body = several.content.decode()
    assert f"?organ={world.organ('d_org').pk}&amp;year=2025" in body
    assert "测试d_org" in body and "ACC-d_org" not in body
    assert _unlabelled(body) == []


def test_honours_check_of_an_organ_out_of_scope_looks_like_not_found(
    world: World, client_for: Any
) -> None:
    other = client_for(world.user("b_po_clerk"))
    by_name = other.get("/accountability/honours/", {"q": "housing", "year": 2025})
    assert by_name.status_code == 200
    assert "未找到名称含“housing”的机构" in by_name.content.decode()
    by_id = other.get(
        "/accountability/honours/", {"organ": world.organ("housing").pk, "year": 2025}
    )
    assert by_id.status_code == 200
    assert "未找到该机构" in by_id.content.decode()


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
