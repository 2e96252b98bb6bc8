"""Login, home and organ pages: Chinese first, English beside it, hierarchy on show."""

import datetime
import re

import pytest

from tests.factories import TEST_PASSWORD, PositionFactory, UserFactory
from xinfang.orgs.choices import PositionKind

pytestmark = pytest.mark.django_db


def sign_in(client, username="district_clerk"):
    response = client.post("/login/", {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content.decode()
    return response


def test_login_page_is_in_chinese(client):
    html = client.get("/login/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录" in html
    assert "用户名" in html
    assert "密码" in html


def test_pages_carry_no_inline_script_or_style(client):
    response = client.get("/login/")
    html = response.content.decode()
    assert "<script" not in html
    assert "style=" not in html
    assert "<style" not in html
    assert "/static/web/xinfang.css" in html
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_home_page_needs_a_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_wrong_password_is_refused(client, clerk):
    response = client.post("/login/", {"username": "district_clerk", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_home_shows_the_user_organ_and_its_place_in_the_hierarchy(client, clerk, registry):
    sign_in(client)
    response = client.get("/")
    html = response.content.decode()
    assert "陈晓东" in html
    # The organ, its kind, applicability, level and region code.
    assert "重庆市渝中区人民政府" in html
    assert "行政机关" in html
    assert "区县级" in html
    assert "500103" in html
    assert "badge-full" in html
    # Its chain of parents (breadcrumb) and its children.
    breadcrumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert "重庆市人民政府" in breadcrumb
    # The city government is outside the clerk's scope: named, but no dead link to a 404.
    assert f'href="/organs/{registry["city"].pk}/"' not in breadcrumb
    assert "重庆市渝中区信访办公室" in html
    assert "重庆市渝中区解放碑街道办事处" in html
    assert f'href="/organs/{registry["office"].pk}/"' in html
    assert "班子其他成员（副区长）" in html
    # Logging out is a POST form.
    assert re.search(r'<form class="logout" action="/logout/" method="post">', html)


def test_a_user_without_positions_sees_a_notice(client):
    UserFactory(username="nobody")
    sign_in(client, "nobody")
    assert "您的账号尚未关联任何机构的职位。" in client.get("/").content.decode()


def test_the_language_switches_to_english(client, clerk):
    sign_in(client)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Administrative organ" in html
    assert "District or county" in html
    assert "Subordinate organs" in html
    assert "Sign out" in html
    assert "行政机关" not in html
    assert html.count("Under the Chongqing Implementing Rules") == 1
    # And back to Chinese.
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-hans">' in client.get("/").content.decode()


def test_the_login_page_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    html = client.get("/login/").content.decode()
    assert "Sign in" in html
    assert "Username" in html


def test_logout_is_post_only(client, clerk):
    sign_in(client)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_organ_page_shows_hierarchy_and_leadership(client, clerk, registry):
    PositionFactory(
        organ=registry["office"],
        kind=PositionKind.PRINCIPAL_LEADER,
        title="主任",
        start=datetime.date(2021, 6, 1),
    )
    sign_in(client)
    html = client.get(f"/organs/{registry['office'].pk}/").content.decode()
    assert "<h1>重庆市渝中区信访办公室" in html
    assert "重庆市人民政府" in html
    assert "重庆市渝中区人民政府" in html
    assert "主要负责人" in html
    assert "主任" in html
    assert "信访部门" in html


def test_organ_page_marks_enterprises_by_reference(client, clerk, registry):
    sign_in(client)
    html = client.get(f"/organs/{registry['enterprise'].pk}/").content.decode()
    assert "参照执行" in html
    assert "badge-reference" in html
    assert "国有和国有控股企业" in html


def test_unknown_organ_is_not_found(client, clerk):
    sign_in(client)
    assert client.get("/organs/987654321/").status_code == 404


def test_organ_page_needs_a_login(client, registry):
    response = client.get(f"/organs/{registry['city'].pk}/")
    assert response.status_code == 302


def test_a_browser_set_to_english_still_gets_chinese_first(client):
    """zh-hans is the default: Accept-Language alone does not switch the interface."""
    html = client.get("/login/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录" in html


def test_the_chosen_language_does_not_outlive_its_request(client):
    """After an English page, code running next in the same thread speaks Chinese again."""
    from django.utils import translation

    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "Sign in" in client.get("/login/").content.decode()
    assert translation.get_language() == "zh-hans"
