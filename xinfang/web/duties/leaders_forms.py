"""Forms of the leaders' pages (细则第七条、第八条第二项): they parse input; the services validate
and write. People and organs are offered by name, never by code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xinfang.duties.models.leaders import ReceptionKind
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, OrganRole
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import held_on, leadership_team_on
from xinfang.punctuation import english
from xinfang.widgets import DateInput

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def team_choices(organ: Organ, day: dt.date) -> list[tuple[int, str]]:
    """The organ's leadership team on ``day``: name and post."""
    return [
        (p.person_id, _named(p.person.name, p.title_label or p.get_kind_display()))
        for p in leadership_team_on(organ, day)
    ]


def _named(name: str, *facts: object) -> str:
    """``name（a，b）`` or ``name (a, b)``: a person with their post."""
    if english():
        return f"{name} ({', '.join(str(f) for f in facts)})"
    return f"{name}（{'，'.join(str(f) for f in facts)}）"


def region_organs(organ: Organ) -> Any:
    """The organs of ``organ``'s region (the district and its townships), by name."""
    return Organ.objects.filter(
        Q(region_code__startswith=organ.region_code) | Q(path__startswith=organ.path),
        is_active=True,
    ).order_by("path")


def staff_choices(organs: Any, day: dt.date) -> list[tuple[int, str]]:
    """Staff members serving on ``day`` in ``organs``: name, organ and post."""
    posts = (
        Position.objects.filter(held_on(day), organ__in=organs)
        .exclude(kind__in=LEADERSHIP_POSITION_KINDS)
        .select_related("person", "organ")
        .order_by("organ__path", "person__name")
    )
    return [(p.person_id, _named(p.person.name, p.organ.name, p.title_label)) for p in posts]


def leader_organs(by: Organ) -> list[Organ]:
    """The organs whose leaders ``by`` puts letters before: its own, and for a petition office
    the party committee and the government of its region."""
    organs = [by]
    if by.has_role(OrganRole.PETITION_OFFICE):
        same = Organ.objects.filter(region_code=by.region_code, level=by.level, is_active=True)
        organs += [
            o
            for o in same.order_by("path")
            if o.has_role(OrganRole.PARTY_COMMITTEE) or o.has_role(OrganRole.GOVERNMENT)
        ]
    return organs


class PutBeforeForm(forms.Form):
    """A letter, an online petition or a task put before a leader (阅批): the leader is chosen
    with the organ the leader acts for (``organ:person``)."""

    leader = forms.ChoiceField(label=_("阅批领导"))
    title = forms.CharField(label=_("事由"), max_length=200)
    matter_id = forms.IntegerField(label=_("信访事项编号（一般工作事项可不填）"), required=False)
    put_before_on = forms.DateField(label=_("呈批日期"), required=False, widget=DateInput)

    def __init__(self, *args: Any, organ: Organ, day: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organs = {o.pk: o for o in leader_organs(organ)}
        self.fields["leader"].choices = [  # type: ignore[attr-defined]
            (f"{o.pk}:{pk}", f"{o.name} {label}")
            for o in self.organs.values()
            for pk, label in team_choices(o, day)
        ]

    def chosen(self) -> tuple[Organ, Person]:
        """The leader's organ and the leader."""
        organ_pk, person_pk = str(self.cleaned_data["leader"]).split(":")
        return self.organs[int(organ_pk)], Person.objects.get(pk=int(person_pk))


class InstructForm(forms.Form):
    """The leader's instruction (批示) and who acts on it."""

    text = forms.CharField(label=_("批示内容"), widget=TEXTAREA)
    to_organ = forms.ModelChoiceField(
        label=_("承办机关"), queryset=Organ.objects.none(), required=False
    )
    to_person = forms.TypedChoiceField(
        label=_("承办人员（交办工作人员时选择）"), coerce=int, required=False, empty_value=None
    )
    instructed_on = forms.DateField(label=_("批示日期"), required=False, widget=DateInput)
    report_due = forms.DateField(
        label=_("报告办理情况期限"),
        required=False,
        widget=DateInput,
        help_text=_("不填的，按政策设定值自批示日期起计算。"),
    )

    def __init__(self, *args: Any, organ: Organ, day: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organs = region_organs(organ)
        self.fields["to_organ"].queryset = organs  # type: ignore[attr-defined]
        self.fields["to_person"].choices = [("", "—"), *staff_choices(organs, day)]  # type: ignore[attr-defined]

    def person(self) -> Person | None:
        pk = self.cleaned_data.get("to_person")
        return Person.objects.filter(pk=pk).first() if pk else None


def matter_ids(raw: str | None) -> list[int]:
    """Matter numbers typed with commas (either width)."""
    parts = [p.strip() for p in (raw or "").replace("，", ",").split(",") if p.strip()]
    if not all(p.isdigit() for p in parts):
        raise forms.ValidationError(_("请填写信访事项编号（数字），以逗号分隔。"))
    return [int(p) for p in parts]


class ReportForm(forms.Form):
    report = forms.CharField(label=_("办理情况"), widget=TEXTAREA)
    reported_on = forms.DateField(label=_("报告日期"), required=False, widget=DateInput)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("审阅意见"), required=False, widget=TEXTAREA)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("继续办理的要求"), widget=TEXTAREA)
    report_due = forms.DateField(label=_("报告办理情况期限"), required=False, widget=DateInput)


class ReceptionForm(forms.Form):
    """A reception day or field visit to publish."""

    leader = forms.TypedChoiceField(label=_("领导干部"), coerce=int)
    kind = forms.ChoiceField(label=_("方式"), choices=ReceptionKind.choices)
    scheduled_on = forms.DateField(label=_("日期"), widget=DateInput)
    place = forms.CharField(label=_("地点"), max_length=200)
    topic = forms.CharField(label=_("主题"), max_length=200, required=False)

    def __init__(self, *args: Any, organ: Organ, day: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = team_choices(organ, day)  # type: ignore[attr-defined]


class HeldForm(forms.Form):
    visitors = forms.IntegerField(label=_("来访人数"), min_value=0)
    note = forms.CharField(label=_("情况记录"), required=False, widget=TEXTAREA)
    matter_ids = forms.CharField(
        label=_("现场登记的信访事项编号（以逗号分隔）"), required=False, max_length=500
    )

    def clean_matter_ids(self) -> list[int]:
        return matter_ids(self.cleaned_data.get("matter_ids"))


class NotHeldForm(forms.Form):
    reason = forms.CharField(label=_("未举行的原因"), widget=TEXTAREA)


class OwnershipForm(forms.Form):
    """A leader's ownership (包案) of an important matter or a 信访突出问题."""

    leader = forms.TypedChoiceField(label=_("包案领导"), coerce=int)
    title = forms.CharField(label=_("包案事项"), max_length=200)
    description = forms.CharField(label=_("问题情况"), required=False, widget=TEXTAREA)
    plan = forms.CharField(label=_("化解方案"), required=False, widget=TEXTAREA)
    matter_ids = forms.CharField(
        label=_("涉及的信访事项编号（以逗号分隔）"), required=False, max_length=500
    )
    assigned_on = forms.DateField(label=_("包案日期"), required=False, widget=DateInput)

    def clean_matter_ids(self) -> list[int]:
        return matter_ids(self.cleaned_data.get("matter_ids"))

    def __init__(self, *args: Any, organ: Organ, day: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = team_choices(organ, day)  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("进展情况"), widget=TEXTAREA)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("节点"), max_length=200)
    due = forms.DateField(label=_("完成期限"), widget=DateInput)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("化解结果"), widget=TEXTAREA)
