"""The default taxonomy and the demo matters: every state, overdue now, idempotent, audited."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from xinfang.access.models import Accusation
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead
from xinfang.audit.models import AuditEntry, AuditHead
from xinfang.audit.verify import verify_chain
from xinfang.demo.matters import MARKER_ACTION, load_demo_matters
from xinfang.demo.orgs import load_demo
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.choices import MatterState, OpinionKind, OpinionStage
from xinfang.petitions.matters.models import (
    Category,
    HandlingListEntry,
    Matter,
    MatterEvent,
    Opinion,
    RepeatLink,
    SupervisionOrder,
)
from xinfang.petitions.matters.selectors import department_queue

pytestmark = pytest.mark.django_db

PROMISED_STATES = {
    MatterState.REGISTERED,
    MatterState.ROUTED,
    MatterState.ACCEPTED,
    MatterState.EXTENDED,
    MatterState.CONCLUDED,
    MatterState.REVIEW_REQUESTED,
    MatterState.REVIEWED,
    MatterState.REREVIEW_REQUESTED,
    MatterState.REREVIEWED,
    MatterState.DECLINED,
    MatterState.ROUTED_OUT,
    MatterState.SENT_TO_DISCIPLINE,
    MatterState.SENT_TO_OTHER_ORGAN,
    MatterState.CLOSED,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The registry and the demo matters loaded once for this module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        result = load_demo_matters()
        yield result
        transaction.set_rollback(True)


def today() -> dt.date:
    return timezone.localdate()


def test_the_default_taxonomy_is_there_after_migrate():
    tops = Category.objects.filter(parent=None)
    names = set(tops.values_list("name", flat=True))
    assert {
        "城乡建设",
        "劳动和社会保障",
        "自然资源",
        "农业农村",
        "生态环境",
        "卫生健康",
        "教育",
        "民政",
        "交通运输",
        "公安",
        "政法",
        "市场监管",
        "纪检监察",
        "组织人事",
        "企业改制与国资",
        "退役军人事务",
        "其他",
    } <= names
    housing = Category.objects.get(code="housing")
    assert set(housing.children.values_list("name", flat=True)) >= {
        "房屋征收与补偿",
        "物业管理",
        "住房保障",
        "工程质量",
    }
    children = Category.objects.exclude(parent=None).select_related("parent")
    assert all(c.parent.parent_id is None for c in children)
    assert all(c.code.startswith(f"{c.parent.code}-") for c in children)


def test_the_taxonomy_seed_is_idempotent_and_keeps_retired_categories_retired():
    import importlib

    from django.apps import apps

    seed = importlib.import_module("xinfang.petitions.migrations.0003_default_categories").seed
    Category.objects.filter(code="other").update(is_active=False)
    before = Category.objects.count()
    seed(apps, None)
    assert Category.objects.count() == before
    assert not Category.objects.get(code="other").is_active


def test_the_demo_matters_reach_every_promised_state(demo):
    assert demo.created
    assert 150 <= demo.matters <= 300
    states = set(Matter.objects.values_list("state", flat=True))
    assert states >= PROMISED_STATES
    assert set(demo.by_state) == states


def test_overdue_and_due_soon_matters_exist_at_every_organ_step(demo):
    day = today()
    overdue = Matter.objects.filter(action_due__lt=day)
    assert {"route", "accept", "handle"} <= set(overdue.values_list("action_period", flat=True))
    assert Matter.objects.filter(
        action_due__gte=day, action_due__lte=day + dt.timedelta(days=3)
    ).exists()
    extended_overdue = overdue.filter(state=MatterState.EXTENDED)
    assert extended_overdue.exists()


def test_the_queue_of_the_yuzhong_housing_commission_has_overdue_and_due_soon_work(demo):
    day = today()
    housing = Organ.objects.get(code="500103-housing")
    queue = list(department_queue(organ=housing, today=day, limit=100))
    assert len(queue) >= 10
    assert any(m.is_overdue for m in queue)
    assert any(day <= m.action_due <= day + dt.timedelta(days=3) for m in queue)
    assert {m.state for m in queue} >= {
        MatterState.ROUTED,
        MatterState.ACCEPTED,
        MatterState.EXTENDED,
    }
    # dept_staff did the acts of that commission.
    assert MatterEvent.objects.filter(organ=housing, actor__endswith=":dept_staff").exists()


def test_the_yuzhong_petition_office_has_matters_awaiting_routing(demo):
    office = Organ.objects.get(code="500103-petition")
    waiting = Matter.objects.filter(current_organ=office, state=MatterState.REGISTERED)
    assert waiting.count() >= 3
    assert waiting.filter(action_due__lt=today()).exists()
    assert waiting.filter(action_due__gte=today()).exists()


def test_the_demo_has_repeats_a_collective_visit_accusations_and_every_opinion(demo):
    assert RepeatLink.objects.filter(same_petitioner=True).count() >= 5
    collective = Matter.objects.filter(is_collective=True)
    assert collective.filter(representatives=5, headcount__gte=30).exists()
    assert Accusation.objects.exists()
    assert Matter.objects.filter(is_accusation=True, state=MatterState.SENT_TO_DISCIPLINE).exists()
    opinions = set(Opinion.objects.values_list("stage", "kind"))
    assert {kind for _stage, kind in opinions} == set(OpinionKind.values)
    assert {stage for stage, _kind in opinions} == set(OpinionStage.values)
    channels = set(Matter.objects.values_list("channel", flat=True))
    assert {"letter", "visit", "online", "phone"} <= channels
    regions = set(Matter.objects.values_list("region_code", flat=True))
    assert {"500000", "500103", "500105", "500106", "500101", "500229"} <= regions


def test_supervision_orders_and_handling_lists(demo):
    day = today()
    orders = SupervisionOrder.objects.all()
    assert orders.filter(replied_at=None, reply_due__lt=day).exists()
    assert orders.exclude(replied_at=None).exists()
    lists = HandlingListEntry.objects.values_list("department__code", flat=True)
    assert {"500103-housing", "500103-hrss", "500000-hrss", "500000-market"} <= set(lists)


def test_a_second_run_writes_nothing(demo):
    matters = Matter.objects.count()
    head = AuditHead.objects.get()
    out = io.StringIO()
    again = load_demo_matters()
    call_command("demo_matters", stdout=out)
    assert not again.created
    assert Matter.objects.count() == matters
    after = AuditHead.objects.get()
    assert (after.seq, after.entry_hash) == (head.seq, head.entry_hash)
    assert AuditEntry.objects.filter(action=MARKER_ACTION).count() == 1
    assert "演示信访事项已存在，未作任何更改。" in out.getvalue()


def test_the_audit_chain_verifies(demo):
    report = verify_chain()
    assert report.ok, report.broken


def test_lead_detection_finds_the_overdue_matters_once(demo):
    first = detect_leads()
    assert first.created["handle_overdue"] >= 5
    assert first.created["route_overdue"] >= 1
    assert first.created["accept_overdue"] >= 1
    assert first.created["supervision_unanswered"] >= 1
    leads = Lead.objects.count()
    second = detect_leads()
    assert second.total_created == 0
    assert Lead.objects.count() == leads
    assert verify_chain().ok
