"""Forms of the accountability pages: they parse input; the services validate and write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xinfang.accountability.choices import (
    MANUAL_KINDS,
    DutyRole,
    Harm,
    Impact,
    OrganizationalOption,
    OrganMeasure,
    PersonMeasure,
    ResponsibilityKind,
)
from xinfang.accountability.labels import ground_choices
from xinfang.widgets import DateInput


class LeadForm(forms.Form):
    """A lead filed by hand (from a complaint or an inspection finding).

    The organ is chosen beforehand by name (the page's search); ``people`` are those who hold or
    held a post there, each labelled by name and post, never by registry code.
    """

    kind = forms.ChoiceField(label=_("类型"), choices=[(k.value, k.label) for k in MANUAL_KINDS])
    ground = forms.TypedChoiceField(
        label=_("涉嫌情形（第十一条第一款）"), choices=ground_choices, coerce=int
    )
    failure_date = forms.DateField(label=_("失职失责日期"), widget=DateInput)
    summary = forms.CharField(label=_("摘要"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.CharField(
        label=_("证据材料（每行一件，写明文件名称或文号）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    persons = forms.TypedMultipleChoiceField(
        label=_("涉及人员"),
        help_text=_("失职失责之日的主要负责人和分管负责人自动列入；此处另选经办的工作人员等。"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    matter_id = forms.IntegerField(label=_("信访事项编号"), required=False, min_value=1)

    def __init__(self, *args: Any, people: Sequence[tuple[Any, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["persons"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(person.pk, label) for person, label in people]

    def evidence_items(self) -> list[dict[str, Any]]:
        lines = (self.cleaned_data.get("evidence") or "").splitlines()
        return [
            {"type": "document", "reference": line.strip()[:300]} for line in lines if line.strip()
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class PromoteForm(forms.Form):
    """Why a signal is worth investigating (optional)."""

    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FindingsForm(forms.Form):
    """The findings of the investigation (细则第十一条、第十七条第二款)."""

    grounds = forms.TypedMultipleChoiceField(
        label=_("认定的情形（第十一条第一款）"),
        choices=ground_choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    threshold_met = forms.BooleanField(label=_("后果要件成立"), required=False)
    threshold_reasoning = forms.CharField(
        label=_("后果要件是否成立及理由"), widget=forms.Textarea(attrs={"rows": 3})
    )
    harm = forms.ChoiceField(label=_("危害程度"), choices=Harm.choices)
    impact = forms.ChoiceField(label=_("影响程度"), choices=Impact.choices)
    harm_description = forms.CharField(
        label=_("危害和影响"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsibility = forms.ChoiceField(label=_("责任类型"), choices=ResponsibilityKind.choices)


class ParticipantForm(forms.Form):
    """One person's part; ``include`` unticked leaves the person out of the findings.

    A row of the case's people carries ``person_id`` (hidden) and shows the person by name,
    organ and post; an added row chooses ``person`` among those in post on the failure date.
    Every input is labelled for screen readers with its column and the person's name.
    """

    person_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    person = forms.TypedChoiceField(label=_("人员"), coerce=int, required=False, empty_value=None)
    include = forms.BooleanField(label=_("列入"), required=False)
    role = forms.ChoiceField(label=_("职责身份"), choices=DutyRole.choices)
    participated = forms.BooleanField(label=_("参与决策或工作"), required=False)
    objected = forms.BooleanField(label=_("明确反对"), required=False)
    objection_reference = forms.CharField(label=_("反对意见记载于"), required=False, max_length=300)
    diligent = forms.BooleanField(label=_("已尽职"), required=False)
    diligence_note = forms.CharField(label=_("尽职情况"), required=False, max_length=2000)
    discipline_warranted = forms.BooleanField(label=_("应给予纪律处分"), required=False)
    suspected_crime = forms.BooleanField(label=_("涉嫌违法犯罪"), required=False)

    def __init__(self, *args: Any, people: Sequence[tuple[Any, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {person.pk: label for person, label in people}
        names = {person.pk: person.name for person, _label in people}
        field = self.fields["person"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("（选择人员）")), *labels.items()]
        try:
            person_id = int(self["person_id"].value() or 0)
        except (TypeError, ValueError):
            person_id = 0
        #: The person of a row of the case's people, by name, organ and post ("" when added).
        self.person_label = ""
        if person_id:
            self.person_label = labels.get(person_id) or str(_("（该人员未在失职失责之日在任）"))
        else:
            # An added row counts once a person is chosen.
            self.fields["include"].initial = True
        who = names.get(person_id) or _("新增人员")
        for name, bound in self.fields.items():
            if name != "person_id":
                bound.widget.attrs["aria-label"] = _("%(field)s（%(person)s）") % {
                    "field": bound.label,
                    "person": who,
                }


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=1, max_num=100)


class DecisionForm(forms.Form):
    """The managing authority's decision on one person or the organ (细则第十七条第一款)."""

    measures = forms.MultipleChoiceField(
        label=_("追责方式"), required=False, widget=forms.CheckboxSelectMultiple
    )
    options = forms.MultipleChoiceField(
        label=_("组织调整或者组织处理措施（细则第十五条）"),
        choices=OrganizationalOption.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reasons = forms.CharField(
        label=_("理由（与建议不一致时必填）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rectification_due = forms.DateField(label=_("整改期限"), required=False, widget=DateInput)
    decided_on = forms.DateField(label=_("决定日期"), required=False, widget=DateInput)

    def __init__(self, *args: Any, for_person: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["measures"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = PersonMeasure.choices if for_person else OrganMeasure.choices
        if not for_person:
            del self.fields["options"]


class RectifiedForm(forms.Form):
    evidence = forms.CharField(label=_("整改情况和材料"), widget=forms.Textarea(attrs={"rows": 2}))


class HonourForm(forms.Form):
    """The honours check: an organ found by name, and the year."""

    q = forms.CharField(label=_("机构名称"), max_length=100, required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2017, max_value=2100)


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's validation errors on the form: by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error.messages)
    else:
        form.add_error(None, exc.messages)
