"""The facts of one case, and their validation from JSON (raising :class:`FactsError`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from ..errors import RulesError
from ..readings import READINGS, Reading, reading_problem
from ..responsibility import Conduct, ResponsibilityKind, Role
from ..sanctions import Harm, Impact, PersonMeasure, PriorMeasure

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
