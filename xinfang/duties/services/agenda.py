"""Writes of 细则第四条: agenda items, major decisions, risk assessments, screening, warnings."""
