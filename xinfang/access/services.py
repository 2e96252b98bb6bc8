"""Writes of the access app: naming the accused and declaring recusals, each audited."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from xinfang.audit.services import audit_record
from xinfang.orgs.models import Organ, Person

from .models import Accusation, Recusal


def accusation_add(
    *,
    record: models.Model,
    actor: Any,
    accused_person: Person | None = None,
    accused_organ: Organ | None = None,
) -> Accusation:
    """Record that ``record`` accuses a person or a unit (揭发控告对象, 细则第十一条第八项).

    From this moment the accused, and every account in an accused unit or below it, no longer
    lists, reads, exports, is notified of or receives by routing the record.
    """
    if (accused_person is None) == (accused_organ is None):
        raise ValidationError(
            _("请指定一名被揭发控告人或一个被揭发控告单位。"), code="accusation_target"
        )
    content_type = ContentType.objects.get_for_model(record, for_concrete_model=True)
    with transaction.atomic():
        accusation, created = Accusation.objects.get_or_create(
            content_type=content_type,
            object_id=record.pk,
            accused_person=accused_person,
            accused_organ=accused_organ,
        )
        if created:
            audit_record(
                actor=actor,
                action="access.accusation_added",
                target=record,
                details={
                    "accused_person": accused_person.pk if accused_person else None,
                    "accused_organ": accused_organ.pk if accused_organ else None,
                },
            )
    return accusation


def recusal_declare(*, record: models.Model, user: Any, reason: str, actor: Any) -> Recusal:
    """Record that ``user`` stands aside from ``record`` (回避); the record disappears for them."""
    content_type = ContentType.objects.get_for_model(record, for_concrete_model=True)
    with transaction.atomic():
        recusal, created = Recusal.objects.get_or_create(
            content_type=content_type,
            object_id=record.pk,
            user=user,
            defaults={"reason": reason.strip()[:500]},
        )
        if created:
            audit_record(
                actor=actor,
                action="access.recusal_declared",
                target=record,
                details={"user": user.pk},
            )
    return recusal
