"""Forms of the assessment pages (细则第十条第一款)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.models import Organ
from xinfang.oversight.models import IndicatorSource, PeriodKind, SchemeIndicator
from xinfang.oversight.selectors.assessment_catalogue import CATALOGUE
from xinfang.oversight.services.assessment import ORGAN_GROUPS
from xinfang.rules.assessment import Direction
from xinfang.widgets import DateInput

DIRECTIONS = (
    (Direction.HIGHER_IS_BETTER.value, _("越高越好")),
    (Direction.LOWER_IS_BETTER.value, _("越低越好")),
)


def _organ_choices(organs: Sequence[Organ]) -> list[tuple[int, str]]:
    return [(organ.pk, organ.name) for organ in organs]


class SchemeForm(forms.Form):
    """A new scheme: who assesses, the period, the group of organs, the catalogue indicators."""

    assessing_organ = forms.TypedChoiceField(label=_("考核机关"), coerce=int)
    title = forms.CharField(label=_("名称"), max_length=200)
    period_kind = forms.ChoiceField(label=_("考核周期"), choices=PeriodKind.choices)
    period_start = forms.DateField(label=_("起始日期"), widget=DateInput())
    period_end = forms.DateField(label=_("截止日期"), widget=DateInput())
    organ_group = forms.ChoiceField(label=_("被考核单位"), choices=list(ORGAN_GROUPS.items()))
    indicators = forms.MultipleChoiceField(
        label=_("计算指标"),
        choices=[(code, entry.title) for code, entry in CATALOGUE.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, organs: Sequence[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessing_organ"].choices = _organ_choices(organs)  # type: ignore[attr-defined]
        year = dt.date.today().year
        self.fields["period_start"].initial = dt.date(year, 1, 1)
        self.fields["period_end"].initial = dt.date(year, 12, 31)
        self.fields["indicators"].initial = list(CATALOGUE)


class SchemeEditForm(forms.Form):
    """A draft's title and the organs assessed (the list edited by hand)."""

    title = forms.CharField(label=_("名称"), max_length=200)
    organs = forms.TypedMultipleChoiceField(
        label=_("被考核单位"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organs: Sequence[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organs"].choices = _organ_choices(organs)  # type: ignore[attr-defined]


class IndicatorForm(forms.Form):
    """One indicator to add or change: a catalogue code, or a hand-scored item."""

    code = forms.SlugField(label=_("指标代码"), max_length=40)
    title = forms.CharField(label=_("指标名称"), max_length=200, required=False)
    source = forms.ChoiceField(label=_("数据来源"), choices=IndicatorSource.choices)
    weight = forms.IntegerField(label=_("权重"), min_value=1, max_value=1000)
    direction = forms.ChoiceField(label=_("方向"), choices=DIRECTIONS, required=False)
    target = forms.CharField(label=_("目标值"), max_length=40, required=False)
    per_volume = forms.IntegerField(
        label=_("按量折算单位"),
        min_value=0,
        required=False,
        help_text=_("计数类指标按每多少件信访事项折算（如 10000），0 为不折算。"),
    )


class HandScoreForm(forms.Form):
    """A hand score for one organ on one hand-scored indicator."""

    indicator = forms.TypedChoiceField(label=_("考核指标"), coerce=int)
    organ = forms.TypedChoiceField(label=_("被考核单位"), coerce=int)
    value = forms.IntegerField(label=_("得分"), min_value=0, max_value=100)
    evidence = forms.CharField(label=_("评分依据"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        *args: Any,
        indicators: Sequence[SchemeIndicator],
        organs: Sequence[Organ],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.pk, i.title or i.code) for i in indicators]  # type: ignore[attr-defined]
        self.fields["organ"].choices = _organ_choices(organs)  # type: ignore[attr-defined]


class DiscardForm(forms.Form):
    reason = forms.CharField(label=_("作废理由"), widget=forms.Textarea(attrs={"rows": 2}))
