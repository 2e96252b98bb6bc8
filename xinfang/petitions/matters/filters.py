"""The one filter of matter lists (django-filter): the queue, the list of all matters, the API,
the home page's counts and the statistics' drill-downs all read their parameters through it, so
a number on one page and the rows of the list it links to are counted by the same conditions.

The parameters (kept in the URL, the same on pages and in the API):

``state`` (repeatable), ``open`` (1 open / 0 closed), ``organ`` (current organ) with
``subtree=1`` (and every organ under it), ``handling_organ``, ``channel`` (repeatable),
``category`` (with the categories under it), ``region`` (a region code and every code under it:
a district takes its townships), ``received_from`` / ``received_to`` (dates, inclusive),
``overdue=1``, ``due_soon=1``, ``repeat=1``, ``collective=1``, ``satisfaction``, ``q`` (search).
Beside them ``sort`` (``SORTS``: ``received``, ``due``, ``number``, ``state``, each with ``-``
for descending; newest received first by default), read by ``matter_sort``.

A value the form refuses is an error on its field and leaves the list unfiltered by that field
(django-filter filters by the cleaned values only): the page shows the error next to the field,
the API answers 422.

The base queryset is always one the access policy made (``matter_list(user=...)``): a filter
narrows what a user may read, never widens it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import django_filters as df
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Exists, F, OrderBy, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfang.access.policy import visible_at_organ, visible_organs
from xinfang.orgs.models import Organ

from .categories import category_outline, path_label
from .choices import (
    NOT_OPEN_STATE_VALUES,
    Channel,
    MatterState,
    Satisfaction,
    SatisfactionSource,
)
from .models import Category, Matter, RepeatLink
from .search import address_refusal, search_q
from .selectors import DUE_SOON_DAYS, matter_list, subtree_q

YES_NO = (("1", _("是")), ("0", _("否")))

#: The sort keys of a matter list (``?sort=``; ``-`` before a key sorts descending), each with
#: its label and its order. Ties, and a due date a matter lacks, never reorder a list between
#: two pages: the id breaks every tie and the matters without a due date come last both ways.
SORTS: dict[str, tuple[Any, tuple[OrderBy, ...]]] = {
    "received": (_("收到时间"), (F("received_at").asc(), F("id").asc())),
    "-received": (_("收到时间（新的在前）"), (F("received_at").desc(), F("id").desc())),
    "due": (_("期限（早的在前）"), (F("action_due").asc(nulls_last=True), F("id").asc())),
    "-due": (_("期限（晚的在前）"), (F("action_due").desc(nulls_last=True), F("id").desc())),
    "number": (_("编号"), (F("id").asc(),)),
    "-number": (_("编号（大的在前）"), (F("id").desc(),)),
    "state": (_("状态"), (F("state").asc(), F("id").asc())),
    "-state": (_("状态（倒序）"), (F("state").desc(), F("id").desc())),
}
#: Newest received first.
DEFAULT_SORT = "-received"
#: The filter parameters (``MatterFilter``'s), for code that tells them from ``sort``, ``page``
#: and the like.
FILTER_PARAMETERS = (
    "state",
    "open",
    "organ",
    "subtree",
    "handling_organ",
    "channel",
    "category",
    "region",
    "received_from",
    "received_to",
    "overdue",
    "due_soon",
    "repeat",
    "collective",
    "satisfaction",
    "q",
)


def matter_sort(value: str | None) -> str | None:
    """The sort key ``value`` names (``SORTS``), ``DEFAULT_SORT`` when it names none, None
    when it is not a sort key (the page falls back to the default, the API refuses)."""
    if not value:
        return DEFAULT_SORT
    return value if value in SORTS else None


def sorted_matters(rows: QuerySet[Matter], sort: str | None) -> QuerySet[Matter]:
    """``rows`` in the order of ``sort`` (an unknown key: ``DEFAULT_SORT``)."""
    return rows.order_by(*SORTS[sort if sort in SORTS else DEFAULT_SORT][1])


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


class CategoryOutlineIterator(forms.models.ModelChoiceIterator):
    """The categories as the taxonomy reads (``category_outline``): a group per main category
    whose first option is the whole main category ("住房城乡建设（全部）": the filter takes the
    categories under it), then its subcategories, a deeper one by its path (物业管理 › 电梯).
    A main category with nothing under it is a plain option. Names in the reader's language."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        outline = category_outline(self.queryset)
        by_pk = {node.category.pk: node.category for node in outline}

        members: list[tuple[Any, str]] = []
        main: Category | None = None
        for node in outline:
            if node.depth == 0:
                if main is not None:
                    yield self._group(main, members)
                main, members = node.category, []
            else:
                members.append((self.choice(node.category)[0], path_label(node.category, by_pk)))
        if main is not None:
            yield self._group(main, members)

    def _group(self, main: Category, members: list[tuple[Any, str]]) -> Any:
        value = self.choice(main)[0]
        if not members:
            return (value, str(main.label))
        whole = str(_("%(name)s（全部）") % {"name": main.label})
        return (str(main.label), [(value, whole), *members])


