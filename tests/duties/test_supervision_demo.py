"""The demo of 细则第六条: 催办 then 督办 on a 渝中区 matter, one unanswered; a coordination with
two organs and an overdue task; idempotent; it reaches the demo logins' workbenches."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from xinfang.demo.duties import supervision as demo
from xinfang.demo.orgs import load_demo
from xinfang.duties.models import Coordination
from xinfang.duties.selectors import todo_for
from xinfang.petitions.matters.models import SupervisionOrder

pytestmark = pytest.mark.django_db


def test_the_demo_escalates_coordinates_and_is_idempotent():
    load_demo()
    today = timezone.localdate()
    assert demo.load(today) == 4
    assert demo.load(today) == 0
    urged, supervised = SupervisionOrder.objects.order_by("issued_at")
    assert (urged.level, supervised.level) == ("urge", "supervise")
    assert supervised.escalated_from == urged and supervised.escalation_reason
    assert urged.replied_at is not None and supervised.replied_at is None
    assert supervised.reply_due < today
    c = Coordination.objects.get()
    assert c.organs.count() == 2 and c.matters.count() == 1
    assert [a.due < today for a in c.assignments.order_by("due")] == [True, False]
    staff = get_user_model().objects.get(username="dept_staff")
    kinds = {item.kind for item in todo_for(staff, today) if item.overdue}
    assert {"督办待反馈", "协调任务"} <= kinds
    clerk = get_user_model().objects.get(username="district_petition_clerk")
    assert "督办逾期未反馈" in {item.kind for item in todo_for(clerk, today)}
