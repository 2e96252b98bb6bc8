"""Pages of the oversight (细则第九条、第十条、第十八条), under ``/oversight/``."""

from django.urls import include, path

from . import assessment, cadres, inspections
from .index import oversight_index

app_name = "oversight"

urlpatterns = [
    path("", oversight_index, name="index"),
    path("inspections/", include(inspections.urlpatterns)),
    path("assessment/", include(assessment.urlpatterns)),
    path("cadres/", include(cadres.urlpatterns)),
]
