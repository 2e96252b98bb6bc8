"""Pages of the duties (细则第四条、第六条至第八条), under ``/duties/``."""

from django.urls import include, path

from . import agenda, incidents, leaders, recommendations, supervision
from .index import duties_index

app_name = "duties"

urlpatterns = [
    path("", duties_index, name="index"),
    path("agenda/", include(agenda.urlpatterns)),
    path("recommendations/", include(recommendations.urlpatterns)),
    path("supervision/", include(supervision.urlpatterns)),
    path("leaders/", include(leaders.urlpatterns)),
    path("incidents/", include(incidents.urlpatterns)),
]
