"""The statistics form: organ, subtree, place and period (GET: the figures' URL is shareable)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.models import Organ
from xinfang.statistics.query import StatisticsQuery
from xinfang.widgets import DateInput

MAPS = (("volume", _("信访量")), ("overdue", _("逾期率")))


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """This year to date."""
    return today.replace(month=1, day=1), today


class StatisticsForm(forms.Form):
    """Which matters the figures count: an organ among those whose records the user may read
    (blank: all the user may read), its subtree or not, a place, the period of receipt."""

    organ = forms.TypedChoiceField(label=_("机关"), coerce=int, required=False, empty_value=None)
    subtree = forms.BooleanField(label=_("含下级机关"), required=False)
    region = forms.RegexField(
        label=_("问题发生地（行政区划代码）"),
        regex=r"^\d{6}(\d{3}){0,2}$",
        required=False,
        error_messages={"invalid": _("应为 6、9 或 12 位行政区划代码。")},
    )
    date_from = forms.DateField(label=_("收到日期起"), widget=DateInput())
    date_to = forms.DateField(label=_("收到日期止"), widget=DateInput())
    map = forms.ChoiceField(label=_("地图显示"), choices=MAPS, required=False)

    def __init__(self, data: Any, *, organs: list[Organ], today: dt.date) -> None:
        start, end = default_period(today)
        merged = {"date_from": start.isoformat(), "date_to": end.isoformat(), "map": "volume"}
        merged.update({k: v for k, v in (data or {}).items() if v not in ("", None)})
        super().__init__(merged)
        self.organs = {organ.pk: organ for organ in organs}
        self.fields["organ"].choices = [  # type: ignore[attr-defined]
            ("", _("全部（本人可查看的信访事项）")),
            *((organ.pk, organ.name) for organ in organs),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def query(self) -> StatisticsQuery:
        """The query of a valid form."""
        data = self.cleaned_data
        organ_id = data.get("organ")
        return StatisticsQuery(
            date_from=data["date_from"],
            date_to=data["date_to"],
            organ=self.organs[organ_id] if organ_id else None,
            subtree=bool(organ_id and data.get("subtree")),
            region=data.get("region") or "",
        )
