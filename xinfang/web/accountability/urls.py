"""Pages of the accountability workflow, under ``/accountability/``."""

from django.urls import path

from . import lists, views

app_name = "accountability"

urlpatterns = [
    path("leads/", lists.lead_list, name="lead_list"),
    path("leads/new/", views.lead_new, name="lead_new"),
    path("leads/<int:lead_id>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:lead_id>/investigate/", views.lead_investigate, name="lead_investigate"),
    path("leads/<int:lead_id>/dismiss/", views.lead_dismiss, name="lead_dismiss"),
    path("leads/<int:lead_id>/promote/", views.lead_promote, name="lead_promote"),
    path("cases/", lists.case_list, name="case_list"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/findings/", views.case_findings, name="case_findings"),
    path("cases/<int:case_id>/send/", views.case_send, name="case_send"),
    path("cases/<int:case_id>/close/", views.case_close, name="case_close"),
    path("recommendations/", lists.recommendation_list, name="recommendation_list"),
    path(
        "recommendations/<int:recommendation_id>/",
        views.recommendation_detail,
        name="recommendation_detail",
    ),
    path(
        "recommendations/<int:recommendation_id>/letter.pdf",
        views.recommendation_letter_pdf,
        name="recommendation_letter_pdf",
    ),
    path(
        "recommendations/<int:recommendation_id>/decision-notice.pdf",
        views.decision_notice_pdf,
        name="decision_notice_pdf",
    ),
    path("decisions/<int:decision_id>/", views.decision_form, name="decision_form"),
    path("rectifications/", lists.rectification_list, name="rectification_list"),
    path(
        "rectifications/<int:rectification_id>/done/",
        views.rectification_done,
        name="rectification_done",
    ),
    path("notices/", lists.notice_list, name="notice_list"),
    path("records/<int:person_id>/", views.person_record, name="person_record"),
    path("honours/", views.honour_lookup, name="honours"),
    path("honours/list/", lists.honour_list, name="honour_list"),
]
