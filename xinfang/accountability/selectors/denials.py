"""How a chokepoint refuses: a 404 that looks like "not found", logged as
``access.denied``."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from xinfang.access.choices import DenialReason
from xinfang.access.policy import log_denial


def _denied(user: Any, model: type[Any], record_id: Any, action: str) -> Http404:
    pk = _pk(record_id)
    exists = pk is not None and model._default_manager.filter(pk=pk).exists()
    log_denial(
        user,
        object_type=model._meta.label_lower,
        object_id=record_id,
        reason=DenialReason.OUT_OF_SCOPE if exists else DenialReason.NOT_FOUND,
        action=action,
    )
    return Http404(_("未找到。"))


def _pk(record_id: Any) -> int | None:
    try:
        return int(record_id)
    except (TypeError, ValueError):
        return None
