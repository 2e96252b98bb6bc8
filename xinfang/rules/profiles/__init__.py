"""Regulation profiles: versioned data files with effective dates (细则第二十条).

Each ``*.toml`` file here is one profile: its statutory periods (days, day basis, source),
the counting rule, the citations the procedure applies, and the organ-measures mapping of
细则第十二条. :func:`profile_in_force` picks the newest profile in force on a date, so a matter
is judged by the rules in force when the act happened.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..basis import RULES, Basis, Ruling, pending_default
from ..errors import ProfileError
from ..sanctions import Harm, OrganMeasure


class DayBasis(StrEnum):
    """Whether a period counts calendar days or working days."""

    CALENDAR = "calendar"
    WORKING = "working"


@dataclass(frozen=True, slots=True)
class PeriodRule:
    """One statutory period of a profile."""

    name: str
    title_zh: str
    title_en: str
    days: int
    day_basis: DayBasis
    source: tuple[Basis, ...]
    extension_limit: int = 0
    extension_source: tuple[Basis, ...] = ()

    @property
    def extendable(self) -> bool:
        return self.extension_limit > 0


class DutyUnit(StrEnum):
    """What a duty setting counts."""

    HOURS = "hours"  # a report deadline from the moment something was known
    DAYS = "days"  # calendar days
    PER_YEAR = "per_year"  # how often a duty is to be done in a year (a norm)
    COUNT = "count"  # a threshold (how many matters make a warning)


@dataclass(frozen=True, slots=True)
class DutySetting:
    """A value of the responsibility system the seed does not fix (细则第四条、第六条至第八条
    say *that* a duty is done, not how fast or how often): a report deadline, a norm, a
    threshold. ``policy`` marks a value set by the municipal petition office, which interprets
    the rules (细则第十九条), until it determines another; ``source`` cites the duty it
    measures and the power that sets it. A per-organ setting, where the organ has one,
    prevails over the profile's value (``xinfang.duties.selectors.duty_setting``)."""

    name: str
    title_zh: str
    title_en: str
    value: int
    unit: DutyUnit
    source: tuple[Basis, ...]
    policy: bool = True


@dataclass(frozen=True, eq=False)
class Profile:
    """A regulation profile as read from its data file."""

    name: str
    title_zh: str
    title_en: str
    effective: dt.date
    procedure_regulation: str
    source: tuple[Basis, ...]
    citations_verified: bool
    notes: str
    counting_source: tuple[Basis, ...]
    periods: Mapping[str, PeriodRule]
    procedure_basis: Mapping[str, tuple[Basis, ...]]
    collective_representatives_limit: int
    organ_measures: Mapping[Harm, tuple[OrganMeasure, ...]]
    organ_measures_source: tuple[Basis, ...]
    duties: Mapping[str, DutySetting] = field(default_factory=lambda: MappingProxyType({}))

    def duty(self, name: str) -> DutySetting:
        """The named duty setting, or :class:`ProfileError` naming the settings there are."""
        try:
            return self.duties[name]
        except KeyError:
            known = ", ".join(self.duties)
            raise ProfileError(
                f"配置“{self.name}”没有职责设置“{name}”",
                f"profile {self.name!r} has no duty setting {name!r} (known: {known})",
            ) from None

    def period(self, name: str) -> PeriodRule:
        """The named period, or :class:`ProfileError` naming the periods there are."""
        try:
            return self.periods[name]
        except KeyError:
            known = ", ".join(self.periods)
            raise ProfileError(
                f"配置“{self.name}”没有期间“{name}”",
                f"profile {self.name!r} has no period {name!r} (known: {known})",
            ) from None

    def basis_for(self, rule: str) -> tuple[Basis, ...]:
        """The citations the profile gives for a procedural rule (empty when none)."""
        return self.procedure_basis.get(rule, ())

    def citations(self) -> frozenset[Basis]:
        """Every citation the profile gives."""
        found: set[Basis] = {*self.source, *self.counting_source, *self.organ_measures_source}
        for period in self.periods.values():
            found.update(period.source, period.extension_source)
        for bases in self.procedure_basis.values():
            found.update(bases)
        for setting in self.duties.values():
            found.update(setting.source)
        return frozenset(found)


