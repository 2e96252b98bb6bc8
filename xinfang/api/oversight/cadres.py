"""Endpoints of the oversight part ``cadres``."""

from ninja import Router

router = Router(tags=["oversight"])
