"""Attachments of matters: recognised by their bytes, size-limited, written safely.

Accepted: PDF (a real one: header, ``%%EOF`` at the end, no HTML inside), JPEG, PNG, TIFF,
OFD, DOC/WPS (compound files) and DOCX; everything else is refused, whatever its name or
declared type. Only staff of an organ working on the matter add files; every addition and
every download is written to the audit trail.

A file is written to a temporary file in the target directory, flushed and fsync'ed, then
renamed into place (atomic on POSIX) and the directory fsync'ed, so a crash leaves either the
whole file or none. Files are stored under ``VAR_DIR/attachments/<aa>/<sha256>``: the same
content is stored once, and a path never comes from a user's file name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from xinfang.audit.services import actor_label, audit_record
from xinfang.workflow import act_time

from .choices import AttachmentKind
from .models import Attachment, Matter
from .services.common import assert_member_of_one, record_plain

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
NAME_MAX = 255


def max_bytes() -> int:
    """The size limit (``XINFANG_ATTACHMENT_MAX_BYTES``, 20 MiB by default)."""
    return int(getattr(settings, "XINFANG_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def attachments_root() -> Path:
    return Path(settings.VAR_DIR) / "attachments"


#: What a download is served as, by kind (a kind no longer accepted is served as bytes).
CONTENT_TYPES: dict[str, str] = {
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.JPEG: "image/jpeg",
    AttachmentKind.PNG: "image/png",
    AttachmentKind.TIFF: "image/tiff",
    AttachmentKind.OFD: "application/ofd",
    AttachmentKind.DOC: "application/msword",
    AttachmentKind.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}

#: A PDF's end-of-file marker must lie within this many bytes of the end (as readers expect).
PDF_TAIL = 1024

#: Markup that makes a browser (or a careless viewer) take bytes for a web page. Compressed
#: PDF streams do not spell them out; an uncompressed page that quotes HTML would be refused.
_HTML_MARKERS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<iframe")

_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")


def content_type(kind: str) -> str:
    """The media type a download of this kind is served as."""
    return CONTENT_TYPES.get(kind, "application/octet-stream")


def _has_html(data: bytes) -> bool:
    lowered = data.lower()
    return any(marker in lowered for marker in _HTML_MARKERS)


def _is_pdf(data: bytes) -> bool:
    """A PDF: the header with a version, ``%%EOF`` near the end, and no HTML anywhere (a
    ``%PDF-`` line followed by a web page is not a PDF)."""
    return (
        re.match(rb"%PDF-[12]\.\d", data) is not None
        and b"%%EOF" in data[-PDF_TAIL:]
        and not _has_html(data)
    )


def _is_ole2(data: bytes) -> bool:
    """A compound file (DOC, and WPS of Kingsoft Office): the signature, a whole header
    sector and the little-endian byte-order mark."""
    return data.startswith(_OLE2) and len(data) >= 512 and data[28:30] == b"\xfe\xff"


def _zip_kind(data: bytes) -> str | None:
    """OFD (GB/T 33190: ``OFD.xml`` at the root) or DOCX (``[Content_Types].xml`` and
    ``word/``); the archive is only listed, never extracted."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "OFD.xml" in names:
        return AttachmentKind.OFD
    if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
        return AttachmentKind.DOCX
    return None


def detect_kind(data: bytes) -> str | None:
    """The attachment kind from the content (magic bytes), or None when not accepted.

    Accepted: PDF, JPEG, PNG, TIFF, OFD, DOC/WPS, DOCX. Anything else is refused, plain text
    and HTML included, whatever the file is called.
    """
    if data.startswith(b"%PDF-"):
        return AttachmentKind.PDF if _is_pdf(data) else None
    if data.startswith(b"\xff\xd8\xff"):
        return AttachmentKind.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentKind.PNG
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return AttachmentKind.TIFF
    if _is_ole2(data):
        return AttachmentKind.DOC
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def _read_limited(source: bytes | IO[bytes], limit: int) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    data = source.read(limit + 1)
    return bytes(data)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, fsync and rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def allowed_kinds_message() -> str:
    """The refusal of a file of another type, naming the accepted ones."""
    return _("只接受 PDF、JPEG、PNG、TIFF、OFD 格式和 DOC、DOCX、WPS 文档。")


def too_large_message(limit: int) -> str:
    return _("附件不能超过 %(mib)s MiB（%(limit)d 字节）。") % {
        "mib": f"{limit / (1024 * 1024):g}",
        "limit": limit,
    }


def clean_filename(filename: str) -> str:
    """The name as shown and offered on download: the last path part, without control
    characters, at most 255 characters; ``file`` when nothing is left."""
    base = os.path.basename((filename or "").replace("\\", "/"))
    kept = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return kept.strip()[:NAME_MAX] or "file"


