"""The endpoints of 细则第六条: typed input, ``{code, message}`` errors (422 by field, 409 with
its basis, 403 outside one's organ, 404 out of scope), paged lists, the steps each user may
take."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.accountability.factories import World
from xinfang.duties.models.recommendations import OfficeRecommendation, SituationReport

from .recommendations_world import TODAY, client_for_fixture, days_ago, send, world_fixture  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

API = "/api/duties/recommendations"


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def body(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "office_id": world.organ("d_po").pk,
        "recipient_id": world.organ("housing").pk,
        "kind": "improve_work",
        "title": "关于规范物业管理投诉办理的建议",
        "content": "建议建立物业投诉首问负责制度。",
        "reasons": "物业管理类信访事项办理超期较多。",
    }
    data.update(overrides)
    return data


def test_the_office_sends_and_the_recipient_replies(world: World, client_for: Any) -> None:
    office = client_for(world.user("d_po_clerk"))
    response = post(office, API, body(world))
    assert response.status_code == 201, response.content
    sent = response.json()
    assert sent["state"] == "sent" and sent["steps"] == ["withdraw"]
    assert sent["basis"] == ["细则第六条", "信访工作条例(2022)第四十条第一款"]
    assert sent["reply_period"]["label"] == "政策设定值"
    assert (
        sent["reply_due"] == (TODAY + dt.timedelta(days=sent["reply_period"]["days"])).isoformat()
    )
    housing = client_for(world.user("housing_clerk"))
    detail = housing.get(f"{API}/{sent['id']}").json()
    assert detail["steps"] == ["reply"]
    replied = post(housing, f"{API}/{sent['id']}/reply", {"reply": "采纳。", "adoption": "adopted"})
    assert replied.status_code == 200, replied.content
    assert (
        replied.json()["state"] == "replied" and replied.json()["replied_on"] == TODAY.isoformat()
    )
    again = post(housing, f"{API}/{sent['id']}/reply", {"reply": "采纳。", "adoption": "adopted"})
    assert again.status_code == 409
    assert again.json()["code"] == "recommendation_not_awaiting_reply"


def test_bad_input_is_422_by_field(world: World, client_for: Any) -> None:
    office = client_for(world.user("d_po_clerk"))
    response = post(office, API, body(world, kind="improve_policy"))
    assert response.status_code == 422
    assert "recipient" in response.json()["fields"]
    response = post(office, API, body(world, title=""))
    assert response.status_code == 422 and "title" in response.json()["fields"]
    rec = send(world)
    response = post(
        client_for(world.user("housing_clerk")),
        f"{API}/{rec.pk}/reply",
        {"reply": "部分采纳。", "adoption": "partly"},
    )
    assert response.status_code == 422
    assert "adoption_reasons" in response.json()["fields"]
    assert OfficeRecommendation.objects.count() == 1


def test_a_refusal_is_409_with_its_basis(world: World, client_for: Any) -> None:
    response = post(
        client_for(world.user("housing_clerk")),
        API,
        body(world, office_id=world.organ("housing").pk, recipient_id=world.organ("d_hrss").pk),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "not_petition_office"
    assert response.json()["basis"] == ["细则第六条"]


def test_acting_for_another_organ_is_403_and_reading_out_of_scope_is_404(
    world: World, client_for: Any
) -> None:
    rec = send(world)
    outsider = client_for(world.user("b_po_clerk"))
    assert post(outsider, API, body(world)).status_code == 403
    assert outsider.get(f"{API}/{rec.pk}").status_code == 404
    response = post(
        client_for(world.user("d_po_clerk")),
        f"{API}/{rec.pk}/reply",
        {"reply": "采纳。", "adoption": "adopted"},
    )
    assert response.status_code == 403


def test_the_list_pages_and_filters_by_state(world: World, client_for: Any) -> None:
    for n in range(3):
        send(world, title=f"建议{n}", sent_on=days_ago(n))
    client = client_for(world.user("housing_director"))
    page = client.get(f"{API}?page_size=2").json()
    assert (page["count"], len(page["items"])) == (3, 2)
    assert client.get(f"{API}?state=replied").json()["count"] == 0
    assert client.get(f"{API}?state=nonsense").status_code == 422


def test_a_situation_report_through_the_api(world: World, client_for: Any) -> None:
    clerk = client_for(world.user("d_po_clerk"))
    head = client_for(world.user("d_po_head"))
    response = post(
        clerk,
        f"{API}/reports",
        {
            "office_id": world.organ("d_po").pk,
            "period_start": "2026-07-01",
            "period_end": "2026-09-30",
        },
    )
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["state"] == "draft" and report["figures"]["received"] == 0
    assert "approve" not in report["steps"]
    url = f"{API}/reports/{report['id']}"
    assert "approve" in head.get(url).json()["steps"]
    edited = clerk.put(
        f"{url}/text",
        data=json.dumps({"analysis": "总量平稳。", "recommendations": ""}),
        content_type="application/json",
    )
    assert edited.status_code == 200 and edited.json()["analysis"] == "总量平稳。"
    assert post(clerk, f"{url}/approve", {}).status_code == 403
    assert post(head, f"{url}/approve", {}).json()["state"] == "approved"
    refused = post(clerk, f"{url}/regenerate", {})
    assert refused.status_code == 409 and refused.json()["code"] == "report_not_draft"
    outside = post(clerk, f"{url}/circulate", {"organ_ids": [world.organ("b_gov").pk]})
    assert outside.status_code == 422 and "organ_ids" in outside.json()["fields"]
    circulated = post(clerk, f"{url}/circulate", {"organ_ids": [world.organ("d_party").pk]})
    assert circulated.json()["circulated_to"] == [
        {"id": world.organ("d_party").pk, "name": world.organ("d_party").name}
    ]
    secretary = client_for(world.user("d_secretary"))
    assert secretary.get(f"{API}/reports").json()["count"] == 1
    assert SituationReport.objects.get().state == "circulated"
