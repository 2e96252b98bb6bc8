"""Endpoints of the oversight (细则第九条、第十条、第十八条), under ``/api/oversight``."""

from ninja import Router

from . import assessment, cadres, inspections

router = Router()
router.add_router("/inspections", inspections.router)
router.add_router("/assessment", assessment.router)
router.add_router("/cadres", cadres.router)
