"""URLs of the matter pages, included by ``xinfang.web.urls`` (names in the ``web`` namespace).

``urlpatterns`` go under ``matters/`` (signed-in staff); ``public_urlpatterns`` under
``query/`` (the petitioner's lookup, no sign-in).
"""

from django.urls import path

from . import attachments, extensions, listing, lookup, page, queue, register, search

urlpatterns = [
    path("", queue.matter_queue, name="matter_queue"),
    path("list/", listing.matter_list, name="matter_list"),
    path("search/", search.matter_search, name="matter_search"),
    path("new/", register.matter_register, name="matter_register"),
    path("<int:matter_id>/", page.matter_detail, name="matter_detail"),
    path("<int:matter_id>/reveal/", page.matter_reveal, name="matter_reveal"),
    path(
        "<int:matter_id>/attachments/",
        attachments.matter_attachment_add,
        name="matter_attachment_add",
    ),
    path(
        "<int:matter_id>/attachments/<int:attachment_id>/",
        attachments.matter_attachment_download,
        name="matter_attachment_download",
    ),
    path("<int:matter_id>/<slug:action>/", page.matter_action, name="matter_action"),
    path(
        "<int:matter_id>/extension-requests/<int:request_id>/<slug:verb>/",
        extensions.extension_decide,
        name="extension_decide",
    ),
]

public_urlpatterns = [
    path("", lookup.public_lookup, name="public_lookup"),
]
