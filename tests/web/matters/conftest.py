"""Fixtures of the matter pages: the matter world with one signed-in account per acting organ."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import PersonFactory, PositionFactory, UserFactory
from tests.petitions.matters.factories import HOUSING_TEXT, MatterWorld, build_matter_world
from xinfang.orgs.choices import PositionKind
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.services import forget_calendar


@dataclass
class Pages:
    mw: MatterWorld
    users: dict[str, Any]

    def client(self, name: str) -> Client:
        client = Client()
        client.force_login(self.users[name], backend="xinfang.access.backends.ModelBackend")
        return client


def account(username: str, organ: Organ, kind: str = PositionKind.STAFF) -> Any:
    user = UserFactory(username=username)
    person = PersonFactory(name=f"{username} 人员", user=user)
    PositionFactory(person=person, organ=organ, kind=kind, start=dt.date(2015, 1, 1))
    return user


def build_pages() -> Pages:
    forget_calendar()
    mw = build_matter_world()
    users = {
        "po_clerk": account("po_clerk", mw.district_po),
        "housing_staff": account("housing_staff", mw.district_housing),
        "team_staff": account("team_staff", mw.housing_team),
        "other_staff": account("other_staff", mw.other_housing),
        "district_gov": account("district_gov", mw.district, PositionKind.TEAM_MEMBER),
    }
    return Pages(mw=mw, users=users)


@pytest.fixture
def pages(db: None) -> Pages:
    return build_pages()


def accepted_by_housing(world: Pages) -> Matter:
    """A letter the district petition office registers, through its pages, and transfers to
    the housing committee, which accepts it: the page has clocks, a timeline and the steps."""
    clerk, staff = world.client("po_clerk"), world.client("housing_staff")
    received = timezone.localtime() - dt.timedelta(hours=1)
    response = clerk.post(
        "/matters/new/",
        {
            "organ": world.mw.district_po.pk,
            "channel": "letter",
            "received_at": received.strftime("%Y-%m-%dT%H:%M"),
            "region_code": "500103001",
            "category": world.mw.property_fees.pk,
            "summary": "物业多收电梯维修费",
            "content": HOUSING_TEXT,
            "petitioner_mode": "anonymous",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    matter = Matter.objects.latest("id")
    route = {"route-kind": "transfer", "route-to_organ": world.mw.district_housing.pk}
    assert clerk.post(f"/matters/{matter.pk}/route/", route).status_code == 302
    accept = {"accept-notice": "已受理"}
    assert staff.post(f"/matters/{matter.pk}/accept/", accept).status_code == 302
    matter.refresh_from_db()
    return matter
