"""The navigation's “待办” for an account that serves in no organ (the system administrator):
a page that says why there is no queue and where to go, never a 404 (issue 18's first finding)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="xinfang.access.backends.ModelBackend")
    return client


def test_the_administrator_is_told_why_he_has_no_queue_and_sent_to_the_admin_site():
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    page = signed_in(admin).get(reverse("web:matter_queue"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "您目前没有在任何机构任职" in body
    assert reverse("admin:index") in body


def test_an_account_without_a_position_is_told_so_without_the_admin_link():
    user = UserFactory(username="nobody")
    page = signed_in(user).get(reverse("web:matter_queue"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "您目前没有在任何机构任职" in body
    assert reverse("admin:index") not in body


def test_asking_for_an_organ_still_goes_through_the_chokepoint():
    user = UserFactory(username="nobody2")
    assert signed_in(user).get(reverse("web:matter_queue"), {"organ": "999999"}).status_code == 404


def test_the_page_is_english_in_english():
    user = UserFactory(username="nobody3")
    client = signed_in(user)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("web:matter_queue")).content.decode()
    assert "You hold no position in any organ" in body
