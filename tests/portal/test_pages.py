"""The portal's pages, without sign-in: submit with errors next to their fields and nothing
typed lost, the receipt with the code, progress by code (never in the address), rating and
review forms; the login page links the portal."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.petitions.matters.attachment_files import HTML, PDF
from xinfang.petitions.matters.models import Attachment, Matter

from .conftest import handle_to_conclusion, identity

pytestmark = pytest.mark.django_db


def form_data(mw, **overrides):
    data = {
        **identity(),
        "district": "500103",
        "township": "500103001",
        "category": str(mw.property_fees.pk),
        "summary": "物业多收费",
        "content": "小区物业多收电梯维修费，请求责令退还。",
    }
    data.update(overrides)
    return data


def submit(client, mw, **overrides):
    return client.post("/portal/submit/", form_data(mw, **overrides))


def test_the_index_and_the_form_need_no_sign_in(client, mw) -> None:
    assert client.get("/portal/").status_code == 200
    page = client.get("/portal/submit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "渝中区" in html and "解放碑街道" in html
    assert "<optgroup" in html  # categories and townships grouped


def test_the_login_page_links_the_portal(client, db) -> None:
    assert 'href="/portal/"' in client.get("/login/").content.decode()


def test_submit_then_receipt_with_the_query_code(client, mw) -> None:
    upload = SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf")
    response = client.post("/portal/submit/", {**form_data(mw), "attachments": [upload]})
    assert response.status_code == 302
    assert response["Location"] == "/portal/receipt/"
    matter = Matter.objects.get()
    assert matter.channel == "online" and matter.region_code == "500103001"
    assert Attachment.objects.filter(matter=matter).count() == 1
    receipt = client.get("/portal/receipt/").content.decode()
    assert matter.query_code in receipt
    assert "渝中区信访办" in receipt
    assert matter.query_code not in response["Location"]


def test_errors_stand_next_to_their_fields_and_nothing_typed_is_lost(client, mw) -> None:
    number = identity()["id_number"]
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    upload = SimpleUploadedFile("x.pdf", HTML, content_type="application/pdf")
    response = client.post(
        "/portal/submit/",
        {**form_data(mw, id_number=wrong, township="500105001"), "attachments": [upload]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_id_number-error"' in html and "校验码" in html
    assert 'id="id_township-error"' in html
    assert 'value="张三"' in html and "小区物业多收电梯维修费" in html
    assert f'value="{wrong}"' in html
    assert not Matter.objects.exists()


def test_a_bad_attachment_is_told_at_the_attachments_field(client, mw) -> None:
    upload = SimpleUploadedFile("x.pdf", HTML, content_type="application/pdf")
    response = client.post("/portal/submit/", {**form_data(mw), "attachments": [upload]})
    html = response.content.decode()
    assert 'id="id_attachments-error"' in html
    assert 'id="files-lost"' in html
    assert not Matter.objects.exists()


def test_progress_by_code_in_the_body_then_in_the_session(client, mw) -> None:
    submit(client, mw)
    matter = Matter.objects.get()
    other = client.__class__()
    page = other.post("/portal/progress/", {"code": matter.query_code.lower()})
    assert page.status_code == 302 and page["Location"] == "/portal/progress/"
    html = other.get("/portal/progress/").content.decode()
    assert 'data-action="register"' in html
    assert "渝中区信访办" in html
    assert "张三" not in html and "13800138000" not in html


def test_an_unknown_code_is_told_and_counted(client, mw, settings) -> None:
    settings.XINFANG_PUBLIC_LOOKUP_LIMIT = 2
    for _ in range(2):
        assert client.post("/portal/progress/", {"code": "NOPE"}).status_code == 200
    refused = client.post("/portal/progress/", {"code": "NOPE"})
    assert refused.status_code == 429 and "Retry-After" in refused


def concluded_in_session(client, mw) -> Matter:
    submit(client, mw)
    return handle_to_conclusion(mw, Matter.objects.get())


def test_rate_once_from_the_portal(client, mw) -> None:
    matter = concluded_in_session(client, mw)
    page = client.get("/portal/progress/").content.decode()
    assert 'id="link-rate"' in page and "经查，物业公司多收电梯维修费属实。" in page
    assert client.get("/portal/rate/").status_code == 200
    done = client.post("/portal/rate/", {"rating": "basically_satisfied"})
    assert done.status_code == 302
    matter.refresh_from_db()
    assert (matter.satisfaction, matter.satisfaction_source) == ("basically_satisfied", "portal")
    again = client.post("/portal/rate/", {"rating": "dissatisfied"})
    assert again.status_code == 200
    matter.refresh_from_db()
    assert matter.satisfaction == "basically_satisfied"
    assert "基本满意" in client.get("/portal/progress/").content.decode()


def test_request_a_review_from_the_portal(client, mw) -> None:
    matter = concluded_in_session(client, mw)
    page = client.get("/portal/review/").content.decode()
    assert "渝中区人民政府" in page  # the organ above the handling department
    assert "信访条例(2005)第三十四条" in page or "信访工作条例(2022)第三十五条" in page
    empty = client.post("/portal/review/", {"reason": ""})
    assert empty.status_code == 200
    done = client.post("/portal/review/", {"reason": "处理意见未退还全部费用。"})
    assert done.status_code == 302
    matter.refresh_from_db()
    assert matter.state == "review_requested" and matter.current_organ == mw.district


def test_rate_and_review_without_a_code_go_to_the_lookup(client, db) -> None:
    assert client.get("/portal/rate/")["Location"] == "/portal/progress/"
    assert client.get("/portal/review/")["Location"] == "/portal/progress/"
    assert client.get("/portal/receipt/")["Location"] == "/portal/"


def test_the_old_lookup_page_still_works(client, mw) -> None:
    submit(client, mw)
    matter = Matter.objects.get()
    page = client.post("/query/", {"code": matter.query_code})
    assert page.status_code == 200 and 'id="public-state"' in page.content.decode()


def test_the_same_form_sent_twice_registers_once(client, mw) -> None:
    first = submit(client, mw)
    again = submit(client, mw)
    assert first.status_code == again.status_code == 302
    assert Matter.objects.count() == 1
    assert Matter.objects.get().query_code in client.get("/portal/receipt/").content.decode()
