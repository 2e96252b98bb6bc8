"""Intake: registering a matter (登记), once per ``Idempotency-Key``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.http import HttpRequest
from ninja import Header, Status

from xinfang.api.responses import WRITE_ERRORS
from xinfang.petitions.matters import routing, services
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.selectors import access_petitioner_by_id

from . import schemas as s
from .routers import router
from .support import (
    category_by_id,
    intake_organ,
    matter_out,
    organs_by_ids,
    persons_by_ids,
    service_input,
    suggestion_out,
)
from .support import repeat_out as _repeat_out


def _body_hash(payload: s.MatterCreateIn) -> str:
    canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _register(request: HttpRequest, payload: s.MatterCreateIn) -> dict[str, Any]:
    organ = intake_organ(request.user, payload.organ_id)
    petitioner = None
    if payload.petitioner_id is not None:
        petitioner = access_petitioner_by_id(
            request.user, payload.petitioner_id, action="matter.register"
        )
    identity = payload.petitioner.model_dump() if payload.petitioner is not None else None
    accused_organs = organs_by_ids(payload.accused_organ_ids, field="accused_organ_ids")
    # A petition office registers (and routes on); any other organ takes in a matter it
    # received directly, to decide acceptance itself: the service chooses (matter_take_in).
    with service_input(**{f: f"petitioner.{f}" for f in ("name", "id_number", "phone", "address")}):
        matter = services.matter_take_in(
            organ=organ,
            actor=request.user,
            data=services.MatterIntake(
                channel=payload.channel,
                received_at=payload.received_at,
                summary=payload.summary,
                content=payload.content,
                region_code=payload.region_code,
                category=category_by_id(payload.category_id),
                petitioner=petitioner,
                identity=identity,
                is_collective=payload.is_collective,
                headcount=payload.headcount,
                representatives=payload.representatives,
                may_be_public=payload.may_be_public,
                accused_organs=accused_organs,
                accused_persons=persons_by_ids(
                    payload.accused_person_ids, field="accused_person_ids"
                ),
                accused_names=payload.accused_names,
                legal_route=payload.legal_route or "",
                other_organ=payload.other_organ or "",
                is_accusation=payload.is_accusation,
            ),
        )
    # The service's own instance holds what was written, its organs and category included;
    # only the receipt time is brought to UTC, as the database would hand it back.
    matter.received_at = matter.received_at.astimezone(dt.UTC)
    suggestions = routing.suggest_organs(
        region_code=matter.region_code,
        category=matter.category,
        accused=accused_organs,
        other_organ=matter.other_organ,
        accusation=matter.is_accusation,
    )
    body = {
        **matter_out(matter),
        "query_code": matter.query_code,
        "repeats": _repeat_out(
            matter_selectors.repeat_candidates(
                matter=matter, user=request.user, links=getattr(matter, "new_repeat_links", None)
            )
        ),
        "suggestions": suggestion_out(suggestions),
    }
    # Stored as JSON, so a replay answers exactly what the first request answered.
    return s.MatterCreatedOut.model_validate(body).model_dump(mode="json")


@router.post("", response={201: s.MatterCreatedOut, **WRITE_ERRORS}, operation_id="matter_create")
def matter_create(
    request: HttpRequest,
    payload: s.MatterCreateIn,
    idempotency_key: str | None = Header(  # type: ignore[type-arg]
        default=None,
        alias="Idempotency-Key",
        description="replays with the same key and body return the first response",
    ),
) -> Any:
    """Register a matter (登记, 细则第八条第一项); the routing period starts on receipt.

    Returns the query code for the petitioner, the repeat candidates (never merged) and the
    routing suggestions. With ``Idempotency-Key``, a replay returns the original response and
    creates nothing; the same key with another body answers 422 ``idempotency_conflict``.
    """
    if not idempotency_key:
        return Status(201, _register(request, payload))
    with service_input(key="Idempotency-Key"):
        body, _replayed = services.intake_idempotent(
            key=idempotency_key,
            body_hash=_body_hash(payload),
            create=lambda: _register(request, payload),
            scope=f"api.matters:user:{request.user.pk}",
        )
    return Status(201, body)
