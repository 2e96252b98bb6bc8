"""Every refused step answers with the rule's code and its message, in Chinese and English."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from xinfang.petitions.matters.models import Matter, MatterEvent
from xinfang.petitions.matters.services import (
    MatterRefused,
    matter_accept,
    matter_clear_rereview_flag,
    matter_conclude,
    matter_extend,
    matter_receive,
    matter_request_review,
    matter_route,
    matter_route_out,
    matter_send_to_discipline,
    supervision_order_issue,
)

from .factories import ACTOR, HOUSING_TEXT, OPINION_TEXT, MatterWorld, at, walk_to

pytestmark = pytest.mark.django_db

IDENTITY = {"name": "张三", "phone": "13912345678"}


def refused(call, **kwargs) -> MatterRefused:
    with pytest.raises(MatterRefused) as info:
        call(**kwargs)
    return info.value


def test_conclude_before_acceptance_is_refused_by_state(mw: MatterWorld) -> None:
    """A matter pending acceptance cannot be concluded."""
    m = walk_to(mw, "routed")
    exc = refused(
        matter_conclude,
        matter=m,
        organ=mw.district_housing,
        kind="support",
        actor=ACTOR,
        **OPINION_TEXT,
    )
    assert exc.code == "not_allowed_from_state"
    assert exc.message_zh == "信访事项待受理，不能办结（仅在办理中、延期办理中时可以）"
    assert exc.message_en == (
        "cannot conclude a matter awaiting acceptance "
        "(only one being handled or being handled (extended))"
    )
    assert exc.basis_strings == ["信访工作条例(2022)第三十四条"]
    assert Matter.objects.get(pk=m.pk).state == "routed"


def test_petition_office_may_not_accept_for_the_handling_organ(mw: MatterWorld) -> None:
    """Only the organ the matter was routed to accepts it; the office is the wrong actor."""
    m = walk_to(mw, "routed")
    exc = refused(matter_accept, matter=m, organ=mw.district_po, actor=ACTOR)
    assert exc.code == "actor_not_allowed"
    assert exc.message_zh == "信访部门无权受理，应由办理机关办理"
    assert exc.message_en == "the petition office may not accept; that is for the handling organ"


def test_the_office_may_not_route_out_a_matter_it_transferred(mw: MatterWorld) -> None:
    """Once transferred, the matter is the department's: the clerk who routed it cannot pull
    it out of the department's queue to litigation; the department can."""
    m = walk_to(mw, "routed")
    exc = refused(
        matter_route_out,
        matter=m,
        organ=mw.district_po,
        legal_route="litigation",
        reason="属民事纠纷",
        notice="请向人民法院起诉",
        actor=ACTOR,
    )
    assert exc.code == "actor_not_allowed"
    assert exc.message_zh == "信访事项待受理，信访部门无权导入法定途径，应由办理机关办理"
    assert Matter.objects.get(pk=m.pk).state == "routed"
    assert not MatterEvent.objects.filter(matter_id=m.pk, action="route_out").exists()
    m = matter_route_out(
        matter=Matter.objects.get(pk=m.pk),
        organ=mw.district_housing,
        legal_route="litigation",
        reason="属民事纠纷",
        notice="请向人民法院起诉",
        actor=ACTOR,
    )
    assert m.state == "routed_out"


def test_an_unrelated_organ_has_no_part_in_the_matter(mw: MatterWorld) -> None:
    m = walk_to(mw, "routed")
    exc = refused(matter_accept, matter=m, organ=mw.other_housing, actor=ACTOR)
    assert exc.code == "organ_not_party"
    assert exc.message_zh == "该机关不是本信访事项的登记、办理或复查复核机关，不能办理此项操作"


def test_extension_over_the_limit_is_refused(mw: MatterWorld) -> None:
    """细则 profile: an extension is at most 30 days."""
    m = walk_to(mw, "accepted")
    exc = refused(
        matter_extend,
        matter=m,
        organ=mw.district_housing,
        days=31,
        reason="复杂",
        approver=mw.district_leader,
        actor=ACTOR,
        at=at("2025-07-01"),
    )
    assert exc.code == "extension_limit"
    assert exc.message_zh == "延长期限不得超过30日"
    assert exc.message_en == "an extension of 31 days exceeds the limit of 30"
    assert exc.basis_strings == ["信访工作条例(2022)第三十四条"]


