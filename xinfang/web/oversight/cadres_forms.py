"""Forms of the pages of 细则第十条第二款、第十八条: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinfang.accountability.choices import PersonMeasure
from xinfang.orgs.models import Organ, Position
from xinfang.oversight.models.cadres import CadrePurpose
from xinfang.punctuation import english
from xinfang.widgets import DateInput


class CadreRequestForm(forms.Form):
    """The organization department asks its level's petition office about a leader."""

    department = forms.TypedChoiceField(label=_("征求意见的组织部门"), coerce=int)
    person = forms.TypedChoiceField(
        label=_("考察对象"),
        coerce=int,
        help_text=_("本级管理的领导干部；可先按姓名或机关名称查找。"),
    )
    purpose = forms.ChoiceField(label=_("考察事由"), choices=CadrePurpose.choices)
    purpose_note = forms.CharField(label=_("事由说明"), max_length=200, required=False)
    due = forms.DateField(label=_("答复期限"), widget=DateInput(), required=True)
    period_start = forms.DateField(
        label=_("了解期间起始"),
        required=False,
        widget=DateInput(),
        help_text=_("不填：近三年，或任职以来（任职不满三年的）。"),
    )
    period_end = forms.DateField(label=_("了解期间截止"), required=False, widget=DateInput())

    def __init__(
        self, *args: Any, departments: list[Organ], leaders: list[Position], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        department = self.fields["department"]
        assert isinstance(department, forms.TypedChoiceField)
        department.choices = [(o.pk, o.name) for o in departments]
        seen: dict[int, str] = {}
        for position in leaders:
            where = f"{position.organ.name} {position.title_label}".strip()
            label = (
                f"{position.person.name} ({where})"
                if english()
                else f"{position.person.name}（{where}）"
            )
            seen.setdefault(position.person_id, label)
        person = self.fields["person"]
        assert isinstance(person, forms.TypedChoiceField)
        person.choices = list(seen.items())


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 12}))


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("不予出具的理由"), widget=forms.Textarea(attrs={"rows": 3}))


class RecordFilterForm(forms.Form):
    """The filters of the list 被追究信访工作责任人员."""

    year = forms.IntegerField(label=_("年度"), required=False, min_value=2017, max_value=2100)
    measure = forms.ChoiceField(
        label=_("措施"), required=False, choices=[("", _("全部")), *PersonMeasure.choices]
    )
