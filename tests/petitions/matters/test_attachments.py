"""Attachments: type from the bytes, size limit, written through a temporary file and a rename."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PersonFactory, PositionFactory, UserFactory
from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters import attachments
from xinfang.petitions.matters.attachments import attachment_add, attachment_path, detect_kind

from . import attachment_files as files
from .factories import ACTOR, MatterWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.mark.parametrize(("data", "kind"), files.ACCEPTED)
def test_kind_comes_from_the_bytes(data: bytes, kind: str) -> None:
    assert detect_kind(data) == kind


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(files.HTML, id="html"),
        pytest.param(files.PDF_THEN_HTML, id="pdf-header-then-html"),
        pytest.param(files.PDF_WITHOUT_END, id="pdf-without-eof"),
        pytest.param(files.TEXT, id="plain-text"),
        pytest.param("信访材料".encode("gb18030"), id="gb18030-text"),
        pytest.param(files.XLSX, id="xlsx"),
        pytest.param(files.archive("index.html"), id="zip-of-html"),
        pytest.param(files.OLE2[:100], id="truncated-compound-file"),
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00", id="executable"),
        pytest.param(b"PK\x03\x04not a zip", id="broken-zip"),
        pytest.param(b"\x00\x01\x02binary", id="binary"),
        pytest.param(b"", id="empty"),
    ],
)
def test_other_kinds_are_not_recognised(data: bytes) -> None:
    assert detect_kind(data) is None


def test_attachment_is_stored_by_its_hash(mw: MatterWorld, var_dir: Path) -> None:
    m = mw.register()
    attachment = attachment_add(matter=m, filename="../../证据.pdf", data=files.PDF, actor=ACTOR)
    digest = hashlib.sha256(files.PDF).hexdigest()
    assert (attachment.kind, attachment.size, attachment.sha256) == ("pdf", len(files.PDF), digest)
    assert attachment.original_name == "证据.pdf"
    path = attachment_path(attachment)
    assert path == var_dir / "attachments" / digest[:2] / digest
    assert path.read_bytes() == files.PDF
    assert not list(path.parent.glob(".tmp-*"))
    assert m.events.order_by("-id").first().action == "attachment_added"


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(mw: MatterWorld, var_dir: Path) -> None:
    m = mw.register()
    with pytest.raises(ValidationError) as info:
        attachment_add(matter=m, filename="a.pdf", data=b"MZ\x90\x00evil", actor=ACTOR)
    assert info.value.message_dict["file"] == [
        "只接受 PDF、JPEG、PNG、TIFF、OFD 格式和 DOC、DOCX、WPS 文档。"
    ]
    assert not (var_dir / "attachments").exists()


def test_a_file_over_the_limit_is_refused(mw: MatterWorld, var_dir: Path, settings) -> None:
    settings.XINFANG_ATTACHMENT_MAX_BYTES = 16
    m = mw.register()
    with pytest.raises(ValidationError) as info:
        attachment_add(matter=m, filename="a.pdf", data=io.BytesIO(files.PDF), actor=ACTOR)
    assert info.value.error_dict["file"][0].code == "too_large"
    assert not (var_dir / "attachments").exists()


def test_a_failed_write_leaves_no_partial_file(mw: MatterWorld, var_dir: Path, monkeypatch) -> None:
    m = mw.register()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(attachments.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        attachment_add(matter=m, filename="a.pdf", data=files.PDF, actor=ACTOR)
    stored = list((var_dir / "attachments").rglob("*"))
    assert [p for p in stored if p.is_file()] == []
    assert not m.attachments.exists()


def test_html_named_pdf_is_refused_and_nothing_is_stored(mw: MatterWorld, var_dir: Path) -> None:
    m = mw.register()
    for data in (files.HTML, files.PDF_THEN_HTML):
        with pytest.raises(ValidationError) as info:
            attachment_add(matter=m, filename="证据.pdf", data=data, actor=ACTOR)
        assert info.value.error_dict["file"][0].code == "file_type"
    assert not (var_dir / "attachments").exists()
    assert not m.attachments.exists()


def test_control_characters_are_dropped_from_the_name(mw: MatterWorld, var_dir: Path) -> None:
    m = mw.register()
    attachment = attachment_add(
        matter=m, filename='C:\\材料\\收费\r\n"单".pdf', data=files.PDF, actor=ACTOR
    )
    assert attachment.original_name == '收费"单".pdf'


def test_staff_of_an_organ_not_working_on_the_matter_may_not_add(
    mw: MatterWorld, var_dir: Path
) -> None:
    m = mw.register()
    outsider = UserFactory(username="outsider")
    person = PersonFactory(name="外区人员", user=outsider)
    PositionFactory(person=person, organ=mw.other_housing, start=dt.date(2015, 1, 1))
    with pytest.raises(PermissionDenied):
        attachment_add(matter=m, filename="a.pdf", data=files.PDF, actor=outsider)
    assert not m.attachments.exists()
    assert not (var_dir / "attachments").exists()
    denial = AuditEntry.objects.filter(action="access.denied").latest("seq")
    assert denial.details == {"reason": "not_own_organ", "attempted": "matter.attachment_add"}


def test_the_download_header_never_carries_a_quote_or_a_line_break(
    mw: MatterWorld, var_dir: Path
) -> None:
    m = mw.register()
    attachment = attachment_add(matter=m, filename="x.pdf", data=files.PDF, actor=ACTOR)
    attachment.original_name = '收费"单"\r\n; filename=evil.html'
    header = attachments.content_disposition(attachment)
    assert header == (
        f'attachment; filename="attachment-{attachment.pk}.pdf"; '
        "filename*=UTF-8''%E6%94%B6%E8%B4%B9%22%E5%8D%95%22%3B%20filename%3Devil.html.pdf"
    )
