"""督办 extended (细则第六条、第五条第二款): any organ that worked on the matter, the execution of a
supporting opinion after the matter is final, the ladder 催办 → 督办 → 通报, and supervision by
a vertically managed department within its system."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from tests.petitions.matters.factories import walk_to
from xinfang.access.policy import forget_scope, scope_for
from xinfang.petitions.matters import services as s
from xinfang.petitions.matters.models import SupervisionOrder
from xinfang.petitions.matters.selectors import matter_list
from xinfang.petitions.matters.services import MatterRefused, forget_calendar

from .supervision_factories import ACTOR, SupervisionWorld, at, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(db: None) -> SupervisionWorld:
    forget_calendar()
    return build_world()


def issue(sw: SupervisionWorld, matter, day: str, **kwargs) -> SupervisionOrder:
    kwargs.setdefault("organ", sw.mw.district_po)
    kwargs.setdefault("to_organ", sw.mw.district_housing)
    kwargs.setdefault("instructions", "请加快办理并书面反馈")
    return s.supervision_order_issue(matter=matter, actor=ACTOR, at=at(day), **kwargs)


def refused(call, *args, **kwargs) -> MatterRefused:
    with pytest.raises(MatterRefused) as info:
        call(*args, **kwargs)
    return info.value


def invalid(call, *args, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call(*args, **kwargs)
    return info.value.message_dict


def test_the_office_above_supervises_the_office_that_routed_the_matter(sw):
    """Every organ that worked on the matter may be supervised, not only the one holding it:
    the city office presses the district office that transferred it."""
    m = walk_to(sw.mw, "accepted")
    order = issue(sw, m, "2025-06-10", organ=sw.mw.city_po, to_organ=sw.mw.district_po)
    assert order.to_organ == sw.mw.district_po
    assert order.level == "supervise" and order.subject == "handling"


def test_the_ladder_climbs_one_rung_after_an_unanswered_order(sw):
    m = walk_to(sw.mw, "accepted")
    urged = issue(sw, m, "2025-06-10", level="urge")
    assert urged.get_level_display() == "催办"
    # Before the reply is due, there is nothing to escalate.
    exc = refused(issue, sw, m, "2025-06-20", level="supervise")
    assert exc.code == "previous_not_due"
    # Two rungs at once are refused.
    errors = invalid(issue, sw, m, "2025-07-20", level="circulate", circulation_scope="全区")
    assert errors["level"] == ["只能逐级升级：催办、督办、通报。"]
    supervised = issue(sw, m, "2025-07-20", level="supervise")
    assert supervised.escalated_from == urged
    assert supervised.reply_due > supervised.issued_at.date()
    # 通报 names where it is circulated (细则第九条: 在适当范围内通报).
    errors = invalid(issue, sw, m, "2025-08-25", level="circulate")
    assert "circulation_scope" in errors
    circulated = issue(
        sw, m, "2025-08-25", level="circulate", circulation_scope="全区各街道、各部门"
    )
    assert circulated.escalated_from == supervised
    assert "细则第九条" in circulated.basis
    assert circulated.circulation_scope == "全区各街道、各部门"


def test_a_circulated_notice_is_never_the_first_rung(sw):
    m = walk_to(sw.mw, "accepted")
    errors = invalid(issue, sw, m, "2025-06-10", level="circulate", circulation_scope="全区")
    assert errors["level"] == ["通报应在督办未果后进行，请先督办。"]
    assert not SupervisionOrder.objects.exists()


def test_an_answered_order_escalates_only_when_the_problem_persists(sw):
    m = walk_to(sw.mw, "accepted")
    order = issue(sw, m, "2025-06-10", level="urge")
    s.supervision_order_reply(
        order=order, organ=sw.mw.district_housing, reply="已约谈物业公司", actor=ACTOR
    )
    errors = invalid(issue, sw, m, "2025-06-20", level="supervise")
    assert errors["escalation_reason"] == ["上一次督办已反馈，升级须说明问题仍未解决的情况。"]
    again = issue(sw, m, "2025-06-20", level="supervise", escalation_reason="物业公司仍未退费")
    assert again.escalated_from == order and again.escalation_reason == "物业公司仍未退费"


def test_the_execution_of_a_supporting_opinion_is_supervised_after_the_matter_is_final(sw):
    """信访工作条例(2022)第四十条: 拒不执行信访处理意见…应当及时督办."""
    m = walk_to(sw.mw, "concluded")
    m = s.matter_close(matter=m, organ=sw.mw.district_housing, reason="息诉", actor=ACTOR)
    assert m.is_final
    exc = refused(issue, sw, m, "2025-08-20")
    assert exc.code == "final_state"
    order = issue(sw, m, "2025-08-20", subject="execution")
    assert order.opinion is not None and order.opinion.stage == "handle"
    s.opinion_record_execution(
        opinion=order.opinion, organ=sw.mw.district_housing, note="已退还多收费用", actor=ACTOR
    )
    exc = refused(issue, sw, m, "2025-08-21", subject="execution")
    assert exc.code == "nothing_to_execute"


def test_a_vertical_department_sees_and_supervises_its_system(sw):
    """细则第五条第二款: 垂直管理部门负责本系统的信访工作，应当督促下级部门和单位."""
    m = sw.police_matter()
    user = sw.users["city_police_staff"]
    assert scope_for(user).vertical_organ_ids == {sw.district_police.pk}
    assert list(matter_list(user=user)) == [m]
    order = issue(sw, m, "2025-06-10", organ=sw.city_police, to_organ=sw.district_police)
    assert order.basis[-1] == "细则第五条第二款"
    response = sw.client("city_police_staff").post(
        f"/api/matters/{m.pk}/supervision-orders",
        json.dumps({"to_organ_id": sw.district_police.pk, "instructions": "请依法及时就地解决"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content  # a 督办 again, on the same rung
    page = sw.client("city_police_staff").get(f"/matters/{m.pk}/")
    assert page.status_code == 200 and 'id="action-supervise"' in page.content.decode()


def test_the_accused_exclusion_wins_over_the_vertical_scope(sw):
    m = sw.police_matter(accused_organs=[sw.city_police])
    user = sw.users["city_police_staff"]
    assert not matter_list(user=user).filter(pk=m.pk).exists()
    assert sw.client("city_police_staff").get(f"/api/matters/{m.pk}").status_code == 404


def test_a_department_outside_the_system_sees_nothing_new_and_supervises_nothing(sw):
    m = sw.police_matter()
    for name in ("city_env_staff", "city_housing_staff"):
        user = sw.users[name]
        forget_scope(user)
        assert not scope_for(user).vertical_organ_ids
        assert not matter_list(user=user).exists()
    exc = refused(issue, sw, m, "2025-06-10", organ=sw.city_env, to_organ=sw.district_police)
    assert exc.code == "not_in_vertical_system"
    assert exc.basis_strings == ["细则第五条第二款"]
    exc = refused(issue, sw, m, "2025-06-10", organ=sw.mw.city_housing, to_organ=sw.district_police)
    assert exc.code == "supervisor_not_petition_office"
    # The unit below does not see upwards.
    assert not scope_for(sw.users["district_police_staff"]).vertical_organ_ids


def test_the_matter_page_shows_the_ladder_and_the_api_its_rung(sw):
    m = walk_to(sw.mw, "accepted")
    client = sw.client("po_clerk")
    response = client.post(
        f"/api/matters/{m.pk}/supervision-orders",
        json.dumps(
            {"to_organ_id": sw.mw.district_housing.pk, "instructions": "请加快", "level": "urge"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["level"] == "urge" and body["level_label"] == "催办"
    assert body["subject"] == "handling" and body["escalated_from_id"] is None
    response = client.post(
        f"/api/matters/{m.pk}/supervision-orders",
        json.dumps(
            {"to_organ_id": sw.mw.district_housing.pk, "instructions": "x", "level": "circulate"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {"level", "circulation_scope"} & set(response.json()["fields"])
    html = client.get(f"/matters/{m.pk}/").content.decode()
    assert 'id="supervision-ladder"' in html and "催办" in html and "通报" in html
