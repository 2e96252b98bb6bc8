"""Demo records of 细则第七条第三项、第八条第三、四项, in 渝中区 (500103).

- A collective visit of about thirty owners at the district housing commission, known three
  days ago at 09:10: the first report is made three hours late (``detect-leads`` turns it into
  a ground (七) lead), the first handling step comes after the first-report period and the
  visit grows to sixty-five people (a ground (四) lead);
- negative public opinion online about the same commission six days ago, reported by phone
  and in writing on time, handled and closed;
- a staff member's report of a prominent problem to the commission's director, awaiting
  acknowledgement.

Everything is written through the services, by the commission's staff member (the demo login
``dept_staff``) and its director; running it twice writes nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from xinfang.duties.models.incidents import Incident, IncidentKind, StaffReport
from xinfang.duties.services import incidents as services
from xinfang.duties.services.incidents_staff import staff_report_submit
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.models import Matter

COLLECTIVE_TITLE = "解放碑某小区业主集体访"
OPINION_TITLE = "网络论坛“住建委对电梯停运不作为”帖文"
STAFF_REPORT_TEXT = (
    "近一个月老旧小区电梯停运问题信访量明显上升，已有业主酝酿集体上访，"
    "建议由委领导牵头召开专题会议，会同街道和物业企业研究解决。"
)
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _collective_visit(today: dt.date, housing: Organ, staff: Person, government: Organ) -> int:
    if Incident.objects.filter(organ=housing, title=COLLECTIVE_TITLE).exists():
        return 0
    clerk = staff.user
    known = _at(today - dt.timedelta(days=3), 9, 10)
    matters = list(
        Matter.objects.filter(current_organ=housing, category__code="housing-property").order_by(
            "pk"
        )[:1]
    )
    incident = services.incident_record(
        organ=housing,
        recording_organ=housing,
        kind=IncidentKind.COLLECTIVE_VISIT,
        title=COLLECTIVE_TITLE,
        description="约三十名业主因小区电梯停运三个月未修复，聚集在区住房城乡建委门前，要求见领导。",
        occurred_at=known - 15 * MINUTE,
        place="区住房城乡建委门前",
        place_organ=government,
        people_count=30,
        known_at=known,
        known_by=staff,
        matters=matters,
        actor=clerk,
    )
    services.incident_report(
        incident=incident,
        organ=housing,
        made_at=known + 4 * HOUR,
        channel="phone",
        content="电话报告区政府总值班室：约三十名业主在委门前聚集，已派员接待。",
        to_organ=government,
        actor=clerk,
    )
    services.incident_act(
        incident=incident,
        organ=housing,
        at=known + 150 * MINUTE,
        what="委信访科派员到场接待，登记业主诉求，做好疏导解释工作。",
        actor=clerk,
    )
    services.incident_escalate(
        incident=incident,
        organ=housing,
        at=known + 5 * HOUR,
        growth="more_people",
        what="部分业主在网上发布现场视频，聚集人数增至约六十五人，堵塞人行道。",
        people_after=65,
        actor=clerk,
    )
    services.incident_report(
        incident=incident,
        organ=housing,
        made_at=known + 20 * HOUR,
        channel="written",
        content="书面报告事件经过、处置措施和下一步工作安排。",
        to_organ=government,
        actor=clerk,
    )
    return 1


def _negative_opinion(today: dt.date, housing: Organ, staff: Person, office: Organ) -> int:
    if Incident.objects.filter(organ=housing, title=OPINION_TITLE).exists():
        return 0
    clerk = staff.user
    known = _at(today - dt.timedelta(days=6), 14)
    incident = services.incident_record(
        organ=housing,
        recording_organ=housing,
        kind=IncidentKind.NEGATIVE_OPINION,
        title=OPINION_TITLE,
        description="某网络论坛出现帖文，称区住房城乡建委对小区电梯长期停运不作为，转发量较大。",
        occurred_at=known - 2 * HOUR,
        place="网络论坛",
        place_organ=office.parent or office,
        people_count=1,
        known_at=known,
        known_by=staff,
        actor=clerk,
    )
    services.incident_act(
        incident=incident,
        organ=housing,
        at=known + 30 * MINUTE,
        what="核实帖文反映情况，联系发帖人了解诉求。",
        actor=clerk,
    )
    services.incident_report(
        incident=incident,
        organ=housing,
        made_at=known + 40 * MINUTE,
        channel="phone",
        content="电话报告区信访办：网络出现涉我委负面帖文，正在核实处置。",
        to_organ=office,
        actor=clerk,
    )
    services.incident_report(
        incident=incident,
        organ=housing,
        made_at=known + 18 * HOUR,
        channel="online",
        content="网上报送舆情处置情况报告。",
        to_organ=office,
        actor=clerk,
    )
    services.incident_close(
        incident=incident,
        organ=housing,
        note="已约谈物业企业限期修复电梯，并在论坛回复处理情况，帖文热度回落。",
        actor=clerk,
        at=known + 2 * dt.timedelta(days=1),
    )
    return 1


def _staff_report(housing: Organ, staff: Person, director: Person) -> int:
    if StaffReport.objects.filter(from_person=staff, content=STAFF_REPORT_TEXT).exists():
        return 0
    staff_report_submit(
        organ=housing,
        to_person=director,
        kind="prominent_problem",
        content=STAFF_REPORT_TEXT,
        actor=staff.user,
    )
    return 1


def load(today: dt.date) -> int:
    """Write this part's demo records as of ``today`` (idempotent); how many were written."""
    day = min(today, timezone.localdate())
    housing = Organ.objects.get(code="500103-housing")
    staff = Person.objects.get(code="500103-housing:staff1")
    director = Person.objects.get(code="500103-housing:principal")
    government = Organ.objects.get(code="500103-gov")
    office = Organ.objects.get(code="500103-petition")
    if staff.user is None:
        return 0
    return (
        _collective_visit(day, housing, staff, government)
        + _negative_opinion(day, housing, staff, office)
        + _staff_report(housing, staff, director)
    )
