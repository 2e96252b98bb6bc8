"""Idempotent intake: a replayed request gets the original response and creates nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..errors import IdempotencyConflict
from ..models import IdempotencyKey

KEY_MAX = 200


def intake_idempotent(
    *,
    key: str,
    body_hash: str,
    create: Callable[[], dict[str, Any]],
    scope: str = "",
) -> tuple[dict[str, Any], bool]:
    """Run ``create`` once per ``(scope, key)``; returns ``(response, replayed)``.

    The same key with the same ``body_hash`` returns the stored response (``replayed`` True)
    without calling ``create``; with another body it raises ``IdempotencyConflict`` (the API
    answers 422). ``create`` runs in the same transaction as the key is stored, so a failed
    creation leaves no key behind and a concurrent replay waits for the first to commit.
    ``scope`` separates clients (e.g. the account id).
    """
    key = (key or "").strip()
    if not key or len(key) > KEY_MAX:
        raise ValidationError(
            {"key": ValidationError(_("幂等键应为 1 到 200 个字符。"), code="invalid")}
        )
    for _attempt in range(2):
        existing = IdempotencyKey.objects.filter(scope=scope, key=key).first()
        if existing is not None:
            if existing.body_hash != body_hash:
                raise IdempotencyConflict()
            return existing.response, True
        try:
            with transaction.atomic():
                response = create()
                IdempotencyKey.objects.create(
                    scope=scope, key=key, body_hash=body_hash, response=response
                )
            return response, False
        except IntegrityError:
            # Another request stored the key between our read and our insert: read it again.
            continue
    raise IdempotencyConflict()
