"""The municipal petition office's determinations layered over the profile (细则第十九条).

The ``execute`` period (and, under national-2022, ``supervision_reply``) is the office's to set;
until a determination is in force the shipped 30 days is labelled as the system's default, and
once one is in force the deadline follows it and cites its document number — and so does every
refusal that cites the period.
"""

from __future__ import annotations

import pytest

from xinfang.legal.models import Determination
from xinfang.petitions.matters.models import Opinion, SupervisionOrder
from xinfang.petitions.matters.services import (
    MatterRefused,
    matter_conclude,
    supervision_order_issue,
    supervision_order_reply,
)

from .factories import ACTOR, OPINION_TEXT, MatterWorld, at, d, walk_to

pytestmark = pytest.mark.django_db

PENDING = "系统默认，待市信访办确定"


def determine(profile: str, *, effective: str, days: int = 15, basis: str = "calendar") -> None:
    Determination.objects.create(
        number="渝信办〔2025〕3号",
        issued_on=d("2025-08-01"),
        effective_on=d(effective),
        text="支持信访请求的处理意见，应当自出具之日起15日内执行。",
        kind="period",
        profile=profile,
        period="execute",
        days=days,
        day_basis=basis,
    )


def support(mw: MatterWorld, *, on: str) -> Opinion:
    m = walk_to(mw, "accepted")
    matter_conclude(
        matter=m, organ=mw.district_housing, kind="support", actor=ACTOR, at=at(on), **OPINION_TEXT
    )
    return Opinion.objects.get(matter=m, stage="handle")


def execution(opinion: Opinion) -> dict:
    details: dict = opinion.matter.events.get(action="conclude").details["execution"]
    return details


def test_execute_default_without_a_determination_is_labelled_pending(mw: MatterWorld) -> None:
    opinion = support(mw, on="2025-09-05")
    assert opinion.execution_due == d("2025-10-09")
    assert PENDING in execution(opinion)["basis"]


def test_determination_in_force_sets_the_execute_period_and_is_cited(mw: MatterWorld) -> None:
    """15 days from Fri 2025-09-05 is Sat 09-20 → Mon 09-22 (the shipped 30 days: 10-09)."""
    determine(walk_to(mw, "registered").profile, effective="2025-09-01")
    opinion = support(mw, on="2025-09-05")
    assert opinion.execution_due == d("2025-09-22")
    basis = execution(opinion)["basis"]
    assert "渝信办〔2025〕3号" in basis
    assert PENDING not in basis


def test_determination_counted_in_working_days_is_counted_so(mw: MatterWorld) -> None:
    """10 working days from Fri 2025-09-05: Mon 09-08 … Fri 09-19."""
    determine(walk_to(mw, "registered").profile, effective="2025-09-01", days=10, basis="working")
    assert support(mw, on="2025-09-05").execution_due == d("2025-09-19")


def test_determination_before_its_effective_date_is_not_applied(mw: MatterWorld) -> None:
    determine(walk_to(mw, "registered").profile, effective="2025-09-06")
    opinion = support(mw, on="2025-09-05")
    assert opinion.execution_due == d("2025-10-09")
    basis = execution(opinion)["basis"]
    assert "渝信办〔2025〕3号" not in basis
    assert PENDING in basis


def determine_supervision_reply(*, effective: str) -> None:
    Determination.objects.create(
        number="渝信办〔2025〕5号",
        issued_on=d("2025-08-01"),
        effective_on=d(effective),
        text="督办事项，被督办机关应当自收到督办之日起20日内书面反馈。",
        kind="period",
        profile="national-2022",
        period="supervision_reply",
        days=20,
        day_basis="calendar",
    )


def replied_order(mw: MatterWorld, *, issued: str) -> SupervisionOrder:
    m = walk_to(mw, "accepted")
    order = supervision_order_issue(
        matter=m,
        organ=mw.district_po,
        to_organ=mw.district_housing,
        instructions="请加快办理并书面反馈",
        actor=ACTOR,
        at=at(issued),
    )
    return supervision_order_reply(
        order=order, organ=mw.district_housing, reply="已约谈物业公司", actor=ACTOR
    )


def reply_refusal(order: SupervisionOrder, organ) -> MatterRefused:
    with pytest.raises(MatterRefused) as info:
        supervision_order_reply(order=order, organ=organ, reply="再次反馈", actor=ACTOR)
    return info.value


def test_supervision_reply_refusals_cite_the_determination_in_force(mw: MatterWorld) -> None:
    """The office set the reply period (national-2022 第四十条 sets none): the order is due
    on the determined day, and a refusal about it cites the determination, not the default."""
    determine_supervision_reply(effective="2025-09-01")
    order = replied_order(mw, issued="2025-09-05")
    assert order.reply_due == d("2025-09-25")
    for organ, code in (
        (mw.district_housing, "already_replied"),
        (mw.district_po, "organ_not_party"),
    ):
        exc = reply_refusal(order, organ)
        assert exc.code == code
        assert exc.basis_strings == [
            "信访工作条例(2022)第四十条第四款",
            "细则第十九条",
            "渝信办〔2025〕5号",
        ]


def test_supervision_reply_refusal_before_the_determination_cites_the_default(
    mw: MatterWorld,
) -> None:
    """An order issued before the determination took effect keeps the default it was due by."""
    determine_supervision_reply(effective="2025-09-06")
    order = replied_order(mw, issued="2025-09-05")
    assert order.reply_due == d("2025-10-09")
    exc = reply_refusal(order, mw.district_housing)
    assert PENDING in exc.basis_strings
    assert "渝信办〔2025〕5号" not in exc.basis_strings