def attachment_add(
    *,
    matter: Matter,
    filename: str,
    data: bytes | IO[bytes],
    actor: Any,
    at: dt.datetime | None = None,
) -> Attachment:
    """Store a file for the matter and record it (event and audit in one transaction).

    A signed-in user adds files only as staff of an organ working on the matter (the
    registering, handling or current organ; ``PermissionDenied`` otherwise, logged). Refused
    (``ValidationError``) when empty, larger than the limit (code ``too_large``), or of a type
    not recognised from its bytes (code ``file_type``; see ``detect_kind``).
    """
    moment, _today = act_time(at)
    assert_member_of_one(
        actor,
        matter,
        {matter.registering_organ_id, matter.handling_organ_id, matter.current_organ_id},
        action="matter.attachment_add",
        message=_("只有办理该信访事项的机关可以添加附件。"),
    )
    limit = max_bytes()
    content = _read_limited(data, limit)
    name = clean_filename(filename)
    if not content:
        raise ValidationError({"file": ValidationError(_("文件为空。"), code="empty")})
    if len(content) > limit:
        raise ValidationError({"file": ValidationError(too_large_message(limit), code="too_large")})
    kind = detect_kind(content)
    if kind is None:
        raise ValidationError({"file": ValidationError(allowed_kinds_message(), code="file_type")})
    digest = hashlib.sha256(content).hexdigest()
    relative = f"{digest[:2]}/{digest}"
    target = attachments_root() / relative
    if not target.exists():
        write_atomically(target, content)
    with transaction.atomic():
        attachment = Attachment.objects.create(
            matter=matter,
            original_name=name,
            kind=kind,
            size=len(content),
            sha256=digest,
            storage_path=relative,
            uploaded_at=moment,
            uploaded_by=actor_label(actor),
        )
        record_plain(
            matter,
            at=moment,
            actor=actor,
            organ=None,
            action="attachment_added",
            details={"attachment": attachment.pk, "kind": kind, "size": len(content)},
        )
    return attachment


def attachment_record_download(*, attachment: Attachment, actor: Any) -> None:
    """Log a download: who took which file of which matter (files carry personal data)."""
    audit_record(
        actor=actor,
        action="matter.attachment_downloaded",
        target=attachment,
        details={
            "matter": attachment.matter_id,
            "kind": attachment.kind,
            "size": attachment.size,
            "sha256": attachment.sha256,
        },
    )


def matter_attachments(*, matter: Matter) -> list[Attachment]:
    """The files of a matter the caller has already read through the access chokepoint."""
    return list(Attachment.objects.filter(matter_id=matter.pk).order_by("uploaded_at", "id"))


def attachment_of_matter(*, matter: Matter, attachment_id: int) -> Attachment:
    """One file of a matter the caller has already read; ``Http404`` for any other id."""
    attachment = Attachment.objects.filter(pk=attachment_id, matter_id=matter.pk).first()
    if attachment is None:
        raise Http404(_("未找到。"))
    return attachment


def attachment_path(attachment: Attachment) -> Path:
    """Where the attachment's bytes are (for a view that streams them after access checks)."""
    return attachments_root() / attachment.storage_path


#: The name endings a download keeps, by kind; any other name gets the first one appended,
#: so a file saved from the browser opens as what it is (a PNG named ``a.html`` is saved as
#: ``a.html.png``).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    AttachmentKind.PDF: (".pdf",),
    AttachmentKind.JPEG: (".jpg", ".jpeg"),
    AttachmentKind.PNG: (".png",),
    AttachmentKind.TIFF: (".tif", ".tiff"),
    AttachmentKind.OFD: (".ofd",),
    AttachmentKind.DOC: (".doc", ".wps", ".dot", ".wpt", ".xls", ".et", ".ppt", ".dps"),
    AttachmentKind.DOCX: (".docx",),
    AttachmentKind.XLSX: (".xlsx",),
    AttachmentKind.TXT: (".txt",),
}


def download_name(attachment: Attachment) -> str:
    """The file name a download is offered under: the uploaded name, ending as its kind."""
    name = clean_filename(attachment.original_name)
    endings = EXTENSIONS.get(attachment.kind, ())
    if endings and not name.lower().endswith(endings):
        name = f"{name}{endings[0]}"
    return name


def content_disposition(attachment: Attachment) -> str:
    """``attachment`` with an ASCII ``filename`` and the real name as ``filename*``
    (RFC 6266, RFC 5987): never a quote, a backslash or a line break from the user."""
    name = download_name(attachment)
    if re.fullmatch(r"[A-Za-z0-9._ ()+-]+", name):
        fallback = name
    else:
        endings = EXTENSIONS.get(attachment.kind, ("",))
        suffix = os.path.splitext(name)[1].lower()
        fallback = f"attachment-{attachment.pk}{suffix if suffix in endings else endings[0]}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment_file_response(attachment: Attachment) -> FileResponse:
    """The file streamed as a download, never shown in the browser (the caller has checked
    access and recorded the download). ``Http404`` when the bytes are missing (logged)."""
    try:
        handle = attachment_path(attachment).open("rb")
    except FileNotFoundError:
        logger.error("attachment %s: stored file missing", attachment.pk)
        raise Http404(_("未找到。")) from None
    response = FileResponse(handle, content_type=content_type(attachment.kind))
    response["Content-Disposition"] = content_disposition(attachment)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    # Opened by itself anyway (a typed address), the file runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
