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
from xinfang.legal.models import CalendarYear
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
    # Compiled at the first run only, with two sets of markers for the values.
    assert len(built) == 2
    assert "a" not in (built[0]["name"], built[1]["name"])


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


def test_a_value_the_orm_changes_before_binding_is_refused_or_bound_as_the_orm_binds_it() -> None:
    """``iexact`` escapes ``%`` and ``_`` on SQLite: the compiled statement would take them as
    wildcards, so the read is refused; where the value is bound as given, rows are the ORM's."""
    users = get_user_model().objects
    users.create_user(username="a_c", password=None)
    users.create_user(username="abc", password=None)

    def build(**values: Any) -> Any:
        return users.filter(username__iexact=values["name"]).values_list("username")

    for name in ("A_C", "%"):
        try:
            rows = prepared_rows(("iexact",), build, name=name)
        except ValueError as refused:
            assert "changed before it is bound" in str(refused)
            continue
        assert rows == list(build(name=name))


def test_a_value_out_of_a_small_columns_range_falls_back_to_the_orm() -> None:
    """A small integer column: the marker lies outside its range on PostgreSQL, where the ORM
    folds the comparison away; the read then runs as a plain queryset, never as 'no rows'."""
    CalendarYear.objects.create(year=2150)

    def build(**values: Any) -> Any:
        return CalendarYear.objects.filter(year=values["year"]).values_list("year")

    assert prepared_rows(("small",), build, year=2150) == [(2150,)]
    assert prepared_rows(("small",), build, year=2151) == []


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(TypeError, match="aware"):
        prepared_rows(
            ("naive",),
            lambda at: Session.objects.filter(expire_date__gt=at).values_list("pk"),
            at=dt.datetime(2026, 1, 1),
        )


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


def test_an_id_beyond_any_table_is_answered_as_the_orm_answers_it() -> None:
    """A client may send any integer: one no 32-bit column holds is not bound but read as the
    ORM reads it (no such row), where binding it would fail in the database."""
    OrganFactory()
    for huge in (2**31, 10**20, -(10**20)):
        assert prepared_get(Organ, pk=huge) is None


def test_a_list_of_values_is_bound_item_by_item_and_compiled_once_per_length() -> None:
    organs = [OrganFactory() for _ in range(3)]
    built: list[Any] = []

    def build(ids: list[int]) -> Any:
        built.append(ids)
        return Organ.objects.filter(pk__in=ids).order_by("pk").values_list("pk")

    for ids in ([organs[0].pk, organs[2].pk], [organs[1].pk, organs[0].pk], [organs[1].pk]):
        assert prepared_rows(("by ids",), build, ids=ids) == [(pk,) for pk in sorted(ids)]
    assert len(built) == 4  # two lengths, each compiled with two sets of markers
    assert prepared_rows(("by ids",), build, ids=[]) == []  # matches nothing: the queryset