def _bases(raw: Any, where: str) -> tuple[Basis, ...]:
    if not isinstance(raw, list):
        raise ProfileError(f"{where} 应为引用列表", f"{where} must be a list of citations")
    out: list[Basis] = []
    for entry in raw:
        if not isinstance(entry, dict) or "document" not in entry or "article" not in entry:
            raise ProfileError(f"{where} 引用格式错误", f"{where}: malformed citation {entry!r}")
        out.append(
            Basis(
                str(entry["document"]),
                int(entry["article"]),
                entry.get("clause"),
                entry.get("item"),
            )
        )
    return tuple(out)


def _period(name: str, raw: dict[str, Any], profile: str) -> PeriodRule:
    where = f"{profile}.periods.{name}"
    days = raw.get("days")
    if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
        raise ProfileError(f"{where}.days 应为正整数", f"{where}.days must be a positive integer")
    limit = raw.get("extension_limit", 0)
    if not isinstance(limit, int) or limit < 0:
        raise ProfileError(f"{where}.extension_limit 无效", f"{where}.extension_limit is invalid")
    return PeriodRule(
        name=name,
        title_zh=str(raw.get("title_zh", name)),
        title_en=str(raw.get("title_en", name)),
        days=days,
        day_basis=DayBasis(raw.get("day_basis", "calendar")),
        source=_bases(raw.get("source", []), f"{where}.source"),
        extension_limit=limit,
        extension_source=_bases(raw.get("extension_source", []), f"{where}.extension_source"),
    )


def _duty(name: str, raw: dict[str, Any], profile: str) -> DutySetting:
    where = f"{profile}.duties.{name}"
    value = raw.get("value")
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ProfileError(f"{where}.value 应为正整数", f"{where}.value must be a positive integer")
    try:
        unit = DutyUnit(raw.get("unit", ""))
    except ValueError:
        known = ", ".join(DutyUnit)
        raise ProfileError(f"{where}.unit 无效", f"{where}.unit must be one of {known}") from None
    return DutySetting(
        name=name,
        title_zh=str(raw.get("title_zh", name)),
        title_en=str(raw.get("title_en", name)),
        value=value,
        unit=unit,
        source=_bases(raw.get("source", []), f"{where}.source"),
        policy=bool(raw.get("policy", True)),
    )


def parse_profile(data: Mapping[str, Any]) -> Profile:
    """A :class:`Profile` from the parsed TOML document (validated)."""
    name = data.get("name")
    effective = data.get("effective")
    if not isinstance(name, str) or not name:
        raise ProfileError("配置缺少名称", "a profile needs a name")
    if not isinstance(effective, dt.date):
        raise ProfileError(f"配置“{name}”缺少施行日期", f"profile {name!r} needs an effective date")
    periods = {
        period_name: _period(period_name, raw, name)
        for period_name, raw in data.get("periods", {}).items()
    }
    organ = dict(data.get("organ_measures", {}))
    organ_source = _bases(organ.pop("source", []), f"{name}.organ_measures.source")
    try:
        organ_measures = {
            Harm(harm): tuple(OrganMeasure(m) for m in measures) for harm, measures in organ.items()
        }
    except ValueError as exc:
        raise ProfileError(f"配置“{name}”机关措施无效", f"{name}.organ_measures: {exc}") from None
    missing = [h.value for h in Harm if h not in organ_measures]
    if missing:
        raise ProfileError(
            f"配置“{name}”机关措施缺少 {missing}", f"{name}.organ_measures lacks {missing}"
        )
    counting = data.get("counting", {})
    procedure = data.get("procedure", {})
    return Profile(
        name=name,
        title_zh=str(data.get("title_zh", name)),
        title_en=str(data.get("title_en", name)),
        effective=effective,
        procedure_regulation=str(data.get("procedure_regulation", "")),
        source=_bases(data.get("source", []), f"{name}.source"),
        citations_verified=bool(data.get("citations_verified", False)),
        notes=str(data.get("notes", "")),
        counting_source=_bases(counting.get("source", []), f"{name}.counting.source"),
        periods=MappingProxyType(periods),
        procedure_basis=MappingProxyType(
            {
                rule: _bases(raw, f"{name}.procedure_basis.{rule}")
                for rule, raw in data.get("procedure_basis", {}).items()
            }
        ),
        collective_representatives_limit=int(procedure.get("collective_representatives_limit", 5)),
        organ_measures=MappingProxyType(organ_measures),
        organ_measures_source=organ_source,
        duties=MappingProxyType(
            {key: _duty(key, raw, name) for key, raw in data.get("duties", {}).items()}
        ),
    )


