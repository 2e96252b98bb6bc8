"""Pages of the statistics, under ``/statistics/``."""

from django.urls import path

from .views import statistics_css, statistics_index

app_name = "statistics"

urlpatterns = [
    path("", statistics_index, name="index"),
    path("charts.css", statistics_css, name="css"),
]
