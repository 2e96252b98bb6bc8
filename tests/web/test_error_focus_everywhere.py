"""A form sent back with a mistake puts the focus on it on every page with steps, so the browser
scrolls to the error beside the action that caused it (the pages allow no script: the HTML
``autofocus``): a field in error, or the message box of a refusal of the whole form.

One page of each area: accountability (a lead filed by hand), duties (an incident's page with
its four step forms) and oversight (an assessment scheme's page with its three forms)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.accountability.factories import FAILURE_DAY, build_world
from tests.duties.incidents_world import build_incident_world, record
from tests.oversight.assessment_world import build, make_scheme
from xinfang.web.forms_focus import focus_first_error

pytestmark = pytest.mark.django_db

FOCUSED = re.compile(r"<(?:input|select|textarea|div)\b[^>]*\bautofocus\b[^>]*>")


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="xinfang.access.backends.ModelBackend")
    return client


def focused(html: str) -> list[str]:
    """Every element that asks for the focus; a page has exactly one when it sends a form back."""
    return FOCUSED.findall(html)


def test_a_lead_filed_without_its_summary_focuses_the_summary() -> None:
    world = build_world()
    response = client_of(world.user("d_po_clerk")).post(
        "/accountability/leads/new/",
        {
            "kind": "complaint",
            "ground": "3",
            "organ": world.organ("housing").pk,
            "failure_date": FAILURE_DAY.isoformat(),
            "summary": "",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"summary"}
    found = focused(response.content.decode())
    assert len(found) == 1 and 'name="summary"' in found[0], found


def test_a_report_step_without_its_time_focuses_it_among_the_incidents_forms() -> None:
    world = build_incident_world()
    incident = record(world)
    response = client_of(world.user("housing_clerk")).post(
        f"/duties/incidents/{incident.pk}/report/",
        {"report-channel": "phone", "report-content": ""},
    )
    assert response.status_code == 200
    form = response.context["report_form"]
    first = next(name for name in form.fields if name in form.errors)
    html = response.content.decode()
    assert html.count("<form") >= 2  # the other steps' forms are on the page, unfocused
    found = focused(html)
    assert len(found) == 1 and f'name="{form.add_prefix(first)}"' in found[0], found


def test_an_indicator_with_a_bad_weight_focuses_the_weight_on_the_scheme_page() -> None:
    world = build(with_figures=False)  # its figures are written past the counters
    scheme = make_scheme(world, activate=False)
    response = client_of(world.users["clerk"]).post(
        reverse("oversight:assessment_indicator_set", args=[scheme.pk]),
        {"code": "satisfaction", "source": "computed", "weight": "0"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<form") >= 2
    found = focused(html)
    assert len(found) == 1 and 'name="weight"' in found[0], found


def test_a_page_asked_afresh_focuses_nothing() -> None:
    world = build(with_figures=False)  # its figures are written past the counters
    scheme = make_scheme(world, activate=False)
    html = (
        client_of(world.users["clerk"])
        .get(reverse("oversight:assessment_scheme", args=[scheme.pk]))
        .content.decode()
    )
    assert focused(html) == []


class _Form(forms.Form):
    note = forms.CharField()


def test_a_refusal_of_the_whole_form_focuses_its_message_box_not_a_field() -> None:
    form = _Form({"note": ""})
    form.add_error(None, "不能办理。")
    focus_first_error(form)
    html = render_to_string("accountability/_form.html", {"form": form})
    found = focused(html)
    assert len(found) == 1, found
    assert found[0].startswith("<div") and 'role="alert"' in found[0]
    assert 'tabindex="-1"' in found[0]


def test_only_the_first_form_sent_back_takes_the_focus() -> None:
    first, second = _Form({"note": ""}), _Form({"note": ""}, prefix="b")
    focus_first_error(None, _Form(), first, second)
    assert first.fields["note"].widget.attrs.get("autofocus") is True
    assert "autofocus" not in second.fields["note"].widget.attrs
