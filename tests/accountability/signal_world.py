"""Matters, opinions and trail entries for the signal tests (细则第十一条第一款第三、六、八项).

Rows are written directly, the way the matters services store them, at chosen days; the audit
entries the services would write beside them are written with ``audit_record``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from xinfang.access.models import Accusation
from xinfang.audit.services import audit_record
from xinfang.petitions.matters.models import Matter, MatterEvent, MatterRoute, Opinion

from .factories import World, make_overdue_matter

DAY = dt.date(2025, 3, 3)
TODAY = dt.date(2025, 9, 1)


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def label(user: Any) -> str:
    return f"user:{user.pk}:{user.username}"


def matter_at(world: World, organ: str = "housing") -> Matter:
    """A matter the housing committee handles (registered at the district office)."""
    matter = make_overdue_matter(world, organ=organ, period="handle", due=TODAY)
    matter.handling_organ = world.organ(organ)
    matter.registering_organ = world.organ("d_po")
    matter.save(update_fields=["handling_organ", "registering_organ"])
    return matter


def event(
    world: World,
    matter: Matter,
    action: str,
    *,
    on: dt.date,
    organ: str = "housing",
    by: str = "housing_clerk",
) -> MatterEvent:
    """An event of the matter at ``on`` and the audit entry its service writes."""
    user = world.user(by)
    found = MatterEvent.objects.create(
        matter=matter,
        at=moment(on),
        actor=label(user),
        organ=world.organ(organ),
        action=action,
        to_state=matter.state,
    )
    audit_record(actor=user, action=f"matter.{action}", target=matter, details={"organ": 1})
    return found


def route(world: World, matter: Matter, *, on: dt.date, to: str = "housing") -> MatterRoute:
    """The district office transfers the matter to ``to`` on ``on`` (route and event)."""
    event(world, matter, "transfer", on=on, organ="d_po", by="d_po_clerk")
    return MatterRoute.objects.create(
        matter=matter,
        kind="transfer",
        from_organ=world.organ("d_po"),
        to_organ=world.organ(to),
        routed_at=moment(on),
    )


def opinion(
    world: World, matter: Matter, *, stage: str, kind: str, on: dt.date, organ: str = "housing"
) -> Opinion:
    return Opinion.objects.create(
        matter=matter,
        stage=stage,
        organ=world.organ(organ),
        kind=kind,
        facts="查明的事实",
        reasons="理由",
        legal_basis="依据",
        issued_at=moment(on),
    )


def accuse(matter: Matter, *, organ: Any = None, person: Any = None) -> Accusation:
    return Accusation.objects.create(
        content_type=ContentType.objects.get_for_model(Matter),
        object_id=matter.pk,
        accused_organ=organ,
        accused_person=person,
    )
