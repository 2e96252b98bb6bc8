"""Writes of 细则第七条、第八条第二项: instructions and tasks, receptions, case ownership."""
