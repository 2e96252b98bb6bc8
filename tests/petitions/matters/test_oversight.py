"""Supervision orders, follow-up visits, satisfaction ratings and the handling lists."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.models import FollowUp, Matter, SupervisionOrder
from xinfang.petitions.matters.services import (
    MatterRefused,
    handling_list_entry_create,
    handling_list_entry_update,
    matter_close,
    matter_follow_up,
    matter_rate_satisfaction,
    supervision_order_issue,
    supervision_order_reply,
)

from .factories import ACTOR, MatterWorld, at, d, walk_to

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> MatterRefused:
    with pytest.raises(MatterRefused) as info:
        call(**kwargs)
    return info.value


def test_supervision_order_reply_is_due_by_the_profile_period(mw: MatterWorld) -> None:
    """Issued 2025-09-05: 30 days → 10-05 (National Day) → Thu 10-09."""
    m = walk_to(mw, "accepted")
    order = supervision_order_issue(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        instructions="请加快办理并书面反馈",
        actor=ACTOR,
        at=at("2025-09-05"),
    )
    assert order.reply_due == d("2025-10-09")
    assert order.basis == [
        "信访工作条例(2022)第四十条第四款",
        "细则第十九条",
        "系统默认，待市信访办确定",  # no determination of the office in force
        "民法典第二百零一条",
        "民法典第二百零三条",
    ]
    exc = refused(
        supervision_order_reply,
        order=order,
        organ=mw.district_po,
        reply="x",
        actor=ACTOR,
    )
    assert exc.code == "organ_not_party"
    supervision_order_reply(
        order=order,
        organ=mw.district_housing,
        reply="已约谈物业公司",
        actor=ACTOR,
        at=at("2025-10-10"),
    )
    order = SupervisionOrder.objects.get(pk=order.pk)
    assert order.replied_at == at("2025-10-10")
    exc = refused(
        supervision_order_reply,
        order=order,
        organ=mw.district_housing,
        reply="again",
        actor=ACTOR,
    )
    assert exc.code == "already_replied"
    assert exc.message_zh == "该督办已经反馈"
    [issued, replied] = m.events.filter(action__startswith="supervision").order_by("id")
    assert replied.details["late"] is True
    assert issued.basis == order.basis


def test_supervision_is_never_sent_to_an_accused_unit(mw: MatterWorld) -> None:
    m = mw.register(accused_organs=[mw.housing_team])
    exc = refused(
        supervision_order_issue,
        matter=m,
        organ=mw.district_po,
        to_organ=mw.housing_team,
        instructions="督办",
        actor=ACTOR,
    )
    assert exc.code == "routing_to_accused_unit"


def test_rating_and_follow_up_need_an_opinion(mw: MatterWorld) -> None:
    m = walk_to(mw, "accepted")
    exc = refused(matter_rate_satisfaction, matter=m, rating="satisfied", actor=ACTOR)
    assert exc.code == "no_opinion_yet"
    assert exc.message_zh == "信访事项尚未出具处理意见，不能评价或回访"


def test_rating_and_follow_up_after_conclusion(mw: MatterWorld) -> None:
    m = walk_to(mw, "concluded")
    m = matter_rate_satisfaction(
        matter=m, rating="basically_satisfied", actor=ACTOR, at=at("2025-07-03")
    )
    assert (m.satisfaction, m.satisfaction_at) == ("basically_satisfied", at("2025-07-03"))
    follow_up = matter_follow_up(
        matter=m,
        organ=mw.district_po,
        method="phone",
        notes="信访人表示已退款",
        satisfaction="satisfied",
        actor=ACTOR,
        at=at("2025-07-15"),
    )
    assert follow_up.satisfaction == "satisfied"
    assert [e.action for e in m.events.order_by("id")][-2:] == ["rated", "followed_up"]
    with pytest.raises(ValidationError):
        matter_rate_satisfaction(matter=m, rating="great", actor=ACTOR)


def test_the_handling_organ_may_not_record_a_rating_through_a_follow_up(mw: MatterWorld) -> None:
    """The department follows up on its own handling, but what the petitioner thinks of that
    handling is written down by the registering office, whichever form it comes through."""
    m = walk_to(mw, "concluded")
    assert m.handling_organ_id == mw.district_housing.pk
    with pytest.raises(PermissionDenied, match="办理机关不能为自己记录"):
        matter_follow_up(
            matter=m,
            organ=mw.district_housing,
            method="phone",
            notes="信访人表示满意",
            satisfaction="satisfied",
            actor=ACTOR,
        )
    assert not FollowUp.objects.exists()
    follow_up = matter_follow_up(
        matter=m, organ=mw.district_housing, method="phone", notes="已电话回访", actor=ACTOR
    )
    assert follow_up.satisfaction == ""


def test_a_second_rating_is_refused_and_the_first_stands(mw: MatterWorld) -> None:
    m = walk_to(mw, "concluded")
    matter_rate_satisfaction(matter=m, rating="dissatisfied", actor=ACTOR, at=at("2025-07-03"))
    exc = refused(
        matter_rate_satisfaction,
        matter=Matter.objects.get(pk=m.pk),
        rating="satisfied",
        actor=ACTOR,
        at=at("2025-07-04"),
    )
    assert exc.code == "already_rated"
    assert exc.message_zh == "信访人的满意度评价已于2025-07-03记录为“不满意”，不能再次记录或更改"
    assert exc.message_en == (
        "the petitioner's rating was already recorded on 2025-07-03 as “dissatisfied”; "
        "it is not recorded again or changed"
    )
    m = Matter.objects.get(pk=m.pk)
    assert (m.satisfaction, m.satisfaction_at) == ("dissatisfied", at("2025-07-03"))
    assert m.events.filter(action="rated").count() == 1


def test_handling_list_entries_are_created_updated_and_audited(mw: MatterWorld) -> None:
    entry = handling_list_entry_create(
        department=mw.district_housing,
        category=mw.property_fees,
        request_type="物业服务收费争议",
        legal_route="petition_handling",
        legal_basis="《物业管理条例》第四十一条",
        time_limit_days=60,
        actor=ACTOR,
    )
    entry = handling_list_entry_update(entry=entry, legal_route="litigation", actor=ACTOR)
    assert entry.legal_route == "litigation"
    audit = AuditEntry.objects.filter(object_type="petitions.handlinglistentry").order_by("seq")
    assert [a.action for a in audit] == ["handling_list.created", "handling_list.updated"]
    assert audit.last().details["before"]["legal_route"] == "petition_handling"
    with pytest.raises(ValidationError):
        handling_list_entry_update(entry=entry, legal_route="duel", actor=ACTOR)
    with pytest.raises(ValidationError):
        handling_list_entry_update(entry=entry, department=mw.city, actor=ACTOR)


def test_categories_are_edited_through_audited_services(mw: MatterWorld) -> None:
    from xinfang.petitions.matters.services import category_create, category_update

    roads = category_create(code="ROADS", name="道路", parent=mw.housing, actor=ACTOR)
    roads = category_update(category=roads, name="道路交通", actor=ACTOR)
    assert roads.name == "道路交通"
    with pytest.raises(ValidationError) as info:
        category_update(category=mw.housing, parent=roads, actor=ACTOR)
    assert info.value.error_dict["parent"][0].code == "parent_cycle"
    audit = AuditEntry.objects.filter(object_type="petitions.category").order_by("seq")
    assert [a.action for a in audit] == ["matter_category.created", "matter_category.updated"]


def test_admin_saves_go_through_the_services(mw: MatterWorld, rf) -> None:
    from django.contrib.admin.sites import AdminSite

    from tests.factories import UserFactory
    from xinfang.petitions.matters.admin import CategoryAdmin
    from xinfang.petitions.matters.models import Category

    site = AdminSite()
    model_admin = CategoryAdmin(Category, site)
    request = rf.post("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    form_class = model_admin.get_form(request, mw.housing, change=True)
    form = form_class(
        data={"code": "HOUSING", "name": "住房", "parent": "", "is_active": "on"},
        instance=Category.objects.get(pk=mw.housing.pk),
    )
    assert form.is_valid(), form.errors
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    entry = AuditEntry.objects.filter(action="matter_category.updated").get()
    assert entry.details["before"]["name"] == "住房城乡建设"
    assert entry.details["after"]["name"] == "住房"
    assert not model_admin.has_delete_permission(request, mw.housing)


def test_only_a_petition_office_supervises_and_only_the_organ_handling_it(
    mw: MatterWorld,
) -> None:
    """细则第六条: petition offices supervise; an order goes to the organ on the matter."""
    m = walk_to(mw, "accepted")
    exc = refused(
        supervision_order_issue,
        matter=m,
        organ=mw.district,
        to_organ=mw.district_housing,
        instructions="督办",
        actor=ACTOR,
    )
    assert exc.code == "supervisor_not_petition_office"
    assert exc.basis_strings == ["细则第六条"]
    with pytest.raises(ValidationError) as info:
        supervision_order_issue(
            matter=m,
            organ=mw.district_po,
            to_organ=mw.other_housing,
            instructions="督办",
            actor=ACTOR,
        )
    assert info.value.message_dict["to_organ"] == [
        "督办对象应为经手该信访事项的机关（登记、转送交办、受理、办理或出具意见的机关）。"
    ]
    assert not SupervisionOrder.objects.exists()


def test_a_matter_closed_meanwhile_is_not_supervised(mw: MatterWorld) -> None:
    """The final state is read under the matter's lock, not from the caller's stale copy."""
    stale = walk_to(mw, "concluded")
    fresh = Matter.objects.get(pk=stale.pk)
    matter_close(matter=fresh, organ=mw.district_housing, reason="息诉", actor=ACTOR)
    exc = refused(
        supervision_order_issue,
        matter=stale,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        instructions="督办",
        actor=ACTOR,
    )
    assert exc.code == "final_state"
    assert not SupervisionOrder.objects.exists()
