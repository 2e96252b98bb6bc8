"""Demo records of the assessment (细则第十条第一款; 信访工作条例(2022)第三十九条).

市委's assessment of this year's petition work of the 38 district and county party committees,
run by 市信访办 (the ``city_petition_head`` and ``city_petition_clerk`` logins): every computed
indicator of the catalogue and two hand-scored ones (议事日程, 制度机制 — 细则第四条) scored for
a few districts with their evidence; run on the demo data and published, so that the result
waits on 市委组织部's home page (the ``org_dept`` login) as an important reference for the
comprehensive evaluation of leadership teams. Written through the services as ``system:demo``;
the scheme already there is left as it is, so running twice writes nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xinfang.orgs.models import Organ
from xinfang.oversight.models import AssessmentScheme
from xinfang.oversight.services import assessment as services

ACTOR = "system:demo"
ASSESSING = "500000-party"
OFFICE = "500000-petition"
#: Hand scores: district region → (议事日程, 制度机制) with the evidence.
HAND_SCORES = {
    "500103": (95, 90),
    "500104": (85, 80),
    "500105": (70, 75),
    "500106": (90, 95),
}
AGENDA_EVIDENCE = "区委常委会会议纪要：本年度听取信访工作汇报情况。"
SYSTEMS_EVIDENCE = "区委办公室报送的信访工作制度汇编及落实情况。"


def title_of(year: int) -> str:
    return f"{year}年度区县信访工作考核"


def load(today: dt.date) -> int:
    """Write the part's demo records (idempotent); how many were written."""
    organs = {o.code: o for o in Organ.objects.filter(code__in=(ASSESSING, OFFICE))}
    if len(organs) < 2:
        return 0
    assessing, office = organs[ASSESSING], organs[OFFICE]
    title = title_of(today.year)
    if AssessmentScheme.objects.filter(assessing_organ=assessing, title=title).exists():
        return 0
    with transaction.atomic():
        scheme = services.assessment_scheme_create(
            assessing_organ=assessing,
            office=office,
            title=title,
            period_kind="year",
            period_start=dt.date(today.year, 1, 1),
            period_end=dt.date(today.year, 12, 31),
            organ_group="party_committees",
            indicators=[
                *services.catalogue_specs(),
                services.IndicatorSpec(
                    code="agenda", weight=10, title="列入议事日程", source="manual"
                ),
                services.IndicatorSpec(
                    code="systems", weight=10, title="信访工作制度机制", source="manual"
                ),
            ],
            actor=ACTOR,
        )
        written = 1
        agenda = scheme.indicators.get(code="agenda")
        systems = scheme.indicators.get(code="systems")
        for organ in scheme.organs.filter(region_code__in=HAND_SCORES):
            first, second = HAND_SCORES[organ.region_code]
            for indicator, value, evidence in (
                (agenda, first, AGENDA_EVIDENCE),
                (systems, second, SYSTEMS_EVIDENCE),
            ):
                services.hand_score_enter(
                    indicator=indicator, organ=organ, value=value, evidence=evidence, actor=ACTOR
                )
                written += 1
        services.assessment_scheme_activate(scheme=scheme, actor=ACTOR)
        scheme.refresh_from_db()
        run = services.assessment_run_compute(scheme=scheme, actor=ACTOR, today=today)
        services.assessment_run_publish(run_record=run, actor=ACTOR)
    return written + 1
