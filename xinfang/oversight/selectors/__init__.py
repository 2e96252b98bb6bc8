"""Reads of the oversight app, through the access chokepoints (``xinfang.access.policy``).

One module a part (``inspections``, ``assessment``, ``cadres``); ``todo`` gathers what waits on
a user and what an organ owes from all of them. ``coverage`` and ``results`` are what one part
answers the others (inspection coverage for the assessment, published results for the cadre's
opinion)."""

from .todo import organ_overview, todo_for

__all__ = ["organ_overview", "todo_for"]
