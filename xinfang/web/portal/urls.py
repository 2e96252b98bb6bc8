"""Pages of the petitioner's portal, under ``/portal/`` (public)."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_index, name="index"),
    path("submit/", views.portal_submit, name="submit"),
    path("receipt/", views.portal_receipt, name="receipt"),
    path("progress/", views.portal_progress, name="progress"),
    path("rate/", views.portal_rate, name="rate"),
    path("review/", views.portal_review, name="review"),
]