def test_an_extension_after_the_handling_period_ran_out_is_refused(mw: MatterWorld) -> None:
    """Accepted 2025-06-05, due 60 days later (2025-08-04): on 2025-08-05 the matter is overdue
    and approving more time would hide it."""
    m = walk_to(mw, "accepted")
    exc = refused(
        matter_extend,
        matter=m,
        organ=mw.district_housing,
        days=10,
        reason="复杂",
        approver=mw.district_leader,
        actor=ACTOR,
        at=at("2025-08-05"),
    )
    assert exc.code == "extension_after_expiry"
    assert "办理期限已届满" in exc.message_zh
    assert exc.basis_strings == ["信访工作条例(2022)第三十四条"]
    assert Matter.objects.get(pk=m.pk).state == "accepted"
    # On the last day of the period the extension is still granted.
    m = matter_extend(
        matter=Matter.objects.get(pk=m.pk),
        organ=mw.district_housing,
        days=10,
        reason="复杂",
        approver=mw.district_leader,
        actor=ACTOR,
        at=at("2025-08-04"),
    )
    assert m.state == "extended"


def test_a_second_extension_is_refused(mw: MatterWorld) -> None:
    m = walk_to(mw, "accepted")
    m = matter_extend(
        matter=m,
        organ=mw.district_housing,
        days=10,
        reason="复杂",
        approver=mw.district_leader,
        actor=ACTOR,
        at=at("2025-07-01"),
    )
    exc = refused(
        matter_extend,
        matter=m,
        organ=mw.district_housing,
        days=10,
        reason="再延",
        approver=mw.district_leader,
        actor=ACTOR,
        at=at("2025-07-02"),
    )
    assert exc.code == "not_allowed_from_state"
    assert exc.message_zh == "信访事项延期办理中，不能延期（仅在办理中时可以）"


def test_extension_needs_a_leader_of_the_handling_organ(mw: MatterWorld) -> None:
    m = walk_to(mw, "accepted")
    exc = refused(
        matter_extend,
        matter=m,
        organ=mw.district_housing,
        days=10,
        reason="复杂",
        approver=mw.city_leader,
        actor=ACTOR,
        at=at("2025-07-01"),
    )
    assert exc.code == "extension_approver"
    assert exc.message_zh.startswith("延期须经本机关负责人（主要负责人或分管负责人）批准")


def test_collective_visit_with_six_representatives_is_refused(mw: MatterWorld) -> None:
    """信访工作条例(2022)第二十条第三款: at most 5 representatives; nothing is registered."""
    exc = refused(mw.register, channel="visit", is_collective=True, headcount=40, representatives=6)
    assert exc.code == "collective_representatives"
    assert exc.message_zh == "多人走访提出同一信访事项，应当推选代表，代表人数不超过5人"
    assert exc.message_en == "a collective visit must choose at most 5 representatives, not 6"
    assert exc.basis_strings == ["信访工作条例(2022)第二十条第三款"]
    assert not Matter.objects.exists()


def test_collective_visit_with_five_representatives_is_registered(mw: MatterWorld) -> None:
    m = mw.register(channel="visit", is_collective=True, headcount=40, representatives=5)
    assert (m.is_collective, m.headcount, m.representatives) == (True, 40, 5)
    assert m.events.get().details["representatives"] == 5


