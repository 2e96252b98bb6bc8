"""Write the planned acts through the matter services, one at a time in date order."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from typing import Any, TypedDict

from django.contrib.auth import get_user_model
from django.utils import timezone

from xinfang.orgs.choices import OrganLevel
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters import services as s
from xinfang.petitions.matters.choices import Channel, FollowUpMethod, OpinionKind, Satisfaction
from xinfang.petitions.matters.models import Category, HandlingListEntry

from .handling_lists import HANDLING_LIST
from .places import MUNICIPAL
from .plan import Plan, Timeline, _Planner
from .texts import LEGAL_BASIS, OPINIONS, ROUTE_OUT_LEGAL

DEMO_ACTOR = "command:demo_matters"
SEED = 20170523

#: Demo users who act for their organ (the rest of the acts are the command's).
ORGAN_USERS = {
    "500103-petition": "district_petition_clerk",
    "500103-housing": "dept_staff",
    "500000-petition": "city_petition_clerk",
}


class _Writer(_Planner):
    """Build the plans, then run every act through the services in date order."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets
        self.calendar = s.matter_calendar()
        self.timeline = Timeline(today=today, calendar=self.calendar, rng=self.rng)
        self.organs: dict[str, Organ] = {}
        self.people: dict[str, Person] = {}
        self.categories = {c.code: c for c in Category.objects.all()}
        users = get_user_model().objects.filter(username__in=ORGAN_USERS.values())
        by_name = {u.get_username(): u for u in users}
        self.users = {code: by_name[name] for code, name in ORGAN_USERS.items() if name in by_name}
        self.petitioners: dict[int, Any] = {}
        self.townships: dict[str, list[str]] = {}
        self.plans: list[Plan] = []
        self.counts: Counter[str] = Counter()
        self.told: Counter[str] = Counter()

    # -- lookups ------------------------------------------------------------------------------

    def organ(self, code: str) -> Organ:
        if code not in self.organs:
            self.organs[code] = Organ.objects.get(code=code)
        return self.organs[code]

    def person(self, code: str) -> Person:
        if code not in self.people:
            self.people[code] = Person.objects.get(code=code)
        return self.people[code]

    def actor(self, organ: Organ) -> Any:
        return self.users.get(organ.code, DEMO_ACTOR)

    def moment(self, day: dt.date, after: dt.datetime | None) -> dt.datetime:
        at = timezone.make_aware(
            dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=self.rng.randint(0, 450))
        )
        if after is not None and at <= after:
            at = after + dt.timedelta(minutes=self.rng.randint(10, 50))
        return at

    # -- acts ---------------------------------------------------------------------------------

    def handler(self, plan: Plan) -> Organ:
        if not plan.handler:
            region = plan.district.region
            dept = plan.scenario.dept
            if dept == "township":
                if region not in self.townships:
                    self.townships[region] = list(
                        Organ.objects.filter(level=OrganLevel.TOWNSHIP, code__startswith=region)
                        .order_by("code")
                        .values_list("code", flat=True)
                    )
                plan.handler = self.rng.choice(self.townships[region])
            else:
                plan.handler = f"{region}-{dept}"
        return self.organ(plan.handler)

    def office(self, plan: Plan) -> Organ:
        return self.organ(f"{plan.district.region}-petition")

    def run(self) -> None:
        schedule = sorted(
            (day, plan.index, step, act)
            for plan in self.plans
            for step, (act, day) in enumerate(plan.acts)
        )
        issues = sorted(
            (self.today - dt.timedelta(days=p.supervision[1]), p.index)
            for p in self.plans
            if p.supervision
        )
        last: dict[int, dt.datetime] = {}
        by_index = {p.index: p for p in self.plans}
        pending = list(issues)
        for day, index, _step, act in schedule:
            while pending and pending[0][0] <= day:
                self.supervise(by_index[pending.pop(0)[1]], last)
            plan = by_index[index]
            at = self.moment(day, last.get(index))
            last[index] = at
            ACTS[act](self, plan, at)
        for _day, index in pending:
            self.supervise(by_index[index], last)

    def register(self, plan: Plan, at: dt.datetime) -> None:
        organ = self.office(plan)
        key = plan.petitioner_key
        petitioner = self.petitioners.get(key) if key is not None else None
        lag = 0 if plan.channel in (Channel.VISIT, Channel.PHONE) else self.rng.randint(0, 3)
        matter = s.matter_register(
            organ=organ,
            actor=self.actor(organ),
            channel=plan.channel if plan.collective is None else Channel.VISIT,
            received_at=at - dt.timedelta(days=lag, hours=1),
            summary=plan.texts[0],
            content=plan.texts[1],
            region_code=plan.district.region,
            category=self.categories.get(plan.scenario.category),
            petitioner=petitioner,
            identity=None if petitioner is not None else plan.identity,
            is_collective=plan.collective is not None,
            headcount=plan.collective[0] if plan.collective else None,
            representatives=plan.collective[1] if plan.collective else None,
            accused_organs=[self.organ(c) for c in plan.accused_organs],
            accused_persons=[self.person(c) for c in plan.accused_persons],
            is_accusation=plan.fate == "discipline",
            at=at,
        )
        if matter.petitioner is not None and key is not None:
            self.petitioners.setdefault(key, matter.petitioner)
        plan.matter = matter

    def route(self, plan: Plan, at: dt.datetime) -> None:
        organ = self.office(plan)
        kind = "assign" if plan.supervision or plan.index % 4 == 0 else "transfer"
        assert plan.matter is not None
        s.matter_route(
            matter=plan.matter,
            organ=organ,
            to_organ=self.handler(plan),
            kind=kind,
            actor=self.actor(organ),
            note="请依法及时办理并按期反馈结果。" if kind == "assign" else "",
            at=at,
        )

    def accept(self, plan: Plan, at: dt.datetime) -> None:
        organ = self.handler(plan)
        assert plan.matter is not None
        s.matter_accept(
            matter=plan.matter,
            organ=organ,
            actor=self.actor(organ),
            notice="你反映的问题已受理，将在六十日内办结并书面答复。",
            at=at,
        )

    def decline(self, plan: Plan, at: dt.datetime) -> None:
        organ = self.handler(plan)
        assert plan.matter is not None
        s.matter_decline(
            matter=plan.matter,
            organ=organ,
            reason="该事项已于此前依法处理完毕，信访人未提出新的事实和理由。",
            notice="你反映的事项已有处理意见，本机关不再重复受理，特此告知。",
            actor=self.actor(organ),
            at=at,
        )

    def extend(self, plan: Plan, at: dt.datetime) -> None:
        organ = self.handler(plan)
        approver = self.person(f"{organ.code}:principal")
        assert plan.matter is not None
        # The principal asks and approves in one step: with their own account if they have
        # one, otherwise the command names them.
        s.matter_extend(
            matter=plan.matter,
            organ=organ,
            days=30,
            reason="涉及多个部门和历史遗留问题，需进一步调查核实和协调。",
            approver=approver,
            actor=approver.user if approver.user_id else DEMO_ACTOR,
            at=at,
        )

    def _opinion(self, plan: Plan, kind: str) -> _OpinionText:
        facts, reasons = OPINIONS[OpinionKind(kind)]
        top = plan.scenario.category.split("-")[0]
        return {
            "kind": kind,
            "facts": facts.format(summary=plan.texts[0]),
            "reasons": reasons,
            "legal_basis": LEGAL_BASIS.get(top, "《信访工作条例》第三十二条"),
        }

    def conclude(self, plan: Plan, at: dt.datetime) -> None:
        organ = self.handler(plan)
        assert plan.matter is not None
        kind = plan.opinion
        if plan.fate in ("review_requested", "reviewed", "rereview_requested", "rereviewed"):
            kind = OpinionKind.NOT_SUPPORTED
        s.matter_conclude(
            matter=plan.matter,
            organ=organ,
            actor=self.actor(organ),
            at=at,
            **self._opinion(plan, kind),
        )

    def follow_up(self, plan: Plan, at: dt.datetime) -> None:
        organ = self.handler(plan)
        assert plan.matter is not None
        rating = self.rng.choice(
            (Satisfaction.SATISFIED, Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)
        )
        s.matter_follow_up(
            matter=plan.matter,
            organ=organ,
            method=FollowUpMethod.PHONE,
            notes="电话回访信访人，对办理结果表示认可，问题已基本解决。",
            actor=self.actor(organ),
            at=at,
        )
        # The handling organ follows up; the rating of its handling is not its to record.
        s.matter_rate_satisfaction(
            matter=plan.matter, rating=rating, actor=DEMO_ACTOR, at=at + dt.timedelta(minutes=5)
        )

    def close(self, plan: Plan, at: dt.datetime) -> None:
        organ = self.handler(plan)
        assert plan.matter is not None
        s.matter_close(
            matter=plan.matter,
            organ=organ,
            reason="信访人对处理意见表示满意，未在规定期限内请求复查。",
            actor=self.actor(organ),
            at=at,
        )

    def _higher(self, plan: Plan, stage: str) -> Organ:
        region = plan.district.region
        if stage == "review" and region != MUNICIPAL:
            return self.organ(f"{region}-gov")
        return self.organ(f"{MUNICIPAL}-gov")

    def request_review(self, plan: Plan, at: dt.datetime) -> None:
        assert plan.matter is not None
        s.matter_request_review(
            matter=plan.matter,
            review_organ=self._higher(plan, "review"),
            actor=DEMO_ACTOR,
            reason="信访人对处理意见不服，认为调查不全面，请求复查。",
            at=at,
        )

    def review(self, plan: Plan, at: dt.datetime) -> None:
        assert plan.matter is not None
        s.matter_decide_review(
            matter=plan.matter,
            organ=self._higher(plan, "review"),
            actor=DEMO_ACTOR,
            at=at,
            **self._opinion(plan, OpinionKind.EXPLAIN),
        )

    def request_rereview(self, plan: Plan, at: dt.datetime) -> None:
        assert plan.matter is not None
        s.matter_request_rereview(
            matter=plan.matter,
            rereview_organ=self._higher(plan, "rereview"),
            actor=DEMO_ACTOR,
            reason="信访人对复查意见仍不服，请求复核。",
            at=at,
        )

    def rereview(self, plan: Plan, at: dt.datetime) -> None:
        assert plan.matter is not None
        s.matter_decide_rereview(
            matter=plan.matter,
            organ=self._higher(plan, "rereview"),
            actor=DEMO_ACTOR,
            at=at,
            **self._opinion(plan, OpinionKind.NOT_SUPPORTED),
        )

    def routed_out(self, plan: Plan, at: dt.datetime) -> None:
        organ = self.office(plan)
        route, reason, notice = ROUTE_OUT_LEGAL[plan.scenario.key]
        assert plan.matter is not None
        s.matter_route_out(
            matter=plan.matter,
            organ=organ,
            legal_route=route,
            reason=reason,
            notice=notice,
            actor=self.actor(organ),
            at=at,
        )

    def discipline(self, plan: Plan, at: dt.datetime) -> None:
        organ = self.office(plan)
        assert plan.matter is not None
        s.matter_send_to_discipline(
            matter=plan.matter,
            organ=organ,
            to_organ=self.organ(f"{plan.district.region}-discipline"),
            note="检举控告公职人员，依规依纪依法转纪检监察机关处理。",
            actor=self.actor(organ),
            at=at,
        )

    def court(self, plan: Plan, at: dt.datetime) -> None:
        organ = self.office(plan)
        assert plan.matter is not None
        s.matter_send_to_other_organ(
            matter=plan.matter,
            organ=organ,
            other_organ="court",
            to_organ=self.organ(f"{plan.district.region}-court"),
            notice="执行问题属人民法院职权范围，请向作出判决的人民法院反映或申请执行监督。",
            actor=self.actor(organ),
            at=at,
        )

    def supervise(self, plan: Plan, last: dict[int, dt.datetime]) -> None:
        assert plan.supervision is not None and plan.matter is not None
        issuer_code, days_ago, reply_after = plan.supervision
        issuer = self.organ(issuer_code)
        to_organ = self.handler(plan)
        day = self.timeline.back_to_working(self.today - dt.timedelta(days=days_ago))
        at = self.moment(day, last.get(plan.index))
        last[plan.index] = at
        order = s.supervision_order_issue(
            matter=plan.matter,
            organ=issuer,
            to_organ=to_organ,
            instructions="该事项群众反映强烈，请主要负责同志亲自过问，依法依规办理，"
            "并于期限内书面反馈办理情况。",
            actor=self.actor(issuer),
            at=at,
        )
        if reply_after is not None:
            reply_day = self.timeline.after(day, reply_after, reply_after)
            s.supervision_order_reply(
                order=order,
                organ=to_organ,
                reply="已成立专班调查核实，约谈相关单位，制定整改方案，预计本月底前办结。",
                actor=self.actor(to_organ),
                at=self.moment(reply_day, at),
            )
        self.counts["supervision_orders"] += 1

    # -- handling lists (依法分类处理清单, 细则第五条) ------------------------------------------

    def handling_lists(self) -> None:
        existing = set(
            HandlingListEntry.objects.values_list(
                "department__code", "category__code", "request_type"
            )
        )
        for dept, category, request_type, route, unit, unit_name, days, basis in HANDLING_LIST:
            if (dept, category, request_type) in existing:  # a department's own line stays
                continue
            department = self.organ(dept)
            s.handling_list_entry_create(
                department=department,
                category=self.categories[category],
                request_type=request_type,
                legal_route=route,
                legal_basis=basis,
                responsible_unit=self.organ(unit) if unit else None,
                responsible_unit_name=unit_name,
                time_limit_days=days,
                actor=self.actor(department),
            )
            self.counts["handling_list_entries"] += 1


class _OpinionText(TypedDict):
    kind: str
    facts: str
    reasons: str
    legal_basis: str


ACTS: dict[str, Callable[[_Writer, Plan, dt.datetime], None]] = {
    "register": _Writer.register,
    "route": _Writer.route,
    "accept": _Writer.accept,
    "decline": _Writer.decline,
    "extend": _Writer.extend,
    "conclude": _Writer.conclude,
    "follow_up": _Writer.follow_up,
    "close": _Writer.close,
    "request_review": _Writer.request_review,
    "review": _Writer.review,
    "request_rereview": _Writer.request_rereview,
    "rereview": _Writer.rereview,
    "routed_out": _Writer.routed_out,
    "discipline": _Writer.discipline,
    "court": _Writer.court,
}
