"""The petition matter endpoints (issue 5): routers and their error handlers.

``mount(api)`` adds them to the project's API: ``/matters`` (and their
``/matters/{id}/attachments``), ``/organs/{id}/queue|counts|handling-list``,
``/handling-list/{id}``, ``/routing/suggest``, ``/matter-categories`` and the public
``/public/matters/{query_code}``.
"""

from __future__ import annotations

from ninja import NinjaAPI

from . import errors
from .attachments import attachment_router
from .endpoints import router, routing_router
from .organs import category_router, handling_router, organ_router
from .public import public_router


def mount(api: NinjaAPI) -> None:
    """Register the matter routers and error handlers on ``api``."""
    errors.install(api)
    api.add_router("/matters", router)
    api.add_router("/matters", attachment_router)
    api.add_router("/organs", organ_router)
    api.add_router("/handling-list", handling_router)
    api.add_router("/routing", routing_router)
    api.add_router("/matter-categories", category_router)
    api.add_router("/public", public_router)


__all__ = ["mount"]
