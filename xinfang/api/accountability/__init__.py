"""Endpoints of the accountability workflow (细则第十七条)."""
