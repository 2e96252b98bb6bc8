"""Named readings: the questions of interpretation the municipal petition office may settle.

细则第十九条: “本细则具体解释工作由市信访办承担”. Where the rules leave a question open, the rules
core decides it one way by default and lists the point for judgement; a determination of the
office (a *reading*, key and value, with its document number) settles it instead, and the
decision cites that document. Each reading here names its key, the values it may take, the
default the core applies without one, and the articles it interprets.
"""

from __future__ import annotations

from dataclasses import dataclass

from .basis import RULES, Basis, Ruling, rules


@dataclass(frozen=True, slots=True)
class ReadingSpec:
    """A question the office may settle: its key, the values allowed, the default."""

    key: str
    values: tuple[str, ...]
    default: str
    title_zh: str
    title_en: str
    interprets: tuple[Basis, ...]


#: 危害程度与影响程度不在同一档次 (serious harm with minor impact, …): 细则第十四条、第十五条 join
#: harm and impact with 以及 (“危害严重以及影响重大”, “危害特别严重以及影响特别重大”), so the core
#: applies the lower tier and lists the point (``mixed_finding``); the office may settle it.
MIXED_FINDING = ReadingSpec(
    key="mixed_finding",
    values=("lower", "higher"),
    default="lower",
    title_zh="危害程度与影响程度不在同一档次时适用较低档次（lower）或较高档次（higher）",
    title_en=(
        "harm and impact at different levels: the lower tier (lower) or the higher tier (higher)"
    ),
    interprets=(rules(13), rules(14), rules(15)),
)

READINGS: dict[str, ReadingSpec] = {spec.key: spec for spec in (MIXED_FINDING,)}


@dataclass(frozen=True, slots=True)
class Reading:
    """A reading in force: the office's value for ``key``, by the document ``document``."""

    key: str
    value: str
    document: str

    @property
    def ruling(self) -> Ruling:
        """The citation of the determination: its document number (细则第十九条)."""
        return Ruling(RULES, 19, number=self.document)


def reading_problem(key: str, value: str) -> tuple[str, str] | None:
    """Why ``key`` = ``value`` is not a reading the office may set (Chinese, English), or None."""
    spec = READINGS.get(key)
    if spec is None:
        known = ", ".join(READINGS)
        return (
            f"未知的解释事项 {key!r}，可确定的有：{known}",
            f"unknown reading {key!r}; the readings are: {known}",
        )
    if value not in spec.values:
        allowed = ", ".join(spec.values)
        return (
            f"未知取值 {value!r}，应为 {allowed}",
            f"unknown value {value!r}; expected {allowed}",
        )
    return None
