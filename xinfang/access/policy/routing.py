"""Notification and routing: who may be told of a record, where it may be sent."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from xinfang.orgs.models import Organ

from ..models import Accusation
from ..scope import organ_is_accused
from .exclusion import _content_type
from .reads import can_read


class RoutingRefused(ValidationError):
    """Routing a record to a unit it accuses (细则第十一条第八项)."""


# ---------------------------------------------------------------------------------------------
# Notification and routing


def may_notify(user: Any, record: models.Model) -> bool:
    """Whether the user may be told about the record: an active account that may read it."""
    if user is None or not getattr(user, "is_active", False):
        return False
    return can_read(user, record)


def notification_recipients(users: Iterable[Any], record: models.Model) -> list[Any]:
    """The candidates who may be notified about the record; everyone else is dropped."""
    return [user for user in users if may_notify(user, record)]


def accused_organ_ids(record: models.Model) -> set[int]:
    """Units a record accuses."""
    return set(
        Accusation.objects.filter(
            content_type=_content_type(type(record)),
            object_id=record.pk,
            accused_organ__isnull=False,
        ).values_list("accused_organ_id", flat=True)
    )


def assert_routable(record: models.Model, to_organ: Organ) -> None:
    """Refuse routing a record to an accused unit or a unit under it (细则第十一条第八项)."""
    accused = accused_organ_ids(record)
    if organ_is_accused(organ_path=to_organ.path, accused_organ_ids=accused):
        raise RoutingRefused(
            _(
                "不得将信访群众的揭发控告材料转给被揭发控告单位或其下属单位"
                "（《重庆市信访工作责任制实施细则》第十一条第八项）。"
            ),
            code="routing_to_accused_unit",
        )
