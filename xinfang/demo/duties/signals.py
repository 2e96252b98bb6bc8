"""Demo records the signals (待研判信号) point at, in 渝中区 (500103), so that ``detect-leads``
shows grounds 三, 六 and 八 of 细则第十一条第一款 besides the leads of the clocks:

- 第三项 (overturned on review): the district housing commission does not support an owner's
  request for the repair fund; 渝中区人民政府 supports it on review;
- 第六项 (record altered): the commission's clerk records the review opinion as carried out two
  days before 区政府 issued it (the execution entered with an earlier date than the opinion it
  carries out);
- 第三项 (repeated dissatisfaction): a matter the commission concluded with an explanation, rated
  dissatisfied by the petitioner and dissatisfied again at the district petition office's
  follow-up visits (as many times in all as the policy value ``signal_dissatisfied_ratings``);
- 第八项 (disclosure to the accused): an accusation naming the commission, sent on to
  渝中区纪委监委, which the commission's clerk (the demo login ``dept_staff``) then tries to
  open: the access chokepoint refuses and logs the refusal with its reason, the accusation.

Every step goes through the matter services with its date in the past (``at=``), by the demo
people's accounts where they have one (``district_petition_clerk``, ``dept_staff``) and
``system:demo`` for 区政府 and the petitioner's rating. Each story is written once: a matter with
its summary present is not written again, a refusal already logged is not tried again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from xinfang.access.identity import id_check_char
from xinfang.accountability.signals import dissatisfied_ratings_min
from xinfang.audit.models import AuditEntry
from xinfang.audit.services import actor_label
from xinfang.orgs.models import Organ
from xinfang.petitions.matters import services as s
from xinfang.petitions.matters.choices import Channel, FollowUpMethod, OpinionKind, Satisfaction
from xinfang.petitions.matters.models import Category, Matter, Opinion
from xinfang.petitions.matters.selectors import access_matter_by_id

DEMO_ACTOR = "system:demo"
REGION = "500103"
CLERK = "district_petition_clerk"  # 渝中区信访办 staff
DEPT_STAFF = "dept_staff"  # 渝中区住房城乡建委 staff

FUND_SUMMARY = "申请使用专项维修资金维修老旧小区外墙"
FUND_CONTENT = (
    "我小区外墙瓷砖多处空鼓脱落，已砸坏业主车辆，物业称须经业主大会表决方可申请专项维修资金，"
    "业主大会无法召开。请求区住房城乡建委按应急维修程序批准使用专项维修资金排危。"
)
ELEVATOR_SUMMARY = "老旧小区加装电梯补贴迟迟未兑现"
ELEVATOR_CONTENT = (
    "我单元加装电梯已于今年初完工并通过验收，按规定可申请财政补贴，"
    "但区住房城乡建委至今未拨付，多次询问均答复正在审核。请求尽快兑现补贴。"
)
ACCUSATION_SUMMARY = "反映区住房城乡建委工作人员在物业招标中收受好处"
ACCUSATION_CONTENT = (
    "区住房城乡建委物业管理科个别工作人员在某小区前期物业招标中为特定企业打招呼，"
    "并收受该企业购物卡。请求纪检监察机关调查处理。"
)
DISCIPLINE_NOTE = "检举控告公职人员，依规依纪依法转纪检监察机关处理。"
BASIS = "《物业管理条例》《住宅专项维修资金管理办法》"


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _working(start: dt.date, days: int) -> dt.date:
    """The first working day on or after ``start`` + ``days``."""
    return s.matter_calendar().next_working_day(start + dt.timedelta(days=days))


def _identity(name: str, first17: str, phone: str, place: str) -> dict[str, str]:
    """A new petitioner's identity (the ID number's check character computed)."""
    return {
        "name": name,
        "id_number": first17 + id_check_char(first17),
        "phone": phone,
        "address": f"重庆市渝中区{place}",
    }


@dataclass(frozen=True)
class Story:
    """A housing matter registered ``days_ago`` by 区信访办 and concluded by the commission."""

    summary: str
    content: str
    petitioner: tuple[str, str, str, str]  # name, first 17 ID digits, phone, address
    days_ago: int
    kind: str
    facts: str


FUND = Story(
    FUND_SUMMARY,
    FUND_CONTENT,
    ("周建平", "50010319680512031", "13983001234", "解放碑街道民权路18号"),
    130,
    OpinionKind.NOT_SUPPORTED,
    "该小区业主大会未就使用专项维修资金作出决定，不符合使用条件，不予支持。",
)
ELEVATOR = Story(
    ELEVATOR_SUMMARY,
    ELEVATOR_CONTENT,
    ("陈秀英", "50010319520308452", "13608301122", "七星岗街道中山一路56号"),
    110,
    OpinionKind.EXPLAIN,
    "加装电梯补贴须经区财政部门审核后拨付，目前正在审核中，已向信访人解释说明。",
)


def _register(*, office: Organ, day: dt.date, summary: str, content: str, **fields: Any) -> Matter:
    at = _at(day, 9, 30)
    return s.matter_register(
        organ=office,
        actor=_user(CLERK),
        channel=Channel.VISIT,
        received_at=at - dt.timedelta(minutes=20),
        summary=summary,
        content=content,
        region_code=REGION,
        category=Category.objects.filter(code="housing-property").first(),
        at=at,
        **fields,
    )


def _concluded(
    story: Story, *, today: dt.date, office: Organ, housing: Organ
) -> tuple[Matter, dt.date]:
    """The story's matter registered, assigned to the commission the next working day,
    accepted two days later and concluded about four weeks later; with the day concluded."""
    clerk, staff = _user(CLERK), _user(DEPT_STAFF)
    registered = _working(today - dt.timedelta(days=story.days_ago), 0)
    name, first17, phone, place = story.petitioner
    matter = _register(
        office=office,
        day=registered,
        summary=story.summary,
        content=story.content,
        identity=_identity(name, first17, phone, place),
    )
    routed = _working(registered, 1)
    s.matter_route(
        matter=matter,
        organ=office,
        to_organ=housing,
        kind="assign",
        actor=clerk,
        note="请依法及时办理并按期反馈结果。",
        at=_at(routed, 10),
    )
    accepted = _working(routed, 2)
    s.matter_accept(
        matter=matter,
        organ=housing,
        actor=staff,
        notice="你反映的问题已受理，将在六十日内办结并书面答复。",
        at=_at(accepted, 15),
    )
    concluded = _working(accepted, 28)
    s.matter_conclude(
        matter=matter,
        organ=housing,
        kind=story.kind,
        facts=story.facts,
        reasons="经调查核实，依据有关规定作出上述处理意见。",
        legal_basis=BASIS,
        actor=staff,
        at=_at(concluded, 16),
    )
    return matter, concluded


def _written(story: Story, office: Organ) -> bool:
    return Matter.objects.filter(registering_organ=office, summary=story.summary).exists()


def _overturned(today: dt.date, office: Organ, housing: Organ) -> int:
    """Not supported by the commission, supported on review by 区政府; the execution then
    recorded with a date before the review opinion."""
    if _written(FUND, office):
        return 0
    with transaction.atomic():
        matter, concluded = _concluded(FUND, today=today, office=office, housing=housing)
        government = Organ.objects.get(code=f"{REGION}-gov")
        requested = _working(concluded, 12)
        s.matter_request_review(
            matter=matter,
            review_organ=government,
            actor=DEMO_ACTOR,
            reason="外墙脱落危及人身安全，属应急维修情形，原处理意见未予认定，请求复查。",
            at=_at(requested, 10),
        )
        reviewed = _working(requested, 20)
        s.matter_decide_review(
            matter=matter,
            organ=government,
            kind=OpinionKind.SUPPORT,
            facts="外墙瓷砖空鼓脱落危及人身财产安全，属于应急维修情形，可不经业主大会表决。",
            reasons="原处理意见认定事实不全，适用规定不当，应予纠正；由区住房城乡建委组织应急维修。",
            legal_basis=BASIS,
            actor=DEMO_ACTOR,
            at=_at(reviewed, 11),
        )
        opinion = Opinion.objects.get(matter=matter, organ=government, kind=OpinionKind.SUPPORT)
        # 弄虚作假 as the demo shows it: the execution entered two days before the opinion.
        s.opinion_record_execution(
            opinion=opinion,
            organ=housing,
            note="已组织物业企业完成外墙排危和应急维修，费用从专项维修资金列支。",
            actor=_user(DEPT_STAFF),
            at=_at(reviewed - dt.timedelta(days=2), 17),
        )
    return 1


def _dissatisfied(today: dt.date, office: Organ, housing: Organ) -> int:
    """Concluded with an explanation, then rated dissatisfied and dissatisfied again at each of
    the petition office's follow-up visits (the rating is not the commission's to record),
    until the ratings reach ``signal_dissatisfied_ratings``."""
    if _written(ELEVATOR, office):
        return 0
    with transaction.atomic():
        matter, concluded = _concluded(ELEVATOR, today=today, office=office, housing=housing)
        rated = _working(concluded, 5)
        s.matter_rate_satisfaction(
            matter=matter,
            rating=Satisfaction.DISSATISFIED,
            actor=DEMO_ACTOR,
            at=_at(rated, 9),
        )
        visits = max(dissatisfied_ratings_min(today) - 1, 1)
        day = rated
        for visit in range(visits):
            day = _working(day, 1 if visit == 0 else 14)
            # The rating counts in the commission's assessment: 区信访办 makes the visits.
            s.matter_follow_up(
                matter=matter,
                organ=office,
                method=FollowUpMethod.PHONE if visit == 0 else FollowUpMethod.VISIT,
                notes="回访信访人，信访人表示补贴仍未到位，对答复不满意。",
                satisfaction=Satisfaction.DISSATISFIED,
                actor=_user(CLERK),
                at=_at(day, 15),
            )
    return 1


def _accusation(today: dt.date, office: Organ, housing: Organ) -> int:
    """An accusation naming the commission, sent to the district discipline commission; the
    commission's clerk then tries to open it and is refused (and the refusal logged)."""
    staff = _user(DEPT_STAFF)
    matter = Matter.objects.filter(registering_organ=office, summary=ACCUSATION_SUMMARY).first()
    written = 0
    if matter is None:
        with transaction.atomic():
            registered = _working(today - dt.timedelta(days=16), 0)
            matter = _register(
                office=office,
                day=registered,
                summary=ACCUSATION_SUMMARY,
                content=ACCUSATION_CONTENT,
                identity=_identity(
                    "刘志明", "50010319751123663", "13752001458", "大坪街道长江二路99号"
                ),
                accused_organs=[housing],
                is_accusation=True,
            )
            s.matter_send_to_discipline(
                matter=matter,
                organ=office,
                to_organ=Organ.objects.get(code=f"{REGION}-discipline"),
                note=DISCIPLINE_NOTE,
                actor=_user(CLERK),
                at=_at(_working(registered, 1), 10),
            )
        written = 1
    tried = AuditEntry.objects.filter(
        action="access.denied",
        object_type="petitions.matter",
        object_id=str(matter.pk),
        actor=actor_label(staff),
    )
    if not tried.exists():
        try:
            access_matter_by_id(staff, matter.pk)
        except Http404:
            written = 1  # the chokepoint refused and logged the attempt
    return written


def load(today: dt.date) -> int:
    """Write the stories the signals find; how many were written (0 on a second run)."""
    office = Organ.objects.get(code=f"{REGION}-petition")
    housing = Organ.objects.get(code=f"{REGION}-housing")
    return (
        _overturned(today, office, housing)
        + _dissatisfied(today, office, housing)
        + _accusation(today, office, housing)
    )
