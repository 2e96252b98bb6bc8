"""The page matrix: an organ's page follows the same scope as the API, denials logged.

The organ page (``xinfang.web``) reads through ``access_organ_by_id``.
"""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from tests.access.world import ACCOUNT_NAMES, ORGAN_NAMES, ORGAN_SCOPE
from xinfang.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def organ_page(organ_id: int) -> str:
    try:
        return reverse("web:organ_detail", args=[organ_id])
    except NoReverseMatch:
        pytest.skip("no organ page yet")


@pytest.mark.parametrize("account", ACCOUNT_NAMES)
def test_organ_pages_follow_the_matrix(world, client_for, account):
    user = world.user(account)
    client = client_for(user)
    for organ_name in ORGAN_NAMES:
        organ = world.organ(organ_name)
        before = AuditEntry.objects.filter(action="access.denied", object_id=str(organ.pk)).count()
        response = client.get(organ_page(organ.pk))
        if not user.is_active:
            assert response.status_code == 302  # to the login page
        elif organ_name in ORGAN_SCOPE[account]:
            assert response.status_code == 200, (account, organ_name)
        else:
            assert response.status_code == 404, (account, organ_name)
            after = AuditEntry.objects.filter(
                action="access.denied", object_id=str(organ.pk)
            ).count()
            assert after == before + 1


@pytest.mark.parametrize("account", ["a_ps_staff", "b_po_staff"])
def test_an_out_of_scope_page_never_shows_the_organ(world, client_for, account):
    """Whatever the wiring, a 404 page is the plain one and names nothing."""
    client = client_for(world.user(account))
    response = client.get("/organs/999999/")
    assert response.status_code == 404
    assert "测试机构" not in response.content.decode()
