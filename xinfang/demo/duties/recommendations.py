"""Demo records of 细则第六条 (recommendations, situation reports), in 渝中区 (500103).

渝中区信访办 makes three recommendations:

- to 渝中区住房城乡建委, to improve its work on property-management matters: replied in time
  and adopted, the measures followed up and done, closed;
- to 渝中区住房城乡建委 again, on old-residence renovation complaints: not replied to by its due
  date, so ``detect-leads`` (which runs after this step) makes a lead of 细则第十一条第一款第五项;
- to 渝中区政府, to perfect a policy: sent ten days ago, awaiting the written reply.

It has a situation report of last quarter, approved by its principal leader and circulated to
渝中区委, 渝中区政府 and 市信访办, and a draft for this quarter. Everything is written through
the services as ``system:demo``, at the dates the story needs; a record already there is left
as it is, so running twice writes nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from xinfang.duties.models.recommendations import OfficeRecommendation, SituationReport
from xinfang.duties.selectors.recommendations_figures import last_quarter, this_quarter
from xinfang.duties.services import recommendations as services
from xinfang.duties.services import recommendations_reports as reports
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.models import Matter

ACTOR = "system:demo"
OFFICE = "500103-petition"
HOUSING = "500103-housing"
GOVERNMENT = "500103-gov"
CIRCULATION = ("500103-party", "500103-gov", "500000-petition")
#: The municipal office's report goes to the municipal party committee and government and to
#: the general office's inspection unit (督查室), which reads it for its inspections.
CITY_OFFICE = "500000-petition"
CITY_CIRCULATION = ("500000-party", "500000-gov", "500000-office")
REQUIRED = frozenset({OFFICE, HOUSING, GOVERNMENT, *CIRCULATION, *CITY_CIRCULATION})
DISTRICT_TEXT = (
    "本季度全区信访总量平稳，物业管理、老旧小区改造类事项仍居前列，集中在"
    "解放碑、朝天门街道；受理、办理按期率较上季度有所提高，个别部门办理超期。",
    "一是督促住房城乡建委落实物业服务投诉首问负责制度；二是对老旧小区"
    "改造类事项开展专项督查；三是将加装电梯补助政策问题报区政府研究。",
)
CITY_TEXT = (
    "本季度全市信访总量与上季度基本持平，城乡建设、劳动和社会保障类事项居前；"
    "个别区县受理、办理超期仍较集中。",
    "一是对超期较多的区县开展专项督查；二是将物业服务收费问题报市政府研究完善政策。",
)

IN_TIME = "关于加强物业管理类信访事项源头治理的建议"
IGNORED = "关于规范老旧小区改造投诉办理流程的建议"
POLICY = "关于完善老旧小区加装电梯补助政策的建议"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _matters_at(organ: Organ, limit: int) -> list[Matter]:
    """Demo matters the organ works on, with a category: what a recommendation rests on."""
    return list(
        Matter.objects.filter(Q(current_organ=organ) | Q(handling_organ=organ))
        .filter(category__isnull=False, is_accusation=False)
        .order_by("pk")[:limit]
    )


def _sent(office: Organ, title: str) -> bool:
    return OfficeRecommendation.objects.filter(office=office, title=title).exists()


def _in_time(office: Organ, housing: Organ, today: dt.date) -> int:
    """Sent 75 days ago, replied on the 20th day (adopted), measures done, closed."""
    if _sent(office, IN_TIME):
        return 0
    sent = today - dt.timedelta(days=75)
    rec = services.office_recommendation_send(
        office=office,
        recipient=housing,
        kind="improve_work",
        title=IN_TIME,
        content="建议建立物业服务投诉首问负责制度，对物业管理类信访事项实行月度分析通报，"
        "督促物业服务企业限期整改。",
        reasons="近三个月物业管理类信访事项占全区来信来访三成以上，部分事项办理超期，"
        "群众重复信访较多。",
        matters=_matters_at(housing, 2),
        sent_on=sent,
        actor=ACTOR,
        at=_at(sent),
    )
    replied = sent + dt.timedelta(days=20)
    services.office_recommendation_reply(
        recommendation=rec,
        reply="我委采纳该建议，已制定物业服务投诉首问负责制度，并于每月初通报上月物业管理类"
        "信访事项办理情况。",
        adoption="adopted",
        actor=ACTOR,
        at=_at(replied),
    )
    done = replied + dt.timedelta(days=25)
    services.office_recommendation_follow_up(
        recommendation=rec,
        notes="经实地核查，首问负责制度已印发执行，月度通报已连续两期。",
        measures_due=replied + dt.timedelta(days=30),
        measures="印发《物业服务投诉首问负责制度》；建立月度分析通报机制。",
        measures_done_on=done,
        actor=ACTOR,
        at=_at(done + dt.timedelta(days=2)),
    )
    services.office_recommendation_close(
        recommendation=rec,
        note="建议已采纳并落实。",
        actor=ACTOR,
        at=_at(done + dt.timedelta(days=3)),
    )
    return 1


def _ignored(office: Organ, housing: Organ, today: dt.date) -> int:
    """Sent 45 days ago; the reply was due 15 days ago and never came."""
    if _sent(office, IGNORED):
        return 0
    sent = today - dt.timedelta(days=45)
    services.office_recommendation_send(
        office=office,
        recipient=housing,
        kind="improve_work",
        title=IGNORED,
        content="建议明确老旧小区改造投诉的受理、转办和答复时限，指定专人跟踪办理。",
        reasons="老旧小区改造类信访事项转办后长期无答复，群众反复来访。",
        matters=_matters_at(housing, 1),
        sent_on=sent,
        actor=ACTOR,
        at=_at(sent),
    )
    return 1


def _policy(office: Organ, government: Organ, today: dt.date) -> int:
    """Sent ten days ago to the district government; the reply is not yet due."""
    if _sent(office, POLICY):
        return 0
    sent = today - dt.timedelta(days=10)
    services.office_recommendation_send(
        office=office,
        recipient=government,
        kind="improve_policy",
        title=POLICY,
        content="建议适当提高老旧小区加装电梯财政补助标准，简化补助申请和审批程序。",
        reasons="加装电梯补助标准偏低、审批环节多，相关信访事项逐月增加，反映的是政策性问题。",
        sent_on=sent,
        actor=ACTOR,
        at=_at(sent),
    )
    return 1


def _reports(
    office: Organ,
    today: dt.date,
    *,
    circulation: tuple[str, ...] = CIRCULATION,
    text: tuple[str, str] = DISTRICT_TEXT,
    draft: bool = True,
) -> int:
    written = 0
    start, end = last_quarter(today)
    if not SituationReport.objects.filter(
        office=office, period_start=start, period_end=end
    ).exists():
        made = min(end + dt.timedelta(days=3), today)
        report = reports.situation_report_generate(
            office=office, period_start=start, period_end=end, actor=ACTOR, at=_at(made)
        )
        reports.situation_report_edit(
            report=report,
            analysis=text[0],
            recommendations=text[1],
            actor=ACTOR,
            at=_at(made, 15),
        )
        principal = Person.objects.get(code=f"{office.code}:principal")
        approved = min(made + dt.timedelta(days=2), today)
        reports.situation_report_approve(
            report=report, approver=principal, actor=ACTOR, at=_at(approved, 16)
        )
        reports.situation_report_circulate(
            report=report,
            organs=list(Organ.objects.filter(code__in=circulation).order_by("path")),
            actor=ACTOR,
            at=_at(approved, 17),
        )
        written += 1
    start, end = this_quarter(today)
    if (
        draft
        and not SituationReport.objects.filter(
            office=office, period_start=start, period_end=end
        ).exists()
    ):
        reports.situation_report_generate(
            office=office, period_start=start, period_end=end, actor=ACTOR
        )
        written += 1
    return written


def load(today: dt.date) -> int:
    """Write this part's demo records as of ``today`` (idempotent); how many were written."""
    organs = {o.code: o for o in Organ.objects.filter(code__in=REQUIRED)}
    if len(organs) < len(REQUIRED):
        return 0
    office, housing = organs[OFFICE], organs[HOUSING]
    with transaction.atomic():
        return (
            _in_time(office, housing, today)
            + _ignored(office, housing, today)
            + _policy(office, organs[GOVERNMENT], today)
            + _reports(office, today)
            + _reports(
                organs[CITY_OFFICE],
                today,
                circulation=CITY_CIRCULATION,
                text=CITY_TEXT,
                draft=False,
            )
        )
