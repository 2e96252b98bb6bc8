"""Writes of 细则第六条: the petition office's recommendations and situation reports."""
