"""Fixtures of the accountability tests: the small world and a logged-in client per account."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from .factories import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(db: None) -> Any:
    """A separate client logged in as the account (no password round trip, no axes)."""
    clients: dict[int, Client] = {}

    def login(user: Any, *, fresh: bool = False) -> Client:
        if fresh or user.pk not in clients:
            client = Client()
            client.force_login(user, backend="xinfang.access.backends.ModelBackend")
            clients[user.pk] = client
        return clients[user.pk]

    return login
