"""Administration of the working calendar; its pages say which years are missing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .models import CalendarDay, CalendarYear, Determination
from .selectors import calendar_missing_years
from .services import (
    calendar_day_delete,
    calendar_day_save,
    calendar_year_save,
    determination_save,
)

if TYPE_CHECKING:
    CalendarDayAdminBase = admin.ModelAdmin[CalendarDay]
    CalendarYearAdminBase = admin.ModelAdmin[CalendarYear]
    DeterminationAdminBase = admin.ModelAdmin[Determination]
else:
    CalendarDayAdminBase = CalendarYearAdminBase = DeterminationAdminBase = admin.ModelAdmin


class MissingYearsMixin:
    """Warn on the list page when this year's or next year's schedule is not entered."""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        missing = calendar_missing_years(today=timezone.localdate())
        if missing:
            # The list separator is itself translated: 、 in Chinese, ", " in English.
            years = pgettext("list separator", "、").join(str(y) for y in missing)
            messages.warning(
                request,
                _(
                    "以下年份的放假安排尚未完整录入：%(years)s。跨入这些年份的期限将按周末规则推算并标为暂定；"
                    "国务院办公厅公布后请录入节假日和调休上班日，并在“日历年度”中标记为已完整录入。"
                )
                % {"years": years},
            )
        response: HttpResponse = super().changelist_view(  # type: ignore[misc]
            request, extra_context
        )
        return response


@admin.register(CalendarDay)
class CalendarDayAdmin(MissingYearsMixin, CalendarDayAdminBase):
    list_display = ["date", "day_type", "note", "source"]
    list_filter = ["day_type"]
    date_hierarchy = "date"
    search_fields = ["note", "source"]
    ordering = ["-date"]

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        calendar_day_save(day=obj, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        calendar_day_delete(day=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for day in queryset:
            calendar_day_delete(day=day, actor=request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(MissingYearsMixin, CalendarYearAdminBase):
    list_display = ["year", "complete", "source", "updated_at"]
    list_filter = ["complete"]
    ordering = ["-year"]

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        calendar_year_save(year=obj, actor=request.user)


@admin.register(Determination)
class DeterminationAdmin(DeterminationAdminBase):
    """The office's determinations (细则第十九条): entered and superseded, never deleted."""

    list_display = [
        "number",
        "kind",
        "profile",
        "period",
        "days",
        "day_basis",
        "reading_key",
        "reading_value",
        "effective_on",
    ]
    list_filter = ["kind", "profile"]
    search_fields = ["number", "text", "reading_key"]
    date_hierarchy = "effective_on"
    fieldsets = [
        (None, {"fields": ["organ", "number", "issued_on", "effective_on", "text", "kind"]}),
        (gettext_lazy("期间期限"), {"fields": ["profile", "period", "days", "day_basis"]}),
        (gettext_lazy("条文解释"), {"fields": ["reading_key", "reading_value"]}),
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # superseded by a later determination, never erased

    def save_model(self, request: HttpRequest, obj: Determination, form: Any, change: bool) -> None:
        determination_save(determination=obj, actor=request.user)
