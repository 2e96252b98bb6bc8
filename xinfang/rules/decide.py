"""The whole recommendation of an accountability case (``xinfang decide``).

:func:`parse_facts` validates the JSON facts (raising :class:`FactsError` naming the field),
:func:`decide` applies 细则第十一条至第十八条 and returns a frozen :class:`Recommendation`, and
:meth:`Recommendation.to_json` gives the public shape documented in docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from .basis import Basis, basis_strings, rules
from .errors import ProfileError, RulesError
from .grounds import ground
from .profiles import Profile, load_profile, profile_in_force
from .readings import MIXED_FINDING, READINGS, Reading, reading_problem
from .responsibility import (
    Conduct,
    Responsibility,
    ResponsibilityKind,
    Role,
    allocate,
    paragraph_for,
)
from .sanctions import (
    TIER_MEASURES,
    TIER_RECTIFICATION,
    Harm,
    Impact,
    OrganizationalOption,
    OrganMeasure,
    PersonMeasure,
    PriorMeasure,
    ReferralTarget,
    person_tier,
    settle_mixed,
)

E = TypeVar("E", bound=StrEnum)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TOP_FIELDS = {
    "decided_on",
    "grounds",
    "threshold_met",
    "harm",
    "impact",
    "responsibility",
    "organ",
    "people",
    "prior_measures",
    "discipline_warranted",
    "suspected_crime",
    "profile",
    "supervising_leader_unclear",
    "readings",
}
_PERSON_FIELDS = {"id", "role", "participated", "objected", "diligent", "responsibility"}
_PRIOR_FIELDS = {"person", "measure", "rectification_due", "rectified", "same_target"}
_ORGAN_FIELDS = {"id", "region"}
_READING_FIELDS = {"value", "document"}
_PARAGRAPHS = (ResponsibilityKind.COLLECTIVE, ResponsibilityKind.INDIVIDUAL)
_PRIOR_MEASURES = (PersonMeasure.CIRCULATED_NOTICE, PersonMeasure.ADMONISHMENT)


class FactsError(RulesError):
    """Invalid facts; ``field`` names the offending field (e.g. ``people[1].role``)."""

    def __init__(self, field: str, message_zh: str, message_en: str) -> None:
        self.field = field
        super().__init__(f"{field}：{message_zh}", f"{field}: {message_en}")


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    conduct: Conduct
    # In a ``both`` case, the sentence of 第十一条第二款 the facts name for this person (else
    # the one their role implies).
    kind: ResponsibilityKind | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """The validated facts of one case."""

    decided_on: dt.date
    grounds: tuple[int, ...]
    threshold_met: bool
    harm: Harm
    impact: Impact
    responsibility: ResponsibilityKind
    organ_id: str
    people: tuple[Person, ...]
    prior_measures: tuple[PriorMeasure, ...] = ()
    discipline_warranted: frozenset[str] = frozenset()
    suspected_crime: frozenset[str] = frozenset()
    profile: str | None = None
    # The region whose party committee or government the organ is (细则第十四条: 该地区).
    region_id: str | None = None
    # The registry cannot tell whose portfolio covers the failed work (直接主管的负责人).
    supervising_leader_unclear: bool = False
    # The municipal petition office's readings in force (细则第十九条), by key.
    readings: tuple[Reading, ...] = ()

    def reading(self, key: str) -> Reading | None:
        """The office's reading of ``key`` in force, or None (the core's default applies)."""
        return next((r for r in self.readings if r.key == key), None)


# --- parsing -------------------------------------------------------------------------------


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise FactsError(where, "缺少该字段", "missing")
    return data[key]


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise FactsError(where, "应为 true 或 false", f"must be true or false, not {value!r}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FactsError(where, "应为非空字符串", f"must be a non-empty string, not {value!r}")
    return value


def _date(value: Any, where: str) -> dt.date:
    if not isinstance(value, str) or not _DATE.match(value):
        raise FactsError(
            where, "日期格式应为 YYYY-MM-DD", f"must be a date YYYY-MM-DD, not {value!r}"
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FactsError(where, "不是有效日期", f"is not a valid date: {value!r}") from None


def _choice(kind: type[E], value: Any, where: str, allowed: tuple[E, ...] | None = None) -> E:
    options = allowed or tuple(kind)
    names = ", ".join(o.value for o in options)
    if isinstance(value, str):
        for option in options:
            if option.value == value:
                return option
    raise FactsError(
        where, f"未知取值 {value!r}，应为 {names}", f"unknown value {value!r}; expected {names}"
    )


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise FactsError(where, "应为数组", f"must be a list, not {type(value).__name__}")
    return value


def _object(value: Any, where: str, fields: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise FactsError(
            where or "facts", "应为对象", f"must be an object, not {type(value).__name__}"
        )
    unknown = sorted(set(value) - fields)
    if unknown:
        raise FactsError(
            f"{where}.{unknown[0]}" if where else unknown[0], "未知字段", "unknown field"
        )
    return value


def _person_ids(value: Any, where: str, known: set[str]) -> frozenset[str]:
    ids: set[str] = set()
    for i, item in enumerate(_list(value, where)):
        person = _text(item, f"{where}[{i}]")
        if person not in known:
            raise FactsError(
                f"{where}[{i}]", f"未知人员 {person!r}", f"unknown person id {person!r}"
            )
        ids.add(person)
    return frozenset(ids)


def _readings(value: Any) -> tuple[Reading, ...]:
    """The office's readings: ``{"mixed_finding": {"value": "higher", "document": "…号"}}``.

    An unknown reading, an unknown value or a missing document number is refused: a reading
    changes the recommendation, so a typo must not pass silently.
    """
    if not isinstance(value, dict):
        raise FactsError("readings", "应为对象", f"must be an object, not {type(value).__name__}")
    found: list[Reading] = []
    for key, raw in value.items():
        where = f"readings.{key}"
        item = _object(raw, where, _READING_FIELDS)
        chosen = _text(_require(item, "value", f"{where}.value"), f"{where}.value")
        problem = reading_problem(key, chosen)
        if problem is not None:
            # An unknown reading is named by its key, an unknown value by its value.
            raise FactsError(where if key not in READINGS else f"{where}.value", *problem)
        document = _text(_require(item, "document", f"{where}.document"), f"{where}.document")
        found.append(Reading(key, chosen, document.strip()))
    return tuple(found)


def parse_facts(data: Any) -> Facts:
    """Validate the JSON facts of a case (docs/rules.md) into :class:`Facts`."""
    top = _object(data, "", _TOP_FIELDS)
    decided_on = _date(_require(top, "decided_on", "decided_on"), "decided_on")
    grounds: list[int] = []
    for i, item in enumerate(_list(_require(top, "grounds", "grounds"), "grounds")):
        if not isinstance(item, int) or isinstance(item, bool) or not 1 <= item <= 9:
            raise FactsError(
                f"grounds[{i}]",
                "应为 1 至 9 的整数（细则第十一条第一款）",
                f"must be an integer 1..9, not {item!r}",
            )
        grounds.append(item)
    threshold_met = _bool(_require(top, "threshold_met", "threshold_met"), "threshold_met")
    harm = _choice(Harm, _require(top, "harm", "harm"), "harm")
    impact = _choice(Impact, _require(top, "impact", "impact"), "impact")
    kind = _choice(
        ResponsibilityKind, _require(top, "responsibility", "responsibility"), "responsibility"
    )
    organ = _object(_require(top, "organ", "organ"), "organ", _ORGAN_FIELDS)
    organ_id = _text(_require(organ, "id", "organ.id"), "organ.id")
    region_id = organ.get("region")
    if region_id is not None:
        region_id = _text(region_id, "organ.region")

    people: list[Person] = []
    seen: set[str] = set()
    for i, raw in enumerate(_list(_require(top, "people", "people"), "people")):
        where = f"people[{i}]"
        item = _object(raw, where, _PERSON_FIELDS)
        person_id = _text(_require(item, "id", f"{where}.id"), f"{where}.id")
        if person_id in seen:
            raise FactsError(
                f"{where}.id", f"人员 {person_id!r} 重复", f"duplicate person id {person_id!r}"
            )
        seen.add(person_id)
        conduct = Conduct(
            role=_choice(Role, _require(item, "role", f"{where}.role"), f"{where}.role"),
            participated=_bool(item.get("participated", True), f"{where}.participated"),
            objected=_bool(item.get("objected", False), f"{where}.objected"),
            diligent=_bool(item.get("diligent", False), f"{where}.diligent"),
        )
        person_kind: ResponsibilityKind | None = None
        if "responsibility" in item:
            if kind is not ResponsibilityKind.BOTH:
                raise FactsError(
                    f"{where}.responsibility",
                    "仅在 responsibility 为 both 的案件中逐人指明责任类型",
                    "a person's own responsibility kind is given only in a case of kind both",
                )
            person_kind = _choice(
                ResponsibilityKind,
                item["responsibility"],
                f"{where}.responsibility",
                _PARAGRAPHS,
            )
        people.append(Person(person_id, conduct, person_kind))

    prior: list[PriorMeasure] = []
    for i, raw in enumerate(_list(top.get("prior_measures", []), "prior_measures")):
        where = f"prior_measures[{i}]"
        item = _object(raw, where, _PRIOR_FIELDS)
        person_id = _text(_require(item, "person", f"{where}.person"), f"{where}.person")
        if person_id not in seen:
            raise FactsError(
                f"{where}.person", f"未知人员 {person_id!r}", f"unknown person id {person_id!r}"
            )
        prior.append(
            PriorMeasure(
                person=person_id,
                measure=_choice(
                    PersonMeasure,
                    _require(item, "measure", f"{where}.measure"),
                    f"{where}.measure",
                    _PRIOR_MEASURES,
                ),
                rectification_due=_date(
                    _require(item, "rectification_due", f"{where}.rectification_due"),
                    f"{where}.rectification_due",
                ),
                rectified=_bool(item.get("rectified", False), f"{where}.rectified"),
                same_target=_bool(item.get("same_target", True), f"{where}.same_target"),
            )
        )
    profile = top.get("profile")
    if profile is not None:
        profile = _text(profile, "profile")
    return Facts(
        decided_on=decided_on,
        grounds=tuple(sorted(set(grounds))),
        threshold_met=threshold_met,
        harm=harm,
        impact=impact,
        responsibility=kind,
        organ_id=organ_id,
        people=tuple(people),
        prior_measures=tuple(prior),
        discipline_warranted=_person_ids(
            top.get("discipline_warranted", []), "discipline_warranted", seen
        ),
        suspected_crime=_person_ids(top.get("suspected_crime", []), "suspected_crime", seen),
        profile=profile,
        region_id=region_id,
        supervising_leader_unclear=_bool(
            top.get("supervising_leader_unclear", False), "supervising_leader_unclear"
        ),
        readings=_readings(top.get("readings", {})),
    )


# --- the recommendation --------------------------------------------------------------------


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


_ORGAN_MEASURE_ZH = {
    OrganMeasure.WRITTEN_SELF_EXAMINATION: "责令书面检查",
    OrganMeasure.CIRCULATED_CRITICISM: "通报批评",
}


def _profile_for(facts: Facts) -> Profile:
    if facts.profile is None:
        try:
            return profile_in_force(facts.decided_on)
        except ProfileError as exc:
            raise FactsError("decided_on", exc.message_zh, exc.message_en) from None
    try:
        return load_profile(facts.profile)
    except ProfileError as exc:
        raise FactsError("profile", exc.message_zh, exc.message_en) from None


def _not_accountable(facts: Facts, profile: Profile) -> Recommendation:
    if not facts.grounds:
        basis: tuple[Basis, ...] = (rules(11, 1),)
    else:
        basis = tuple(ground(n).basis for n in facts.grounds)
    people = tuple(
        PersonOutcome(p.id, p.conduct.role, Responsibility.NONE, 0, (), False, basis)
        for p in facts.people
    )
    return Recommendation(
        accountable=False,
        basis=basis,
        organ_id=facts.organ_id,
        organ_measures=(),
        organ_basis=(),
        people=people,
        honour_year=None,
        honour_basis=(),
        referrals=(),
        notify=(),
        needs_judgement=(),
        profile=profile.name,
        decided_on=facts.decided_on,
    )


def decide(facts: Facts) -> Recommendation:
    """Apply 细则第十一条至第十八条 to the facts of one case."""
    profile = _profile_for(facts)
    if not facts.grounds or not facts.threshold_met:
        # 无第十一条所列情形，或其后果要件（造成严重后果、严重损害……）未成立：不予追究。
        return _not_accountable(facts, profile)

    judgements: list[Judgement] = []
    ground_basis = tuple(ground(n).basis for n in facts.grounds)
    if 9 in facts.grounds:
        judgements.append(
            Judgement(
                "other_failure_of_duty",
                "第十一条第一款第九项为兜底情形，是否构成应追究责任的失职失责"
                "由有管理权限的党政机关认定 / ground 9 is the catch-all; the managing "
                "authority must establish that the failure calls for accountability",
                (rules(11, 1, 9), rules(17)),
            )
        )

    if facts.supervising_leader_unclear:
        judgements.append(
            Judgement(
                "supervising_leader_unclear",
                "直接主管的负责人是分管出问题工作（事项类别或承办部门）的负责人，"
                "登记信息无法确定其人，须由有管理权限的党政机关认定 / the supervising leader "
                "(直接主管的负责人) is the leader whose portfolio covers the work that failed (the "
                "matter's category or the handling department); the registry cannot tell who "
                "that is, so the managing authority must establish it",
                (rules(11, 2), rules(17)),
            )
        )

    people: list[PersonOutcome] = []
    referrals: list[Referral] = []
    top_tier = 0
    mixed_reading = facts.reading(MIXED_FINDING.key)
    for person in facts.people:
        paragraph = person.kind or paragraph_for(facts.responsibility, person.conduct.role)
        allocation = allocate(paragraph, person.conduct)
        if allocation.needs_judgement:
            judgements.append(
                Judgement(
                    allocation.reason_code, allocation.needs_judgement, allocation.basis, person.id
                )
            )
        if allocation.responsibility is Responsibility.NONE:
            people.append(
                PersonOutcome(
                    person.id,
                    person.conduct.role,
                    Responsibility.NONE,
                    0,
                    (),
                    False,
                    allocation.basis,
                )
            )
            if person.id in facts.discipline_warranted:
                judgements.append(
                    Judgement(
                        "discipline_without_responsibility",
                        "该人员不承担信访工作责任，但被认为应给予纪律处分，须另行依纪依法认定 / "
                        "this person bears no petition work responsibility yet discipline was "
                        "found warranted; the discipline bodies must decide on their own footing",
                        (rules(11, 2), rules(16)),
                        person.id,
                    )
                )
            if person.id in facts.suspected_crime:
                referrals.append(Referral(person.id, ReferralTarget.JUDICIAL, (rules(12, 2),)))
            continue

        prior = tuple(m for m in facts.prior_measures if m.person == person.id)
        finding = person_tier(facts.harm, facts.impact, prior, facts.decided_on)
        if mixed_reading is not None:
            # 细则第十九条: the office's reading settles the mixed finding, and is cited.
            finding = settle_mixed(
                finding, higher=mixed_reading.value == "higher", ruling=mixed_reading.ruling
            )
        measures = list(TIER_MEASURES[finding.tier])
        basis = list(allocation.basis + finding.basis)
        if finding.mixed:
            judgements.append(
                Judgement(
                    "mixed_finding",
                    f"危害程度（{facts.harm.value}）与影响程度（{facts.impact.value}）不在同一档次，"
                    f"按较低档次（第{finding.tier}档）建议，是否从重由有管理权限的党政机关判断 / "
                    f"harm ({facts.harm.value}) and impact ({facts.impact.value}) differ; the "
                    f"lower tier ({finding.tier}) is recommended and the managing authority "
                    f"decides whether tier {finding.upper_tier} applies",
                    (rules(14), rules(15)) if finding.upper_tier == 3 else (rules(13), rules(14)),
                    person.id,
                )
            )
        if person.id in facts.discipline_warranted:
            # 细则第十六条；第十二条：追责方式可以合并使用。
            measures.append(PersonMeasure.DISCIPLINARY_SANCTION)
            basis += [rules(16), rules(12, 1)]
            referrals.append(Referral(person.id, ReferralTarget.DISCIPLINE, (rules(16),)))
        if person.id in facts.suspected_crime:
            referrals.append(Referral(person.id, ReferralTarget.JUDICIAL, (rules(12, 2),)))
        top_tier = max(top_tier, finding.tier)
        people.append(
            PersonOutcome(
                id=person.id,
                role=person.conduct.role,
                responsibility=allocation.responsibility,
                tier=finding.tier,
                measures=tuple(measures),
                rectification=TIER_RECTIFICATION[finding.tier],
                basis=tuple(basis),
                options=tuple(OrganizationalOption) if finding.tier == 3 else (),
            )
        )

    # 细则第十二条第一款: 对各级党政机关的责任追究 (责令书面检查、通报批评) answers for the organ's
    # own failure, that is, a collective one; in an individual case it is a point for judgement.
    collective = any(
        (p.kind or paragraph_for(facts.responsibility, p.conduct.role))
        is ResponsibilityKind.COLLECTIVE
        for p in facts.people
    ) or (facts.responsibility is not ResponsibilityKind.INDIVIDUAL and not facts.people)
    organ_measures: tuple[OrganMeasure, ...] = ()
    organ_basis: tuple[Basis, ...] = ()
    if collective:
        organ_measures = profile.organ_measures[facts.harm]
        organ_basis = profile.organ_measures_source
    else:
        mapped = "、".join(_ORGAN_MEASURE_ZH[m] for m in profile.organ_measures[facts.harm])
        judgements.append(
            Judgement(
                "organ_measures",
                f"本案为个人责任；细则第十二条第一款对机关的追责方式（责令书面检查、通报批评）"
                f"是否适用，由有管理权限的党政机关根据情节轻重判断（集体责任时建议：{mapped}） / "
                "this is a case of individual responsibility; whether the measures on organs of "
                "Art. 12 ¶1 (written self-examination, circulated criticism) apply is for the "
                "managing authority to judge by the circumstances (in a collective case: "
                + ", ".join(m.value for m in profile.organ_measures[facts.harm])
                + ")",
                tuple(profile.organ_measures_source),
            )
        )

    honour_basis: tuple[Basis, ...] = ()
    honour_note = ""
    if top_tier >= 2:
        # 细则第十四条 alone withdraws the honours (第十五条 says nothing of them); the graver
        # facts of 第十五条 include those of 第十四条, so tier 3 applies it a fortiori.
        honour_basis = (rules(14),)
        if top_tier == 3:
            honour_note = (
                "适用第十五条的情形重于第十四条，举重以明轻，同样依第十四条取消本年度评选综合性"
                "荣誉称号的资格 / the facts of Art. 15 are graver than those of Art. 14, so "
                "Art. 14 withdraws this year's comprehensive honours a fortiori"
            )
    return Recommendation(
        accountable=True,
        basis=(*ground_basis, rules(11, 2), rules(17), rules(18)),
        organ_id=facts.organ_id,
        organ_measures=organ_measures,
        organ_basis=organ_basis,
        people=tuple(people),
        honour_year=facts.decided_on.year if top_tier >= 2 else None,
        honour_basis=honour_basis,
        honour_region=facts.region_id if top_tier >= 2 else None,
        honour_note=honour_note,
        referrals=tuple(referrals),
        notify=("organization", "personnel"),
        needs_judgement=tuple(judgements),
        profile=profile.name,
        decided_on=facts.decided_on,
    )


def decide_json(data: Any) -> dict[str, Any]:
    """Parse, decide and render in one call (raises :class:`FactsError` on invalid facts)."""
    return decide(parse_facts(data)).to_json()
