"""Pages of 细则第六条 (supervision, coordination): the views and their addresses."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
