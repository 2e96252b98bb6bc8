"""Forms of the inspection pages (细则第九条): they parse input; the services validate and
write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.models import Organ
from xinfang.oversight.models import InspectionKind
from xinfang.widgets import DateInput

GROUND_CHOICES = [("", _("不涉及"))] + [
    (str(n), _("第十一条第一款第%(n)s项") % {"n": label})
    for n, label in enumerate("一二三四五六七八九", start=1)
]


def _choices(organs: Sequence[Organ]) -> list[tuple[int, str]]:
    return [(organ.pk, organ.name) for organ in organs]


def _set_choices(form: forms.Form, name: str, organs: Sequence[Organ]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = _choices(organs)


class PlanForm(forms.Form):
    """A year's plan: whose inspection it is, who runs it."""

    authority = forms.TypedChoiceField(label=_("督查主体"), coerce=int)
    inspecting_organ = forms.TypedChoiceField(label=_("督查实施单位"), coerce=int)
    year = forms.IntegerField(label=_("年度"))
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        authorities: Sequence[Organ] = (),
        inspecting: Sequence[Organ] = (),
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "authority", authorities)
        _set_choices(self, "inspecting_organ", inspecting)


class ScopeAddForm(forms.Form):
    """An organ brought into the scope, by its registry code."""

    code = forms.CharField(label=_("机构代码"), max_length=64)


class ScopeRemoveForm(forms.Form):
    organ = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("移出理由"), max_length=2000)


class InspectionForm(forms.Form):
    """A new inspection of the plan."""

    kind = forms.ChoiceField(
        label=_("督查类别"), choices=InspectionKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    organs = forms.TypedMultipleChoiceField(
        label=_("被督查单位"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    team_leader = forms.CharField(label=_("督查组组长"), max_length=100)
    team = forms.CharField(
        label=_("督查组成员"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    planned_start = forms.DateField(label=_("计划开始日期"), widget=DateInput)
    planned_end = forms.DateField(label=_("计划结束日期"), widget=DateInput)
    matter = forms.IntegerField(
        label=_("重要信访事项编号"), required=False, help_text=_("重要信访事项及时督查时填写。")
    )
    problem = forms.CharField(
        label=_("信访突出问题"),
        required=False,
        help_text=_("信访突出问题及时督查时填写。"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organs: Sequence[Organ] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "organs", organs)


class FindingForm(forms.Form):
    """The finding on one checklist item."""

    finding = forms.CharField(label=_("督查发现"), widget=forms.Textarea(attrs={"rows": 3}))
    ground = forms.TypedChoiceField(
        label=_("涉嫌情形（第十一条第一款）"),
        choices=GROUND_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )


class ReportForm(forms.Form):
    report = forms.CharField(label=_("督查报告"), widget=forms.Textarea(attrs={"rows": 10}))


class DemandForm(forms.Form):
    """A rectification demand to an inspected organ."""

    organ = forms.TypedChoiceField(label=_("整改单位"), coerce=int)
    content = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 3}))
    due = forms.DateField(label=_("整改期限"), widget=DateInput)

    def __init__(self, *args: Any, organs: Sequence[Organ] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "organ", organs)


class NoticeForm(forms.Form):
    """The circulation of the findings."""

    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("通报内容"), widget=forms.Textarea(attrs={"rows": 6}))
    audience = forms.TypedMultipleChoiceField(
        label=_("通报范围"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organs: Sequence[Organ] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "audience", organs)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 4}))


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("验收意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))
