"""A refusal by the procedure or the rules, as opposed to bad input.

Bad input (a field missing, a date in the future, a choice that does not exist) is Django's
``ValidationError``: the client corrects the request and sends it again (HTTP 422). A refusal
says the step cannot be taken now whatever the input: the lead is no longer open, the
recommendation has been sent, the decision is already recorded (HTTP 409, with the rule's code
and, where one applies, its citation). ``Refused`` is a ``ValidationError`` so that pages that
show a service's errors next to the form keep showing it unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from xinfang.rules.basis import Basis, basis_strings


class Refused(ValidationError):
    """The procedure or the rules refuse the step. ``code`` is stable (``lead_not_open``,
    ``case_not_open``, ...); ``basis`` cites the rule when one applies."""

    def __init__(self, message: Any, *, code: str, basis: Iterable[Basis] = ()) -> None:
        super().__init__(message, code=code)
        self.basis = tuple(basis)

    @property
    def basis_strings(self) -> list[str]:
        return basis_strings(self.basis)
