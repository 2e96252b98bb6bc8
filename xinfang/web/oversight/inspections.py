"""Pages of the oversight part ``inspections``."""

from django.urls import URLPattern
from django.utils.functional import Promise

#: The part's pages the oversight index links to: (title, URL name).
PAGES: tuple[tuple[Promise, str], ...] = ()

urlpatterns: list[URLPattern] = []
