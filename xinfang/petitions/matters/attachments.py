"""Attachments of matters: recognised by their first bytes, size-limited, written safely.

A file is written to a temporary file in the target directory, flushed and fsync'ed, then
renamed into place (atomic on POSIX) and the directory fsync'ed, so a crash leaves either the
whole file or none. Files are stored under ``VAR_DIR/attachments/<aa>/<sha256>``: the same
content is stored once, and a path never comes from a user's file name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xinfang.audit.services import actor_label

from .choices import AttachmentKind
from .models import Attachment, Matter
from .services.common import act_time, record_plain

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
NAME_MAX = 255


def max_bytes() -> int:
    """The size limit (``XINFANG_ATTACHMENT_MAX_BYTES``, 20 MiB by default)."""
    return int(getattr(settings, "XINFANG_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def attachments_root() -> Path:
    return Path(settings.VAR_DIR) / "attachments"


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return AttachmentKind.DOCX
    if any(name.startswith("xl/") for name in names):
        return AttachmentKind.XLSX
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def detect_kind(data: bytes) -> str | None:
    """The attachment kind from the content (magic bytes), or None when not accepted."""
    if data.startswith(b"%PDF-"):
        return AttachmentKind.PDF
    if data.startswith(b"\xff\xd8\xff"):
        return AttachmentKind.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentKind.PNG
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data and _is_text(data):
        return AttachmentKind.TXT
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


def attachment_add(
    *,
    matter: Matter,
    filename: str,
    data: bytes | IO[bytes],
    actor: Any,
    at: dt.datetime | None = None,
) -> Attachment:
    """Store a file for the matter and record it (event and audit in one transaction).

    Refused (``ValidationError``) when empty, larger than the limit, or of a type not
    recognised from its bytes (PDF, JPEG, PNG, DOCX, XLSX, plain text).
    """
    moment, _today = act_time(at)
    limit = max_bytes()
    content = _read_limited(data, limit)
    name = os.path.basename((filename or "").replace("\\", "/")).strip()[:NAME_MAX] or "file"
    if not content:
        raise ValidationError({"file": ValidationError(_("文件为空。"), code="empty")})
    if len(content) > limit:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("文件不能超过 %(limit)d 字节。"), code="too_large", params={"limit": limit}
                )
            }
        )
    kind = detect_kind(content)
    if kind is None:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("只接受 PDF、JPEG、PNG、DOCX、XLSX 和纯文本文件。"), code="file_type"
                )
            }
        )
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


def attachment_path(attachment: Attachment) -> Path:
    """Where the attachment's bytes are (for a view that streams them after access checks)."""
    return attachments_root() / attachment.storage_path
