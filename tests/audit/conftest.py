"""Fixtures shared by the security tests: the world of organs and accounts, a client per account."""

from __future__ import annotations

from typing import Any

import pytest

from tests.access.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(client: Any) -> Any:
    """Log the test client in as an account (no password round trip, no axes)."""

    def login(user: Any) -> Any:
        client.force_login(user, backend="xinfang.access.backends.ModelBackend")
        return client

    return login
