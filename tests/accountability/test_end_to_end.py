"""Acceptance (issue 6): from a matter gone overdue to notices, through the API, audited.

A matter received by 住建委 is not accepted in time → detection finds a lead → the district
petition office investigates and records its findings → the rules core recommends → the
recommendation goes to each managing authority → they decide (通报, rectification by a
deadline) → the deputy director misses his deadline → detection finds an escalation lead →
the new recommendation sees the prior measure and escalates to 诫勉 (细则第十四条) → 住建委
loses its honours for the year → the organization and personnel departments are notified
(第十八条). The audit trail holds every step and ``verify-audit`` passes.
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from xinfang.accountability.models import Lead, Notice
from xinfang.accountability.selectors import honour_disqualified
from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.services import matter_receive

from .clock import days_later
from .factories import LATE_APPOINTMENT, World
from .pdftext import cjk, read_pdf

API = "/api/accountability"


def as_(client_for: Any, world: World, name: str) -> Any:
    return client_for(world.user(name))


def detect(today: dt.date | None = None) -> dict[str, Any]:
    out = StringIO()
    args = ["--today", today.isoformat()] if today else []
    call_command("detect_leads", *args, stdout=out)
    return json.loads(out.getvalue())


def send_json(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.django_db(transaction=False)
def test_from_overdue_matter_to_notices(world: World, client_for: Any, monkeypatch: Any) -> None:
    # Received before the new deputy's appointment (LATE_APPOINTMENT): he bears none of it.
    received = timezone.make_aware(dt.datetime(2025, 3, 3, 10, 0))
    matter = matter_receive(
        organ=world.organ("housing"),
        actor=world.user("housing_clerk"),
        channel="letter",
        received_at=received,
        summary="小区电梯停运三个月无人处理",
        content="反映小区电梯停运三个月，物业和住建部门均未处理。",
        region_code="500103",
        # Name and address known: the written notice is due within 15 days (第二十三条第二款).
        identity={"name": "王某某", "address": "渝中区民生路88号"},
        at=received,
    )
    assert matter.action_period == "accept"
    due = matter.action_due
    assert due is not None and due < LATE_APPOINTMENT

    # 1. The matter goes overdue; detection finds a lead; a second run finds nothing new.
    first = detect()
    assert first["created"] == {"accept_overdue": 1}
    assert detect()["created_total"] == 0
    lead = Lead.objects.get(matter=matter)
    assert lead.failure_date == due

    # 2. The district petition office sees it and opens an investigation.
    clerk = as_(client_for, world, "d_po_clerk")
    leads = clerk.get(f"{API}/leads").json()["items"]
    assert [item["id"] for item in leads] == [lead.pk]
    holders = {h["name"] for h in leads[0]["duty_holders"]}
    assert world.person("housing_clerk").name in holders
    assert world.person("late_deputy").name not in holders
    response = clerk.post(f"{API}/leads/{lead.pk}/investigation")
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]

    # 3. Findings: individual responsibility; the rules core recommends 通报 and rectification.
    findings = {
        "grounds": [2],
        "threshold_met": True,
        "threshold_reasoning": "收到信访事项后十五日内未决定是否受理，信访人权益长期得不到保障。",
        "harm": "minor",
        "impact": "minor",
        "harm_description": "信访人多次来电催办。",
        "responsibility": "individual",
        "participants": [
            {"person_id": world.person("housing_clerk").pk, "role": "staff"},
            {"person_id": world.person("housing_deputy").pk, "role": "supervising_leader"},
            {
                "person_id": world.person("housing_director").pk,
                "role": "principal_leader",
                "diligent": True,
                "diligence_note": "已两次批示督办（批示件存档）",
            },
        ],
    }
    response = send_json(clerk, "put", f"{API}/cases/{case_id}/findings", findings)
    assert response.status_code == 200, response.content
    rec = response.json()["recommendation"]
    people = {p["id"]: p for p in rec["people"]}
    assert people["P-housing_clerk"]["measures"] == ["circulated_notice"]
    assert people["P-housing_deputy"]["measures"] == ["circulated_notice"]
    assert people["P-housing_director"]["responsibility"] == "none"

    # 4. Sent to each managing authority: 住建委 for its clerk, D区委 for its leader and organ.
    response = clerk.post(f"{API}/cases/{case_id}/send")
    assert response.status_code == 201, response.content
    letters = {r["authority_id"]: r for r in response.json()}
    assert set(letters) == {world.organ("housing").pk, world.organ("d_party").pk}
    district_letter = letters[world.organ("d_party").pk]

    # The letter is a Chinese PDF drawn with WenQuanYi, citing the articles.
    pdf = clerk.get(f"{API}/recommendations/{district_letter['id']}/letter.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = read_pdf(pdf.content)
    assert "责任追究建议书" in text.text
    assert "《重庆市信访工作责任制实施细则》第十一条第一款第二项" in text.text

    # 5. The authorities decide as recommended, with rectification deadlines.
    secretary = as_(client_for, world, "d_secretary")
    inbox = secretary.get(f"{API}/recommendations").json()["items"]
    assert [r["id"] for r in inbox] == [district_letter["id"]]
    rectify_by = timezone.localdate() + dt.timedelta(days=30)
    for d in district_letter["decisions"]:
        body: dict[str, Any] = {"measures": d["recommended_measures"]}
        if d["person_id"]:
            body["rectification_due"] = rectify_by.isoformat()
        response = send_json(secretary, "post", f"{API}/decisions/{d['id']}", body)
        assert response.status_code == 200, response.content
    director = as_(client_for, world, "housing_director")
    (clerk_decision,) = letters[world.organ("housing").pk]["decisions"]
    response = send_json(
        director,
        "post",
        f"{API}/decisions/{clerk_decision['id']}",
        {"measures": ["circulated_notice"], "rectification_due": rectify_by.isoformat()},
    )
    assert response.status_code == 200, response.content
    response = clerk.get(f"{API}/cases/{case_id}")
    assert response.json()["state"] == "decided", response.content

    # The clerk rectifies in time; the deputy does not.
    rectifications = {r["person_id"]: r for r in clerk.get(f"{API}/rectifications").json()["items"]}
    response = send_json(
        clerk,
        "post",
        f"{API}/rectifications/{rectifications[world.person('housing_clerk').pk]['id']}/done",
        {"evidence": "已建立受理台账并完成整改报告"},
    )
    assert response.status_code == 200, response.content

    # 6. Thirty-one days later the deputy's deadline has passed: an escalation lead.
    with days_later(monkeypatch, 31):
        # Sessions last eight hours: sign in again a month later.
        clerk = client_for(world.user("d_po_clerk"), fresh=True)
        secretary = client_for(world.user("d_secretary"), fresh=True)
        report = detect()
        assert report["created"] == {"rectification_missed": 1}
        assert detect()["created_total"] == 0
        escalation = Lead.objects.get(kind="rectification_missed")
        assert [h.person_id for h in escalation.duty_holders.all()] == [
            world.person("housing_deputy").pk
        ]
        response = clerk.post(f"{API}/leads/{escalation.pk}/investigation")
        assert response.status_code == 201, response.content
        second_case = response.json()["id"]
        response = send_json(
            clerk,
            "put",
            f"{API}/cases/{second_case}/findings",
            {
                **findings,
                "threshold_reasoning": "受到通报后逾期未完成整改。",
                "participants": [
                    {"person_id": world.person("housing_deputy").pk, "role": "supervising_leader"}
                ],
            },
        )
        assert response.status_code == 200, response.content
        body = response.json()
        # The prior measure is fed to the rules core, which escalates (细则第十四条).
        assert body["facts"]["prior_measures"] == [
            {
                "person": "P-housing_deputy",
                "measure": "circulated_notice",
                "rectification_due": rectify_by.isoformat(),
                "rectified": False,
                "same_target": True,  # this case follows up that notice's rectification
                "person_id": world.person("housing_deputy").pk,
                "name": world.person("housing_deputy").name,
            }
        ]
        (deputy,) = body["recommendation"]["people"]
        assert deputy["measures"] == ["admonishment"]
        assert "细则第十四条" in deputy["basis"]

        response = clerk.post(f"{API}/cases/{second_case}/send")
        assert response.status_code == 201, response.content
        (letter,) = [r for r in response.json() if r["authority_id"] == world.organ("d_party").pk]
        person_decision = next(d for d in letter["decisions"] if d["person_id"])
        response = send_json(
            secretary,
            "post",
            f"{API}/decisions/{person_decision['id']}",
            {
                "measures": ["admonishment"],
                "rectification_due": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            },
        )
        assert response.status_code == 200, response.content
        year = timezone.localdate().year

        # 7. 住建委 loses its comprehensive honours for the year (细则第十四条).
        assert honour_disqualified(world.organ("housing"), year)
        honours = secretary.get(
            f"{API}/honours", {"organ_id": world.organ("housing").pk, "year": year}
        ).json()
        assert honours["disqualified"] is True

        # The decision notice is a Chinese PDF citing 第十四条 and the honour disqualification.
        notice_pdf = secretary.get(f"{API}/recommendations/{letter['id']}/decision-notice.pdf")
        text = read_pdf(notice_pdf.content)
        assert "责任追究决定通知书" in text.text
        assert "诫勉" in text.text
        assert "综合性荣誉称号" in text.text
        assert all("WenQuanYi" in font for font in text.by_font if cjk(text.by_font[font]))

    # 8. The organization and personnel departments of the district are notified (第十八条).
    notified = set(
        Notice.objects.filter(decision__person=world.person("housing_deputy")).values_list(
            "to_organ__code", flat=True
        )
    )
    assert notified == {"ACC-d_org", "ACC-d_hrss"}
    org = client_for(world.user("d_org_staff"))
    org_notices = org.get(f"{API}/notices").json()["items"]
    assert {n["subject_name"] for n in org_notices} >= {world.person("housing_deputy").name}
    record = org.get(f"{API}/records/{world.person('housing_deputy').pk}")
    assert record.status_code == 200
    measures = [e["decided_measures"] for e in record.json()["entries"]]
    assert measures == [["admonishment"], ["circulated_notice"]]

    # 9. Every step is in the audit trail, and the chain verifies.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "accountability.lead.detected",
        "accountability.case.opened",
        "accountability.case.findings_recorded",
        "accountability.recommendation.sent",
        "accountability.decision.recorded",
        "accountability.rectification.ordered",
        "accountability.rectification.done",
        "accountability.honour.disqualified",
        "accountability.notice.sent",
        "accountability.case.decided",
    } <= actions
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "audit chain OK" in out.getvalue()
