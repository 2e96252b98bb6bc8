"""Endpoints of 细则第六条 (recommendations, situation reports)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["duties"])
