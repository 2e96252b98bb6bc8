"""Endpoints of the oversight part ``assessment``."""

from ninja import Router

router = Router(tags=["oversight"])
