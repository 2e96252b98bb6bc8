"""Administration of the category taxonomy and the classified handling lists.

Saves go through the services, so each change is validated and audited. Django looks for
``xinfang/petitions/admin.py`` only: that module imports this one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Category, HandlingListEntry
from .services import (
    category_create,
    category_update,
    handling_list_entry_create,
    handling_list_entry_update,
)

if TYPE_CHECKING:
    CategoryAdminBase = admin.ModelAdmin[Category]
    HandlingListEntryAdminBase = admin.ModelAdmin[HandlingListEntry]
else:
    CategoryAdminBase = HandlingListEntryAdminBase = admin.ModelAdmin


@admin.register(Category)
class CategoryAdmin(CategoryAdminBase):
    list_display = ("code", "name", "name_en", "parent", "portfolio_subject", "is_active")
    list_filter = ("is_active", "portfolio_subject")
    search_fields = ("code", "name", "name_en")
    fields = ("code", "name", "name_en", "parent", "portfolio_subject", "is_active")

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        if change:
            category_update(
                category=Category.objects.get(pk=obj.pk),  # the stored values, for the audit
                actor=request.user,
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
        else:
            saved = category_create(
                code=obj.code,
                name=obj.name,
                name_en=obj.name_en,
                parent=obj.parent,
                portfolio_subject=obj.portfolio_subject,
                actor=request.user,
            )
            obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Category | None = None) -> bool:
        return False  # retire a category with is_active; matters keep pointing at it


@admin.register(HandlingListEntry)
class HandlingListEntryAdmin(HandlingListEntryAdminBase):
    list_display = ("department", "category", "request_type", "legal_route", "is_active")
    list_filter = ("legal_route", "is_active")
    search_fields = ("request_type", "legal_basis", "department__name")
    raw_id_fields = ("department", "responsible_unit", "category")
    fields = (
        "department",
        "category",
        "request_type",
        "legal_route",
        "responsible_unit",
        "responsible_unit_name",
        "time_limit_days",
        "legal_basis",
        "is_active",
    )

    def get_readonly_fields(
        self, request: HttpRequest, obj: HandlingListEntry | None = None
    ) -> tuple[str, ...]:
        return ("department",) if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: HandlingListEntry, form: Any, change: bool
    ) -> None:
        if change:
            handling_list_entry_update(
                entry=HandlingListEntry.objects.get(pk=obj.pk),  # the stored values
                actor=request.user,
                **{
                    name: form.cleaned_data[name]
                    for name in form.changed_data
                    if name != "department"
                },
            )
        else:
            saved = handling_list_entry_create(
                department=obj.department,
                category=obj.category,
                request_type=obj.request_type,
                legal_route=obj.legal_route,
                legal_basis=obj.legal_basis,
                responsible_unit=obj.responsible_unit,
                responsible_unit_name=obj.responsible_unit_name,
                time_limit_days=obj.time_limit_days,
                actor=request.user,
            )
            obj.pk = saved.pk

    def has_delete_permission(
        self, request: HttpRequest, obj: HandlingListEntry | None = None
    ) -> bool:
        return False  # retire an entry with is_active
