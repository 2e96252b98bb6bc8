"""The municipal petition office's determinations layered over the profile (细则第十九条).

The ``execute`` period is the office's to set; until a determination is in force the shipped
30 days is labelled as the system's default, and once one is in force the deadline follows it
and cites its document number.
"""

from __future__ import annotations

import pytest

from xinfang.legal.models import Determination
from xinfang.petitions.matters.models import Opinion
from xinfang.petitions.matters.services import matter_conclude

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
