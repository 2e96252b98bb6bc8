"""The filters of the accountability lists (django-filter): leads, cases, recommendations,
rectifications, notices and honour disqualifications. The pages and the API read their
parameters through the same FilterSet, so a total on a page and the ``count`` of the API agree.

Every FilterSet filters a queryset the access policy made (``selectors.leads_visible_to`` and
its siblings): a filter narrows what a user may read, never widens it. Parameters follow the
matter list's (``xinfang.petitions.matters.filters``): ``organ`` with ``subtree=1``, ``region``
(a region code and every code under it), ``category`` (with the categories under it), dates as
``<field>_from`` / ``<field>_to`` (YYYY-MM-DD, inclusive), ``overdue=1`` / ``due_soon=1`` where a
due date exists, ``sort`` (a column, ``-`` for descending).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import django_filters as df
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.models import Organ
from xinfang.petitions.matters.filters import MatterFilter
from xinfang.petitions.matters.models import Category, Matter
from xinfang.petitions.matters.selectors import DUE_SOON_DAYS, subtree_q
from xinfang.widgets import DateInput

from .choices import (
    CaseState,
    LeadKind,
    LeadSource,
    LeadState,
    LeadTier,
    NoticeRole,
    OrganMeasure,
    PersonMeasure,
    ResponsibilityKind,
)
from .labels import ground_choices
from .models import (
    AccountabilityCase,
    HonourDisqualification,
    Lead,
    Notice,
    Recommendation,
    Rectification,
)
from .selectors.cases import region_prefix

YES_NO = (("1", _("是")), ("0", _("否")))
MEASURES = [*PersonMeasure.choices, *OrganMeasure.choices]
SUBJECTS = (("person", _("人员")), ("organ", _("机关")))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _yes(queryset: QuerySet[Any], condition: Q, value: str) -> QuerySet[Any]:
    """Rows meeting ``condition`` for ``1``, the others for ``0``."""
    return queryset.filter(condition) if value == "1" else queryset.exclude(condition)


def _measure_q(lookup: str, value: str) -> Q:
    """A JSON list of measure codes holding ``value`` (``"admonishment"``, quoted: no code is
    a part of another in quotes), the same on SQLite and PostgreSQL."""
    return Q(**{f"{lookup}__icontains": f'"{value}"'})


class Sort(df.OrderingFilter):  # type: ignore[misc]  # django-filter ships no types
    """``sort``: a column, ``-`` before it for descending; labelled in the reader's language
    (django-filter writes its "(descending)" once, at import, in English)."""

    def build_choices(self, fields: dict[str, str], labels: dict[str, Any]) -> list[Any]:
        choices = []
        for field, param in fields.items():
            label = labels.get(field, param)
            choices.append((param, label))
            choices.append((f"-{param}", format_lazy(_("{}（降序）"), label)))
        return choices


def _category_label() -> Callable[[Category], str]:
    """A category as a reader names it, indented under its parent (never its code)."""
    parents = dict(Category.objects.values_list("pk", "parent_id"))

    def depth(pk: int | None) -> int:
        n = 0
        while pk is not None and parents.get(pk) is not None and n < 10:
            pk, n = parents[pk], n + 1
        return n

    # No-break spaces, not the ideographic space: the indent reads the same in both languages.
    return lambda c: "\u00a0\u00a0\u00a0" * depth(c.pk) + c.label


class _Base(df.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """What every accountability list filters by: the organ concerned (``organ`` with
    ``subtree=1``) and its region. ``ORGAN`` is the lookup of that organ from the row."""

    ORGAN = "organ"
    #: The datetime fields filtered by local day, by the stem of their parameters.
    DAYS: dict[str, str] = {"found": "created_at", "opened": "opened_at", "sent": "sent_at"}

    organ = df.ModelChoiceFilter(
        label=_("涉及机关"), queryset=Organ.objects.all(), method="filter_organ"
    )
    subtree = df.ChoiceFilter(label=_("含下级机关"), choices=YES_NO, method="filter_nothing")
    region = df.CharFilter(
        label=_("所在地区（行政区划代码）"), method="filter_region", max_length=12
    )

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        category = self.form.fields.get("category")
        if category is not None:
            category.label_from_instance = _category_label()

    @staticmethod
    def filter_nothing(queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset  # read by ``filter_organ``

    def filter_organ(self, queryset: QuerySet[Any], name: str, value: Organ) -> QuerySet[Any]:
        if self.form.cleaned_data.get("subtree") == "1":
            return queryset.filter(subtree_q(value, f"{self.ORGAN}__"))
        return queryset.filter(**{f"{self.ORGAN}_id": value.pk})

    def filter_region(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        code = value.strip()
        if not code:
            return queryset
        return queryset.filter(**{f"{self.ORGAN}__region_code__startswith": region_prefix(code)})

    def filter_day(self, queryset: QuerySet[Any], name: str, value: dt.date) -> QuerySet[Any]:
        """``<x>_from`` / ``<x>_to`` on the datetime field ``DAYS[x]``: local days, inclusive."""
        stem, end = name.rsplit("_", 1)
        field = self.DAYS[stem]
        if end == "from":
            return queryset.filter(**{f"{field}__gte": _day_start(value)})
        return queryset.filter(**{f"{field}__lt": _day_start(value + dt.timedelta(days=1))})


class LeadFilter(_Base):
    """Leads and signals (线索、待研判信号)."""

    state = df.MultipleChoiceFilter(label=_("状态"), choices=LeadState.choices)
    tier = df.ChoiceFilter(label=_("线索或信号"), choices=LeadTier.choices)
    kind = df.MultipleChoiceFilter(label=_("类型"), choices=LeadKind.choices)
    ground = df.TypedChoiceFilter(
        label=_("涉嫌情形（第十一条第一款）"), choices=ground_choices, coerce=int
    )
    source = df.ChoiceFilter(label=_("来源"), choices=LeadSource.choices)
    category = df.ModelChoiceFilter(
        label=_("信访事项内容分类"), queryset=Category.objects.all(), method="filter_category"
    )
    failure_from = df.DateFilter(
        widget=DateInput, label=_("失职失责日期起"), field_name="failure_date", lookup_expr="gte"
    )
    failure_to = df.DateFilter(
        widget=DateInput, label=_("失职失责日期止"), field_name="failure_date", lookup_expr="lte"
    )
    found_from = df.DateFilter(widget=DateInput, label=_("发现日期起"), method="filter_day")
    found_to = df.DateFilter(widget=DateInput, label=_("发现日期止"), method="filter_day")
    has_case = df.ChoiceFilter(label=_("已立案调查"), choices=YES_NO, method="filter_has_case")
    sort = Sort(
        label=_("排序"),
        fields=(
            ("created_at", "found"),
            ("failure_date", "failure_date"),
            ("organ__name", "organ"),
        ),
        field_labels={
            "created_at": _("发现时间"),
            "failure_date": _("失职失责日期"),
            "organ__name": _("涉及机关"),
        },
    )

    class Meta:
        model = Lead
        fields: list[str] = []

    @staticmethod
    def filter_category(queryset: QuerySet[Lead], name: str, value: Category) -> QuerySet[Lead]:
        matters = MatterFilter.filter_category(Matter.objects.all(), name, value)
        return queryset.filter(matter_id__in=matters.values("pk"))

    @staticmethod
    def filter_has_case(queryset: QuerySet[Lead], name: str, value: str) -> QuerySet[Lead]:
        return _yes(queryset, Q(case__isnull=False), value)


class CaseFilter(_Base):
    """Accountability cases (责任追究案件)."""

    state = df.MultipleChoiceFilter(label=_("状态"), choices=CaseState.choices)
    ground = df.TypedChoiceFilter(
        label=_("涉嫌情形（第十一条第一款）"),
        choices=ground_choices,
        coerce=int,
        field_name="lead__ground",
    )
    investigating_organ = df.ModelChoiceFilter(label=_("调查机关"), queryset=Organ.objects.all())
    responsibility_kind = df.ChoiceFilter(label=_("责任类型"), choices=ResponsibilityKind.choices)
    opened_from = df.DateFilter(widget=DateInput, label=_("立案调查日期起"), method="filter_day")
    opened_to = df.DateFilter(widget=DateInput, label=_("立案调查日期止"), method="filter_day")
    failure_from = df.DateFilter(
        widget=DateInput, label=_("失职失责日期起"), field_name="failure_date", lookup_expr="gte"
    )
    failure_to = df.DateFilter(
        widget=DateInput, label=_("失职失责日期止"), field_name="failure_date", lookup_expr="lte"
    )
    sort = Sort(
        label=_("排序"),
        fields=(
            ("opened_at", "opened"),
            ("failure_date", "failure_date"),
            ("organ__name", "organ"),
        ),
        field_labels={
            "opened_at": _("立案调查时间"),
            "failure_date": _("失职失责日期"),
            "organ__name": _("涉及机关"),
        },
    )

    class Meta:
        model = AccountabilityCase
        fields: list[str] = []


class RecommendationFilter(_Base):
    """Recommendation letters (责任追究建议书); ``organ`` is the organ of the case."""

    ORGAN = "case__organ"

    pending = df.ChoiceFilter(label=_("有待决定事项"), choices=YES_NO, method="filter_pending")
    authority = df.ModelChoiceFilter(label=_("有管理权限的党政机关"), queryset=Organ.objects.all())
    investigating_organ = df.ModelChoiceFilter(
        label=_("调查机关"),
        queryset=Organ.objects.all(),
        field_name="case__investigating_organ",
    )
    measure = df.ChoiceFilter(label=_("建议措施"), choices=MEASURES, method="filter_measure")
    number = df.CharFilter(label=_("文号"), lookup_expr="icontains", max_length=64)
    sent_from = df.DateFilter(widget=DateInput, label=_("送达日期起"), method="filter_day")
    sent_to = df.DateFilter(widget=DateInput, label=_("送达日期止"), method="filter_day")
    sort = Sort(
        label=_("排序"),
        fields=(("sent_at", "sent"), ("number", "number"), ("authority__name", "authority")),
        field_labels={
            "sent_at": _("送达时间"),
            "number": _("文号"),
            "authority__name": _("有管理权限的党政机关"),
        },
    )

    class Meta:
        model = Recommendation
        fields: list[str] = []

    @staticmethod
    def filter_pending(
        queryset: QuerySet[Recommendation], name: str, value: str
    ) -> QuerySet[Recommendation]:
        pending = Recommendation.objects.filter(decisions__state="pending").values("pk")
        return _yes(queryset, Q(pk__in=pending), value)

    @staticmethod
    def filter_measure(
        queryset: QuerySet[Recommendation], name: str, value: str
    ) -> QuerySet[Recommendation]:
        having = Recommendation.objects.filter(
            _measure_q("decisions__recommended_measures", value)
        ).values("pk")
        return queryset.filter(pk__in=having)


class RectificationFilter(_Base):
    """Rectification by a deadline (限期整改); ``organ`` is the organ of the case."""

    ORGAN = "case__organ"

    done = df.ChoiceFilter(label=_("已完成整改"), choices=YES_NO, method="filter_done")
    overdue = df.ChoiceFilter(label=_("已逾期"), choices=YES_NO, method="filter_overdue")
    due_soon = df.ChoiceFilter(label=_("即将到期"), choices=YES_NO, method="filter_due_soon")
    late = df.ChoiceFilter(label=_("逾期完成"), choices=YES_NO, method="filter_late")
    subject = df.ChoiceFilter(label=_("对象"), choices=SUBJECTS, method="filter_subject")
    measure = df.ChoiceFilter(label=_("所受措施"), choices=MEASURES)
    due_from = df.DateFilter(
        widget=DateInput, label=_("整改期限起"), field_name="due", lookup_expr="gte"
    )
    due_to = df.DateFilter(
        widget=DateInput, label=_("整改期限止"), field_name="due", lookup_expr="lte"
    )
    sort = Sort(
        label=_("排序"),
        fields=(("due", "due"), ("rectified_at", "rectified")),
        field_labels={"due": _("整改期限"), "rectified_at": _("完成整改时间")},
    )

    class Meta:
        model = Rectification
        fields: list[str] = []

    @staticmethod
    def filter_done(
        queryset: QuerySet[Rectification], name: str, value: str
    ) -> QuerySet[Rectification]:
        return _yes(queryset, Q(rectified_at__isnull=False), value)

    def filter_overdue(
        self, queryset: QuerySet[Rectification], name: str, value: str
    ) -> QuerySet[Rectification]:
        return _yes(queryset, Q(rectified_at__isnull=True, due__lt=self.today), value)

    def filter_due_soon(
        self, queryset: QuerySet[Rectification], name: str, value: str
    ) -> QuerySet[Rectification]:
        soon = self.today + dt.timedelta(days=DUE_SOON_DAYS)
        window = Q(rectified_at__isnull=True, due__gte=self.today, due__lte=soon)
        return _yes(queryset, window, value)

    @staticmethod
    def filter_late(
        queryset: QuerySet[Rectification], name: str, value: str
    ) -> QuerySet[Rectification]:
        # Done after the deadline (整改未按期完成): the local day of ``rectified_at`` past ``due``.
        return _yes(queryset, Q(rectified_at__date__gt=F("due")), value)

    @staticmethod
    def filter_subject(
        queryset: QuerySet[Rectification], name: str, value: str
    ) -> QuerySet[Rectification]:
        return queryset.filter(person__isnull=value != "person")


class NoticeFilter(_Base):
    """Notices to organization and personnel departments (细则第十八条); ``organ`` is the organ
    of the case."""

    ORGAN = "case__organ"

    role = df.ChoiceFilter(label=_("部门"), choices=NoticeRole.choices)
    to_organ = df.ModelChoiceFilter(label=_("通报对象"), queryset=Organ.objects.all())
    measure = df.ChoiceFilter(label=_("决定措施"), choices=MEASURES, method="filter_measure")
    subject = df.ChoiceFilter(label=_("对象"), choices=SUBJECTS, method="filter_subject")
    decided_from = df.DateFilter(
        widget=DateInput,
        label=_("决定日期起"),
        field_name="decision__decided_on",
        lookup_expr="gte",
    )
    decided_to = df.DateFilter(
        widget=DateInput,
        label=_("决定日期止"),
        field_name="decision__decided_on",
        lookup_expr="lte",
    )
    sort = Sort(
        label=_("排序"),
        fields=(("created_at", "sent"), ("decision__decided_on", "decided")),
        field_labels={"created_at": _("通报时间"), "decision__decided_on": _("决定日期")},
    )

    class Meta:
        model = Notice
        fields: list[str] = []

    @staticmethod
    def filter_measure(queryset: QuerySet[Notice], name: str, value: str) -> QuerySet[Notice]:
        return queryset.filter(_measure_q("decision__decided_measures", value))

    @staticmethod
    def filter_subject(queryset: QuerySet[Notice], name: str, value: str) -> QuerySet[Notice]:
        return queryset.filter(decision__person__isnull=value != "person")


class HonourFilter(_Base):
    """Organs that may not be chosen for comprehensive honours in a year (细则第十四条)."""

    year = df.NumberFilter(label=_("年度"), min_value=2017, max_value=2100)
    sort = Sort(
        label=_("排序"),
        fields=(("year", "year"), ("organ__name", "organ")),
        field_labels={"year": _("年度"), "organ__name": _("地区、部门和单位")},
    )

    class Meta:
        model = HonourDisqualification
        fields: list[str] = []
