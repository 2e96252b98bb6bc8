"""The files of a matter: adding one, and downloading it (the list with download links and the
upload form are shown on the matter page: ``page.attachment_context``).

Readers of the matter (through ``access_matter_by_id``: out of scope or excluded answers 404,
logged) see and download the files; staff of an organ working on the matter add them. The
type comes from the bytes, the size is at most the limit (20 MiB); a refused file comes back
on the form with the reason. Downloads are streamed as attachments and logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from xinfang.petitions.matters import attachments as files
from xinfang.petitions.matters.selectors import access_matter_by_id

from . import forms as f
from .page import matter_page


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def matter_attachment_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Add a file; on refusal the matter page again, the reason on the form. Asked with GET
    (a reload), it goes back to the matter's page."""
    if request.method == "GET":
        return redirect("web:matter_detail", matter_id=matter_id)
    matter = access_matter_by_id(request.user, matter_id, action="matter.attachment_add")
    form = f.AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            files.attachment_add(
                matter=matter, filename=upload.name or "", data=upload, actor=request.user
            )
        except ValidationError as exc:
            for message in exc.message_dict.get("file", exc.messages):
                form.add_error("file", message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("只能在本单位办理。"))
        else:
            messages.success(request, _("已添加附件：%(name)s") % {"name": upload.name})
            url = reverse("web:matter_detail", kwargs={"matter_id": matter.pk})
            return redirect(f"{url}#attachments-heading")
    return matter_page(request, matter, attachment_form=form)


@login_required
@require_GET
def matter_attachment_download(
    request: HttpRequest, matter_id: int, attachment_id: int
) -> FileResponse:
    """The file, streamed as a download (never shown in the browser); the download is logged."""
    matter = access_matter_by_id(request.user, matter_id, action="matter.attachment_download")
    attachment = files.attachment_of_matter(matter=matter, attachment_id=attachment_id)
    response = files.attachment_file_response(attachment)
    files.attachment_record_download(attachment=attachment, actor=request.user)
    return response
