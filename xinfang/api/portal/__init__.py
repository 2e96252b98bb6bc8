"""Endpoints of the petitioner's portal, under ``/api/portal`` (public, rate-limited)."""

from ninja import Router

router = Router()
