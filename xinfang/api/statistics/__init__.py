"""Endpoints of the statistics, under ``/api/statistics``."""

from ninja import Router

router = Router()
