"""Forms of the incident and staff report pages: they parse input; the services validate."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xinfang.duties.models.incidents import (
    GrowthKind,
    IncidentKind,
    ReportChannel,
    StaffReportKind,
)
from xinfang.orgs.models import Organ, Person


def _when(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )


def _text(label: Any, rows: int = 3, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


def _pick(label: Any, *, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, coerce=int, required=required, empty_value=None, choices=[]
    )


def _matter_ids(value: str) -> list[int]:
    ids = []
    for part in (value or "").replace("，", ",").replace(" ", ",").split(","):
        if part.strip():
            if not part.strip().isdigit():
                raise ValidationError(_("请填写信访事项编号，以逗号分隔。"), code="invalid")
            ids.append(int(part))
    return ids


def offer(form: forms.Form, name: str, choices: list[tuple[int, str]]) -> None:
    """The choices of one of the form's pick fields, after an empty one."""
    field = form.fields[name]
    assert isinstance(field, forms.TypedChoiceField)
    field.choices = [("", "—"), *choices]


class MattersField(forms.CharField):
    """Matter numbers, separated by commas."""

    def clean(self, value: Any) -> list[int]:
        return _matter_ids(super().clean(value))


class IncidentForm(forms.Form):
    """A new incident: the organs and people are chosen by name among those offered."""

    recording_organ = _pick(_("登记机关"))
    organ = _pick(_("负责处置的机关"))
    kind = forms.ChoiceField(label=_("事件类别"), choices=IncidentKind.choices)
    title = forms.CharField(label=_("事件名称"), max_length=200)
    description = _text(_("基本情况"), 4)
    occurred_at = _when(_("发生时间"))
    place = forms.CharField(label=_("发生地点"), max_length=200)
    place_organ = _pick(_("属地（乡镇街道或区县）"))
    people_count = forms.IntegerField(label=_("涉及人数"), min_value=1)
    known_at = _when(_("知悉时间"))
    known_by = _pick(_("知悉人"))
    matters = MattersField(
        label=_("关联信访事项编号"),
        required=False,
        help_text=_("多个编号以逗号分隔。"),
    )

    def __init__(
        self,
        *args: Any,
        recording: Sequence[Organ] = (),
        organs: Sequence[Organ] = (),
        places: Sequence[Organ] = (),
        people: Sequence[tuple[Person, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "recording_organ", [(o.pk, o.name) for o in recording])
        offer(self, "organ", [(o.pk, o.name) for o in organs])
        offer(self, "place_organ", [(o.pk, o.name) for o in places])
        offer(self, "known_by", [(p.pk, label) for p, label in people])


class ReportForm(forms.Form):
    """A report made on an incident (to an organ and/or a leader)."""

    prefix = "report"

    made_at = _when(_("报告时间"))
    channel = forms.ChoiceField(label=_("报告方式"), choices=ReportChannel.choices)
    to_organ = _pick(_("报告机关"), required=False)
    to_person = _pick(_("报告领导"), required=False)
    content = _text(_("报告内容"))

    def __init__(
        self,
        *args: Any,
        organs: Sequence[Organ] = (),
        people: Sequence[tuple[Person, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "to_organ", [(o.pk, o.name) for o in organs])
        offer(self, "to_person", [(p.pk, label) for p, label in people])


class ActionForm(forms.Form):
    prefix = "action"
    at = _when(_("处置时间"))
    what = _text(_("处置措施"))


class EscalateForm(forms.Form):
    prefix = "escalate"
    at = _when(_("扩大时间"))
    growth = forms.ChoiceField(label=_("扩大情形"), choices=GrowthKind.choices)
    what = _text(_("扩大情况"))
    people_after = forms.IntegerField(label=_("扩大后涉及人数"), required=False, min_value=1)


class CloseForm(forms.Form):
    prefix = "close"
    note = _text(_("处置结果"))


class StaffReportForm(forms.Form):
    """A staff member's report or suggestion to a leader (细则第八条第四项)."""

    organ = _pick(_("所在机关"))
    to_person = _pick(_("汇报领导"))
    kind = forms.ChoiceField(label=_("类别"), choices=StaffReportKind.choices)
    content = _text(_("内容"), 5)
    matters = MattersField(
        label=_("关联信访事项编号"), required=False, help_text=_("多个编号以逗号分隔。")
    )

    def __init__(
        self,
        *args: Any,
        organs: Sequence[Organ] = (),
        leaders: Sequence[tuple[Person, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "organ", [(o.pk, o.name) for o in organs])
        offer(self, "to_person", [(p.pk, label) for p, label in leaders])


class AcknowledgeForm(forms.Form):
    note = _text(_("领导意见"))


def put_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's errors on the form: by field where the form has it, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