def test_routing_to_an_accused_unit_or_below_it_is_refused(mw: MatterWorld) -> None:
    """细则第十一条第八项: never to the accused unit, nor to a unit under it."""
    m = mw.register(accused_organs=[mw.district_housing])
    for target in (mw.district_housing, mw.housing_team):
        exc = refused(
            matter_route,
            matter=m,
            organ=mw.district_po,
            to_organ=target,
            kind="transfer",
            actor=ACTOR,
        )
        assert exc.code == "routing_to_accused_unit"
        assert exc.message_zh == "不得将信访群众的揭发控告材料转给被揭发控告单位或其下属单位"
        assert exc.basis_strings == ["细则第十一条第八项"]
    assert Matter.objects.get(pk=m.pk).state == "registered"
    # Another unit is fine.
    matter_route(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district,
        kind="assign",
        actor=ACTOR,
        at=at("2025-09-22"),
    )


def test_an_office_does_not_register_an_accusation_of_itself_or_above(mw: MatterWorld) -> None:
    """细则第十一条第八项: accusing the district government excludes the whole district, its
    petition office included; the matter would sit at an office that cannot see it, so the
    office one level up registers it."""
    before = Matter.objects.count()
    for accused in (mw.district, mw.district_po, mw.city):
        exc = refused(mw.register, accused_organs=[accused])
        assert exc.code == "registering_office_accused"
        assert "请将材料报送上一级信访部门登记" in exc.message_zh
        assert exc.basis_strings == ["细则第十一条第八项"]
    assert Matter.objects.count() == before
    # The municipal office registers the accusation of the district government.
    m = mw.register(organ=mw.city_po, accused_organs=[mw.district])
    assert m.current_organ_id == mw.city_po.pk
    # An accusation of a unit beside or below the office is registered where it arrives.
    assert mw.register(accused_organs=[mw.district_housing]).current_organ_id == mw.district_po.pk


def test_higher_level_does_not_accept_a_matter_pending_below(mw: MatterWorld) -> None:
    """The same request pending at the district is not accepted by the municipal level."""
    first = mw.register(identity=IDENTITY)
    first = matter_route(
        matter=first,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-09-22"),
    )
    again = mw.register(
        organ=mw.city_po,
        petitioner=first.petitioner,
        at=at("2025-09-23"),
        received_at=at("2025-09-23", 9),
    )
    assert again.repeat_links.get().earlier_id == first.pk
    exc = refused(
        matter_route,
        matter=again,
        organ=mw.city_po,
        to_organ=mw.city_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-09-24"),
    )
    assert exc.code == "pending_at_competent_level"
    assert exc.message_zh == "信访事项已由有权处理的机关受理或正在办理，上级机关不予受理"
    assert exc.basis_strings == ["信访工作条例(2022)第十九条第三款"]
    # Received directly by the municipal department: refused, nothing kept.
    before = Matter.objects.count()
    exc = refused(
        matter_receive,
        organ=mw.city_housing,
        actor=ACTOR,
        channel="visit",
        received_at=at("2025-09-24", 9),
        at=at("2025-09-24", 10),
        summary="物业多收电梯维修费",
        content=HOUSING_TEXT,
        region_code="500103001",
        petitioner=first.petitioner,
    )
    assert exc.code == "pending_at_competent_level"
    assert Matter.objects.count() == before
    # The competent level itself (same district) may still take it.
    matter_route(
        matter=again,
        organ=mw.city_po,
        to_organ=mw.other_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-09-24"),
    )


def test_same_request_after_rereview_is_not_accepted_again(mw: MatterWorld) -> None:
    """After the re-review, the same request on the same facts is flagged and refused."""
    done = walk_to(mw, "rereviewed", identity=IDENTITY)
    again = mw.register(
        petitioner=done.petitioner, received_at=at("2025-09-01", 9), at=at("2025-09-01", 10)
    )
    assert again.rereviewed_match_id == done.pk
    assert again.events.get().details["same_request_after_rereview"] == done.pk
    exc = refused(
        matter_route,
        matter=again,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-09-02"),
    )
    assert exc.code == "same_request_after_rereview"
    assert exc.message_zh == "复核意见作出后，以同一事实和理由提出的投诉请求不再受理"
    assert exc.basis_strings == ["信访工作条例(2022)第三十六条第三款"]
    # A clerk who finds new facts clears the flag, with the reason; then it can be routed.
    again = matter_clear_rereview_flag(
        matter=again,
        organ=mw.district_po,
        reason="提出了新的事实",
        actor=ACTOR,
        at=at("2025-09-02", 11),
    )
    matter_route(
        matter=again,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-09-02", 12),
    )
    assert [e.action for e in again.events.order_by("id")] == [
        "register",
        "rereview_flag_cleared",
        "transfer",
    ]