class CategoryFilterField(df.fields.ModelChoiceField):  # type: ignore[misc]
    """A category chosen from the taxonomy as it reads, by its name (never its code)."""

    iterator = CategoryOutlineIterator

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class OrganFilterField(df.fields.ModelChoiceField):  # type: ignore[misc]
    """An organ by its name (with its applicability), in the registry's order."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class OrganFilter(df.ModelChoiceFilter):  # type: ignore[misc]
    field_class = OrganFilterField


class CategoryFilter(df.ModelChoiceFilter):  # type: ignore[misc]
    field_class = CategoryFilterField


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NumberInFilter(df.BaseInFilter, df.NumberFilter):  # type: ignore[misc]
    """Comma-separated numbers (``petitioner=12,34``)."""


def _searchable_from_an_address(value: str) -> None:
    refusal = address_refusal(value)
    if refusal:
        raise forms.ValidationError(refusal, code="not_in_address")


class MatterFilter(df.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """Filters over a list of matters the user may read.

    With ``user``, the organs offered (and accepted) are those the user may read
    (``visible_organs``): an organ outside them is an error on its field.
    """

    state = df.MultipleChoiceFilter(label=_("状态"), choices=MatterState.choices)
    open = df.ChoiceFilter(label=_("未办结"), choices=YES_NO, method="filter_open")
    organ = OrganFilter(label=_("所在机关"), queryset=Organ.objects.all(), method="filter_organ")
    subtree = df.ChoiceFilter(label=_("含下级机关"), choices=YES_NO, method="filter_nothing")
    handling_organ = OrganFilter(label=_("办理机关"), queryset=Organ.objects.all())
    channel = df.MultipleChoiceFilter(label=_("信访形式"), choices=Channel.choices)
    category = CategoryFilter(
        label=_("内容分类"), queryset=Category.objects.all(), method="filter_category"
    )
    region = df.CharFilter(
        label=_("问题发生地"),
        method="filter_region",
        max_length=12,
        validators=[RegexValidator(r"^\d{2,12}$", _("请填写行政区划代码（2至12位数字）。"))],
        help_text=_("行政区划代码，含其下各级（如 500103 含其下各街道、乡镇）"),
    )
    received_from = df.DateFilter(
        label=_("收到日期起"),
        field_name="received_at",
        method="filter_received_from",
        widget=_date_widget(),
    )
    received_to = df.DateFilter(
        label=_("收到日期止"),
        field_name="received_at",
        method="filter_received_to",
        widget=_date_widget(),
    )
    overdue = df.ChoiceFilter(label=_("已逾期"), choices=YES_NO, method="filter_overdue")
    due_soon = df.ChoiceFilter(label=_("即将到期"), choices=YES_NO, method="filter_due_soon")
    repeat = df.ChoiceFilter(label=_("重复信访"), choices=YES_NO, method="filter_repeat")
    collective = df.ChoiceFilter(label=_("集体访"), choices=YES_NO, method="filter_collective")
    satisfaction = df.ChoiceFilter(label=_("满意度"), choices=Satisfaction.choices)
    satisfaction_source = df.ChoiceFilter(
        label=_("评价来源"), choices=SatisfactionSource.choices, method="filter_satisfaction_source"
    )
    petitioner = NumberInFilter(
        label=_("信访人编号"),
        field_name="petitioner_id",
        lookup_expr="in",
        help_text=_("一个或多个编号，以逗号分隔"),
    )
    q = df.CharFilter(
        label=_("搜索"),
        method="filter_q",
        max_length=200,
        validators=[_searchable_from_an_address],
        help_text=_("事项编号、查询码、摘要或内容中的文字"),
    )

    class Meta:
        model = Matter
        fields: list[str] = []

    def __init__(
        self, *args: Any, today: dt.date | None = None, user: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        if user is not None:
            organs = visible_organs(user)
            self.filters["organ"].queryset = organs
            self.filters["handling_organ"].queryset = organs

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
    def filter_satisfaction_source(
        queryset: QuerySet[Matter], name: str, value: str
    ) -> QuerySet[Matter]:
        # The office's record: every rating not given on the portal (those written before the
        # source was kept are the office's).
        portal = Q(satisfaction_source=SatisfactionSource.PORTAL)
        rated = ~Q(satisfaction="")
        if value == SatisfactionSource.PORTAL:
            return queryset.filter(portal)
        return queryset.filter(rated & ~portal)

    @staticmethod
    def filter_q(queryset: QuerySet[Matter], name: str, value: str) -> QuerySet[Matter]:
        # From an address a name is searched as text: identities are looked up by the
        # search box's POST (``xinfang.web.matters.search``), answered with ``petitioner``.
        return queryset.filter(search_q(value, identities=False))


def matter_filter(data: Mapping[str, Any] | None, *, user: Any, **kwargs: Any) -> MatterFilter:
    """The filter of the list of all matters ``user`` may read (``matter_list``), over ``data``
    (``request.GET``; None: unbound, nothing filtered)."""
    return MatterFilter(data, queryset=matter_list(user=user), user=user, **kwargs)


#: The parameters the queue takes from its own base: its organ and "open".
QUEUE_OWN_PARAMETERS = ("organ", "subtree", "open")


def queue_filter(
    data: Mapping[str, Any] | None, *, user: Any, organ: Organ, **kwargs: Any
) -> MatterFilter:
    """The filter of ``organ``'s queue as ``user`` reads it: the open matters at the organ
    (``visible_at_organ``: scope and exclusion), narrowed by every other parameter."""
    base = visible_at_organ(
        user, Matter.objects.exclude(state__in=NOT_OPEN_STATE_VALUES), organ=organ
    )
    filterset = MatterFilter(data, queryset=base, user=user, **kwargs)
    for name in QUEUE_OWN_PARAMETERS:
        del filterset.filters[name]  # before the form is built from them
    return filterset


def is_filtered(filterset: MatterFilter) -> bool:
    """Whether the request names any of the filterset's parameters with a value."""
    data = filterset.data or {}
    getlist = getattr(data, "getlist", None)
    for name in filterset.filters:
        values = getlist(name) if getlist else [data.get(name)]
        if any(v not in (None, "") for v in values):
            return True
    return False


def filter_summary(filterset: MatterFilter) -> dict[str, Any]:
    """The valid filters as plain values (ids, ISO dates, lists of strings): what an export's
    audit entry records and a page may repeat."""
    if not filterset.is_bound:
        return {}
    filterset.form.is_valid()
    summary: dict[str, Any] = {}
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, list | tuple):
            value = [str(v) for v in value]
        summary[name] = value
    return summary
