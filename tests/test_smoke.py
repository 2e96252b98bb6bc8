"""The project starts: settings load and the login page answers in Chinese."""

import pytest


@pytest.mark.django_db
def test_login_page_answers_in_chinese(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()
