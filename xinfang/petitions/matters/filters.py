"""The one filter of matter lists (django-filter): the queue, the list of all matters, the API,
the home page's counts and the statistics' drill-downs all read their parameters through it, so
a number on one page and the rows of the list it links to are counted by the same conditions.

The parameters (kept in the URL, the same on pages and in the API):

``state`` (repeatable), ``open`` (1 open / 0 closed), ``organ`` (current organ) with
``subtree=1`` (and every organ under it), ``handling_organ``, ``channel`` (repeatable),
``category`` (with the categories under it), ``region`` (a region code and every code under it:
a district takes its townships), ``received_from`` / ``received_to`` (dates, inclusive),
``overdue=1``, ``due_soon=1``, ``repeat=1``, ``collective=1``, ``satisfaction``, ``q`` (search).

The base queryset is always one the access policy made (``matter_list(user=...)``): a filter
narrows what a user may read, never widens it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters as df
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.models import Organ

from .choices import NOT_OPEN_STATE_VALUES, Channel, MatterState, Satisfaction
from .models import Category, Matter, RepeatLink
from .search import search_q
from .selectors import DUE_SOON_DAYS, subtree_q

YES_NO = (("1", _("是")), ("0", _("否")))


def _category_ids(category: Category) -> list[int]:
    """The category and every category under it."""
    ids = [category.pk]
    frontier = [category.pk]
    while frontier:
        frontier = list(
            Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


class MatterFilter(df.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """Filters over a list of matters the user may read."""

    state = df.MultipleChoiceFilter(label=_("状态"), choices=MatterState.choices)
    open = df.ChoiceFilter(label=_("未办结"), choices=YES_NO, method="filter_open")
    organ = df.ModelChoiceFilter(
        label=_("所在机关"), queryset=Organ.objects.all(), method="filter_organ"
    )
    subtree = df.ChoiceFilter(label=_("含下级机关"), choices=YES_NO, method="filter_nothing")
    handling_organ = df.ModelChoiceFilter(label=_("办理机关"), queryset=Organ.objects.all())
    channel = df.MultipleChoiceFilter(label=_("信访形式"), choices=Channel.choices)
    category = df.ModelChoiceFilter(
        label=_("内容分类"), queryset=Category.objects.all(), method="filter_category"
    )
    region = df.CharFilter(label=_("问题发生地"), method="filter_region", max_length=12)
    received_from = df.DateFilter(
        label=_("收到日期起"), field_name="received_at", method="filter_received_from"
    )
    received_to = df.DateFilter(
        label=_("收到日期止"), field_name="received_at", method="filter_received_to"
    )
    overdue = df.ChoiceFilter(label=_("已逾期"), choices=YES_NO, method="filter_overdue")
    due_soon = df.ChoiceFilter(label=_("即将到期"), choices=YES_NO, method="filter_due_soon")
    repeat = df.ChoiceFilter(label=_("重复信访"), choices=YES_NO, method="filter_repeat")
    collective = df.ChoiceFilter(label=_("集体访"), choices=YES_NO, method="filter_collective")
    satisfaction = df.ChoiceFilter(label=_("满意度"), choices=Satisfaction.choices)
    q = df.CharFilter(label=_("搜索"), method="filter_q", max_length=200)

    class Meta:
        model = Matter
        fields: list[str] = []

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    @staticmethod
    def filter_nothing(queryset: QuerySet[Matter], name: str, value: Any) -> QuerySet[Matter]:
        return queryset  # read by ``filter_organ``

    @staticmethod
    def filter_open(queryset: QuerySet[Matter], name: str, value: str) -> QuerySet[Matter]:
        closed = Q(state__in=NOT_OPEN_STATE_VALUES)
        return queryset.exclude(closed) if value == "1" else queryset.filter(closed)

    def filter_organ(self, queryset: QuerySet[Matter], name: str, value: Organ) -> QuerySet[Matter]:
        if self.form.cleaned_data.get("subtree") == "1":
            return queryset.filter(subtree_q(value))
        return queryset.filter(current_organ_id=value.pk)

    @staticmethod
    def filter_category(queryset: QuerySet[Matter], name: str, value: Category) -> QuerySet[Matter]:
        return queryset.filter(category_id__in=_category_ids(value))

    @staticmethod
    def filter_region(queryset: QuerySet[Matter], name: str, value: str) -> QuerySet[Matter]:
        prefix = value.strip()
        # Region codes are 6 digits (province, city, county: two each) or longer (township):
        # trailing "00" pairs of a 6-digit code (500000, 500100) stand for "every code under
        # it"; a county's own zero stays (500110 綦江区 is not 50011x).
        if len(prefix) == 6:
            while len(prefix) > 2 and prefix.endswith("00"):
                prefix = prefix[:-2]
        return queryset.filter(region_code__startswith=prefix)

    @staticmethod
    def _zone_bound(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    def filter_received_from(
        self, queryset: QuerySet[Matter], name: str, value: dt.date
    ) -> QuerySet[Matter]:
        return queryset.filter(received_at__gte=self._zone_bound(value))

    def filter_received_to(
        self, queryset: QuerySet[Matter], name: str, value: dt.date
    ) -> QuerySet[Matter]:
        return queryset.filter(received_at__lt=self._zone_bound(value + dt.timedelta(days=1)))

    def _open_and(self, queryset: QuerySet[Matter], q: Q, value: str) -> QuerySet[Matter]:
        condition = ~Q(state__in=NOT_OPEN_STATE_VALUES) & Q(action_paused=False) & q
        return queryset.filter(condition) if value == "1" else queryset.exclude(condition)

    def filter_overdue(self, queryset: QuerySet[Matter], name: str, value: str) -> QuerySet[Matter]:
        return self._open_and(queryset, Q(action_due__lt=self.today), value)

    def filter_due_soon(
        self, queryset: QuerySet[Matter], name: str, value: str
    ) -> QuerySet[Matter]:
        soon = self.today + dt.timedelta(days=DUE_SOON_DAYS)
        return self._open_and(queryset, Q(action_due__gte=self.today, action_due__lte=soon), value)

    @staticmethod
    def filter_repeat(queryset: QuerySet[Matter], name: str, value: str) -> QuerySet[Matter]:
        linked = Exists(RepeatLink.objects.filter(matter_id=OuterRef("pk")))
        return queryset.filter(linked) if value == "1" else queryset.exclude(linked)

    @staticmethod
    def filter_collective(queryset: QuerySet[Matter], name: str, value: str) -> QuerySet[Matter]:
        return queryset.filter(is_collective=value == "1")

    @staticmethod
    def filter_q(queryset: QuerySet[Matter], name: str, value: str) -> QuerySet[Matter]:
        return queryset.filter(search_q(value))