@cache
def _all_profiles() -> tuple[Profile, ...]:
    found: list[Profile] = []
    for entry in resources.files(__name__).iterdir():
        if entry.name.endswith(".toml"):
            found.append(parse_profile(tomllib.loads(entry.read_text(encoding="utf-8"))))
    return tuple(sorted(found, key=lambda p: p.effective))


def available_profiles() -> tuple[str, ...]:
    """The names of the packaged profiles, oldest first."""
    return tuple(p.name for p in _all_profiles())


def load_profile(name: str) -> Profile:
    """The packaged profile called ``name``, or :class:`ProfileError`."""
    for profile in _all_profiles():
        if profile.name == name:
            return profile
    raise ProfileError(
        f"未知的法规配置“{name}”",
        f"unknown profile {name!r} (known: {', '.join(available_profiles())})",
    )


@cache
def unverified_citations() -> frozenset[str]:
    """Citations given only by profiles whose ``citations_verified`` is false.

    tests/legal/test_citations.py proves a profile's citations against the law texts before
    it may say ``citations_verified = true``; until then its citations are shown as unverified
    (未核对) wherever they are printed, unless a verified profile gives the same citation.
    """
    verified: set[str] = set()
    unverified: set[str] = set()
    for profile in _all_profiles():
        target = verified if profile.citations_verified else unverified
        target.update(str(b) for b in profile.citations())
    return frozenset(unverified - verified)


def earliest_effective() -> dt.date:
    """The day the oldest packaged profile took effect: nothing earlier is governed here."""
    return _all_profiles()[0].effective


def profile_in_force(on: dt.date) -> Profile:
    """The newest profile whose effective date is on or before ``on``."""
    in_force = [p for p in _all_profiles() if p.effective <= on]
    if not in_force:
        first = _all_profiles()[0].effective.isoformat()
        raise ProfileError(
            f"{on.isoformat()} 早于最早的法规配置施行日期 {first}",
            f"{on.isoformat()} is before the earliest profile ({first})",
        )
    return in_force[-1]


# ---------------------------------------------------------------------------------------------
# Determinations of the municipal petition office (细则第十九条), layered over a profile


@dataclass(frozen=True, slots=True)
class PeriodOverride:
    """A period length the municipal petition office has set, with the ruling that sets it."""

    period: str
    days: int
    day_basis: DayBasis
    ruling: Ruling


def is_office_period(rule: PeriodRule) -> bool:
    """Whether the period's length is the office's to set: its source cites 细则第十九条.

    Such a length is in no law text (docs/rules.md); a statutory period cannot be changed by
    an interpretation.
    """
    return any(b.document == RULES and b.article == 19 and b.clause is None for b in rule.source)


def with_determinations(profile: Profile, overrides: tuple[PeriodOverride, ...] = ()) -> Profile:
    """``profile`` with the office's period determinations in force applied (细则第十九条).

    A period set by the office takes the determination's days and day basis and cites its
    document number; a period of the office that no determination sets keeps the shipped
    length and is labelled ``系统默认，待市信访办确定``. Overrides of statutory periods, or of
    periods the profile does not have, are refused as :class:`ProfileError`.
    """
    by_period = {o.period: o for o in overrides}
    periods: dict[str, PeriodRule] = {}
    for name, rule in profile.periods.items():
        override = by_period.pop(name, None)
        if not is_office_period(rule):
            if override is not None:
                raise ProfileError(
                    f"期间“{name}”由法规规定，市信访办的确定不能改变其期限",
                    f"period {name!r} of {profile.name!r} is statutory; "
                    "a determination cannot set it",
                )
            periods[name] = rule
        elif override is None:
            periods[name] = replace(rule, source=(*rule.source, pending_default()))
        else:
            periods[name] = replace(
                rule,
                days=override.days,
                day_basis=override.day_basis,
                source=(*rule.source, override.ruling),
            )
    if by_period:
        raise ProfileError(
            f"配置“{profile.name}”没有期间 {sorted(by_period)}",
            f"profile {profile.name!r} has no period {sorted(by_period)}",
        )
    return replace(profile, periods=MappingProxyType(periods))
