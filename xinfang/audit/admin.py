"""A read-only admin for the audit trail: look, never touch."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("seq", "at", "actor", "action", "object_type", "object_id")
    list_filter = ("action",)
    search_fields = ("actor", "action", "object_type", "object_id")
    ordering = ("-seq",)
    readonly_fields = tuple(field.name for field in AuditEntry._meta.fields)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
