"""Factories shared by the whole suite.

Organs, people and positions are made through the registry's services, so their derived fields
(``path``, ``depth``, ``applicability``) are right and each one has its audit entry.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth import get_user_model

from xinfang.orgs import services
from xinfang.orgs.choices import OrganKind, OrganLevel, PositionKind
from xinfang.orgs.models import Organ, Person, Position

TEST_PASSWORD = "xinfang-test-password"
FACTORY_ACTOR = "test:factory"


class UserFactory(factory.django.DjangoModelFactory):
    """A login account whose password is ``TEST_PASSWORD``."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(TEST_PASSWORD)


class OrganFactory(factory.django.DjangoModelFactory):
    """A municipal administrative organ unless told otherwise; children need level and region.

    ``OrganFactory(parent=city, level=OrganLevel.DISTRICT, region_code="500103")``
    """

    class Meta:
        model = Organ

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"测试机构{n}")
    kind = OrganKind.ADMINISTRATIVE
    level = OrganLevel.MUNICIPAL
    region_code = "500000"
    parent = None
    roles: list[str] = []

    @classmethod
    def _create(cls, model_class: type[Organ], *args: Any, **kwargs: Any) -> Organ:
        kwargs.pop("applicability", None)  # derived from kind by the service
        return services.organ_create(actor=FACTORY_ACTOR, **kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    code = factory.Sequence(lambda n: f"P{n:05d}")
    name = factory.Sequence(lambda n: f"测试人员{n}")
    user = None

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        return services.person_create(actor=FACTORY_ACTOR, **kwargs)


class PositionFactory(factory.django.DjangoModelFactory):
    """A staff post from 2020-01-01; pass ``kind``, ``start``, ``end``, ``portfolio`` to vary."""

    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organ = factory.SubFactory(OrganFactory)
    kind = PositionKind.STAFF
    title = ""
    portfolio: list[str] = []
    start = datetime.date(2020, 1, 1)
    end = None

    @classmethod
    def _create(cls, model_class: type[Position], *args: Any, **kwargs: Any) -> Position:
        return services.position_start(actor=FACTORY_ACTOR, **kwargs)