def test_the_same_citizen_registered_at_another_office_is_the_same_petitioner(
    mw: MatterWorld,
) -> None:
    """One ID number, one citizen: the same request after re-review is recognised when the
    city office registers it again, with its own record of the petitioner."""
    from tests.access.world import valid_id_number

    person = {"name": "张三", "id_number": valid_id_number(4)}
    done = walk_to(mw, "rereviewed", identity=person)
    again = mw.register(
        organ=mw.city_po,
        identity={**person, "phone": "13912345678"},
        received_at=at("2025-09-01", 9),
        at=at("2025-09-01", 10),
    )
    assert again.petitioner_id != done.petitioner_id  # the city office's own record
    assert again.rereviewed_match_id == done.pk
    link = again.repeat_links.get(earlier_id=done.pk)
    assert link.same_petitioner is True


def test_a_different_petitioner_with_similar_text_is_not_flagged(mw: MatterWorld) -> None:
    done = walk_to(mw, "rereviewed", identity=IDENTITY)
    other = mw.register(
        identity={"name": "李四"}, received_at=at("2025-09-01", 9), at=at("2025-09-01")
    )
    assert other.rereviewed_match_id is None
    assert other.repeat_links.get().earlier_id == done.pk


def test_nothing_after_a_final_state(mw: MatterWorld) -> None:
    m = walk_to(mw, "registered")
    m = matter_route_out(
        matter=m,
        organ=mw.district_po,
        legal_route="litigation",
        reason="民事纠纷",
        notice="请起诉",
        actor=ACTOR,
        at=at("2025-06-04"),
    )
    exc = refused(
        matter_route,
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
    )
    assert exc.code == "final_state"
    assert exc.message_zh == "信访事项已终结（已导入法定途径），不能再转送、交办"
    assert exc.basis_strings == ["信访工作条例(2022)第三十一条", "细则第五条", "细则第六条"]
    exc = refused(
        supervision_order_issue,
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        instructions="督办",
        actor=ACTOR,
    )
    assert exc.code == "final_state"


def test_late_review_request_is_refused(mw: MatterWorld) -> None:
    """Concluded 07-01: review request period ends 07-31; 08-01 is late."""
    m = walk_to(mw, "concluded")
    assert m.request_due.isoformat() == "2025-07-31"
    exc = refused(
        matter_request_review,
        matter=m,
        review_organ=mw.district,
        actor=ACTOR,
        at=at("2025-08-01"),
    )
    assert exc.code == "late_request"
    assert exc.message_zh == "请求超过法定期限，不予受理"
    matter_request_review(matter=m, review_organ=mw.district, actor=ACTOR, at=at("2025-07-31"))


def test_request_classified_as_litigation_is_not_routed_for_handling(mw: MatterWorld) -> None:
    """诉讼与信访分离: a request classified as litigation is routed out, not transferred."""
    m = mw.register(legal_route="litigation")
    exc = refused(
        matter_route,
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
    )
    assert exc.code == "legal_route"
    assert exc.message_zh.startswith("诉讼与信访分离")


@pytest.mark.parametrize("route", ["discipline_complaint", "petition_handling"])
def test_route_out_is_not_for_accusations_nor_for_petition_handling(
    mw: MatterWorld, route: str
) -> None:
    m = mw.register()
    exc = refused(
        matter_route_out,
        matter=m,
        organ=mw.district_po,
        legal_route=route,
        reason="x",
        notice="y",
        actor=ACTOR,
    )
    assert exc.code == "legal_route_not_in_procedure"
    assert exc.message_zh.startswith("检举控告类事项转纪检监察机关")
    assert "细则第五条" in exc.basis_strings


