"""Writes to the registry of people and their login accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xinfang.audit.services import audit_record

from ..models import Person

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def person_create(*, actor: Any, code: str, name: str, user: User | None = None) -> Person:
    """Register a person who can hold positions (细则第七条、第八条)."""
    person = Person(code=code, name=name, user=user)
    with transaction.atomic():
        person.full_clean()
        person.save()
        audit_record(
            actor=actor,
            action="orgs.person_create",
            target=person,
            details={"code": code, "name": name, "user": user.pk if user is not None else None},
        )
    return person


def person_update(*, actor: Any, person: Person, code: str, name: str) -> Person:
    """Correct a person's name or number."""
    with transaction.atomic():
        original = Person.objects.select_for_update().get(pk=person.pk)
        person.code = code
        person.name = name
        person.full_clean()
        changed = {
            k: [getattr(original, k), getattr(person, k)]
            for k in ("code", "name")
            if getattr(original, k) != getattr(person, k)
        }
        if changed:
            person.save(update_fields=["code", "name"])
            audit_record(
                actor=actor,
                action="orgs.person_update",
                target=person,
                details={"changed": changed},
            )
    return person


def person_link_user(*, actor: Any, person: Person, user: User | None) -> Person:
    """Link a login account to a person (or unlink with ``user=None``)."""
    with transaction.atomic():
        previous = Person.objects.select_for_update().get(pk=person.pk).user_id
        if user is not None:
            holder = Person.objects.filter(user_id=user.pk).exclude(pk=person.pk).first()
            if holder is not None:
                raise ValidationError(
                    {
                        "user": ValidationError(
                            _("登录账号已关联到人员“%(person)s”。"),
                            code="user_already_linked",
                            params={"person": holder.name},
                        )
                    }
                )
        person.user = user
        new = user.pk if user is not None else None
        if previous == new:
            return person
        person.save(update_fields=["user"])
        audit_record(
            actor=actor,
            action="orgs.person_link_user",
            target=person,
            details={"user": [previous, new]},
        )
    return person
