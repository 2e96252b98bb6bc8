"""Statements compiled once (``xinfang.prepared``): the same rows as the ORM, built once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import MultipleObjectsReturned
from django.utils import timezone

from tests.factories import OrganFactory
from xinfang.access.sessions import SessionStore
from xinfang.orgs.models import Organ
from xinfang.prepared import prepared_get, prepared_rows

pytestmark = pytest.mark.django_db


def test_rows_are_the_orms_for_each_value_and_the_query_is_built_once() -> None:
    users = get_user_model().objects
    users.create_user(username="a-1", password=None)
    users.create_user(username="b-2", password=None)
    built: list[dict[str, Any]] = []

    def build(**values: Any) -> Any:
        built.append(values)
        return (
            users.filter(username__gte=values["name"], id__gt=values["above"])
            .order_by("username")
            .values_list("username", "is_active", "date_joined")
        )

    for name in ("a", "b", "c"):
        rows = prepared_rows(("users by name",), build, name=name, above=0)
        orm = users.filter(username__gte=name, id__gt=0).order_by("username")
        assert rows == list(orm.values_list("username", "is_active", "date_joined"))
        assert all(row[1] is True and row[2].tzinfo is not None for row in rows)
    assert len(built) == 1  # compiled at the first run only, with markers for the values
    assert built[0]["name"] != "a"


def test_dates_and_datetimes_are_values_too() -> None:
    user = get_user_model().objects.create_user(username="clerk", password=None)
    later = timezone.now() + dt.timedelta(days=1)

    def build(**values: Any) -> Any:
        return (
            get_user_model()
            .objects.filter(
                date_joined__lt=values["before"], date_joined__date__gte=values["since"]
            )
            .values_list("pk")
        )

    found = prepared_rows(("joined",), build, before=later, since=dt.date(2000, 1, 1))
    assert found == [(user.pk,)]
    assert prepared_rows(("joined",), build, before=later, since=dt.date(2999, 1, 1)) == []
    earlier = timezone.now() - dt.timedelta(days=1)
    assert prepared_rows(("joined",), build, before=earlier, since=dt.date(2000, 1, 1)) == []


def test_a_value_the_query_does_not_carry_as_a_parameter_is_refused() -> None:
    with pytest.raises(ValueError, match="limit is not a parameter"):
        prepared_rows(
            ("inlined",),
            lambda limit: Organ.objects.values_list("pk")[:3],
            limit=3,
        )
    with pytest.raises(TypeError):
        prepared_rows(("bool",), lambda flag: Organ.objects.filter(pk=flag), flag=True)


def test_a_query_that_can_match_nothing_returns_no_rows() -> None:
    OrganFactory()
    assert prepared_rows(("none",), lambda pk: Organ.objects.filter(pk__in=[]), pk=1) == []


def test_get_builds_the_model_the_orm_would() -> None:
    organ = OrganFactory(name="丙单位")
    found = prepared_get(Organ, pk=organ.pk)
    assert found == Organ.objects.get(pk=organ.pk)
    assert (found.name, found.path, found.roles) == (organ.name, organ.path, organ.roles)
    assert prepared_get(Organ, pk=organ.pk + 1000) is None
    OrganFactory(name="丙单位")
    with pytest.raises(MultipleObjectsReturned):
        prepared_get(Organ, name="丙单位")


def test_an_expired_session_is_not_loaded() -> None:
    store = SessionStore()
    store["k"] = "v"
    store.create()
    key = store.session_key
    assert SessionStore(key).load() == {"k": "v"}
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None


def test_the_signed_in_user_is_read_and_an_inactive_one_is_not(client: Any) -> None:
    user = get_user_model().objects.create_user(username="clerk", password=None)
    client.force_login(user, backend="xinfang.access.backends.ModelBackend")
    assert client.get("/").status_code == 200
    user.is_active = False
    user.save()
    response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]
