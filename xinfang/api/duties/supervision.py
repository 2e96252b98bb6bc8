"""Endpoints of 细则第六条 (supervision, coordination)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["duties"])
