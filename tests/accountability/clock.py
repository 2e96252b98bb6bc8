"""Let time pass in a test: everything that asks ``timezone.now()`` (and so ``localdate()``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.utils import timezone


@contextmanager
def days_later(monkeypatch: pytest.MonkeyPatch, days: int) -> Iterator[None]:
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + dt.timedelta(days=days))
    try:
        yield
    finally:
        monkeypatch.setattr(timezone, "now", real_now)
