"""Admin registrations of the petitions app (matters' taxonomy and handling lists)."""

from .matters import admin  # noqa: F401
