"""Endpoints of 细则第七条、第八条第二项."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["duties"])
