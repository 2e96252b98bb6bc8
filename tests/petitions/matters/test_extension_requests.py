"""Extension of the handling period: staff ask, the organ's responsible person approves or
refuses (信访条例(2005)第三十三条, 信访工作条例(2022)第三十四条: 经本机关负责人批准, 并告知信访人
延期理由).

The matter of ``walk_to`` was accepted by the district housing department on 2025-06-05; its
handling period runs to 2025-08-04.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PersonFactory, PositionFactory, UserFactory
from xinfang.audit.models import AuditEntry
from xinfang.orgs.choices import PositionKind
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import ExtensionRequest, Matter, MatterEvent
from xinfang.petitions.matters.selectors import (
    extension_requests_awaiting,
    matter_for_petitioner,
)
from xinfang.petitions.matters.services import (
    MatterRefused,
    matter_conclude,
    matter_extend,
    matter_extension_approve,
    matter_extension_refuse,
    matter_extension_request,
)

from .factories import OPINION_TEXT, MatterWorld, at, d, walk_to

pytestmark = pytest.mark.django_db

DUE = d("2025-08-04")


def account(organ: Organ, kind: str = PositionKind.STAFF) -> Any:
    user = UserFactory()
    person = PersonFactory(user=user)
    portfolio = ["housing"] if kind == PositionKind.SUPERVISING_LEADER else []
    PositionFactory(
        person=person, organ=organ, kind=kind, portfolio=portfolio, start=dt.date(2015, 1, 1)
    )
    return user


@pytest.fixture
def people(mw: MatterWorld) -> dict[str, Any]:
    """Staff of the handling organ, its principal (``district_leader``, given an account), a
    supervising leader, a plain team member, and the principal of another organ."""
    leader, city_leader = UserFactory(), UserFactory()
    for person, user in ((mw.district_leader, leader), (mw.city_leader, city_leader)):
        person.user = user
        person.save(update_fields=["user"])
    return {
        "staff": account(mw.district_housing),
        "leader": leader,
        "deputy": account(mw.district_housing, PositionKind.SUPERVISING_LEADER),
        "member": account(mw.district_housing, PositionKind.TEAM_MEMBER),
        "city_leader": city_leader,
    }


def ask(mw: MatterWorld, user: Any, matter: Matter, day: str = "2025-07-01", **kw: Any) -> Any:
    kw.setdefault("days", 20)
    kw.setdefault("reason", "需要审计物业公司账目")
    return matter_extension_request(
        matter=matter, organ=mw.district_housing, actor=user, at=at(day), **kw
    )


def fresh(matter: Matter) -> Matter:
    return Matter.objects.get(pk=matter.pk)


def test_a_staff_request_waits_and_the_handling_clock_keeps_running(mw, people) -> None:
    m = walk_to(mw, "accepted")
    extension = ask(mw, people["staff"], m)
    assert extension.status == "pending"
    assert (fresh(m).state, fresh(m).action_due) == ("accepted", DUE)
    event = MatterEvent.objects.filter(matter=m).latest("id")
    assert event.action == "extension_requested"
    assert event.details["reason"] == "需要审计物业公司账目"
    assert AuditEntry.objects.filter(action="matter.extension_requested").count() == 1
    # It waits on the home list of the organ's responsible persons, not on the staff's.
    assert extension_requests_awaiting(user=people["leader"], day=d("2025-07-01")) == [extension]
    assert extension_requests_awaiting(user=people["deputy"], day=d("2025-07-01")) == [extension]
    assert extension_requests_awaiting(user=people["staff"], day=d("2025-07-01")) == []
    assert extension_requests_awaiting(user=people["member"], day=d("2025-07-01")) == []


def test_the_responsible_person_approves_and_is_recorded_from_the_account(mw, people) -> None:
    m = walk_to(mw, "accepted")
    extension = ask(mw, people["staff"], m)
    m = matter_extension_approve(extension=extension, actor=people["leader"], at=at("2025-07-02"))
    # 06-05 + 80 = Sun 08-24 → Mon 08-25.
    assert (m.state, m.action_due) == ("extended", d("2025-08-25"))
    extension.refresh_from_db()
    assert extension.status == "approved"
    assert extension.approval == "leader"
    assert extension.approved_by == mw.district_leader
    event = MatterEvent.objects.filter(matter=m, action="extend").get()
    assert event.details["approver"] == mw.district_leader.pk
    assert "第三十四条" in " ".join(event.basis)
    # The petitioner is told the reason (并告知信访人延期理由).
    public = matter_for_petitioner(query_code=m.query_code)
    assert public is not None
    assert any("需要审计物业公司账目" in n["notice"] for n in public.notices)
    assert extension_requests_awaiting(user=people["leader"], day=d("2025-07-02")) == []


def test_a_supervising_leader_may_approve(mw, people) -> None:
    m = walk_to(mw, "accepted")
    extension = ask(mw, people["staff"], m)
    m = matter_extension_approve(extension=extension, actor=people["deputy"], at=at("2025-07-02"))
    assert m.state == "extended"


@pytest.mark.parametrize("who", ["staff", "member"])
def test_staff_or_a_plain_team_member_cannot_approve(mw, people, who) -> None:
    """The requester is no responsible person: asking is not approving its own request."""
    m = walk_to(mw, "accepted")
    extension = ask(mw, people["staff"], m)
    with pytest.raises(MatterRefused) as info:
        matter_extension_approve(extension=extension, actor=people[who], at=at("2025-07-02"))
    assert info.value.code == "extension_approver"
    assert info.value.basis_strings == ["信访工作条例(2022)第三十四条"]
    extension.refresh_from_db()
    assert (extension.status, fresh(m).state, fresh(m).action_due) == ("pending", "accepted", DUE)


def test_a_leader_of_another_organ_cannot_approve(mw, people) -> None:
    m = walk_to(mw, "accepted")
    extension = ask(mw, people["staff"], m)
    with pytest.raises(PermissionDenied):
        matter_extension_approve(extension=extension, actor=people["city_leader"])
    extension.refresh_from_db()
    assert extension.status == "pending"


def test_a_signed_in_user_cannot_name_someone_else_as_approver(mw, people) -> None:
    m = walk_to(mw, "accepted")
    with pytest.raises(ValidationError) as info:
        matter_extend(
            matter=m,
            organ=mw.district_housing,
            days=10,
            reason="复杂",
            approver=mw.district_leader,
            actor=people["staff"],
            at=at("2025-07-01"),
        )
    assert "approver" in info.value.message_dict
    assert fresh(m).state == "accepted" and not ExtensionRequest.objects.exists()


def test_the_responsible_person_refuses_with_the_reason(mw, people) -> None:
    m = walk_to(mw, "accepted")
    extension = ask(mw, people["staff"], m)
    matter_extension_refuse(
        extension=extension, reason="证据已齐，应按期办结", actor=people["leader"]
    )
    extension.refresh_from_db()
    assert (extension.status, extension.refusal_reason) == ("refused", "证据已齐，应按期办结")
    assert (fresh(m).state, fresh(m).action_due) == ("accepted", DUE)
    assert MatterEvent.objects.filter(matter=m).latest("id").action == "extension_refused"
    with pytest.raises(MatterRefused) as info:
        matter_extension_approve(extension=extension, actor=people["leader"])
    assert info.value.code == "extension_decided"
    # Staff may ask again, with better reasons.
    assert ask(mw, people["staff"], m, "2025-07-03").status == "pending"


def test_staff_cannot_refuse(mw, people) -> None:
    m = walk_to(mw, "accepted")
    extension = ask(mw, people["staff"], m)
    with pytest.raises(MatterRefused) as info:
        matter_extension_refuse(extension=extension, reason="不必", actor=people["staff"])
    assert info.value.code == "extension_approver"


def test_a_responsible_person_who_asks_extends_at_once(mw, people) -> None:
    m = walk_to(mw, "accepted")
    extension = ask(mw, people["leader"], m, days=30)
    assert extension.status == "approved" and extension.approved_by == mw.district_leader
    assert (fresh(m).state, fresh(m).action_due) == ("extended", d("2025-09-03"))
    assert list(
        MatterEvent.objects.filter(matter=m, action__startswith="exten").values_list(
            "action", flat=True
        )
    ) == ["extend"]


def test_an_approval_on_paper_is_recorded_with_its_document_reference(mw, people) -> None:
    m = walk_to(mw, "accepted")
    extension = ask(mw, people["staff"], m)
    m = matter_extension_approve(
        extension=extension,
        actor=people["staff"],
        document_ref="渝中住建文〔2025〕12号",
        at=at("2025-07-02"),
    )
    assert m.state == "extended"
    extension.refresh_from_db()
    assert (extension.approval, extension.document_ref, extension.approved_by) == (
        "document",
        "渝中住建文〔2025〕12号",
        None,
    )
    event = MatterEvent.objects.get(matter=m, action="extend")
    assert event.details["document_ref"] == "渝中住建文〔2025〕12号"


def test_a_request_after_the_handling_period_ended_is_refused(mw, people) -> None:
    m = walk_to(mw, "accepted")
    with pytest.raises(MatterRefused) as info:
        ask(mw, people["staff"], m, "2025-08-05")
    assert info.value.code == "extension_after_expiry"
    assert not ExtensionRequest.objects.exists()


def test_an_approval_after_the_handling_period_ended_is_refused(mw, people) -> None:
    m = walk_to(mw, "accepted")
    extension = ask(mw, people["staff"], m, "2025-08-01")
    with pytest.raises(MatterRefused) as info:
        matter_extension_approve(extension=extension, actor=people["leader"], at=at("2025-08-05"))
    assert info.value.code == "extension_after_expiry"
    assert fresh(m).action_due == DUE


def test_a_request_over_the_limit_is_refused_before_it_waits(mw, people) -> None:
    m = walk_to(mw, "accepted")
    with pytest.raises(MatterRefused) as info:
        ask(mw, people["staff"], m, days=31)
    assert info.value.code == "extension_limit"
    assert not ExtensionRequest.objects.exists()


def test_a_second_pending_request_is_refused(mw, people) -> None:
    m = walk_to(mw, "accepted")
    ask(mw, people["staff"], m)
    with pytest.raises(MatterRefused) as info:
        ask(mw, people["staff"], m, "2025-07-02")
    assert info.value.code == "extension_pending"


def test_a_request_left_pending_when_the_matter_concludes_leaves_the_list(mw, people) -> None:
    m = walk_to(mw, "accepted")
    extension = ask(mw, people["staff"], m)
    matter_conclude(
        matter=m, organ=mw.district_housing, kind="support", actor=people["staff"], **OPINION_TEXT
    )
    assert extension_requests_awaiting(user=people["leader"], day=d("2025-07-02")) == []
    with pytest.raises(MatterRefused) as info:
        matter_extension_approve(extension=extension, actor=people["leader"])
    assert info.value.code == "not_allowed_from_state"
