"""JSON answers for the matter endpoints' own errors (registered on the API by ``install``).

- ``MatterRefused`` (the procedure or the access rules refuse the step) → **409** with the
  rule's code, the message in the active language naming the rule, and the citations;
- ``IdempotencyConflict`` (a key reused with another body) → **422** ``idempotency_conflict``;
- ``MatterInputInvalid`` (a service's field errors) → **422** ``invalid`` with the fields.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from xinfang.petitions.matters.errors import IdempotencyConflict, MatterRefused, refusal_message

from .support import MatterInputInvalid


def refusal_body(exc: MatterRefused) -> dict[str, Any]:
    return {"code": exc.code, "message": refusal_message(exc), "basis": exc.basis_strings}


def install(api: NinjaAPI) -> None:
    """Register the handlers (ninja picks the most specific class)."""

    def on_refused(request: HttpRequest, exc: MatterRefused) -> HttpResponse:
        return api.create_response(request, refusal_body(exc), status=409)

    def on_idempotency(request: HttpRequest, exc: IdempotencyConflict) -> HttpResponse:
        body = {
            "code": "idempotency_conflict",
            "message": refusal_message(exc),
            "fields": {"Idempotency-Key": [exc.message]},
        }
        return api.create_response(request, body, status=422)

    def on_invalid(request: HttpRequest, exc: MatterInputInvalid) -> HttpResponse:
        body = {
            "code": "invalid",
            "message": _("提交的数据不符合要求。"),
            "fields": exc.fields(),
        }
        return api.create_response(request, body, status=422)

    api.add_exception_handler(MatterRefused, on_refused)  # type: ignore[arg-type]
    api.add_exception_handler(IdempotencyConflict, on_idempotency)  # type: ignore[arg-type]
    api.add_exception_handler(MatterInputInvalid, on_invalid)  # type: ignore[arg-type]
