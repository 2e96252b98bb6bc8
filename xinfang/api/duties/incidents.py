"""Endpoints of 细则第七条第三项、第八条第三、四项."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["duties"])
