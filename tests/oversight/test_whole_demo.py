"""The whole demo, loaded as ``xinfang demo`` loads it: every account of the oversight (细则第九条、
第十条、第十八条) finds real work — the inspector his plan's gaps and the inspection under way, the
municipal petition office the cadre opinions to answer, the organization department the
published assessment and the signed opinion, the inspected housing committee its rectification
demand — and the assessed district reads its own line of the published run."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from xinfang.demo.orgs import load_demo
from xinfang.oversight.models import AssessmentRun

pytestmark = pytest.mark.django_db

#: Each demo login and what of the oversight its home page must list (the items' kinds).
WORK = {
    "inspector": ("年度专项督查", "年度专项督查未覆盖", "下级未开展专项督查"),
    "city_petition_clerk": ("干部考察征求意见待答复", "督查通报（待阅知）"),
    "city_petition_head": ("干部考察征求意见待答复",),
    "district_petition_clerk": ("干部考察征求意见待答复",),
    "org_dept": ("考核结果", "信访部门意见待阅", "干部考察征求意见待信访部门答复"),
    "district_org_dept": ("干部考察征求意见待信访部门答复",),
    "dept_head": ("督查整改要求", "督查通报（待阅知）"),
    "dept_staff": ("督查整改要求",),
    "district_secretary": ("督查通报（待阅知）",),
}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The whole demo, once for this module: the registry, then every step of ``xinfang demo``."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        for step in settings.XINFANG_DEMO_STEPS:
            call_command(step, stdout=None)
        yield
        transaction.set_rollback(True)


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(
        get_user_model().objects.get(username=username),
        backend="xinfang.access.backends.ModelBackend",
    )
    return client


@pytest.mark.parametrize("username", sorted(WORK))
def test_each_oversight_account_finds_its_work_at_home(demo: Any, username: str) -> None:
    page = client_of(username).get("/").content.decode()
    missing = [kind for kind in WORK[username] if kind not in page]
    assert missing == [], username


def test_the_assessed_district_reads_its_line_and_no_one_else_outside_reads_the_run(
    demo: Any,
) -> None:
    run = AssessmentRun.objects.get(state="published")
    url = f"/oversight/assessment/runs/{run.pk}/"
    page = client_of("district_secretary").get(url)
    assert page.status_code == 200
    assert "中共重庆市渝中区委员会" in page.content.decode()
    # Its own line only: not another district's score.
    assert "中共重庆市江北区委员会" not in page.content.decode()
    assert client_of("org_dept").get(url).status_code == 200
    # The discipline organ is neither assessed nor the recipient of the results.
    assert client_of("discipline").get(url).status_code == 404


def test_the_personnel_department_reads_who_was_held_accountable(demo: Any) -> None:
    page = client_of("personnel").get("/oversight/cadres/record/")
    assert page.status_code == 200
    assert "被追究信访工作责任人员" in page.content.decode()


def test_loading_the_oversight_demo_again_writes_nothing(demo: Any) -> None:
    from io import StringIO

    out = StringIO()
    call_command("demo_oversight", stdout=out)
    assert "未作任何更改" in out.getvalue()
