"""Demo records of 细则第六条 (supervision, coordination), in 渝中区.

A property-fee matter of its own, transferred by the district petition office to the district
housing department: 催办 answered while the problem persisted, then 督办 with the reason,
left unanswered past its reply date (it waits on 渝中区住房城乡建委's workbench, and on the
office's as unanswered). A coordination meeting of the office with the housing department
and the 解放碑 street office on that matter, whose task for the housing department is overdue.
The demo's vertical systems (公安, 生态环境) are the registry's (``xinfang.demo.orgs_data``).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from xinfang.duties.models import Coordination
from xinfang.duties.services.supervision import AssignmentInput, coordination_record
from xinfang.orgs.models import Organ
from xinfang.petitions.matters import services as s
from xinfang.petitions.matters.models import Category, Matter, SupervisionOrder

ACTOR = "system:demo"
SHANGHAI = ZoneInfo("Asia/Shanghai")
SUMMARY = "恒祥小区物业公司擅自上调物业费并拒绝公示收支"
CONTENT = (
    "渝中区解放碑街道邹容路恒祥小区业主反映：物业公司未经业主大会同意，自今年起将物业费由每平方米"
    "1.8元上调至2.5元，并拒绝公示公共收益和维修资金收支情况。业主多次向社区和物业公司反映无果，"
    "请求区住房城乡建委依法查处，责令物业公司恢复原收费标准并公开账目。"
)
MEETING = "恒祥小区物业收费问题专题协调会"


def _at(today: dt.date, days_ago: int, hour: int = 10) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def _matter(today: dt.date, office: Organ, housing: Organ) -> tuple[Matter, int]:
    """The demo's matter at the housing department (written once)."""
    existing = Matter.objects.filter(summary=SUMMARY, registering_organ=office).first()
    if existing is not None:
        return existing, 0
    matter = s.matter_register(
        organ=office,
        actor=ACTOR,
        channel="letter",
        received_at=_at(today, 80, 9),
        at=_at(today, 80),
        summary=SUMMARY,
        content=CONTENT,
        region_code="500103001",
        category=Category.objects.filter(code="housing-property").first(),
    )
    matter = s.matter_route(
        matter=matter,
        organ=office,
        to_organ=housing,
        kind="transfer",
        actor=ACTOR,
        at=_at(today, 79),
    )
    matter = s.matter_accept(matter=matter, organ=housing, actor=ACTOR, at=_at(today, 77))
    return matter, 1


def _ladder(today: dt.date, matter: Matter, office: Organ, housing: Organ) -> int:
    """催办, answered while the problem persisted; then 督办, unanswered past its date."""
    if SupervisionOrder.objects.filter(matter=matter, issuing_organ=office).exists():
        return 0
    urged = s.supervision_order_issue(
        matter=matter,
        organ=office,
        to_organ=housing,
        level="urge",
        instructions="业主反映强烈，请加快核查物业费上调是否经业主大会同意，并书面反馈。",
        actor=ACTOR,
        at=_at(today, 70),
    )
    s.supervision_order_reply(
        order=urged,
        organ=housing,
        reply="已约谈物业公司，要求其暂停执行新收费标准并公示收支情况。",
        actor=ACTOR,
        at=_at(today, 55),
    )
    s.supervision_order_issue(
        matter=matter,
        organ=office,
        to_organ=housing,
        level="supervise",
        instructions="请主要负责同志亲自过问，依法查处并于期限内书面反馈办理结果。",
        escalation_reason="物业公司仍按新标准收费，未公示收支，业主再次来信。",
        actor=ACTOR,
        at=_at(today, 40),
    )
    return 2


def _coordination(today: dt.date, matter: Matter, office: Organ, housing: Organ) -> int:
    """A coordination meeting with two organs; the housing department's task is overdue."""
    if Coordination.objects.filter(meeting=MEETING, convening_organ=office).exists():
        return 0
    street = Organ.objects.filter(code="500103001-gov").first() or Organ.objects.get(
        code="500103-gov"
    )
    coordination_record(
        convening_organ=office,
        held_on=today - dt.timedelta(days=20),
        meeting=MEETING,
        issue="物业公司擅自上调物业费、拒不公示收支，业主多次信访，督办后仍未解决。",
        outcome="区住房城乡建委依法责令物业公司恢复原收费标准并公开账目；街道组织业主大会，"
        "做好业主解释疏导工作。",
        organs=[housing, street],
        matters=[matter],
        assignments=[
            AssignmentInput(
                housing,
                "依法责令物业公司恢复原收费标准、公开收支账目，书面报告结果。",
                today - dt.timedelta(days=5),
            ),
            AssignmentInput(
                street, "指导社区组织召开业主大会，做好解释疏导。", today + dt.timedelta(days=20)
            ),
        ],
        actor=ACTOR,
    )
    return 1


def load(today: dt.date) -> int:
    """Write this part's demo records as of ``today`` (idempotent); how many were written."""
    office = Organ.objects.filter(code="500103-petition").first()
    housing = Organ.objects.filter(code="500103-housing").first()
    if office is None or housing is None:
        return 0
    matter, written = _matter(today, office, housing)
    written += _ladder(today, matter, office, housing)
    written += _coordination(today, matter, office, housing)
    return written
