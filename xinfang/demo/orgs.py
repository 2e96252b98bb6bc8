"""Load the demo Chongqing through the services, so every row has its audit entry.

Deterministic and idempotent: each organ, person, position and login has a stable code; what
already exists is skipped before anything is written, so a second run writes nothing, not even
an audit entry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from xinfang.audit.services import audit_record
from xinfang.orgs import services
from xinfang.orgs.choices import OrganLevel, PositionKind
from xinfang.orgs.models import Organ, Person, Position

from .orgs_data import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEPARTMENT_SUBJECT,
    DISTRICT_ORGANS,
    DISTRICTS,
    GIVEN,
    MUNICIPAL,
    MUNICIPAL_REGION,
    STAFFED_DISTRICTS,
    STAFFED_IN_EVERY_DISTRICT,
    SURNAMES,
)

ACTOR = "command:demo"

PRINCIPAL_TITLES = {
    "party": "书记",
    "congress": "主任",
    "cppcc": "主席",
    "court": "院长",
    "procuratorate": "检察长",
    "org": "部长",
    "discipline": "书记、主任",
    "union": "主席",
    "youth": "书记",
    "women": "主席",
    "academy": "院长",
    "soe": "董事长",
    "street": "主任",
    "town": "镇长",
}
BUREAU_KEYS = {"hrss", "police", "land", "environment", "civil", "market", "finance", "urban"}

# Start dates of the demo positions by slot; the municipal petition office also has a former
# principal leader whose term ended the day before the current one began.
SLOT_STARTS = {
    "principal": date(2021, 6, 1),
    "sup1": date(2022, 1, 10),
    "sup2": date(2022, 8, 15),
    "member": date(2023, 3, 1),
    "staff1": date(2019, 9, 1),
    "staff2": date(2020, 7, 1),
    "former": date(2016, 3, 1),
}
FORMER_END = date(2021, 5, 31)


@dataclass
class DemoResult:
    created: dict[str, int] = field(
        default_factory=lambda: {"organs": 0, "people": 0, "positions": 0, "users": 0}
    )

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def person_name(code: str) -> str:
    """A deterministic Chinese name for a person code."""
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    surname = SURNAMES[digest[0] % len(SURNAMES)]
    given = GIVEN[digest[1] % len(GIVEN)]
    if digest[2] % 3:
        given += GIVEN[digest[3] % len(GIVEN)]
    return surname + given


def principal_title(key: str, region: str, district_name: str = "") -> str:
    if key == "gov":
        if region == MUNICIPAL_REGION:
            return "市长"
        return "区长" if district_name.endswith("区") else "县长"
    if key in PRINCIPAL_TITLES:
        return PRINCIPAL_TITLES[key]
    return "局长" if key in BUREAU_KEYS else "主任"


def portfolios(key: str) -> tuple[list[str], list[str]]:
    """Portfolios (分管) of the two supervising leaders of an organ."""
    if key == "gov":
        return ["finance", "general"], ["public_security", "petition", "justice"]
    if key == "party":
        return ["justice", "petition"], ["organization"]
    if key == "petition":
        return ["petition"], ["general"]
    subject = DEPARTMENT_SUBJECT.get(key)
    if subject:
        return [subject, "petition"], [subject, "general"]
    return ["petition", "general"], ["general"]


class _Loader:
    def __init__(self) -> None:
        self.result = DemoResult()
        self.organs: dict[str, Organ] = {o.code: o for o in Organ.objects.all()}
        self.people: dict[str, Person] = {p.code: p for p in Person.objects.all()}
        self.positions = set(
            Position.objects.values_list("person__code", "organ__code", "kind", "start")
        )

    # -- organs ---------------------------------------------------------------------------

    def organ(self, code: str, **fields: Any) -> Organ:
        existing = self.organs.get(code)
        if existing is not None:
            return existing
        organ = services.organ_create(actor=ACTOR, code=code, **fields)
        self.organs[code] = organ
        self.result.created["organs"] += 1
        return organ

    def municipal(self) -> None:
        for spec in MUNICIPAL:
            self.organ(
                f"{MUNICIPAL_REGION}-{spec.key}",
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                level=OrganLevel.MUNICIPAL,
                region_code=MUNICIPAL_REGION,
                roles=spec.roles,
                parent=self.organs[f"{MUNICIPAL_REGION}-{spec.parent}"] if spec.parent else None,
                vertical_system=spec.vertical_system,
                managing_authority=(
                    self.organs[f"{MUNICIPAL_REGION}-{spec.managing_authority}"]
                    if spec.managing_authority
                    else None
                ),
            )

    def _ref(self, ref: str, region: str) -> Organ:
        scope, key = ref.split(":")
        return self.organs[f"{MUNICIPAL_REGION if scope == 'm' else region}-{key}"]

    def district(self, region: str, name: str, townships: tuple[tuple[str, str], ...]) -> None:
        is_district = name.endswith("区")
        prefix = f"重庆市{name}" if is_district else name
        police = f"重庆市公安局{name}分局" if is_district else f"{name}公安局"
        for spec in DISTRICT_ORGANS:
            values = {"p": prefix, "d": name, "police": police}
            values["bureau"] = "分局" if is_district else "局"
            vertical_parent = None
            if spec.vertical_system:
                vertical_parent = next(
                    o
                    for c, o in self.organs.items()
                    if c.startswith(f"{MUNICIPAL_REGION}-")
                    and o.vertical_system == spec.vertical_system
                )
            self.organ(
                f"{region}-{spec.key}",
                name=spec.name.format(**values),
                short_name=spec.short_name.format(**values),
                kind=spec.kind,
                level=OrganLevel.DISTRICT,
                region_code=region,
                roles=spec.roles,
                parent=self._ref(spec.parent, region),
                vertical_system=spec.vertical_system,
                vertical_parent=vertical_parent,
                managing_authority=self._ref(spec.managing_authority, region),
            )
        streets = towns = 0
        for township, sort in townships:
            if sort == "street":
                streets += 1
                code = f"{region}{streets:03d}"
                full = f"{prefix}{township}办事处"
            else:
                towns += 1
                code = f"{region}{100 + towns:03d}"
                full = f"{prefix}{township}人民政府"
            self.organ(
                f"{code}-gov",
                name=full,
                short_name=township,
                # A street office is the district government's dispatched organ (派出机关).
                kind="dispatched" if sort == "street" else "administrative",
                level=OrganLevel.TOWNSHIP,
                region_code=code,
                roles=("government",),
                parent=self.organs[f"{region}-gov"],
                managing_authority=self.organs[f"{region}-party"],
            )

    # -- people ---------------------------------------------------------------------------

    def person(self, code: str) -> Person:
        existing = self.people.get(code)
        if existing is not None:
            return existing
        person = services.person_create(actor=ACTOR, code=code, name=person_name(code))
        self.people[code] = person
        self.result.created["people"] += 1
        return person

    def position(
        self,
        organ: Organ,
        slot: str,
        kind: str,
        title: str,
        portfolio: list[str] | None = None,
        end: date | None = None,
    ) -> None:
        code = f"{organ.code}:{slot}"
        start = SLOT_STARTS[slot]
        if (code, organ.code, kind, start) in self.positions:
            return
        person = self.person(code)
        services.position_start(
            actor=ACTOR,
            person=person,
            organ=organ,
            kind=kind,
            start=start,
            end=end,
            title=title,
            portfolio=portfolio or [],
        )
        self.positions.add((code, organ.code, kind, start))
        self.result.created["positions"] += 1

    def staff(self, organ: Organ, key: str, district_name: str = "", *, full: bool) -> None:
        """Principal leader, supervising leaders, a team member and staff of one organ."""
        title = principal_title(key, organ.region_code, district_name)
        self.position(organ, "principal", PositionKind.PRINCIPAL_LEADER, title)
        if not full:
            return
        deputy = "副书记、副主任" if key == "discipline" else f"副{title.split('、')[0]}"
        if key == "soe":
            deputy = "副总经理"
        first, second = portfolios(key)
        self.position(organ, "sup1", PositionKind.SUPERVISING_LEADER, deputy, first)
        if organ.level == OrganLevel.MUNICIPAL:
            self.position(organ, "sup2", PositionKind.SUPERVISING_LEADER, deputy, second)
        member = "常委" if key == "party" else "党组成员"
        self.position(organ, "member", PositionKind.TEAM_MEMBER, member)
        clerk = "督查室工作人员" if key == "office" else "科员"
        self.position(organ, "staff1", PositionKind.STAFF, clerk)
        if organ.level == OrganLevel.MUNICIPAL:
            self.position(organ, "staff2", PositionKind.STAFF, "科员")

    def people_in_positions(self) -> None:
        for spec in MUNICIPAL:
            organ = self.organs[f"{MUNICIPAL_REGION}-{spec.key}"]
            self.staff(organ, spec.key, full=True)
        petition = self.organs[f"{MUNICIPAL_REGION}-petition"]
        self.position(petition, "former", PositionKind.PRINCIPAL_LEADER, "主任", end=FORMER_END)
        for region, name, _townships in DISTRICTS:
            staffed = region in STAFFED_DISTRICTS
            for district_spec in DISTRICT_ORGANS:
                key = district_spec.key
                if staffed or key in STAFFED_IN_EVERY_DISTRICT:
                    organ = self.organs[f"{region}-{key}"]
                    self.staff(organ, key, name, full=staffed)
            if staffed:
                for township in Organ.objects.filter(
                    parent=self.organs[f"{region}-gov"], level=OrganLevel.TOWNSHIP
                ):
                    sort = "street" if township.kind == "dispatched" else "town"
                    self.position(
                        township, "principal", PositionKind.PRINCIPAL_LEADER, PRINCIPAL_TITLES[sort]
                    )

    # -- logins ---------------------------------------------------------------------------

    def logins(self) -> None:
        user_model = get_user_model()
        existing = {
            u.username: u
            for u in user_model.objects.filter(
                username__in=[login.username for login in DEMO_LOGINS]
            )
        }
        for login in DEMO_LOGINS:
            user = existing.get(login.username)
            if user is None:
                user = user_model(username=login.username)
                user.set_password(DEMO_PASSWORD)
                if login.person is None:
                    user.is_staff = user.is_superuser = True
                user.save()
                audit_record(
                    actor=ACTOR,
                    action="auth.user_create",
                    target=user,
                    details={"username": user.username, "superuser": user.is_superuser},
                )
                self.result.created["users"] += 1
            if login.person is not None:
                person = self.people[login.person]
                if person.user_id != user.pk:
                    services.person_link_user(actor=ACTOR, person=person, user=user)


def load_demo() -> DemoResult:
    """Write the demo Chongqing; a no-op when it is already there."""
    with transaction.atomic():
        loader = _Loader()
        loader.municipal()
        for region, name, townships in DISTRICTS:
            loader.district(region, name, townships)
        loader.people_in_positions()
        loader.logins()
    return loader.result


def demo_login_rows() -> list[tuple[str, str, str, str]]:
    """(username, password, role description, organ) for each demo login."""
    names = dict(
        Organ.objects.filter(
            code__in=[login.organ for login in DEMO_LOGINS if login.organ]
        ).values_list("code", "name")
    )
    return [
        (
            login.username,
            DEMO_PASSWORD,
            str(login.description),
            names.get(login.organ, "") if login.organ else "",
        )
        for login in DEMO_LOGINS
    ]
