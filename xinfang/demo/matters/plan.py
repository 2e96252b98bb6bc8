"""Which matters, in which states: the plans and their dated acts, relative to today."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from xinfang.access.identity import id_check_char
from xinfang.petitions.matters.choices import Channel, OpinionKind
from xinfang.petitions.matters.models import Matter
from xinfang.rules.calendar import WorkCalendar

from .places import (
    CITY,
    COMPANY_WORDS,
    DISTRICT_BY_REGION,
    DISTRICTS,
    GIVEN,
    MUNICIPAL,
    SURNAMES,
    District,
)
from .texts import (
    ACCUSATION,
    ALT_CONTENT,
    COURT,
    MUNICIPAL_SCENARIOS,
    ROUTE_OUTS,
    SCENARIOS,
    Scenario,
)


@dataclass
class Plan:
    """One demo matter: where, what, and its dated acts (``(act, date)`` in order)."""

    index: int
    district: District
    scenario: Scenario
    fate: str
    texts: tuple[str, str] = ("", "")
    values: dict[str, Any] = field(default_factory=dict)
    channel: str = Channel.LETTER
    petitioner_key: int | None = None  # same key = same petitioner
    identity: dict[str, str] | None = None
    collective: tuple[int, int] | None = None
    accused_organs: tuple[str, ...] = ()
    accused_persons: tuple[str, ...] = ()
    handler: str = ""
    acts: list[tuple[str, dt.date]] = field(default_factory=list)
    opinion: str = OpinionKind.SUPPORT
    supervision: tuple[str, int, int | None] | None = None  # issuer, days ago, reply after
    matter: Matter | None = None


class Timeline:
    """Dates of acts: working days only, never after yesterday."""

    def __init__(self, *, today: dt.date, calendar: WorkCalendar, rng: random.Random) -> None:
        self.today, self.calendar, self.rng = today, calendar, rng

    def back_to_working(self, day: dt.date) -> dt.date:
        day = min(day, self.today - dt.timedelta(days=1))
        while not self.calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def ago(self, low: int, high: int) -> dt.date:
        return self.back_to_working(self.today - dt.timedelta(days=self.rng.randint(low, high)))

    def before(self, day: dt.date, low: int, high: int) -> dt.date:
        return self.back_to_working(day - dt.timedelta(days=self.rng.randint(low, high)))

    def after(self, day: dt.date, low: int, high: int) -> dt.date:
        return max(day, self.back_to_working(day + dt.timedelta(days=self.rng.randint(low, high))))

    def due(self, start: dt.date, days: int) -> dt.date:
        return self.calendar.next_working_day(start + dt.timedelta(days=days))

    def accepted_for_due(self, low: int, high: int) -> dt.date:
        """A working day of acceptance whose 60-day handling period ends ``low``–``high`` days
        from today (calendar days, last day moved to the next working day)."""
        for back in range(60 - low, 75):
            day = self.today - dt.timedelta(days=back)
            if self.calendar.is_working_day(day):
                due = self.due(day, 60)
                if low <= (due - self.today).days <= high:
                    return day
        return self.ago(60 - high, 60 - low)


def _acts_for(fate: str, t: Timeline) -> list[tuple[str, dt.date]]:
    """The dated acts of a fate, built backwards from its anchor (the act that matters)."""

    def intake(routed: dt.date) -> list[tuple[str, dt.date]]:
        registered = t.before(routed, 1, 5)
        return [("register", registered), ("route", routed)]

    def accepted(day: dt.date) -> list[tuple[str, dt.date]]:
        return [*intake(t.before(day, 1, 6)), ("accept", day)]

    def concluded(day: dt.date, handled: tuple[int, int] = (12, 50)) -> list[tuple[str, dt.date]]:
        return [*accepted(t.before(day, *handled)), ("conclude", day)]

    if fate == "registered":
        return [("register", t.ago(1, 9))]
    if fate == "registered_overdue":
        return [("register", t.ago(20, 40))]
    if fate == "routed":
        return intake(t.ago(1, 12))
    if fate == "routed_overdue":
        return intake(t.ago(20, 45))
    if fate == "accepted":
        return accepted(t.ago(5, 48))
    if fate == "due_soon":
        return accepted(t.accepted_for_due(0, 3))
    if fate == "accepted_overdue":
        return accepted(t.ago(64, 110))
    if fate in ("extended", "extended_overdue"):
        day = t.ago(62, 80) if fate == "extended" else t.ago(100, 125)
        return [*accepted(day), ("extend", t.after(day, 42, 56))]
    if fate == "concluded":
        return concluded(t.ago(2, 120))
    if fate == "concluded_late":
        return concluded(t.ago(10, 60), handled=(66, 75))
    if fate == "closed":
        day = t.ago(50, 160)
        return [
            *concluded(day),
            ("follow_up", t.after(day, 5, 12)),
            ("close", t.after(day, 34, 40)),
        ]
    if fate == "review_requested":
        request = t.ago(2, 20)
        return [*concluded(t.before(request, 4, 14)), ("request_review", request)]
    if fate == "reviewed":
        review = t.ago(5, 90)
        request = t.before(review, 12, 26)
        return [
            *concluded(t.before(request, 4, 20)),
            ("request_review", request),
            ("review", review),
        ]
    if fate in ("rereview_requested", "rereviewed"):
        request2 = t.ago(2, 20) if fate == "rereview_requested" else t.ago(40, 140)
        review = t.before(request2, 5, 15)
        request = t.before(review, 12, 25)
        acts = [
            *concluded(t.before(request, 4, 15)),
            ("request_review", request),
            ("review", review),
            ("request_rereview", request2),
        ]
        if fate == "rereviewed":
            acts.append(("rereview", t.after(request2, 14, 27)))
        return acts
    if fate == "declined":
        routed = t.ago(8, 70)
        return [*intake(routed), ("decline", t.after(routed, 3, 10))]
    if fate in ("routed_out", "discipline", "court"):
        registered = t.ago(4, 100)
        return [("register", registered), (fate, t.after(registered, 1, 5))]
    raise ValueError(fate)


#: Fates in the order each district's plain matters take them, repeated.
FATE_CYCLE = (
    "concluded",
    "accepted",
    "registered",
    "routed",
    "accepted_overdue",
    "closed",
    "concluded",
    "due_soon",
    "reviewed",
    "routed_overdue",
    "extended",
    "accepted",
    "registered_overdue",
    "concluded",
    "declined",
    "review_requested",
    "concluded_late",
    "accepted",
    "rereviewed",
    "extended_overdue",
    "closed",
    "rereview_requested",
    "concluded",
    "accepted",
)
#: Matters per staffed district (plain ones; special ones are added below) and municipal ones.
DISTRICT_COUNTS = {"500103": 44, "500105": 24, "500106": 24, "500101": 20, "500229": 14}
MUNICIPAL_COUNT = 22
#: The queue of 渝中区住房城乡建委 (the ``dept_staff`` login): every state of its work.
YUZHONG_HOUSING_FATES = (
    "routed",
    "routed",
    "routed_overdue",
    "accepted",
    "accepted",
    "due_soon",
    "due_soon",
    "accepted_overdue",
    "accepted_overdue",
    "extended",
    "extended_overdue",
    "concluded",
    "concluded",
    "closed",
    "reviewed",
    "rereviewed",
    "review_requested",
    "declined",
)
#: How a petitioner who comes back opens and closes the new telling.
REPEAT_WORDS = (
    ("{month}月份我已经来过一次，", ""),
    ("", "上次反映后一直没有人联系我。"),
    ("这件事我之前写过信。", "请给个书面答复。"),
    ("又来麻烦你们了。", "拖了这么久，实在等不下去了。"),
)
#: Fates of the repeat petitions, in turn.
REPEAT_FATES = ("registered", "routed", "registered", "accepted", "registered_overdue", "routed")


_RURAL = frozenset({"village_accounts", "subsidy", "illegal_land"})


class _Planner:
    """The plans of the demo matters: where, what, which fate; the writer runs them."""

    today: dt.date
    rng: random.Random
    timeline: Timeline
    plans: list[Plan]
    told: Counter[str]

    # -- texts --------------------------------------------------------------------------------

    def _month(self, months_ago: int) -> str:
        year, month = self.today.year, self.today.month - months_ago
        while month <= 0:
            year, month = year - 1, month + 12
        return f"{year}年{month}月"

    def slots(self, district: District, scenario: Scenario) -> dict[str, Any]:
        r = self.rng
        months = r.randint(3, 20)
        return {
            "place": district.pick(r, "places"),
            "estate": district.pick(r, "estates"),
            "project": district.pick(r, "projects"),
            "school": district.pick(r, "schools"),
            "village": district.pick(r, "villages") if district.villages else "城口县修齐镇枇杷村",
            "company": f"重庆{r.choice(COMPANY_WORDS)}{r.choice(scenario.companies)}",
            "ym": self._month(months),
            "ym2": self._month(r.randint(1, max(1, months - 1))),
            "months": r.randint(3, 18),
            "n": r.randint(3, 40),
            "times": r.randint(2, 9),
            "amount": r.randint(12, 980) * 100,
            "rent": r.randint(12, 35) * 100,
            "income": r.choice((1600, 1800, 2000)),
            "price": r.randint(80, 160) * 100,
            "area": r.randint(45, 140),
            "mu": round(r.uniform(1.2, 6.5), 1),
            "fee": r.randint(6, 60) * 100,
            "fee_old": r.choice(("1.5", "1.8", "2.0")),
            "fee_new": r.choice(("2.6", "2.9", "3.2")),
            "years": r.randint(2, 18),
            "age": r.randint(45, 68),
            "elder_age": r.randint(72, 93),
            "retiring_age": r.randint(55, 59),
            "small_fee": r.randint(3, 12) * 100,
            "hours": r.randint(3, 30),
            "trade": r.choice(("钢筋工", "木工", "泥水工", "架子工")),
            "permit": r.choice(("餐饮许可", "装修备案", "消防验收", "户外广告设置")),
            "boss": r.choice(SURNAMES) + "某",
        }

    def identity(self, district: District) -> dict[str, str]:
        r = self.rng
        birth = dt.date(r.randint(1950, 2000), r.randint(1, 12), r.randint(1, 28))
        region = district.region if district.region != MUNICIPAL else "500112"
        first17 = f"{region}{birth:%Y%m%d}{r.randint(0, 999):03d}"
        name = r.choice(SURNAMES) + r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.6 else "")
        prefix = "重庆市" if district.region != MUNICIPAL else "重庆市渝北区"
        return {
            "name": name,
            "id_number": first17 + id_check_char(first17),
            "phone": f"1{r.choice('3589')}{r.randint(0, 999_999_999):09d}",
            "address": f"{prefix}{district.name if district.region != MUNICIPAL else ''}"
            f"{district.pick(r, 'places')}{r.randint(1, 300)}号",
        }

    # -- plans --------------------------------------------------------------------------------

    def plan(self, district: District, scenario: Scenario, fate: str, **extra: Any) -> Plan:
        values = self.slots(district, scenario)
        content = scenario.content
        self.told[scenario.key] += 1
        if scenario.key in ALT_CONTENT and self.told[scenario.key] % 2 == 0:
            content = ALT_CONTENT[scenario.key]
        plan = Plan(
            index=len(self.plans),
            district=district,
            scenario=scenario,
            fate=fate,
            texts=(scenario.summary.format(**values), content.format(**values)),
            values=values,
            channel=self.rng.choice(scenario.channels),
            identity=self.identity(district),
            opinion=self.rng.choice(list(OpinionKind)),
            **extra,
        )
        plan.petitioner_key = plan.index
        plan.acts = _acts_for(fate, self.timeline)
        self.plans.append(plan)
        return plan

    def build(self) -> None:
        plain = [sc for sc in SCENARIOS if sc.dept != "org"]
        position = 0
        for district in DISTRICTS:
            pool = [sc for sc in plain if district.villages or sc.key not in _RURAL]
            deck: list[Scenario] = []
            for _i in range(DISTRICT_COUNTS[district.region]):
                if not deck:  # each scenario once before any comes again
                    deck = self.rng.sample(pool, len(pool))
                fate = FATE_CYCLE[position % len(FATE_CYCLE)]
                position += 1
                self.plan(district, deck.pop(), fate)
        yuzhong = DISTRICT_BY_REGION["500103"]
        housing = [sc for sc in plain if sc.dept == "housing"]
        for i, fate in enumerate(YUZHONG_HOUSING_FATES):
            self.plan(yuzhong, housing[i % len(housing)], fate)
        for i in range(MUNICIPAL_COUNT):
            fate = FATE_CYCLE[(i * 5) % len(FATE_CYCLE)]
            fate = {"rereviewed": "reviewed", "rereview_requested": "review_requested"}.get(
                fate, fate
            )
            self.plan(CITY, MUNICIPAL_SCENARIOS[i % len(MUNICIPAL_SCENARIOS)], fate)
        self._specials(yuzhong)
        self._repeats()

    def _specials(self, yuzhong: District) -> None:
        jiangbei = DISTRICT_BY_REGION["500105"]
        # A collective visit (集体访) with five representatives: 回迁户 of a housing project.
        self.plan(
            yuzhong,
            SCENARIOS[0],
            "accepted_overdue",
            collective=(36, 5),
            supervision=("500103-petition", 45, None),  # unanswered past its deadline
        )
        wages = next(sc for sc in SCENARIOS if sc.key == "wage_arrears")
        self.plan(jiangbei, wages, "due_soon", collective=(23, 3))
        # Supervision: answered in time by a municipal department; still open, not yet due.
        pension = next(sc for sc in MUNICIPAL_SCENARIOS if sc.key == "pension_calc")
        self.plan(CITY, pension, "accepted_overdue", supervision=("500000-petition", 40, 12))
        self.plan(yuzhong, SCENARIOS[2], "extended", supervision=("500000-petition", 8, None))
        # Naming an accused unit or person (细则第十一条第八项): never routed there.
        self.plan(
            yuzhong,
            SCENARIOS[1],
            "accepted",
            accused_organs=("500103002-gov",),
            accused_persons=("500103002-gov:principal",),
        )
        self.plan(
            yuzhong, ACCUSATION, "discipline", accused_persons=("500103-land:sup1",)
        ).identity = None  # an anonymous letter
        self.plan(DISTRICT_BY_REGION["500229"], ACCUSATION, "discipline")
        self.plan(DISTRICT_BY_REGION["500106"], COURT, "court")
        self.plan(yuzhong, COURT, "court")
        for district in (yuzhong, jiangbei, DISTRICT_BY_REGION["500101"]):
            for scenario in ROUTE_OUTS:
                self.plan(district, scenario, "routed_out")
        personnel = next(sc for sc in SCENARIOS if sc.dept == "org")
        self.plan(yuzhong, personnel, "concluded")
        self.plan(DISTRICT_BY_REGION["500106"], personnel, "accepted")

    def _repeats(self) -> None:
        """Earlier petitioners come back with the same complaint, reworded (重复信访)."""
        earlier = [
            p
            for p in self.plans
            if p.fate in ("accepted_overdue", "concluded", "closed", "extended_overdue")
            and p.identity is not None
            and p.collective is None
            and p.district.region != MUNICIPAL
        ]
        for number, first in enumerate(earlier[::3][: len(REPEAT_FATES) * 2]):
            fate = REPEAT_FATES[number % len(REPEAT_FATES)]
            key = first.scenario.key
            # The other telling of the same facts (same slot values): a true rewording.
            told = ALT_CONTENT.get(key, first.scenario.content)
            if first.texts[1] == told.format(**first.values):
                told = first.scenario.content
            opening, closing = REPEAT_WORDS[number % len(REPEAT_WORDS)]
            repeat = Plan(
                index=len(self.plans),
                district=first.district,
                scenario=first.scenario,
                fate=fate,
                texts=(
                    f"{first.texts[0]}（重复反映）",
                    opening.format(month=first.acts[0][1].month)
                    + told.format(**first.values)
                    + closing,
                ),
                channel=self.rng.choice(("visit", "phone", "online")),
                petitioner_key=first.petitioner_key,
                acts=_acts_for(fate, self.timeline),
            )
            if repeat.acts[0][1] <= first.acts[0][1]:
                continue
            self.plans.append(repeat)
