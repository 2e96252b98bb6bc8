"""Errors of the rules core: each one says, in Chinese and English, which rule refused."""

from __future__ import annotations

from .basis import Basis


class RulesError(ValueError):
    """Base of every refusal by the rules core; ``str()`` is one line, Chinese then English."""

    def __init__(self, message_zh: str, message_en: str, *, basis: tuple[Basis, ...] = ()) -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        self.basis = basis
        super().__init__(self.message)

    @property
    def message(self) -> str:
        cited = f" ({'、'.join(str(b) for b in self.basis)})" if self.basis else ""
        return f"{self.message_zh} / {self.message_en}{cited}"


class ProfileError(RulesError):
    """An unknown profile, an unknown period, or a profile file that is not well formed."""


class DeadlineError(RulesError):
    """A deadline that cannot be computed as asked (e.g. an extension over the limit)."""
