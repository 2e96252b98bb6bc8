"""The whole demo, loaded as ``xinfang demo`` loads it, once per test module that imports
``demo_fixture`` (the fixture ``demo``); and a client per demo login."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from xinfang.demo.orgs import load_demo


@pytest.fixture(scope="module", name="demo")
def demo_fixture(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The registry, then every step of ``xinfang demo``; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        for step in settings.XINFANG_DEMO_STEPS:
            call_command(step, stdout=None)
        yield
        transaction.set_rollback(True)


def client_of(username: str, language: str = "zh-hans") -> Client:
    client = Client()
    client.force_login(
        get_user_model().objects.get(username=username),
        backend="xinfang.access.backends.ModelBackend",
    )
    client.cookies["django_language"] = language
    return client
