"""Writes of the oversight app: every write validates, runs in one transaction and writes the
audit trail; one module per part (``inspections``, ``assessment``, ``cadres``)."""
