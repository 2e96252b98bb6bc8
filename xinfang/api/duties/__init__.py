"""Endpoints of the duties (细则第四条、第六条至第八条), under ``/api/duties``."""

from ninja import Router

from . import agenda, incidents, leaders, recommendations, supervision

router = Router()
router.add_router("/agenda", agenda.router)
router.add_router("/recommendations", recommendations.router)
router.add_router("/supervision", supervision.router)
router.add_router("/leaders", leaders.router)
router.add_router("/incidents", incidents.router)
