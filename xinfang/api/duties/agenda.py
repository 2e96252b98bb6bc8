"""Endpoints of 细则第四条."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["duties"])
