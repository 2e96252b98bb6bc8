"""What every operation of the API may answer besides success, declared once (docs/api.md).

- 400 ``bad_request``: a body that cannot be read (not JSON, not UTF-8);
- 401 ``unauthenticated``, 403 ``forbidden`` (CSRF, or acting outside one's own organ), 404
  ``not_found`` (also out of scope: the same answer);
- 409 a refusal by the procedure or the rules: the rule's ``code``, its words, its ``basis``;
- 413 ``too_large``: a body over the limit (``DATA_UPLOAD_MAX_MEMORY_SIZE``);
- 415 ``unsupported_media_type``: a form or multipart body where JSON is expected;
- 422 ``invalid``: a validation failure, schema or service, by field in ``fields``.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """An error: a stable ``code`` and a message in the active language; a refusal (409) cites
    its rule in ``basis``, invalid input (422) names the fields in ``fields``."""

    code: str
    message: str
    basis: list[str] = []
    fields: dict[str, list[str]] = {}


#: A read: query and path parameters only.
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
#: An operation with a JSON body that changes nothing (a search).
BODY_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut, 413: ErrorOut, 415: ErrorOut}
#: A write: the procedure or the rules may refuse it.
WRITE_ERRORS: dict[int, Any] = {**BODY_ERRORS, 409: ErrorOut}
