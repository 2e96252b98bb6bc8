"""The files on a matter's page: the list with download links for its readers, the upload
form for the organs working on it, refusals on the form, downloads as attachments, and 404 for
anyone out of scope or accused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.petitions.matters import attachment_files as files
from tests.petitions.matters.factories import ACTOR
from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.attachments import attachment_add
from xinfang.petitions.matters.models import Attachment, Matter

from .conftest import Pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


def post_file(pages: Pages, name: str, matter: Matter, data: bytes, filename: str) -> Any:
    return pages.client(name).post(
        f"/matters/{matter.pk}/attachments/",
        {"attachment-file": SimpleUploadedFile(filename, data)},
    )


def test_a_file_is_uploaded_from_the_matter_page_and_listed(pages: Pages) -> None:
    matter = pages.mw.register()
    response = post_file(pages, "po_clerk", matter, files.PDF, "收费单.pdf")
    assert response.status_code == 302
    assert response["Location"] == f"/matters/{matter.pk}/#attachments-heading"
    attachment = Attachment.objects.get(matter=matter)
    page = pages.client("po_clerk").get(f"/matters/{matter.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert (
        f'href="/matters/{matter.pk}/attachments/{attachment.pk}/" download>收费单.pdf</a>' in page
    )


def test_html_named_pdf_is_refused_on_the_form_with_the_allowed_types(pages: Pages) -> None:
    matter = pages.mw.register()
    for data in (files.HTML, files.PDF_THEN_HTML):
        response = post_file(pages, "po_clerk", matter, data, "证据.pdf")
        assert response.status_code == 200
        page = response.content.decode()
        message = "只接受 PDF、JPEG、PNG、TIFF、OFD 格式和 DOC、DOCX、WPS 文档。"
        assert f'<p class="field-error">{message}</p>' in page
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_gets_a_clear_form_error(pages: Pages, settings: Any) -> None:
    settings.XINFANG_ATTACHMENT_MAX_BYTES = 32
    matter = pages.mw.register()
    response = post_file(pages, "po_clerk", matter, files.PDF, "证据.pdf")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<p class="field-error">附件不能超过 ' in page
    assert "（32 字节）。</p>" in page
    assert not Attachment.objects.exists()


def test_the_form_and_its_errors_are_in_english_too(pages: Pages) -> None:
    matter = pages.mw.register()
    client = pages.client("po_clerk")
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/matters/{matter.pk}/attachments/",
        {"attachment-file": SimpleUploadedFile("a.pdf", files.TEXT)},
    )
    page = response.content.decode()
    assert ">Attachments</h2>" in page
    assert "Upload attachment" in page
    assert "at most 20 MiB." in page
    assert (
        "Only PDF, JPEG, PNG, TIFF and OFD files and DOC, DOCX and WPS documents are accepted."
    ) in page


def test_a_download_from_the_page_is_an_attachment_and_is_audited(pages: Pages) -> None:
    matter = pages.mw.register()
    attachment = attachment_add(matter=matter, filename="照片", data=files.JPEG, actor=ACTOR)
    response = pages.client("po_clerk").get(f"/matters/{matter.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == (
        f'attachment; filename="attachment-{attachment.pk}.jpg"; '
        "filename*=UTF-8''%E7%85%A7%E7%89%87.jpg"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="matter.attachment_downloaded")
    assert entry.object_id == str(attachment.pk)
    assert entry.actor.endswith(":po_clerk")


def test_out_of_scope_and_the_accused_unit_get_not_found(pages: Pages) -> None:
    plain = pages.mw.register()
    accusing = pages.mw.register(accused_organs=[pages.mw.district_housing])
    for matter, name in ((plain, "other_staff"), (accusing, "housing_staff")):
        attachment = attachment_add(matter=matter, filename="a.pdf", data=files.PDF, actor=ACTOR)
        client = pages.client(name)
        assert client.get(f"/matters/{matter.pk}/attachments/{attachment.pk}/").status_code == 404
        assert post_file(pages, name, matter, files.PDF, "b.pdf").status_code == 404
    assert Attachment.objects.count() == 2
    assert not AuditEntry.objects.filter(action="matter.attachment_downloaded").exists()
    reasons = list(
        AuditEntry.objects.filter(action="access.denied")
        .order_by("seq")
        .values_list("details__reason", flat=True)
    )
    assert reasons == ["out_of_scope", "out_of_scope", "accused_unit", "accused_unit"]


def test_a_reader_not_working_on_the_matter_sees_the_files_but_no_upload_form(
    pages: Pages,
) -> None:
    matter = pages.mw.register()
    attachment_add(matter=matter, filename="a.pdf", data=files.PDF, actor=ACTOR)
    page = pages.client("district_gov").get(f"/matters/{matter.pk}/").content.decode()
    assert "a.pdf</a>" in page
    assert 'id="attachment-form"' not in page
    response = post_file(pages, "district_gov", matter, files.PDF, "b.pdf")
    assert "<p>只有办理该信访事项的机关可以添加附件。</p>" in response.content.decode()
    assert Attachment.objects.count() == 1