def test_a_request_for_an_administrative_procedure_is_routed_out_not_accepted(
    mw: MatterWorld,
) -> None:
    """细则第五条 and 信访工作条例(2022)第三十一条: a request the handling list classes as an
    administrative penalty goes to that procedure; the refusal names the route in words."""
    m = mw.register(legal_route="administrative_penalty")
    exc = refused(
        matter_route,
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
    )
    assert exc.code == "legal_route"
    assert "（行政处罚）" in exc.message_zh and "administrative penalty" in exc.message_en
    routed = matter_route_out(
        matter=m,
        organ=mw.district_po,
        legal_route="administrative_penalty",
        reason="属行政处罚程序",
        notice="请依行政处罚程序向区住房城乡建委提出",
        actor=ACTOR,
    )
    assert routed.state == "routed_out" and routed.legal_route == "administrative_penalty"


def test_discipline_goes_to_a_discipline_body_only(mw: MatterWorld) -> None:
    m = mw.register()
    with pytest.raises(ValidationError) as info:
        matter_send_to_discipline(
            matter=m, organ=mw.district_po, to_organ=mw.district_housing, actor=ACTOR
        )
    assert info.value.message_dict["to_organ"] == ["只能转纪检监察机关。"]


def test_bad_input_is_a_validation_error(mw: MatterWorld) -> None:
    with pytest.raises(ValidationError) as info:
        mw.register(channel="pigeon", summary="", region_code="12")
    assert set(info.value.message_dict) == {"channel", "summary", "region_code"}
    assert not MatterEvent.objects.exists()


def test_message_follows_the_active_language(mw: MatterWorld) -> None:
    m = walk_to(mw, "routed")
    exc = refused(matter_accept, matter=m, organ=mw.district_po, actor=ACTOR)
    with translation.override("en"):
        assert exc.message == "The petition office may not accept; that is for the handling organ"
        assert exc.to_json()["code"] == "actor_not_allowed"
    with translation.override("zh-hans"):
        assert exc.message == "信访部门无权受理，应由办理机关办理"


