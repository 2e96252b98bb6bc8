"""The leaders' demo records in 渝中区: idempotent, and each demo role has something to do."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import detect_leads
from xinfang.demo.duties import leaders
from xinfang.demo.orgs import load_demo
from xinfang.duties.models.leaders import CaseOwnership, Instruction, Reception
from xinfang.duties.selectors import organ_overview, todo_for
from xinfang.orgs.models import Organ, Person


@pytest.mark.django_db
def test_the_demo_loads_once_and_gives_every_leader_work() -> None:
    load_demo()
    today = timezone.localdate()
    first = leaders.load(today)
    counts = (Instruction.objects.count(), Reception.objects.count(), CaseOwnership.objects.count())
    assert first > 0
    assert leaders.load(today) == 0
    assert counts == (
        Instruction.objects.count(),
        Reception.objects.count(),
        CaseOwnership.objects.count(),
    )
    users = {u.username: u for u in get_user_model().objects.all()}
    secretary = todo_for(users["district_secretary"], today)
    kinds = {str(item.kind) for item in secretary}
    assert {"领导阅批", "领导包案", "接访下访"} <= kinds
    staff = todo_for(users["dept_staff"], today)
    assert [i.title for i in staff if "报告领导批示办理情况" in i.title]
    report = detect_leads(today=today, kinds=["instructions"])
    assert report.created == {LeadKind.INSTRUCTION_NOT_REPORTED: 1}
    gov = Organ.objects.get(code="500103-gov")
    rows = organ_overview(users["district_secretary"], gov, today)
    flagged = [row for row in rows if row.flags]
    if today.timetuple().tm_yday > 40:  # the norm pro rata asks for something by then
        below = Person.objects.get(code=leaders.BELOW_NORM).name
        flags = [flag for row in flagged for flag in row.flags]
        assert flags and all(flag.startswith(below) for flag in flags)
