"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

#: Where matters are only ever written through the services: after every test there, the
#: counters by organ and state must agree with the matters (``counts.counts_drift``).
COUNTED = tuple(Path(__file__).parent / name for name in ("petitions", "api", "web"))


@pytest.fixture(autouse=True)
def counters_agree_with_matters(request: pytest.FixtureRequest) -> Iterator[None]:
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        n in names for n in ("transactional_db", "live_server")
    )
    in_scope = any(Path(str(request.node.path)).is_relative_to(p) for p in COUNTED)
    if not in_scope or transactional or ("db" not in names and marker is None):
        yield
        return
    request.getfixturevalue("db")
    yield
    from xinfang.petitions.matters.counts import counts_drift

    assert counts_drift() == [], "the counters by organ and state disagree with the matters"
