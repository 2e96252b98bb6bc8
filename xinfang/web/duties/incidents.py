"""Pages of 细则第七条第三项、第八条第三、四项: the views and their addresses."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
