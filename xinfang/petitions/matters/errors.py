"""The one refusal of the matter services: a rule code and a message in Chinese and English.

The API answers it as ``{"code": ..., "message": ...}``. Bad input (a missing field, a value out
of range) is Django's ``ValidationError`` instead.
"""

from __future__ import annotations

from django.utils import translation

from xinfang.rules.basis import Basis, basis_strings
from xinfang.rules.citing import citation_in
from xinfang.rules.errors import RulesError


class MatterRefused(Exception):
    """The procedure, the access rules or an idempotency key refuse the step.

    ``code`` is stable (``not_allowed_from_state``, ``routing_to_accused_unit``, ...);
    ``message_zh`` and ``message_en`` say why; ``basis`` cites the rule.
    """

    def __init__(
        self, code: str, message_zh: str, message_en: str, *, basis: tuple[Basis, ...] = ()
    ) -> None:
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.basis = basis
        super().__init__(f"{code}: {message_zh} / {message_en}")

    @classmethod
    def from_rules(cls, exc: RulesError) -> MatterRefused:
        """Wrap a refusal of the rules core (``TransitionRefused``, ``DeadlineError``)."""
        code = getattr(exc, "rule", "") or type(exc).__name__
        return cls(code, exc.message_zh, exc.message_en, basis=exc.basis)

    @property
    def message(self) -> str:
        """The message in the active language (Chinese unless English is active)."""
        language = translation.get_language() or "zh-hans"
        if language.startswith("en"):
            # The rules word a refusal as a clause; shown alone it starts a sentence.
            return self.message_en[:1].upper() + self.message_en[1:]
        return self.message_zh

    @property
    def basis_strings(self) -> list[str]:
        return basis_strings(self.basis)

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "basis": self.basis_strings}


class IdempotencyConflict(MatterRefused):
    """The same ``Idempotency-Key`` came back with a different request body (HTTP 422)."""

    def __init__(self) -> None:
        super().__init__(
            "idempotency_key_reused",
            "幂等键已用于内容不同的请求",
            "this Idempotency-Key was used with a different request body",
        )


def refusal_message(exc: MatterRefused) -> str:
    """The refusal in the active language, with the rule it rests on."""
    basis = exc.basis_strings
    if not basis:
        return exc.message
    language = translation.get_language() or "zh-hans"
    if language.startswith("en"):
        return f"{exc.message} ({'; '.join(citation_in(b, english=True) for b in basis)})"
    return f"{exc.message}（{'、'.join(basis)}）"
