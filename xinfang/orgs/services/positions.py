"""Writes to positions: leadership teams (细则第七条、第十一条第二款) and staff posts (第八条)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from xinfang.audit.services import audit_record
from xinfang.punctuation import join_list

from ..choices import PositionKind
from ..models import Organ, Person, Position


def _overlaps(start: date, end: date | None) -> Q:
    """Positions whose inclusive range meets [start, end] (open ends are still held)."""
    q = Q(end__isnull=True) | Q(end__gte=start)
    if end is not None:
        q &= Q(start__lte=end)
    return q


def position_check(*, position: Position) -> None:
    """Validate a position as it is about to be saved (also used by the admin forms)."""
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, error: ValidationError) -> None:
        errors.setdefault(field, []).append(error)

    if position.kind not in PositionKind.values:
        add(
            "kind",
            ValidationError(
                _("未知的职位类别：%(kind)s。"), code="unknown_kind", params={"kind": position.kind}
            ),
        )
    portfolio = [str(s).strip() for s in (position.portfolio or []) if str(s).strip()]
    position.portfolio = list(dict.fromkeys(portfolio))
    if position.kind == PositionKind.SUPERVISING_LEADER and not position.portfolio:
        add(
            "portfolio",
            ValidationError(
                _("分管负责人必须列明分管事项（细则第七条）。"), code="portfolio_missing"
            ),
        )
    if position.kind == PositionKind.STAFF and position.portfolio:
        add(
            "portfolio",
            ValidationError(_("工作人员职位没有分管事项。"), code="portfolio_for_staff"),
        )
    if position.start is not None and position.end is not None and position.end < position.start:
        add(
            "end",
            ValidationError(
                _("任职截止日期（%(end)s）不能早于任职起始日期（%(start)s）。"),
                code="end_before_start",
                params={"end": position.end.isoformat(), "start": position.start.isoformat()},
            ),
        )
    if errors:
        raise ValidationError(errors)

    others = Position.objects.filter(
        _overlaps(position.start, position.end), organ_id=position.organ_id
    ).exclude(pk=position.pk)
    if position.kind == PositionKind.PRINCIPAL_LEADER:
        # 第七条: one principal leader carries overall responsibility at any time.
        clash = (
            others.filter(kind=PositionKind.PRINCIPAL_LEADER)
            .select_related("person")
            .order_by("start")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "start": ValidationError(
                        _(
                            "同一机构同一时间只能有一名主要负责人：“%(person)s”自 %(start)s 起"
                            "任该机构主要负责人，任期与本职位重叠。"
                        ),
                        code="principal_leader_overlap",
                        params={"person": clash.person.name, "start": clash.start.isoformat()},
                    )
                }
            )
    if others.filter(person_id=position.person_id, kind=position.kind).exists():
        raise ValidationError(
            {
                "start": ValidationError(
                    _("该人员在此期间已在该机构担任同类职位。"), code="position_duplicate"
                )
            }
        )
    position.full_clean()


def _position_snapshot(position: Position) -> dict[str, Any]:
    return {
        "person": position.person_id,
        "organ": position.organ_id,
        "kind": position.kind,
        "title": position.title,
        "portfolio": list(position.portfolio),
        "start": position.start,
        "end": position.end,
    }


def position_start(
    *,
    actor: Any,
    person: Person,
    organ: Organ,
    kind: str,
    start: date,
    title: str = "",
    portfolio: Iterable[str] = (),
    end: date | None = None,
) -> Position:
    """Put a person into a leadership-team position or a staff post from ``start``."""
    position = Position(
        person=person,
        organ=organ,
        kind=kind,
        title=title,
        portfolio=list(portfolio),
        start=start,
        end=end,
    )
    with transaction.atomic():
        # Serialise appointments to one organ so two principal leaders cannot slip in at once.
        Organ.objects.select_for_update().filter(pk=organ.pk).first()
        position_check(position=position)
        position.save()
        audit_record(
            actor=actor,
            action="orgs.position_start",
            target=position,
            details=_position_snapshot(position),
        )
    return position


def position_end(*, actor: Any, position: Position, end: date | None) -> Position:
    """End a position on ``end`` (the last day it is held), or correct that date.

    ``end=None`` reopens a position ended by mistake; the overlap checks run again.
    """
    with transaction.atomic():
        Organ.objects.select_for_update().filter(pk=position.organ_id).first()
        previous = Position.objects.get(pk=position.pk).end
        if previous == end:
            return position
        position.end = end
        position_check(position=position)
        position.save(update_fields=["end"])
        audit_record(
            actor=actor,
            action="orgs.position_end",
            target=position,
            details={"end": [previous, end]},
        )
    return position


def position_update(*, actor: Any, position: Position, changes: Mapping[str, Any]) -> Position:
    """Correct a position's title or portfolio (dates go through ``position_end``)."""
    allowed = {"title", "portfolio"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            _("不能修改的字段：%(fields)s。"),
            code="field_not_updatable",
            params={"fields": join_list(sorted(unknown))},
        )
    with transaction.atomic():
        original = Position.objects.select_for_update().get(pk=position.pk)
        for field, value in changes.items():
            setattr(position, field, list(value) if field == "portfolio" else value)
        position_check(position=position)
        changed = {
            k: [getattr(original, k), getattr(position, k)]
            for k in allowed
            if getattr(original, k) != getattr(position, k)
        }
        if changed:
            position.save(update_fields=sorted(changed))
            audit_record(
                actor=actor,
                action="orgs.position_update",
                target=position,
                details={"changed": changed},
            )
    return position
