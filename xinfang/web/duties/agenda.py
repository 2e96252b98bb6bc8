"""Pages of 细则第四条: the views and their addresses."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
