"""Every date picker takes ISO values in both languages: a browser's ``<input type="date">``
reads only ``yyyy-mm-dd``, so a Chinese ``2026/12/07`` would leave the field blank."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms
from django.utils import translation

import xinfang

DAY = dt.date(2026, 12, 7)
MOMENT = dt.datetime(2026, 12, 7, 9, 30)


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(xinfang.__path__, "xinfang."):
        if module.name.rsplit(".", 1)[-1].endswith("forms"):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type[forms.BaseForm]] = [forms.Form, forms.ModelForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("xinfang."):
                found.append(sub)
    return found


def _pickers() -> list[tuple[str, forms.Field]]:
    return [
        (f"{cls.__module__}.{cls.__name__}.{name}", field)
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if getattr(field.widget, "input_type", "") in ("date", "datetime-local")
    ]


def test_the_project_has_date_pickers_to_check() -> None:
    names = [name for name, _field in _pickers()]
    assert "xinfang.web.accountability.forms.DecisionForm.decided_on" in names
    assert "xinfang.web.matters.forms.page.RouteForm.report_due" in names
    # The parts' ``<part>_forms`` modules are walked too.
    assert "xinfang.web.oversight.cadres_forms.CadreRequestForm.due" in names


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_date_input_renders_iso_in_both_languages(language: str) -> None:
    with translation.override(language):
        for name, field in _pickers():
            if field.widget.input_type == "date":
                html = field.widget.render("d", DAY)
                assert 'value="2026-12-07"' in html, (name, html)
            else:
                html = field.widget.render("d", MOMENT)
                assert 'value="2026-12-07T09:30"' in html, (name, html)
