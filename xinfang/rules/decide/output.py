"""The recommendation and its parts, with the public JSON shape (docs/rules.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..basis import Basis, basis_strings
from ..responsibility import Responsibility, Role
from ..sanctions import OrganizationalOption, OrganMeasure, PersonMeasure, ReferralTarget


@dataclass(frozen=True, slots=True)
class PersonOutcome:
    id: str
    role: Role
    responsibility: Responsibility
    tier: int
    measures: tuple[PersonMeasure, ...]
    rectification: bool
    basis: tuple[Basis, ...]
    options: tuple[OrganizationalOption, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "responsibility": self.responsibility.value,
            "tier": self.tier,
            "measures": [m.value for m in self.measures],
            "rectification": self.rectification,
            "basis": basis_strings(self.basis),
            "role": self.role.value,
        }
        if self.options:
            out["options"] = [o.value for o in self.options]
        return out


@dataclass(frozen=True, slots=True)
class Referral:
    person: str
    to: ReferralTarget
    basis: tuple[Basis, ...]

    def to_json(self) -> dict[str, Any]:
        return {"person": self.person, "to": self.to.value, "basis": basis_strings(self.basis)}


@dataclass(frozen=True, slots=True)
class Judgement:
    """A point the software cannot settle; a person with management authority decides."""

    code: str
    point: str
    basis: tuple[Basis, ...]
    person: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "point": self.point,
            "basis": basis_strings(self.basis),
            "code": self.code,
        }
        if self.person is not None:
            out["person"] = self.person
        return out


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What the rules recommend; the managing authority decides (细则第十七条)."""

    accountable: bool
    basis: tuple[Basis, ...]
    organ_id: str
    organ_measures: tuple[OrganMeasure, ...]
    organ_basis: tuple[Basis, ...]
    people: tuple[PersonOutcome, ...]
    honour_year: int | None
    honour_basis: tuple[Basis, ...]
    referrals: tuple[Referral, ...]
    notify: tuple[str, ...]
    needs_judgement: tuple[Judgement, ...]
    profile: str
    decided_on: dt.date
    honour_region: str | None = None
    honour_note: str = ""

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape of ``xinfang decide`` (docs/rules.md)."""
        honour: dict[str, Any] | None = None
        if self.honour_year is not None:
            honour = {
                "organ": self.organ_id,
                "year": self.honour_year,
                "basis": basis_strings(self.honour_basis),
            }
            if self.honour_region is not None:
                honour["region"] = self.honour_region
            if self.honour_note:
                honour["note"] = self.honour_note
        return {
            "accountable": self.accountable,
            "basis": basis_strings(self.basis),
            "organ": {
                "id": self.organ_id,
                "measures": [m.value for m in self.organ_measures],
                "basis": basis_strings(self.organ_basis),
            },
            "people": [p.to_json() for p in self.people],
            "honour_disqualification": honour,
            "referrals": [r.to_json() for r in self.referrals],
            "notify": list(self.notify),
            "needs_judgement": [j.to_json() for j in self.needs_judgement],
            "profile": self.profile,
            "decided_on": self.decided_on.isoformat(),
        }
