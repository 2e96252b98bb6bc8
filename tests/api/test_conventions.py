"""The conventions every endpoint keeps (docs/api.md): one body limit, one way to page, one
status per kind of failure, operation ids chosen by hand. The checks that walk the OpenAPI
document are generic, so an endpoint added later is held to the same rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings

from xinfang.accountability.models import Lead
from xinfang.petitions.matters.models import Matter

pytestmark = pytest.mark.django_db

#: 1.1 MB: over the documented limit of 1 MiB, under Django's default of 2.5 MB.
OVERSIZED = 1_100_000


def test_the_documented_body_limit_is_one_mebibyte() -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024


def test_a_json_body_over_the_limit_is_413_on_a_matters_endpoint(world, client_for) -> None:
    client = client_for(world.user("a_po_staff"))
    body = json.dumps({"channel": "letter", "summary": "事项", "content": "x" * OVERSIZED})
    response = client.post("/api/matters", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "1048576" in response.json()["message"]
    assert not Matter.objects.exists()


def test_a_json_body_over_the_limit_is_413_on_an_accountability_endpoint(world, client_for) -> None:
    client = client_for(world.user("a_po_staff"))
    body = json.dumps({"kind": "complaint", "summary": "x" * OVERSIZED})
    response = client.post("/api/accountability/leads", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not Lead.objects.exists()


def test_a_form_body_over_the_limit_is_413_not_400(world, client_for) -> None:
    client = client_for(world.user("a_po_staff"))
    response = client.post(
        "/api/petitioners",
        data="name=" + "x" * OVERSIZED,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_a_body_under_the_limit_with_a_field_too_long_is_422_by_field(world, client_for) -> None:
    client = client_for(world.user("a_po_staff"))
    body = {"organ_id": world.organ("a_po").pk, "name": "x" * 500_000}
    response = client.post(
        "/api/petitioners", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["name"]


def openapi(client: Any) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def success_schema(schema: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    codes = sorted(code for code in operation["responses"] if code.startswith("2"))
    content = operation["responses"][codes[0]].get("content", {}).get("application/json", {})
    return resolve(schema, content.get("schema", {}))


#: Reads that answer an array and are not lists to page: the routing suggestions are the
#: best few organs for a matter, ranked (``limit``, at most 50); a second page means nothing.
RANKED_ANSWERS = {"routing_suggest"}


def test_every_list_pages_with_page_and_page_size_and_answers_its_count(client) -> None:
    """No list answers a bare array or stops at a cap in silence (docs/api.md)."""
    schema = openapi(client)
    lists = []
    for path, method, operation in operations(schema):
        if method != "get" or operation["operationId"] in RANKED_ANSWERS:
            continue
        answer = success_schema(schema, operation)
        assert answer.get("type") != "array", (path, "a list answers a page, not an array")
        if answer.get("properties", {}).get("items", {}).get("type") != "array":
            continue
        lists.append(operation["operationId"])
        assert {"count", "page", "page_size", "items"} <= set(answer["required"]), path
        query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        assert {"page", "page_size"} <= query, path
        assert not {"limit", "offset"} & query, path
    assert {
        "petitioner_list",
        "matter_list",
        "organ_queue",
        "handling_list",
        "matter_category_list",
        "lead_list",
        "recommendation_list",
        "rectification_list",
        "notice_list",
    } <= set(lists)


def test_one_name_per_filter_across_the_api(client) -> None:
    """``organ_id`` everywhere, never ``organ`` in one list and ``organ_id`` in another."""
    schema = openapi(client)
    names = {
        parameter["name"]
        for _, _, operation in operations(schema)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert "organ_id" in names
    assert not {name for name in names if f"{name}_id" in names}


#: The operation ids, chosen and reviewed: a client generated from the document names its
#: methods after them, so they change only on purpose. A new endpoint adds its id here.
OPERATION_IDS = {
    "organ_detail",
    "petitioner_list",
    "petitioner_search",
    "petitioner_create",
    "petitioner_detail",
    "petitioner_reveal",
    "matter_create",
    "matter_list",
    "matter_detail",
    "matter_route",
    "matter_route_out",
    "matter_send_to_other_organ",
    "matter_send_to_discipline",
    "matter_send_to_politics_law",
    "matter_accept",
    "matter_decline",
    "matter_object",
    "matter_objection_agree",
    "matter_objection_refuse",
    "matter_objection_withdraw",
    "matter_extend",
    "matter_conclude",
    "matter_reply",
    "matter_review_request",
    "matter_review",
    "matter_rereview_request",
    "matter_rereview",
    "hearing_start",
    "hearing_end",
    "matter_close",
    "matter_execution",
    "matter_satisfaction",
    "matter_follow_up",
    "supervision_order_issue",
    "supervision_order_reply",
    "organ_queue",
    "organ_counts",
    "handling_list",
    "handling_entry_create",
    "handling_entry_update",
    "routing_suggest",
    "matter_category_list",
    "public_matter",
    "public_matter_lookup",
    "extension_request_list",
    "extension_request_create",
    "extension_request_approve",
    "extension_request_refuse",
    "attachment_list",
    "attachment_upload",
    "attachment_download",
    "person_list",
    "person_detail",
    "organ_list",
    "organ_position_list",
    "me",
    "lead_list",
    "lead_file",
    "lead_detail",
    "lead_dismiss",
    "lead_promote",
    "case_open",
    "case_detail",
    "case_record_findings",
    "case_close_not_accountable",
    "case_send_recommendation",
    "recommendation_list",
    "recommendation_detail",
    "recommendation_letter_pdf",
    "decision_notice_pdf",
    "decision_record",
    "rectification_list",
    "rectification_mark_done",
    "notice_list",
    "accountability_record_detail",
    "honour_status",
    "agenda_item_list",
    "agenda_item_create",
    "agenda_item_detail",
    "agenda_item_follow_up_done",
    "agenda_norm",
    "agenda_decision_list",
    "agenda_decision_create",
    "agenda_decision_detail",
    "agenda_assessment_create",
    "agenda_decision_link_matter",
    "agenda_decision_unlink_matter",
    "agenda_screening_list",
    "agenda_screening_create",
    "agenda_warnings",
    "agenda_settings_detail",
    "agenda_settings_update",
    "office_recommendation_list",
    "office_recommendation_send",
    "office_recommendation_detail",
    "office_recommendation_reply",
    "office_recommendation_follow_up",
    "office_recommendation_close",
    "office_recommendation_withdraw",
    "situation_report_list",
    "situation_report_generate",
    "situation_report_detail",
    "situation_report_edit",
    "situation_report_regenerate",
    "situation_report_approve",
    "situation_report_circulate",
    "supervision_order_list",
    "coordination_list",
    "coordination_record",
    "coordination_detail",
    "coordination_assignment_done",
    "incident_list",
    "incident_create",
    "incident_detail",
    "incident_report",
    "incident_action",
    "incident_escalate",
    "incident_close",
    "staff_report_list",
    "staff_report_create",
    "staff_report_detail",
    "staff_report_acknowledge",
    # duties: leaders (细则第七条、第八条第二项)
    "instruction_list",
    "instruction_put_before",
    "instruction_detail",
    "instruction_instruct",
    "instruction_report",
    "instruction_close",
    "instruction_return",
    "reception_list",
    "reception_schedule",
    "reception_detail",
    "reception_record_held",
    "reception_record_not_held",
    "leader_norm_list",
    "ownership_list",
    "ownership_assign",
    "ownership_detail",
    "ownership_note",
    "ownership_milestone_add",
    "ownership_milestone_done",
    "ownership_resolve",
    # oversight: cadres (细则第十条第二款、第十八条)
    "cadre_request_list",
    "cadre_request_create",
    "cadre_request_detail",
    "cadre_request_draft",
    "cadre_request_edit",
    "cadre_request_sign",
    "cadre_request_refuse",
    "cadre_leader_search",
    "cadre_record_list",
    "cadre_person_record",
    "assessment_scheme_list",
    "assessment_scheme_create",
    "assessment_scheme_detail",
    "assessment_scheme_update",
    "assessment_scheme_activate",
    "assessment_hand_score_enter",
    "assessment_run_compute",
    "assessment_run_list",
    "assessment_run_detail",
    "assessment_run_publish",
    "assessment_run_discard",
    "assessment_run_read",
    "inspection_plan_list",
    "inspection_plan_create",
    "inspection_plan_detail",
    "inspection_plan_scope_add",
    "inspection_plan_scope_remove",
    "inspection_list",
    "inspection_create",
    "inspection_detail",
    "inspection_start",
    "inspection_record_findings",
    "inspection_finish",
    "inspection_finding_record",
    "rectification_demand_issue",
    "rectification_demand_list",
    "rectification_demand_detail",
    "rectification_demand_answer",
    "rectification_demand_accept",
    "rectification_demand_return",
    "inspection_notice_circulate",
    "inspection_notice_list",
    "inspection_notice_detail",
    "inspection_notice_read",
    # the petitioner's portal (信访工作条例(2022)第二十一条第二款)
    "portal_submit",
    "portal_progress",
    "portal_rate",
    "portal_request_review",
    "statistics_figures",
}


def test_operation_ids_are_chosen_not_generated(client) -> None:
    ids = [operation["operationId"] for _, _, operation in operations(openapi(client))]
    assert len(ids) == len(set(ids))
    generated = [i for i in ids if i.startswith("xinfang_")]
    assert not generated, "set operation_id= on the endpoint (docs/api.md)"
    assert all(i.isidentifier() and i == i.lower() for i in ids)
    assert set(ids) == OPERATION_IDS


def error_codes(schema: dict[str, Any], operation: dict[str, Any]) -> set[str]:
    codes = set()
    for code, response in operation["responses"].items():
        if code.startswith("4"):
            node = response["content"]["application/json"]["schema"]
            assert node == {"$ref": "#/components/schemas/ErrorOut"}, code
            codes.add(code)
    return codes


#: Writes with a body that change nothing, so nothing can refuse them.
NOT_REFUSABLE = {"petitioner_search", "public_matter_lookup", "portal_progress"}


def test_every_operation_declares_the_errors_it_can_answer(client) -> None:
    """422 wherever input is read, 413 (and 400, 415) wherever a body is, 409 on every write:
    the same ``ErrorOut`` for all."""
    schema = openapi(client)
    for path, method, operation in operations(schema):
        codes = error_codes(schema, operation)
        where = (path, method)
        if operation.get("security"):
            assert {"401", "403", "404", "422"} <= codes, where
        if "requestBody" in operation:
            assert {"400", "413", "415", "422"} <= codes, where
        if method in {"post", "put", "patch", "delete"}:
            assert "413" in codes, where
            if operation["operationId"] not in NOT_REFUSABLE:
                assert "409" in codes, where


def test_the_conventions_are_stated_in_the_openapi_description(client) -> None:
    description = openapi(client)["info"]["description"]
    for term in ("page_size", "count", "409", "413", "422", "docs/api.md"):
        assert term in description, term


def test_every_schema_of_the_api_has_a_name_of_its_own():
    """The OpenAPI components are keyed by class name: two schemas of one name would document
    one operation with the other's shape."""
    import importlib
    import pkgutil

    from ninja import Schema

    import xinfang.api

    owners: dict[str, list[str]] = {}
    for info in pkgutil.walk_packages(xinfang.api.__path__, "xinfang.api."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, Schema)
                and value.__module__ == module.__name__
            ):
                owners.setdefault(name, []).append(module.__name__)
    assert {name: mods for name, mods in owners.items() if len(mods) > 1} == {}
