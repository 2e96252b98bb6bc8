"""Attachments: type from the bytes, size limit, written through a temporary file and a rename."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from xinfang.petitions.matters import attachments
from xinfang.petitions.matters.attachments import attachment_add, attachment_path, detect_kind

from .factories import ACTOR, MatterWorld

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


@pytest.fixture
def var_dir(settings, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (office("docx"), "docx"),
        (office("xlsx"), "xlsx"),
        ("信访材料：收费明细".encode(), "txt"),
        ("信访材料".encode("gb18030"), "txt"),
    ],
)
def test_kind_comes_from_the_bytes(data: bytes, kind: str) -> None:
    assert detect_kind(data) == kind


@pytest.mark.parametrize(
    "data",
    [b"MZ\x90\x00\x03\x00\x00\x00", b"PK\x03\x04not a zip", b"\x00\x01\x02binary", b""],
)
def test_other_kinds_are_not_recognised(data: bytes) -> None:
    assert detect_kind(data) is None


def test_attachment_is_stored_by_its_hash(mw: MatterWorld, var_dir: Path) -> None:
    m = mw.register()
    attachment = attachment_add(matter=m, filename="../../证据.pdf", data=PDF, actor=ACTOR)
    digest = hashlib.sha256(PDF).hexdigest()
    assert (attachment.kind, attachment.size, attachment.sha256) == ("pdf", len(PDF), digest)
    assert attachment.original_name == "证据.pdf"
    path = attachment_path(attachment)
    assert path == var_dir / "attachments" / digest[:2] / digest
    assert path.read_bytes() == PDF
    assert not list(path.parent.glob(".tmp-*"))
    assert m.events.order_by("-id").first().action == "attachment_added"


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(mw: MatterWorld, var_dir: Path) -> None:
    m = mw.register()
    with pytest.raises(ValidationError) as info:
        attachment_add(matter=m, filename="a.pdf", data=b"MZ\x90\x00evil", actor=ACTOR)
    assert info.value.message_dict["file"] == ["只接受 PDF、JPEG、PNG、DOCX、XLSX 和纯文本文件。"]
    assert not (var_dir / "attachments").exists()


def test_a_file_over_the_limit_is_refused(mw: MatterWorld, var_dir: Path, settings) -> None:
    settings.XINFANG_ATTACHMENT_MAX_BYTES = 16
    m = mw.register()
    with pytest.raises(ValidationError) as info:
        attachment_add(matter=m, filename="a.pdf", data=io.BytesIO(PDF), actor=ACTOR)
    assert info.value.error_dict["file"][0].code == "too_large"
    assert not (var_dir / "attachments").exists()


def test_a_failed_write_leaves_no_partial_file(mw: MatterWorld, var_dir: Path, monkeypatch) -> None:
    m = mw.register()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(attachments.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        attachment_add(matter=m, filename="a.pdf", data=PDF, actor=ACTOR)
    stored = list((var_dir / "attachments").rglob("*"))
    assert [p for p in stored if p.is_file()] == []
    assert not m.attachments.exists()