def test_a_user_acts_only_within_their_own_organ(mw: MatterWorld) -> None:
    """Defence in depth: a signed-in clerk of another organ cannot accept for this one."""
    import datetime as dt

    from django.core.exceptions import PermissionDenied

    from tests.factories import PersonFactory, PositionFactory, UserFactory

    m = walk_to(mw, "routed")
    user = UserFactory()
    PositionFactory(
        person=PersonFactory(user=user), organ=mw.other_housing, start=dt.date(2020, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        matter_accept(matter=m, organ=mw.district_housing, actor=user, at=at("2025-06-05"))
    clerk = UserFactory()
    PositionFactory(
        person=PersonFactory(user=clerk), organ=mw.district_housing, start=dt.date(2020, 1, 1)
    )
    m = matter_accept(matter=m, organ=mw.district_housing, actor=clerk, at=at("2025-06-05"))
    assert m.events.order_by("-id").first().actor == f"user:{clerk.pk}:{clerk.username}"


def test_an_accused_unit_reads_neither_the_accusation_nor_any_change_in_the_petitioner(mw):
    """细则第十一条第八项: the accusation is hidden from the accused unit, and nothing else
    changes: the petitioner its subtree registered earlier stays as visible as before, since
    hiding them would tell the unit who accused it (tests/access/test_no_signal.py)."""
    import datetime

    from django.http import Http404

    from tests.factories import PersonFactory, PositionFactory, UserFactory
    from xinfang.access.policy import access_record_by_id, visible
    from xinfang.orgs.choices import PositionKind
    from xinfang.petitions.matters.models import Matter
    from xinfang.petitions.models import Petitioner
    from xinfang.petitions.selectors import access_petitioner_by_id

    user = UserFactory()
    PositionFactory(
        person=PersonFactory(user=user),
        organ=mw.district,
        kind=PositionKind.PRINCIPAL_LEADER,
        start=datetime.date(2020, 1, 1),
    )
    earlier = mw.register(identity={"name": "王五"})
    plain = mw.register(identity={"name": "赵六"})
    before = set(visible(user, Petitioner.objects.all()))
    assert {earlier.petitioner, plain.petitioner} <= before
    # The same petitioner then accuses the district government, at the municipal office
    # (the district office stands aside).
    accusing = mw.register(
        organ=mw.city_po, petitioner=earlier.petitioner, accused_organs=[mw.district]
    )
    assert set(visible(user, Petitioner.objects.all())) == before
    assert access_petitioner_by_id(user, earlier.petitioner.pk) == earlier.petitioner
    with pytest.raises(Http404):
        access_record_by_id(user, Matter, accusing.pk)
    assert accusing not in visible(user, Matter.objects.all())


def test_the_handling_department_may_read_the_petitioner_it_must_answer(mw):
    """The department a matter was transferred to reads (and may reveal) its petitioner;
    a department with no part in the matter does not."""
    import datetime

    from tests.factories import PersonFactory, PositionFactory, UserFactory
    from xinfang.access.policy import can_read, visible
    from xinfang.orgs.choices import PositionKind
    from xinfang.petitions.matters.services import matter_route

    def staff_of(organ):
        user = UserFactory()
        PositionFactory(
            person=PersonFactory(user=user),
            organ=organ,
            kind=PositionKind.STAFF,
            start=datetime.date(2020, 1, 1),
        )
        return user

    handler, bystander = staff_of(mw.district_housing), staff_of(mw.other_housing)
    matter = mw.register(identity={"name": "孙七"})
    assert not can_read(handler, matter.petitioner)
    matter_route(
        matter=matter,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        kind="transfer",
        actor=ACTOR,
        at=at("2025-09-22"),
    )
    assert can_read(handler, matter.petitioner)
    assert list(visible(handler, type(matter.petitioner).objects.all())) == [matter.petitioner]
    assert not can_read(bystander, matter.petitioner)


def test_only_organs_working_on_the_matter_record_the_petitioners_requests(mw):
    """A review request or a rating is recorded by the organs on the matter (or the reviewing
    organ), not by any account whose scope happens to cover it; the refusal is logged."""
    import datetime

    from django.core.exceptions import PermissionDenied

    from tests.factories import PersonFactory, PositionFactory, UserFactory
    from xinfang.audit.models import AuditEntry
    from xinfang.orgs.choices import PositionKind
    from xinfang.petitions.matters.services import (
        matter_rate_satisfaction,
        matter_request_review,
    )

    from .factories import walk_to

    def member_of(organ, kind=PositionKind.STAFF):
        user = UserFactory()
        PositionFactory(
            person=PersonFactory(user=user),
            organ=organ,
            kind=kind,
            start=datetime.date(2020, 1, 1),
        )
        return user

    m = walk_to(mw, "concluded")
    # The city petition office's head sees the whole city, but works on none of this matter.
    outsider = member_of(mw.city_po, PositionKind.PRINCIPAL_LEADER)
    with pytest.raises(PermissionDenied):
        matter_request_review(
            matter=m, review_organ=mw.district, actor=outsider, at=at("2025-07-10")
        )
    with pytest.raises(PermissionDenied):
        matter_rate_satisfaction(matter=m, rating="satisfied", actor=outsider)
    assert (
        AuditEntry.objects.filter(
            action="access.denied", object_type="petitions.matter", object_id=str(m.pk)
        ).count()
        == 2
    )  # the two refusals above; the department's own rating below is logged too
    assert Matter.objects.get(pk=m.pk).state == "concluded"

    # The handling department does not record the rating of its own handling; the
    # registering petition office does.
    with pytest.raises(PermissionDenied, match="办理机关不能为自己记录"):
        matter_rate_satisfaction(matter=m, rating="satisfied", actor=member_of(mw.district_housing))
    matter_rate_satisfaction(matter=m, rating="satisfied", actor=member_of(mw.district_po))
    reviewer = member_of(mw.district)
    m = matter_request_review(
        matter=m, review_organ=mw.district, actor=reviewer, at=at("2025-07-10")
    )
    assert m.state == "review_requested"
