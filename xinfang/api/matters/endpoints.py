"""Endpoints of petition matters: intake, listing, reading and every step of the procedure.

Thin: each one parses its typed input, fetches the matter through the access chokepoint
(``access_matter_by_id``: out of scope or excluded answers 404 and is logged), calls one
service and renders the result. They live by subdomain in the modules imported below, all
on ``routers.router``. Status codes:

- 200/201 on success (intake 201, also on an idempotent replay with the same body);
- 401 unauthenticated, 403 CSRF or acting outside one's own organ (本单位), 404 not found or
  out of scope (the same answer, logged);
- 409 ``{code, message, basis}`` when the procedure refuses the step (``MatterRefused``): the
  code names the rule (``not_allowed_from_state``, ``extension_limit``,
  ``routing_to_accused_unit``, ...) and the message states it with its citation;
- 422 ``{code: "invalid", message, fields}`` for bad input, by field (schema or service), and
  ``{code: "idempotency_conflict"}`` for a reused ``Idempotency-Key`` with another body.
"""

from __future__ import annotations

# Importing a module adds its operations to ``router``, in the order of the OpenAPI document.
from . import intake, reads, steps, hearings, extensions, oversight  # noqa: F401  # isort: skip
from .routers import ERRORS, STEP, router, routing_router

__all__ = ["ERRORS", "STEP", "router", "routing_router"]
