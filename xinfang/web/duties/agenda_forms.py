"""Forms of the pages of 细则第四条: they parse input; the services validate and write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinfang.accountability.selectors import people_of_organ
from xinfang.duties.models.agenda import AgendaKind, RiskLevel
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import organ_children
from xinfang.punctuation import english
from xinfang.widgets import DateInput

Choices = Sequence[tuple[Person, str]]


def people_choices(organ: Organ, *, with_children: bool = False) -> list[tuple[Person, str]]:
    """Who may be named: those who hold or held a post at the organ (and, for a follow-up,
    at the organs directly below it), labelled by name and post."""
    found = list(people_of_organ(organ))
    if with_children:
        seen = {person.pk for person, _label in found}
        for child in organ_children(organ):
            for person, label in people_of_organ(child):
                if person.pk not in seen:
                    seen.add(person.pk)
                    colon = ": " if english() else "："
                    found.append((person, f"{child.short_name or child.name}{colon}{label}"))
    return found


def _set_people(field: forms.Field, people: Choices, *, blank: str | None = None) -> None:
    assert isinstance(field, forms.TypedChoiceField | forms.TypedMultipleChoiceField)
    choices: list[tuple[Any, str]] = [(person.pk, label) for person, label in people]
    field.choices = ([("", blank)] if blank is not None else []) + choices


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("议题类别"), choices=AgendaKind.choices)
    held_on = forms.DateField(label=_("会议日期"), widget=DateInput)
    meeting = forms.CharField(label=_("会议名称"), max_length=200)
    attendees = forms.TypedMultipleChoiceField(
        label=_("参会人员"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes_ref = forms.CharField(label=_("会议纪要文号"), max_length=200, required=False)
    decisions = forms.CharField(
        label=_("议定事项"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    follow_up_owner = forms.TypedChoiceField(
        label=_("落实责任人"), coerce=int, required=False, empty_value=None
    )
    follow_up_due = forms.DateField(label=_("落实期限"), widget=DateInput, required=False)

    def __init__(self, *args: Any, people: Choices = (), owners: Choices = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_people(self.fields["attendees"], people)
        _set_people(self.fields["follow_up_owner"], owners, blank=str(_("（无需跟进）")))


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("落实情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("决策事项"), max_length=200)
    decided_on = forms.DateField(label=_("决策日期"), widget=DateInput)
    decision_maker = forms.TypedChoiceField(label=_("决策人"), coerce=int)
    in_scope = forms.BooleanField(
        label=_("属于社会稳定风险评估范围"),
        required=False,
        help_text=_("涉及群众切身利益、可能引发矛盾纠纷的重大决策，应当在决策前进行评估。"),
    )
    description = forms.CharField(
        label=_("决策内容"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, people: Choices = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_people(self.fields["decision_maker"], people, blank=str(_("（选择人员）")))


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("评估日期"), widget=DateInput)
    risk_level = forms.ChoiceField(label=_("风险等级"), choices=RiskLevel.choices)
    conclusion = forms.CharField(
        label=_("评估结论"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = forms.CharField(
        label=_("防范化解措施"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LinkForm(forms.Form):
    matter_id = forms.IntegerField(label=_("信访事项编号"), min_value=1)


class ScreeningForm(forms.Form):
    held_on = forms.DateField(label=_("排查日期"), widget=DateInput)
    period = forms.CharField(label=_("排查期间"), max_length=100)
    disputes_found = forms.IntegerField(label=_("排查出矛盾纠纷数"), min_value=0)
    disputes_resolved = forms.IntegerField(label=_("已化解数"), min_value=0)
    notes = forms.CharField(
        label=_("情况说明"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SettingsForm(forms.Form):
    """The organ's own norms; a blank one means the policy value applies."""

    agenda_per_year = forms.IntegerField(
        label=_("每年研究信访工作次数"), min_value=1, max_value=366, required=False
    )
    receptions_per_year = forms.IntegerField(
        label=_("领导干部每人每年接访次数"), min_value=1, max_value=366, required=False
    )
    field_visits_per_year = forms.IntegerField(
        label=_("领导干部每人每年下访次数"), min_value=1, max_value=366, required=False
    )
    decided_by = forms.CharField(label=_("确定依据（文件、会议）"), max_length=200, required=False)
