"""Demo records of 细则第七条、第八条第二项, in 渝中区 (500103), written through the services:

- 阅批: the district petition office puts two of its matters (city building first) before the
  district secretary (``district_secretary``), who instructs 渝中区住建委; one report is
  overdue (``detect-leads`` turns it into a ground (2) lead), the other reported and closed;
- 交办: the director of 渝中区住建委 (``dept_head``) assigns a task to its clerk (``dept_staff``),
  the report due in three days;
- 接访下访: this year's schedule of the leaders of 区委 and 区政府, every one up to the norm pro
  rata but the deputy district head, with a reception next week for the secretary;
- 包案: the district secretary owns a property dispute with recent progress; the deputy
  secretary owns an old-housing problem with no progress for fifty days (stalled: it waits on
  the secretary as principal leader).

Idempotent: each record is looked for by its leader and title before it is written.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from xinfang.duties.models.leaders import (
    CaseOwnership,
    Instruction,
    Reception,
    ReceptionKind,
    ReceptionState,
)
from xinfang.duties.selectors.leaders import pro_rata
from xinfang.duties.selectors.settings import duty_setting
from xinfang.duties.services import leaders as instructions
from xinfang.duties.services import leaders_ownership as ownerships
from xinfang.duties.services import leaders_receptions as receptions
from xinfang.orgs.choices import PortfolioSubject
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.categories import portfolio_subject_of
from xinfang.petitions.matters.choices import Channel
from xinfang.petitions.matters.models import Matter

ACTOR = "system:demo"
OVERDUE_TITLE = "群众来信：解放碑片区小区电梯长期停运"
CLOSED_TITLE = "网上信访：七星岗某小区物业费收取不规范"
TASK_TITLE = "整理辖区老旧小区电梯维保情况并报告"
#: The leaders whose sessions are on the schedule; the one not kept up to the norm.
SCHEDULED = ("500103-party", "500103-gov")
BELOW_NORM = "500103-gov:sup1"
PLACES = {
    ReceptionKind.RECEPTION: "渝中区人民来访接待中心",
    ReceptionKind.FIELD_VISIT: "解放碑街道社区",
}


def _organ(code: str) -> Organ:
    return Organ.objects.get(code=code)


def _person(code: str) -> Person:
    return Person.objects.get(code=code)


def _demo_matters(organ: Organ) -> list[Matter]:
    """Matters the district petition office registered that may go to ``organ`` (none accusing
    it): the city-building ones (the housing portfolio) first, letters and online petitions
    first among them."""
    found = []
    rows = Matter.objects.filter(registering_organ__code="500103-petition", is_accusation=False)
    for matter in rows.select_related("category__parent").order_by("id")[:200]:
        try:
            instructions.refuse_if_accused(matter, organ)
        except ValidationError:
            continue
        found.append(matter)

    def rank(matter: Matter) -> tuple[bool, bool, int]:
        housing = portfolio_subject_of(matter.category) == PortfolioSubject.HOUSING
        written = matter.channel in (Channel.LETTER, Channel.ONLINE)
        return (not housing, not written, matter.pk)

    return sorted(found, key=rank)


def _title(matter: Matter | None, fallback: str) -> str:
    """The letter's channel and summary (来信：……), or the demo's own words without a matter."""
    if matter is None:
        return fallback
    return f"{matter.get_channel_display()}：{matter.summary}"[:200]


def _instructions(today: dt.date) -> int:
    party, housing, office = (
        _organ("500103-party"),
        _organ("500103-housing"),
        _organ("500103-petition"),
    )
    secretary = _person("500103-party:principal")
    matters = _demo_matters(housing)
    written = 0
    plan = (
        (OVERDUE_TITLE, 30, 20, None),
        (CLOSED_TITLE, 40, 25, "已督促责任单位解决，向信访人反馈办理结果，信访人表示满意。"),
    )
    for n, (fallback, put_ago, due_ago, report) in enumerate(plan):
        matter = matters[n] if len(matters) > n else None
        title = _title(matter, fallback)
        if Instruction.objects.filter(leader=secretary, title=title).exists():
            continue
        record = instructions.instruction_put_before(
            organ=party,
            by_organ=office,
            leader=secretary,
            title=title,
            matter=matter,
            put_before_on=today - dt.timedelta(days=put_ago),
            actor=ACTOR,
        )
        record = instructions.instruction_instruct(
            instruction=record,
            text="请区住房城乡建委依法依规妥善处理，及时回应群众诉求，按期报告办理情况。",
            to_organ=housing,
            instructed_on=today - dt.timedelta(days=put_ago - 1),
            report_due=today - dt.timedelta(days=due_ago),
            actor=ACTOR,
        )
        if report:
            record = instructions.instruction_report(
                instruction=record,
                report=report,
                reported_on=today - dt.timedelta(days=due_ago + 2),
                actor=ACTOR,
            )
            instructions.instruction_close(instruction=record, note="同意，办结。", actor=ACTOR)
        written += 1
    head = _person("500103-housing:principal")
    if not Instruction.objects.filter(leader=head, title=TASK_TITLE).exists():
        task = instructions.instruction_put_before(
            organ=housing,
            leader=head,
            title=TASK_TITLE,
            put_before_on=today - dt.timedelta(days=4),
            actor=ACTOR,
        )
        instructions.instruction_instruct(
            instruction=task,
            text="请于三日内报告。",
            to_person=_person("500103-housing:staff1"),
            instructed_on=today - dt.timedelta(days=4),
            report_due=today + dt.timedelta(days=3),
            actor=ACTOR,
        )
        written += 1
    return written


def _sessions(organ: Organ, leader: Person, kind: str, count: int, today: dt.date) -> int:
    """``count`` held sessions spread over this year up to yesterday, if the leader has none."""
    past = (today - dt.date(today.year, 1, 1)).days
    if count <= 0 or past <= 0:
        return 0
    for n in range(count):
        day = dt.date(today.year, 1, 1) + dt.timedelta(days=past * n // count)
        reception = receptions.reception_schedule(
            organ=organ,
            leader=leader,
            kind=kind,
            scheduled_on=day,
            place=PLACES[ReceptionKind(kind)],
            topic="群众反映的城市建设和物业管理问题",
            actor=ACTOR,
        )
        receptions.reception_record_held(
            reception=reception,
            visitors=3 + n % 5,
            note="现场接待，登记诉求，交有关部门办理。",
            actor=ACTOR,
        )
    return count


def _receptions(today: dt.date) -> int:
    written = 0
    for code in SCHEDULED:
        organ = _organ(code)
        for slot in ("principal", "sup1", "member"):
            leader = Person.objects.filter(code=f"{code}:{slot}").first()
            if leader is None or Reception.objects.filter(organ=organ, leader=leader).exists():
                continue
            for kind, name in (
                (ReceptionKind.RECEPTION, "receptions_per_year"),
                (ReceptionKind.FIELD_VISIT, "field_visits_per_year"),
            ):
                norm = duty_setting(name, on=today, organ=organ).value
                wanted = pro_rata(norm, today.year, today)
                if leader.code == BELOW_NORM:
                    wanted = wanted // 3
                written += _sessions(organ, leader, kind, wanted, today)
    secretary = _person("500103-party:principal")
    upcoming = today + dt.timedelta(days=7)
    if not Reception.objects.filter(
        leader=secretary, state=ReceptionState.SCHEDULED, scheduled_on__gte=today
    ).exists():
        receptions.reception_schedule(
            organ=_organ("500103-party"),
            leader=secretary,
            kind=ReceptionKind.RECEPTION,
            scheduled_on=upcoming,
            place=PLACES[ReceptionKind.RECEPTION],
            topic="领导接待日",
            actor=ACTOR,
        )
        written += 1
    return written


def _ownerships(today: dt.date) -> int:
    party = _organ("500103-party")
    secretary = _person("500103-party:principal")
    deputy = _person("500103-party:sup1")
    written = 0
    if not CaseOwnership.objects.filter(leader=secretary, title="解放碑片区物业服务纠纷").exists():
        owned = ownerships.ownership_assign(
            organ=party,
            leader=secretary,
            title="解放碑片区物业服务纠纷",
            description="多个小区业主反映物业服务质量差、收费不透明，已多次集体来访。",
            plan="成立工作专班，一月内召开业主、物业、街道三方协调会，两月内完成整改。",
            matters=_demo_matters(party)[2:3],
            assigned_by=secretary,
            assigned_on=today - dt.timedelta(days=20),
            actor=ACTOR,
        )
        owned = ownerships.ownership_add_milestone(
            ownership=owned, title="召开三方协调会", due=today + dt.timedelta(days=10), actor=ACTOR
        )
        ownerships.ownership_note(
            ownership=owned,
            text="已约谈三家物业服务企业，责成限期整改。",
            on=today - dt.timedelta(days=5),
            actor=ACTOR,
        )
        written += 1
    if not CaseOwnership.objects.filter(leader=deputy, title="七星岗老旧小区改造遗留问题").exists():
        ownerships.ownership_assign(
            organ=party,
            leader=deputy,
            title="七星岗老旧小区改造遗留问题",
            description="改造后部分住户反映房屋渗水、管网未接通。",
            plan="会同区住房城乡建委、街道逐户排查，制定整改清单。",
            assigned_by=secretary,
            assigned_on=today - dt.timedelta(days=50),
            actor=ACTOR,
        )
        written += 1
    return written


def load(today: dt.date) -> int:
    """Write this part's demo records as of ``today`` (idempotent); how many were written."""
    return _instructions(today) + _receptions(today) + _ownerships(today)
