"""Checks the inputs of the incident and staff report steps share (``ValidationError`` by
field, Chinese first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

Errors = dict[str, list[ValidationError]]


def required(errors: Errors, field: str, value: str, limit: int = 5000) -> str:
    text = (value or "").strip()
    if not text:
        errors.setdefault(field, []).append(ValidationError(_("必填。"), code="required"))
    elif len(text) > limit:
        errors.setdefault(field, []).append(
            ValidationError(_("不能超过 %(n)s 个字符。") % {"n": limit}, code="max_length")
        )
    return text


def moment(errors: Errors, field: str, value: dt.datetime | None) -> dt.datetime | None:
    """An aware time not in the future."""
    if value is None:
        errors.setdefault(field, []).append(ValidationError(_("必填。"), code="required"))
        return None
    if timezone.is_naive(value):
        errors.setdefault(field, []).append(
            ValidationError(_("应为带时区的日期时间。"), code="naive")
        )
        return None
    if value > timezone.now():
        errors.setdefault(field, []).append(ValidationError(_("不能晚于现在。"), code="future"))
    return value


def choice(errors: Errors, field: str, value: str, choices: Iterable[str]) -> str:
    if value not in set(choices):
        errors.setdefault(field, []).append(ValidationError(_("不是可选的值。"), code="invalid"))
    return value


def raise_errors(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class NoteInput:
    """A note, required: how an incident's handling ended, a leader's opinion on a report."""

    note: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        errors: Errors = {}
        note = required(errors, "note", self.note)
        raise_errors(errors)
        return {"note": note}
