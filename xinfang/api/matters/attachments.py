"""Files of a matter over the API: list, upload (multipart) and download (streamed).

- ``GET /api/matters/{id}/attachments``: the files, for whoever may read the matter;
- ``POST /api/matters/{id}/attachments`` (``multipart/form-data``, one part ``file``): only
  staff of an organ working on the matter (403 otherwise); **201** with the file's record,
  **413** ``too_large`` over the limit (20 MiB), **422** ``file_type`` when the bytes are not
  PDF, JPEG, PNG, TIFF, OFD, DOC/WPS or DOCX (whatever the name or declared type);
- ``GET /api/matters/{id}/attachments/{attachment_id}``: the bytes, streamed as a download
  (``Content-Disposition: attachment``, ``nosniff``, ``no-store``); logged.

The matter is read through the access chokepoint: out of scope, or excluded as the accused,
answers 404 like a matter that does not exist (and the denial is logged).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Query, Router, Schema, Status, UploadedFile

from xinfang.api.paging import PageIn, PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.petitions.matters import attachments as files
from xinfang.petitions.matters.choices import AttachmentKind
from xinfang.petitions.matters.models import Attachment
from xinfang.petitions.matters.selectors import access_matter_by_id

from .support import MatterInputInvalid, label

attachment_router = Router(tags=["attachments"])


class AttachmentOut(Schema):
    """A file of a matter: its name as uploaded, the type recognised from its bytes."""

    id: int
    matter_id: int
    name: str
    kind: str
    kind_label: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    uploaded_by: str
    download_url: str


def attachment_out(attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "matter_id": attachment.matter_id,
        "name": attachment.original_name,
        "kind": attachment.kind,
        "kind_label": label(AttachmentKind, attachment.kind),
        "size": attachment.size,
        "sha256": attachment.sha256,
        "uploaded_at": attachment.uploaded_at,
        "uploaded_by": attachment.uploaded_by,
        "download_url": reverse(
            "api:attachment_download",
            kwargs={"matter_id": attachment.matter_id, "attachment_id": attachment.pk},
        ),
    }


def _too_large() -> Status[dict[str, Any]]:
    message = files.too_large_message(files.max_bytes())
    return Status(413, {"code": "too_large", "message": message, "fields": {"file": [message]}})


@attachment_router.get(
    "/{matter_id}/attachments",
    response={200: PageOut[AttachmentOut], **READ_ERRORS},
    operation_id="attachment_list",
)
def attachment_list(request: HttpRequest, matter_id: int, paging: Query[PageIn]) -> Any:
    """The files of a matter the user may read, oldest first."""
    matter = access_matter_by_id(request.user, matter_id)
    return page_out(
        files.matter_attachments(matter=matter),
        page=paging.page,
        page_size=paging.page_size,
        render=attachment_out,
    )


@attachment_router.post(
    "/{matter_id}/attachments",
    response={201: AttachmentOut, **WRITE_ERRORS},
    operation_id="attachment_upload",
)
def attachment_upload(request: HttpRequest, matter_id: int, file: File[UploadedFile]) -> Any:
    """Add a file to the matter (staff of an organ working on it); the type comes from the
    bytes, the size is at most the limit; recorded on the matter and in the audit trail."""
    matter = access_matter_by_id(request.user, matter_id, action="matter.attachment_add")
    if file.size is not None and file.size > files.max_bytes():
        return _too_large()
    try:
        attachment = files.attachment_add(
            matter=matter, filename=file.name or "", data=file, actor=request.user
        )
    except ValidationError as exc:
        codes = {error.code for errors in exc.error_dict.values() for error in errors}
        if "too_large" in codes:
            return _too_large()
        if "file_type" in codes:
            message = files.allowed_kinds_message()
            body = {"code": "file_type", "message": message, "fields": {"file": [message]}}
            return Status(422, body)
        raise MatterInputInvalid(exc) from None
    return Status(201, attachment_out(attachment))


@attachment_router.get(
    "/{matter_id}/attachments/{attachment_id}",
    response={200: None, **READ_ERRORS},
    url_name="attachment_download",
    operation_id="attachment_download",
)
def attachment_download(request: HttpRequest, matter_id: int, attachment_id: int) -> Any:
    """The file itself, streamed as a download; the download is logged."""
    matter = access_matter_by_id(request.user, matter_id, action="matter.attachment_download")
    attachment = files.attachment_of_matter(matter=matter, attachment_id=attachment_id)
    response = files.attachment_file_response(attachment)
    files.attachment_record_download(attachment=attachment, actor=request.user)
    return response


__all__ = ["attachment_router"]
