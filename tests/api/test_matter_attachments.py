"""Files of a matter over the API: upload by the organs on the matter, list and download by its
readers; the type from the bytes, the size limit as 413, downloads never rendered in the browser,
everything audited; out of scope and the accused unit get 404.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.test_matters_api import Api, account
from tests.petitions.matters import attachment_files as files
from tests.petitions.matters.factories import build_matter_world
from xinfang.audit.models import AuditEntry
from xinfang.orgs.choices import PositionKind
from xinfang.petitions.matters.models import Attachment
from xinfang.petitions.matters.services import forget_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(db: None, settings: Any, tmp_path: Path) -> Api:
    settings.VAR_DIR = tmp_path
    forget_calendar()
    mw = build_matter_world()
    users = {
        "po_clerk": account("po_clerk", mw.district_po),
        "housing_staff": account("housing_staff", mw.district_housing),
        "district_gov": account("district_gov", mw.district, PositionKind.TEAM_MEMBER),
        "other_staff": account("other_staff", mw.other_housing),
    }
    return Api(mw=mw, users=users)


def upload(api: Api, name: str, matter_id: int, data: bytes, filename: str = "证据.pdf") -> Any:
    return api.client(name).post(
        f"/api/matters/{matter_id}/attachments",
        {"file": SimpleUploadedFile(filename, data, content_type="application/pdf")},
    )


def uploaded(api: Api, matter_id: int, data: bytes = files.PDF, name: str = "证据.pdf") -> int:
    response = upload(api, "po_clerk", matter_id, data, name)
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(("data", "kind"), files.ACCEPTED)
def test_each_accepted_type_is_uploaded_and_listed(api: Api, data: bytes, kind: str) -> None:
    matter_id = api.register()["id"]
    response = upload(api, "po_clerk", matter_id, data, "材料")
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == kind
    listed = api.get("po_clerk", f"/api/matters/{matter_id}/attachments").json()["items"]
    assert [(row["name"], row["kind"], row["size"]) for row in listed] == [
        ("材料", kind, len(data))
    ]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(files.HTML, id="html-named-pdf"),
        pytest.param(files.PDF_THEN_HTML, id="pdf-header-then-html"),
        pytest.param(files.TEXT, id="plain-text"),
        pytest.param(files.XLSX, id="xlsx"),
    ],
)
def test_a_file_whose_bytes_are_not_an_accepted_type_is_refused_with_422(
    api: Api, data: bytes
) -> None:
    matter_id = api.register()["id"]
    response = upload(api, "po_clerk", matter_id, data, "证据.pdf")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "file_type"
    assert body["message"] == "只接受 PDF、JPEG、PNG、TIFF、OFD 格式和 DOC、DOCX、WPS 文档。"
    assert body["fields"] == {"file": [body["message"]]}
    assert not Attachment.objects.exists()


def test_the_refusal_of_a_file_type_names_the_allowed_types_in_english(api: Api) -> None:
    matter_id = api.register()["id"]
    client = api.client("po_clerk")
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/api/matters/{matter_id}/attachments",
        {"file": SimpleUploadedFile("a.pdf", files.HTML)},
    )
    assert response.status_code == 422
    assert response.json()["message"] == (
        "Only PDF, JPEG, PNG, TIFF and OFD files and DOC, DOCX and WPS documents are accepted."
    )


def test_a_file_over_the_limit_is_refused_with_413_too_large(api: Api, settings: Any) -> None:
    settings.XINFANG_ATTACHMENT_MAX_BYTES = 32
    matter_id = api.register()["id"]
    response = upload(api, "po_clerk", matter_id, files.PDF)
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "too_large"
    assert "32" in body["message"]
    assert not Attachment.objects.exists()


def test_the_default_limit_is_20_mib(api: Api) -> None:
    matter_id = api.register()["id"]
    big = files.PDF[:-6] + b"\x00" * (20 * 1024 * 1024) + b"%%EOF\n"
    response = upload(api, "po_clerk", matter_id, big)
    assert response.status_code == 413
    assert response.json()["message"] == "附件不能超过 20 MiB（20971520 字节）。"


def test_an_empty_file_is_refused_with_422(api: Api) -> None:
    matter_id = api.register()["id"]
    response = upload(api, "po_clerk", matter_id, b"")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_a_download_is_an_attachment_never_sniffed_nor_cached(api: Api) -> None:
    matter_id = api.register()["id"]
    attachment_id = uploaded(api, matter_id, name="收费单.pdf")
    response = api.get("po_clerk", f"/api/matters/{matter_id}/attachments/{attachment_id}")
    assert response.status_code == 200
    assert response.streaming
    assert body_of(response) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="attachment-{attachment_id}.pdf"; '
        "filename*=UTF-8''%E6%94%B6%E8%B4%B9%E5%8D%95.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_download_name_ends_as_what_the_file_is(api: Api) -> None:
    matter_id = api.register()["id"]
    attachment_id = uploaded(api, matter_id, data=files.PNG, name="page.html")
    response = api.get("po_clerk", f"/api/matters/{matter_id}/attachments/{attachment_id}")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"page.html.png\"; filename*=UTF-8''page.html.png"
    )


def test_upload_and_download_are_audited(api: Api) -> None:
    matter_id = api.register()["id"]
    attachment_id = uploaded(api, matter_id)
    clerk = api.users["po_clerk"]
    added = AuditEntry.objects.get(action="matter.attachment_added")
    assert (added.actor, added.object_id) == (f"user:{clerk.pk}:po_clerk", str(matter_id))
    assert added.details["attachment"] == attachment_id
    body_of(api.get("po_clerk", f"/api/matters/{matter_id}/attachments/{attachment_id}"))
    taken = AuditEntry.objects.get(action="matter.attachment_downloaded")
    assert (taken.actor, taken.object_type, taken.object_id) == (
        f"user:{clerk.pk}:po_clerk",
        "petitions.attachment",
        str(attachment_id),
    )
    assert taken.details["matter"] == matter_id


def test_out_of_scope_looks_like_not_found(api: Api) -> None:
    matter_id = api.register()["id"]
    attachment_id = uploaded(api, matter_id)
    client = api.client("other_staff")
    assert client.get(f"/api/matters/{matter_id}/attachments").status_code == 404
    download = client.get(f"/api/matters/{matter_id}/attachments/{attachment_id}")
    assert download.status_code == 404
    assert download.json()["code"] == "not_found"
    assert upload(api, "other_staff", matter_id, files.PDF).status_code == 404
    assert Attachment.objects.count() == 1
    assert not AuditEntry.objects.filter(action="matter.attachment_downloaded").exists()
    denial = AuditEntry.objects.filter(action="access.denied").latest("seq")
    assert denial.details["reason"] == "out_of_scope"


def test_the_accused_unit_gets_not_found(api: Api) -> None:
    matter_id = api.register(accused_organ_ids=[api.mw.district_housing.pk])["id"]
    attachment_id = uploaded(api, matter_id)
    client = api.client("housing_staff")
    assert client.get(f"/api/matters/{matter_id}/attachments").status_code == 404
    download = client.get(f"/api/matters/{matter_id}/attachments/{attachment_id}")
    assert download.status_code == 404
    denial = AuditEntry.objects.filter(action="access.denied").latest("seq")
    assert denial.details == {"reason": "accused_unit", "attempted": "matter.attachment_download"}


def test_a_reader_whose_organ_does_not_work_on_the_matter_may_not_upload(api: Api) -> None:
    matter_id = api.register()["id"]
    attachment_id = uploaded(api, matter_id)
    # The district government reads the matters of its petition office ...
    listed = api.get("district_gov", f"/api/matters/{matter_id}/attachments")
    assert [row["id"] for row in listed.json()["items"]] == [attachment_id]
    # ... but adds files only through the organ working on it.
    response = upload(api, "district_gov", matter_id, files.PDF)
    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "只有办理该信访事项的机关可以添加附件。",
    }
    assert Attachment.objects.count() == 1


def test_an_attachment_of_another_matter_is_not_found(api: Api) -> None:
    first = api.register()["id"]
    attachment_id = uploaded(api, first)
    second = api.register(summary="另一件事")["id"]
    response = api.get("po_clerk", f"/api/matters/{second}/attachments/{attachment_id}")
    assert response.status_code == 404


def test_an_upload_needs_the_csrf_token_and_succeeds_with_it(api: Api) -> None:
    matter_id = api.register()["id"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(api.users["po_clerk"], backend="xinfang.access.backends.ModelBackend")
    url = f"/api/matters/{matter_id}/attachments"
    refused = client.post(url, {"file": SimpleUploadedFile("a.pdf", files.PDF)})
    assert refused.status_code == 403
    client.get("/api/docs")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        url, {"file": SimpleUploadedFile("a.pdf", files.PDF)}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201, response.content
    assert Attachment.objects.count() == 1
