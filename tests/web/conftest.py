"""Fixtures for the pages: a small registry and a signed-in clerk.

Playwright's sync API runs an event loop in the test thread; Django's async-safety check would
refuse the database calls of the live server fixtures, so it is relaxed for this package.
"""

import datetime
import os

import pytest

from tests.factories import OrganFactory, PersonFactory, PositionFactory, UserFactory
from xinfang.orgs.choices import OrganKind, OrganLevel, OrganRole, PositionKind

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def registry():
    """市政府 › 渝中区政府 › 渝中区信访办, a street and a district enterprise."""
    city = OrganFactory(name="重庆市人民政府", code="500000-gov", roles=[OrganRole.GOVERNMENT])
    district = OrganFactory(
        name="重庆市渝中区人民政府",
        code="500103-gov",
        parent=city,
        level=OrganLevel.DISTRICT,
        region_code="500103",
        roles=[OrganRole.GOVERNMENT],
    )
    office = OrganFactory(
        name="重庆市渝中区信访办公室",
        code="500103-petition",
        parent=district,
        level=OrganLevel.DISTRICT,
        region_code="500103",
        roles=[OrganRole.PETITION_OFFICE],
    )
    street = OrganFactory(
        name="重庆市渝中区解放碑街道办事处",
        code="500103001-gov",
        parent=district,
        level=OrganLevel.TOWNSHIP,
        region_code="500103001",
        kind=OrganKind.DISPATCHED,
    )
    enterprise = OrganFactory(
        name="重庆市城市建设投资（集团）有限公司",
        code="500103-soe",
        parent=district,
        level=OrganLevel.DISTRICT,
        region_code="500103",
        kind=OrganKind.STATE_OWNED_ENTERPRISE,
    )
    return {
        "city": city,
        "district": district,
        "office": office,
        "street": street,
        "enterprise": enterprise,
    }


@pytest.fixture
def clerk(registry):
    """A leadership team member of the district government: its subtree is in scope."""
    user = UserFactory(username="district_clerk")
    person = PersonFactory(name="陈晓东", user=user)
    PositionFactory(
        person=person,
        organ=registry["district"],
        kind=PositionKind.TEAM_MEMBER,
        title="副区长",
        start=datetime.date(2020, 1, 1),
    )
    return user
