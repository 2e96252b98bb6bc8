"""Endpoints of the oversight part ``inspections``."""

from ninja import Router

router = Router(tags=["oversight"])
