"""Writes of 细则第六条: supervision with escalation, coordination, vertical systems."""
