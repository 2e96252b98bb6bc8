"""The routers the matter endpoints register on, and the read every endpoint starts with.

``router`` is mounted at ``/matters``: the modules of endpoints (``intake``, ``reads``,
``steps``, ``hearings``, ``extensions``, ``oversight``) all add their operations to it, so that
two methods on one path (``POST`` and ``GET /matters``) stay one route. ``routing_router`` is
mounted at ``/routing``.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from xinfang.api.responses import WRITE_ERRORS
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters.models import Matter

from . import schemas as s

#: The errors an operation declares (docs/api.md); ``ERRORS`` is the older name for a write's.
ERRORS = WRITE_ERRORS
#: What a step answers: the matter as it now stands.
STEP = {200: s.MatterOut, **WRITE_ERRORS}

router = Router(tags=["matters"])
routing_router = Router(tags=["routing"])


def access_matter(request: HttpRequest, matter_id: int, action: str) -> Matter:
    """The matter through the access chokepoint, for ``action`` (out of scope or excluded
    answers 404, and is logged)."""
    return matter_selectors.access_matter_by_id(request.user, matter_id, action=action)
