"""Forms of the pages of 细则第六条: they parse input; the services validate and write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xinfang.duties.models.recommendations import Adoption, RecommendationKind
from xinfang.orgs.models import Organ
from xinfang.widgets import DateInput

#: How many matters one recommendation may name.
MATTERS_MAX = 50


def _organ_choices(organs: Sequence[Organ]) -> list[tuple[int, str]]:
    return [(organ.pk, organ.name) for organ in organs]


class RecommendationForm(forms.Form):
    """A recommendation of the petition office: to whom, of which kind, on which matters."""

    office = forms.TypedChoiceField(label=_("提出建议的信访部门"), coerce=int)
    recipient = forms.TypedChoiceField(label=_("建议对象"), coerce=int)
    kind = forms.ChoiceField(
        label=_("建议类别"), choices=RecommendationKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(label=_("建议内容"), widget=forms.Textarea(attrs={"rows": 5}))
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))
    matters = forms.CharField(
        label=_("所依据的信访事项编号"),
        help_text=_("多个编号用逗号或空格分隔，可不填。"),
        required=False,
        max_length=1000,
    )
    sent_on = forms.DateField(
        label=_("发出日期"), help_text=_("不填为今天。"), required=False, widget=DateInput
    )
    reply_due = forms.DateField(
        label=_("书面反馈期限"),
        help_text=_("不填按政策设定值计算；只能晚于政策设定值。"),
        required=False,
        widget=DateInput,
    )

    def __init__(
        self, *args: Any, offices: Sequence[Organ] = (), recipients: Sequence[Organ] = (), **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        office = self.fields["office"]
        assert isinstance(office, forms.TypedChoiceField)
        office.choices = _organ_choices(offices)
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.TypedChoiceField)
        recipient.choices = [("", _("（选择机关）")), *_organ_choices(recipients)]

    def clean_matters(self) -> list[int]:
        text = (self.cleaned_data.get("matters") or "").replace("，", ",").replace("、", ",")
        parts = [part for part in text.replace(",", " ").split() if part]
        if not all(part.lstrip("#").isdigit() for part in parts):
            raise ValidationError(_("请填写信访事项编号（数字）。"), code="invalid")
        ids = sorted({int(part.lstrip("#")) for part in parts})
        if len(ids) > MATTERS_MAX:
            raise ValidationError(_("信访事项过多。"), code="max_items")
        return ids


class ReplyForm(forms.Form):
    """The recipient's written reply on adoption."""

    reply = forms.CharField(label=_("书面反馈"), widget=forms.Textarea(attrs={"rows": 4}))
    adoption = forms.ChoiceField(
        label=_("采纳情况"), choices=Adoption.choices, widget=forms.RadioSelect
    )
    adoption_reasons = forms.CharField(
        label=_("部分采纳或未采纳的理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FollowUpForm(forms.Form):
    """The office's follow-up of the measures adopted."""

    notes = forms.CharField(label=_("跟踪落实情况"), widget=forms.Textarea(attrs={"rows": 3}))
    measures_due = forms.DateField(label=_("整改措施落实期限"), required=False, widget=DateInput)
    measures = forms.CharField(
        label=_("落实措施"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measures_done_on = forms.DateField(
        label=_("措施落实完成日期"), required=False, widget=DateInput
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("办结说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    """A situation report to generate: the office and the period."""

    office = forms.TypedChoiceField(label=_("信访部门"), coerce=int)
    period_start = forms.DateField(label=_("起始日期"), widget=DateInput)
    period_end = forms.DateField(label=_("截止日期"), widget=DateInput)

    def __init__(self, *args: Any, offices: Sequence[Organ] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        office = self.fields["office"]
        assert isinstance(office, forms.TypedChoiceField)
        office.choices = _organ_choices(offices)


class ReportTextForm(forms.Form):
    analysis = forms.CharField(
        label=_("形势分析"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    recommendations = forms.CharField(
        label=_("意见建议"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class CirculateForm(forms.Form):
    organs = forms.TypedMultipleChoiceField(
        label=_("印发范围"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organs: Sequence[Organ] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["organs"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = _organ_choices(organs)
