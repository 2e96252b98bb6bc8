"""The background worker runs the periodic jobs; running them twice changes nothing."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from xinfang.accountability.models import Lead
from xinfang.audit.models import AuditHead


def run_worker_once() -> list[dict]:
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_the_worker_detects_leads_and_a_second_run_adds_nothing(settings):
    from tests.accountability.factories import FAILURE_DAY, build_world, make_overdue_matter

    settings.XINFANG_PERIODIC_JOBS = [("detect_leads", 3600)]
    world = build_world()
    make_overdue_matter(world, period="handle")
    assert datetime.date.today() > FAILURE_DAY

    lines = run_worker_once()
    assert [(line["job"], line["ok"]) for line in lines] == [("detect_leads", True)]
    assert Lead.objects.count() == 1
    head = AuditHead.objects.get().seq

    assert run_worker_once()[0]["ok"]
    assert Lead.objects.count() == 1
    assert AuditHead.objects.get().seq == head


@pytest.mark.django_db
def test_a_failing_job_is_reported_and_does_not_stop_the_worker(settings):
    settings.XINFANG_PERIODIC_JOBS = [("no_such_command", 60), ("detect_leads", 60)]
    lines = run_worker_once()
    assert [(line["job"], line["ok"]) for line in lines] == [
        ("no_such_command", False),
        ("detect_leads", True),
    ]
