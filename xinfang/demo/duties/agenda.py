"""Demo records of 细则第四条 in 渝中区: the district party committee and government take up
petition work on their agenda this year (the party committee less often than the policy value
asks), a decision assessed before it was taken and one that was not, from which demo matters
arose (a ground (一) lead once ``detect_leads`` runs), a decision not assessed with no matter
yet (a flag), and the government's dispute screenings. Written through the services;
idempotent (a record is looked up by its organ and name first)."""

from __future__ import annotations

import datetime as dt

from xinfang.duties.models.agenda import AgendaItem, DisputeScreening, MajorDecision
from xinfang.duties.services.agenda import agenda_item_record, dispute_screening_record
from xinfang.duties.services.agenda_decisions import (
    decision_link_matter,
    decision_record,
    risk_assessment_record,
)
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.models import Matter

ACTOR = "system:demo"
PARTY, GOV = "500103-party", "500103-gov"

#: (organ, month, day, kind, meeting, decisions, follow-up owner, follow-up days after)
AGENDA = (
    (
        PARTY,
        2,
        20,
        "report",
        "区委常委会{year}年第3次会议",
        "听取区信访办关于全区信访工作情况的汇报；要求各部门落实首办责任。",
        "500103-housing:principal",
        30,
    ),
    (
        PARTY,
        8,
        18,
        "problem",
        "区委常委会{year}年第15次会议",
        "研究解放碑片区物业纠纷集中问题，责成区住房城乡建委牵头化解。",
        "500103-housing:principal",
        45,
    ),
    (
        GOV,
        3,
        12,
        "analysis",
        "区政府常务会议第5次会议",
        "分析一季度信访形势，部署矛盾纠纷排查。",
        None,
        0,
    ),
    (
        GOV,
        6,
        16,
        "report",
        "区政府常务会议第12次会议",
        "听取信访积案化解情况汇报。",
        None,
        0,
    ),
    (
        GOV,
        9,
        22,
        "problem",
        "区政府常务会议第19次会议",
        "研究老旧小区改造中的群众诉求，明确分管副区长督办。",
        "500103-gov:sup1",
        120,
    ),
)

#: (organ, title, days before today, in scope, assessed days before the decision or None,
#: link matters of the district received after it)
DECISIONS = (
    (GOV, "渝中区老旧小区改造征收补偿方案", 200, True, 20, False),
    (GOV, "解放碑片区临街商铺经营秩序整治方案", 150, True, None, True),
    (PARTY, "渝中区社区网格化管理调整方案", 40, True, None, False),
)

#: (month, day, period, found, resolved)
SCREENINGS = ((3, 28, "第一季度", 14, 12), (6, 27, "第二季度", 9, 9), (9, 26, "第三季度", 11, 8))


def _day(today: dt.date, month: int, day: int) -> dt.date | None:
    """The day of this year, if it has passed."""
    found = dt.date(today.year, month, day)
    return found if found < today else None


def _agenda(today: dt.date) -> int:
    written = 0
    for code, month, day, kind, name, decisions, owner, days in AGENDA:
        held = _day(today, month, day)
        meeting = name.format(year=today.year)
        organ = Organ.objects.get(code=code)
        if held is None or AgendaItem.objects.filter(organ=organ, meeting=meeting).exists():
            continue
        team = Person.objects.filter(code__startswith=f"{code}:").exclude(code__endswith="staff1")
        agenda_item_record(
            organ=organ,
            kind=kind,
            held_on=held,
            meeting=meeting,
            decisions=decisions,
            minutes_ref=f"{organ.short_name}纪要〔{today.year}〕{month}号",
            attendees=list(team.order_by("code")),
            follow_up_owner=Person.objects.get(code=owner) if owner else None,
            follow_up_due=held + dt.timedelta(days=days) if owner else None,
            actor=ACTOR,
        )
        written += 1
    return written


def _decisions(today: dt.date) -> int:
    written = 0
    for code, title, ago, in_scope, assessed, link in DECISIONS:
        organ = Organ.objects.get(code=code)
        if MajorDecision.objects.filter(organ=organ, title=title).exists():
            continue
        decided = today - dt.timedelta(days=ago)
        decision = decision_record(
            organ=organ,
            title=title,
            decided_on=decided,
            decision_maker=Person.objects.get(code=f"{code}:principal"),
            in_scope=in_scope,
            description=f"{title}，经{organ.short_name}集体研究决定。",
            actor=ACTOR,
        )
        written += 1
        if assessed is not None:
            risk_assessment_record(
                decision=decision,
                assessed_on=decided - dt.timedelta(days=assessed),
                conclusion="总体风险可控，在落实防范措施后可以实施。",
                risk_level="medium",
                measures="分片区公示补偿标准；设立政策咨询点；建立矛盾纠纷台账。",
                actor=ACTOR,
            )
            written += 1
        if link:
            arisen = Matter.objects.filter(
                region_code__startswith=organ.region_code, received_at__date__gte=decided
            ).order_by("received_at", "id")[:3]
            for matter in arisen:
                decision_link_matter(decision=decision, matter=matter, actor=ACTOR)
                written += 1
    return written


def _screenings(today: dt.date) -> int:
    organ = Organ.objects.get(code=GOV)
    written = 0
    for month, day, period, found, resolved in SCREENINGS:
        held = _day(today, month, day)
        label = f"{today.year}年{period}"
        if held is None or DisputeScreening.objects.filter(organ=organ, period=label).exists():
            continue
        dispute_screening_record(
            organ=organ,
            held_on=held,
            period=label,
            disputes_found=found,
            disputes_resolved=resolved,
            notes="以街道为单位开展拉网式排查，重点排查物业、征收补偿类矛盾。",
            actor=ACTOR,
        )
        written += 1
    return written


def load(today: dt.date) -> int:
    """Write this part's demo records as of ``today`` (idempotent); how many were written."""
    return _agenda(today) + _decisions(today) + _screenings(today)
