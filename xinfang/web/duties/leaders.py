"""Pages of 细则第七条、第八条第二项: the views and their addresses."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
